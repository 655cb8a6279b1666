//! `getSignedUrl` and `getSignedCookies`: drop-in replacements for `@aws-sdk/cloudfront-signer`'s,
//! byte for byte ([`cfsign::js_sdk`] holds the SDK's rules), signing with the host's synchronous
//! crypto where it has one (`node:crypto`), else with Rust (the full build). Keys are cached, so
//! that calling it in a loop with the same PEM (as SDK users do) parses the key once.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use js_sys::Promise;

use super::callback::Callback;
use super::crypto::SyncKey;
use super::error::Error;
use super::local::Local;
use super::options::SignInput;
use super::signing::Signing;

/// Reads the options, prepares as the SDK does, signs, and finishes as a `Signer` does. With a
/// `sign` callback, a promise (rejected rather than thrown).
fn sign(options: JsValue, cookies: bool) -> Result<JsValue, Error> {
    match Callback::read(&options) {
        Ok(None) => {}
        Ok(Some(callback)) => return Ok(with_callback(&callback, &options, cookies).into()),
        Err(e) => return Ok(Promise::reject(&e.into()).into()),
    }
    let input = SignInput::read(&options)?;
    let key_pair_id = input.key_pair_id()?;
    let pem = input.pem()?;
    let signing = Signing::for_input(&input.js_sdk(), cookies, input.allow_past())?;
    let key = cached(&pem, input.passphrase())?;
    signing.sign(&key, key_pair_id, input.hash())
}

/// The drop-in through a `sign` callback: prepared as the SDK does, the key ID checked.
fn with_callback(callback: &Callback, options: &JsValue, cookies: bool) -> Promise {
    let prepared = SignInput::read(options).and_then(|input| {
        let key_pair_id = input.key_pair_id()?.to_string();
        cfsign::sign::check_key_pair_id(&key_pair_id)?;
        let signing = Signing::for_input(&input.js_sdk(), cookies, input.allow_past())?;
        Ok((signing, key_pair_id))
    });
    match prepared {
        Ok((signing, key_pair_id)) => callback.sign(signing, key_pair_id),
        Err(e) => Promise::reject(&e.into()),
    }
}

/// How many keys the drop-in keeps parsed.
const CACHED_KEYS: usize = 8;

type CachedKey = (String, Option<String>, SyncKey);

/// The drop-in's keys, by PEM text and passphrase, most recent last.
static KEYS: Local<Vec<CachedKey>> = Local::new(Vec::new());

/// The drop-in's key for `pem` and `passphrase`, parsed once.
fn cached(pem: &str, passphrase: Option<&str>) -> Result<SyncKey, Error> {
    let hit = KEYS.with(|k| {
        k.borrow()
            .iter()
            .rev()
            .find(|(p, pass, _)| p == pem && pass.as_deref() == passphrase)
            .map(|(_, _, key)| key.clone())
    });
    if let Some(key) = hit {
        return Ok(key);
    }
    let key = SyncKey::from_pem(pem, passphrase)?;
    KEYS.with(|k| {
        let mut keys = k.borrow_mut();
        if keys.len() >= CACHED_KEYS {
            keys.remove(0);
        }
        keys.push((
            pem.to_string(),
            passphrase.map(ToString::to_string),
            key.clone(),
        ));
    });
    Ok(key)
}

/// Signs a URL as `@aws-sdk/cloudfront-signer`'s `getSignedUrl` does, byte for byte.
// Its declarations are cfsign.d.ts's overloads (a key: a string; `sign`: a promise).
#[wasm_bindgen(js_name = getSignedUrl, skip_typescript)]
pub fn get_signed_url(options: JsValue) -> Result<JsValue, Error> {
    sign(options, false)
}

/// Signs cookies as `@aws-sdk/cloudfront-signer`'s `getSignedCookies` does, byte for byte.
#[wasm_bindgen(js_name = getSignedCookies, skip_typescript)]
pub fn get_signed_cookies(options: JsValue) -> Result<JsValue, Error> {
    sign(options, true)
}
