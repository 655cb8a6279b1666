//! The host's WebCrypto (`crypto.subtle`): key import, sign, verify. Every call answers `None` or
//! an error where the host has no WebCrypto or refuses the key, so callers fall back to Rust.

use alloc::vec::Vec;

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::key::{self, HashAlgorithm, KeyKind};

/// `globalThis.crypto.subtle`, if the host has it.
fn subtle() -> Option<JsValue> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    subtle.is_object().then_some(subtle)
}

/// `await subtle[method](...args)`. The function and its promise may come from another realm
/// (the edge runtime's `crypto` is its host's): checked with `typeof`, adopted with
/// `Promise.resolve`, never with `instanceof`.
async fn call(method: &str, args: &Array) -> Option<JsValue> {
    let subtle = subtle()?;
    let f = Reflect::get(&subtle, &method.into()).ok()?;
    if !f.is_function() {
        return None;
    }
    let result = f
        .unchecked_into::<js_sys::Function>()
        .apply(&subtle, args)
        .ok()?;
    JsFuture::from(Promise::resolve(&result)).await.ok()
}

/// `{name: "RSASSA-PKCS1-v1_5", hash}` or `{name: "ECDSA", namedCurve: "P-256", hash}`.
fn algorithm(kind: KeyKind, hash: HashAlgorithm) -> Option<JsValue> {
    let o = Object::new();
    let set = |k: &str, v: &str| Reflect::set(&o, &k.into(), &v.into()).ok();
    match kind {
        KeyKind::Rsa => set("name", "RSASSA-PKCS1-v1_5")?,
        _ => {
            set("name", "ECDSA")?;
            set("namedCurve", "P-256")?
        }
    };
    set(
        "hash",
        match hash {
            HashAlgorithm::Sha256 => "SHA-256",
            _ => "SHA-1",
        },
    )?;
    Some(o.into())
}

/// A non-extractable `CryptoKey` from PKCS#8 (`"sign"`) or SPKI (`"verify"`) DER. An RSA key is
/// bound to one hash.
pub(crate) async fn import(
    format: &str,
    der: &[u8],
    kind: KeyKind,
    hash: HashAlgorithm,
    usage: &str,
) -> Option<JsValue> {
    let args = Array::of5(
        &format.into(),
        &Uint8Array::from(der),
        &algorithm(kind, hash)?,
        &JsValue::FALSE,
        &Array::of1(&usage.into()),
    );
    call("importKey", &args).await
}

/// Signs `message`; the signature as CloudFront takes it (DER for ECDSA, whose WebCrypto form is
/// raw `r || s`). `None` when the host refuses.
pub(crate) async fn sign(
    key: &JsValue,
    kind: KeyKind,
    hash: HashAlgorithm,
    message: &[u8],
) -> Option<Vec<u8>> {
    let args = Array::of3(&algorithm(kind, hash)?, key, &Uint8Array::from(message));
    let raw = Uint8Array::new(&call("sign", &args).await?).to_vec();
    match kind {
        KeyKind::Rsa => Some(raw),
        _ => key::ecdsa_raw_to_der(&raw).ok(),
    }
}

/// Checks `signature` (DER for ECDSA) over `message`; `None` when the host cannot tell.
pub(crate) async fn verify(
    key: &JsValue,
    kind: KeyKind,
    hash: HashAlgorithm,
    signature: &[u8],
    message: &[u8],
) -> Option<bool> {
    let signature = match kind {
        KeyKind::Rsa => signature.to_vec(),
        // A signature that is not valid DER is simply invalid.
        _ => match key::ecdsa_der_to_raw(signature) {
            Some(raw) => raw,
            None => return Some(false),
        },
    };
    let args = Array::of4(
        &algorithm(kind, hash)?,
        key,
        &Uint8Array::from(signature.as_slice()),
        &Uint8Array::from(message),
    );
    call("verify", &args).await?.as_bool()
}
