//! The JS boundary: options in and results out through `serde-wasm-bindgen`, string arguments,
//! dates and key bytes.
//!
//! The caller's code (getters, Proxy traps, `valueOf`, a typed array's own `length`) must never
//! throw through the WebAssembly frames: an exception unwinding through them skips their clean-up
//! (the stack pointer among it), and enough of them break the instance for good. So options are
//! first read ([`plain`]): each documented option read once with `Reflect.get`, the exception
//! caught, and each value made one that runs no caller code when read (a primitive, a fresh
//! `Uint8Array`, a fresh `Date`). The option struct's derive then reads those values, each through
//! `serde-wasm-bindgen`.
//!
//! Errors never show a value: they are the option's name and what it takes (the end of `serde`'s
//! message). serde-wasm-bindgen's own type errors no longer describe the value (our
//! `vendor/serde-wasm-bindgen`), but `serde`'s `unknown variant` messages still quote it.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::de::value::MapDeserializer;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::{Code, Error};
use super::local::Local;

#[wasm_bindgen]
extern "C" {
    /// `Reflect.get`, its exception caught (a getter or a Proxy trap may throw).
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    pub(crate) fn caught_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = Date)]
    type CaughtDate;
    #[wasm_bindgen(constructor, js_class = "Date", catch)]
    fn new(value: &JsValue) -> Result<CaughtDate, JsValue>;
    #[wasm_bindgen(method, js_class = "Date", js_name = getTime)]
    fn get_time(this: &CaughtDate) -> f64;

    #[wasm_bindgen(js_name = Uint8Array)]
    pub(crate) type CaughtBytes;
    #[wasm_bindgen(constructor, js_class = "Uint8Array", catch)]
    pub(crate) fn new(value: &JsValue) -> Result<CaughtBytes, JsValue>;

    #[wasm_bindgen(js_namespace = ArrayBuffer, js_name = isView)]
    fn is_view(value: &JsValue) -> bool;

}

/// `new Date(value)`, or an invalid date where making one throws: a fresh `Date` either way.
fn date(value: &JsValue) -> CaughtDate {
    CaughtDate::new(value)
        .or_else(|_| CaughtDate::new(&JsValue::from_f64(f64::NAN)))
        .unwrap_or_else(|e| e.unchecked_into())
}

/// `new Date(value).getTime()`: NaN where it is not a date, or where making one throws.
pub(crate) fn millis(value: &JsValue) -> f64 {
    CaughtDate::new(value).map_or(f64::NAN, |d| d.get_time())
}

/// `value` as one that runs none of the caller's code when read: primitives as they are (a
/// primitive has no getters), a typed array (a `Buffer`, a `Uint8Array`) as a fresh `Uint8Array`
/// copied from its own bytes (never through its `length`), anything else as the fresh `Date` that
/// `new Date(value)` makes of it (the one thing an option takes that is neither: `DateLike`), an
/// invalid one where that throws. Read later, none of these runs the caller's code.
fn inert(value: JsValue) -> JsValue {
    if value.is_string() || (!value.is_object() && !value.is_function()) {
        return value;
    }
    if is_view(&value) {
        if let Ok(bytes) = CaughtBytes::new(&value) {
            return bytes.unchecked_into();
        }
    }
    date(&value).into()
}

/// The option names as JS strings, made once each (by their address and length: they are
/// `'static`) and kept for the module's lifetime, so that reading options allocates no string
/// and copies no name.
static NAMES: Local<Vec<((usize, usize), &'static JsValue)>> = Local::new(Vec::new());

/// `field` as a JS string.
pub(crate) fn name(field: &'static str) -> &'static JsValue {
    let address = (field.as_ptr() as usize, field.len());
    NAMES.with(|names| {
        let mut names = names.borrow_mut();
        match names.iter().find(|(a, _)| *a == address) {
            Some((_, name)) => name,
            None => {
                let name: &'static JsValue = Box::leak(Box::new(JsValue::from_str(field)));
                names.push((address, name));
                name
            }
        }
    })
}

/// The options `value` as they are read: each of `fields` read once (absent ones left out), each
/// value made inert (see the module's docs). `undefined` and `null` are no options.
fn plain(value: &JsValue, fields: &'static [&'static str]) -> Result<Options, Error> {
    let mut read = Vec::new();
    if !value.is_object() {
        if value.is_undefined() || value.is_null() {
            return Ok(read);
        }
        return Err(Error::new(
            Code::InvalidOption,
            "options: must be an object",
        ));
    }
    for field in fields {
        let v = caught_get(value, name(field))
            .map_err(|_| Error::option(field, "could not be read (a getter or Proxy threw)"))?;
        if !v.is_undefined() {
            read.push((*field, inert(v)));
        }
    }
    Ok(read)
}

/// Options as [`plain`] read them: the name and the inert value of each one given.
type Options = Vec<(&'static str, JsValue)>;

/// Reads `T` from `options` with `serde`: its derive over the names, each value through
/// serde-wasm-bindgen. No JS object in between (the values were read once, by [`plain`]), so
/// reading options crosses into JS once per option given, not three times.
fn deserialize<T: DeserializeOwned>(options: Options) -> Result<T, serde_wasm_bindgen::Error> {
    let entries = options
        .into_iter()
        .map(|(k, v)| (k, serde_wasm_bindgen::Deserializer::from(v)));
    T::deserialize(MapDeserializer::new(entries))
}

/// Reads options of type `T` (a derive with `rename_all = "camelCase"`, every field optional) from
/// a JS value.
pub(crate) fn from_js<T: DeserializeOwned>(value: &JsValue) -> Result<T, Error> {
    let fields = super::fields::of::<T>();
    let options = plain(value, fields)?;
    deserialize::<T>(options.clone())
        .map_err(|_| refused(&options, &|one| deserialize::<T>(alloc::vec![one]).err()))
}

/// The error of options that `read` refused (from [`plain`]): the option at fault is the first
/// whose value, alone, is refused too (every field is optional, so only a value is refused). A
/// cold path, errors only, and one copy for every options type.
#[inline(never)]
fn refused(
    options: &Options,
    read: &dyn Fn((&'static str, JsValue)) -> Option<serde_wasm_bindgen::Error>,
) -> Error {
    let alone = |(field, value): &(&'static str, JsValue)| {
        read((field, value.clone())).map(|e| (*field, e))
    };
    match options.iter().find_map(alone) {
        Some((field, e)) => wrong_type(field, &serde_message(e)),
        None => Error::new(Code::InvalidOption, "options: have the wrong type"),
    }
}

/// The message of a `serde-wasm-bindgen` error (a JS `Error`).
fn serde_message(e: serde_wasm_bindgen::Error) -> String {
    js_sys::Error::from(JsValue::from(e)).message().into()
}

/// "options: `field` has the wrong type: expected …", with what `serde` expected: the end of its
/// message, after the refused value (which is never shown; nothing `serde` expects contains
/// `, expected `, so the last one starts what it expected).
fn wrong_type(field: &str, serde_message: &str) -> Error {
    const EXPECTED: &str = ", expected ";
    let expected = ["invalid type: ", "invalid value: ", "unknown variant "]
        .iter()
        .any(|start| serde_message.starts_with(start))
        .then(|| {
            // The last `, expected `, searched forwards: a backward search of a `&str` would link
            // core's reverse two-way searcher for this cold path alone (the pattern cannot
            // overlap itself, so the last match is the same).
            let at = serde_message.match_indices(EXPECTED).last()?.0;
            serde_message.get(at + EXPECTED.len()..)
        })
        .flatten();
    match expected {
        Some(what) => Error::option(field, &["has the wrong type: expected ", what].concat()),
        None => Error::option(field, "has the wrong type"),
    }
}

/// A result as a plain JS value: objects (not `Map`s), `null` for `None`, numbers for `u64`.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|_| Error::new(Code::InvalidOption, "the result has no JavaScript form"))
}

/// A result the core wrote as JSON text (a verdict, a decoded URL, a policy's facts), with its
/// member names in camelCase, as every JS result has them (the CLI's `--json` keeps the core's
/// snake_case). `JSON.parse` reads it (the text is the core's own, never the caller's); the
/// names are then renamed, member by member, into fresh objects.
pub(crate) fn json_to_js(json: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(json)
        .map(camel_case)
        .map_err(|_| Error::new(Code::InvalidOption, "the result is not JSON"))
}

/// The camelCase names of the core's snake_case ones, by name: each renamed once (looked up
/// without copying the name into Rust).
static CAMEL_NAMES: Local<Option<js_sys::Map>> = Local::new(None);

/// The camelCase name of the member name `name` (a JS string).
fn camel_name(name: &JsValue) -> JsValue {
    CAMEL_NAMES.with(|names| {
        let mut names = names.borrow_mut();
        let names = names.get_or_insert_with(js_sys::Map::new);
        let known = names.get(name);
        if !known.is_undefined() {
            return known;
        }
        let camel = JsValue::from(camel_case_name(&name.as_string().unwrap_or_default()));
        names.set(name, &camel);
        camel
    })
}

/// `value` (from `JSON.parse`: plain objects, arrays, primitives) with every object member
/// renamed from snake_case to camelCase, in the same order.
fn camel_case(value: JsValue) -> JsValue {
    if !value.is_object() {
        return value;
    }
    if let Some(items) = value.dyn_ref::<Array>() {
        return items.iter().map(camel_case).collect::<Array>().into();
    }
    let renamed = Object::new();
    for member in Object::entries(value.unchecked_ref()).iter() {
        let member: Array = member.unchecked_into();
        // A fresh plain object: cannot throw (but through a setter someone put on
        // `Object.prototype`, which `Reflect.set` catches).
        let _ = Reflect::set(
            &renamed,
            &camel_name(&member.get(0)),
            &camel_case(member.get(1)),
        );
    }
    renamed.into()
}

/// `date_less_than_utc` → `dateLessThanUtc`.
fn camel_case_name(name: &str) -> String {
    let mut parts = name.split('_');
    let mut out = String::from(parts.next().unwrap_or_default());
    for part in parts {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// A string argument: refused at once (`invalid_option`) when it is not one, before anything is
/// copied into the WebAssembly memory (a `&str` parameter would reserve whatever `length` an
/// object claims).
pub(crate) fn string_arg(value: &JsValue, name: &str) -> Result<String, Error> {
    value
        .as_string()
        .ok_or_else(|| Error::new(Code::InvalidOption, format_args!("{name} must be a string")))
}

/// A public key argument: PEM text, or bytes (a Buffer, a Uint8Array or an ArrayBuffer, copied
/// first): PEM text when they are UTF-8 holding a `-----BEGIN` line, else SPKI DER.
pub(crate) enum KeyArg {
    /// PEM text.
    Pem(String),
    /// SPKI DER.
    Der(Vec<u8>),
}

/// `value` as a [`KeyArg`], or `invalid_option` naming what it takes (never its value).
pub(crate) fn key_arg(value: &JsValue, name: &str) -> Result<KeyArg, Error> {
    if let Some(s) = value.as_string() {
        return Ok(KeyArg::Pem(s));
    }
    // A copy made by `new Uint8Array(value)`, which reads a view's own bytes or an ArrayBuffer's.
    match bytes_of(value) {
        Some(bytes) => match String::from_utf8(bytes) {
            Ok(text) if text.contains("-----BEGIN") => Ok(KeyArg::Pem(text)),
            Ok(text) => Ok(KeyArg::Der(text.into_bytes())),
            Err(e) => Ok(KeyArg::Der(e.into_bytes())),
        },
        None => Err(Error::new(
            Code::InvalidOption,
            format_args!("{name} must be PEM text (BEGIN PUBLIC KEY), or its bytes or SPKI DER bytes as a Uint8Array, Buffer or ArrayBuffer"),
        )),
    }
}

/// The bytes of a `Uint8Array`, `Buffer` or `ArrayBuffer` (a copy by `new Uint8Array(value)`,
/// which reads a view's own bytes); `None` for anything else.
pub(crate) fn bytes_of(value: &JsValue) -> Option<Vec<u8>> {
    (is_view(value) || value.is_instance_of::<js_sys::ArrayBuffer>())
        .then(|| CaughtBytes::new(value).ok())
        .flatten()
        .map(|b| b.unchecked_into::<Uint8Array>().to_vec())
}

/// A private key given as PEM text or its bytes (a Buffer or Uint8Array: [`inert`] made it a
/// fresh `Uint8Array`).
pub(crate) fn pem_text(value: &JsValue) -> Result<String, Error> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return String::from_utf8(bytes.to_vec())
            .map_err(|_| Error::new(Code::InvalidKey, "privateKey bytes are not PEM text"));
    }
    Err(Error::new(
        Code::InvalidKey,
        "privateKey must be a PEM string (PKCS#1, PKCS#8 or SEC1)",
    ))
}
