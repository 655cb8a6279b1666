//! The host's WebCrypto (`crypto.subtle`): key import, sign, verify, each a promise that
//! [`then`] hands to Rust when it settles. A host without WebCrypto, or one that refuses the key,
//! answers `None`, so that callers fall back to Rust.
//!
//! Promise callbacks rather than Rust futures: no executor, no task queue, no state machines in
//! the WebAssembly (measured: they were most of 20 KB of it).

use alloc::boxed::Box;
use alloc::vec::Vec;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use cfsign::key::{self, HashAlgorithm, KeyKind};

#[wasm_bindgen]
extern "C" {
    /// `globalThis` (every host the package supports has it; `None` where it were absent).
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL_THIS: Option<Object>;
}

/// `globalThis`, or `undefined` where it were absent.
pub(crate) fn global() -> JsValue {
    GLOBAL_THIS.with(|g| g.clone().map_or(JsValue::UNDEFINED, JsValue::from))
}

/// `globalThis.crypto.subtle`, if the host has it.
fn subtle() -> Option<JsValue> {
    let crypto = Reflect::get(&global(), &"crypto".into()).ok()?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    subtle.is_object().then_some(subtle)
}

/// What runs when a WebCrypto promise settles: its value, or `None` where it rejected (or the host
/// has no WebCrypto). What it returns settles the promise [`then`] returns (`Err`: rejected).
pub(crate) type Continuation = Box<dyn FnOnce(Option<JsValue>) -> Result<JsValue, JsValue>>;

#[wasm_bindgen]
extern "C" {
    /// A promise, with `then` taking functions of any kind.
    #[wasm_bindgen(js_name = Promise)]
    type Settling;
    #[wasm_bindgen(static_method_of = Settling, js_class = "Promise", js_name = resolve)]
    fn adopt(value: &JsValue) -> Settling;
    #[wasm_bindgen(method, js_class = "Promise", js_name = then)]
    fn then_with(this: &Settling, on_fulfilled: &JsValue, on_rejected: &JsValue) -> Settling;
}

/// `promise`, settled, handed to `next`: one callback for either outcome, so that it always runs
/// exactly once and frees itself. A rejection reaches it as `NaN` (`.then(undefined, Number)`),
/// which no WebCrypto call fulfils with. The promise may come from another realm (the edge
/// runtime's `crypto` is its host's): adopted with `Promise.resolve`, never checked with
/// `instanceof`.
pub(crate) fn then(promise: &JsValue, next: Continuation) -> Promise {
    let number = Reflect::get(&global(), &"Number".into()).unwrap_or(JsValue::UNDEFINED);
    let settled = Settling::adopt(promise).then_with(&JsValue::UNDEFINED, &number);
    let callback = Closure::once_into_js(move |value: JsValue| {
        let rejected = value.as_f64().is_some_and(f64::is_nan);
        next((!rejected).then_some(value))
    });
    settled
        .then_with(&callback, &JsValue::UNDEFINED)
        .unchecked_into()
}

/// `subtle[method](...args)`: its promise, or a rejected one where the host has no WebCrypto or
/// the call throws.
fn call(method: &str, args: &Array) -> JsValue {
    let rejected = || Promise::reject(&JsValue::UNDEFINED).into();
    let Some(subtle) = subtle() else {
        return rejected();
    };
    match Reflect::get(&subtle, &method.into()) {
        Ok(f) if f.is_function() => f
            .unchecked_into::<js_sys::Function>()
            .apply(&subtle, args)
            .unwrap_or_else(|_| rejected()),
        _ => rejected(),
    }
}

/// `{name: "RSASSA-PKCS1-v1_5", hash}` or `{name: "ECDSA", namedCurve: "P-256", hash}`.
fn algorithm(kind: KeyKind, hash: HashAlgorithm) -> JsValue {
    let o = Object::new();
    // Setting a plain object's own properties cannot fail but through a setter someone put on
    // `Object.prototype`; then WebCrypto refuses the algorithm, and the caller falls back.
    let set = |k: &str, v: &str| {
        let _ = Reflect::set(&o, &k.into(), &v.into());
    };
    match kind {
        KeyKind::Rsa => set("name", "RSASSA-PKCS1-v1_5"),
        _ => {
            set("name", "ECDSA");
            set("namedCurve", "P-256");
        }
    }
    set(
        "hash",
        match hash {
            HashAlgorithm::Sha256 => "SHA-256",
            _ => "SHA-1",
        },
    );
    o.into()
}

/// A non-extractable `CryptoKey` from PKCS#8 (`"sign"`) or SPKI (`"verify"`) DER, as a promise.
/// An RSA key is bound to one hash.
pub(crate) fn import(
    format: &str,
    der: &[u8],
    kind: KeyKind,
    hash: HashAlgorithm,
    usage: &str,
) -> JsValue {
    let args = Array::of5(
        &format.into(),
        &Uint8Array::from(der),
        &algorithm(kind, hash),
        &JsValue::FALSE,
        &Array::of1(&usage.into()),
    );
    call("importKey", &args)
}

/// Signs `message`, as a promise of WebCrypto's signature (see [`signature`]).
pub(crate) fn sign(key: &JsValue, kind: KeyKind, hash: HashAlgorithm, message: &[u8]) -> JsValue {
    let args = Array::of3(&algorithm(kind, hash), key, &Uint8Array::from(message));
    call("sign", &args)
}

/// What [`sign`] gave, as CloudFront takes it (DER for ECDSA, whose WebCrypto form is raw
/// `r || s`). `None` when it is not a signature.
pub(crate) fn signature(kind: KeyKind, signed: &JsValue) -> Option<Vec<u8>> {
    if !signed.is_object() {
        return None;
    }
    let raw = Uint8Array::new(signed).to_vec();
    match kind {
        KeyKind::Rsa => Some(raw),
        _ => key::ecdsa_raw_to_der(&raw).ok(),
    }
}

/// Checks `signature` (DER for ECDSA) over `message`: a promise of a boolean (`false` at once for
/// an ECDSA signature that is not valid DER, which is simply invalid).
pub(crate) fn verify(
    key: &JsValue,
    kind: KeyKind,
    hash: HashAlgorithm,
    signature: &[u8],
    message: &[u8],
) -> JsValue {
    let signature = match kind {
        KeyKind::Rsa => signature.to_vec(),
        _ => match key::ecdsa_der_to_raw(signature) {
            Some(raw) => raw,
            None => return Promise::resolve(&JsValue::FALSE).into(),
        },
    };
    let args = Array::of4(
        &algorithm(kind, hash),
        key,
        &Uint8Array::from(signature.as_slice()),
        &Uint8Array::from(message),
    );
    call("verify", &args)
}
