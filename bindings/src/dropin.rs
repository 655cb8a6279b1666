//! `getSignedUrl` and `getSignedCookies`: drop-in replacements for `@aws-sdk/cloudfront-signer`'s,
//! byte for byte ([`cfsign::js_sdk`] holds the SDK's rules), signing with the host's synchronous
//! crypto where it has one (`node:crypto`), else with Rust (the full build). Keys are cached, so
//! that calling it in a loop with the same PEM (as SDK users do) parses the key once.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use super::crypto::SyncKey;
use super::error::Error;
use super::local::Local;
use super::options::SignInput;
use super::signing::Signing;

/// Reads the options, prepares as the SDK does, signs, and finishes as a `Signer` does.
fn sign(options: JsValue, cookies: bool) -> Result<JsValue, Error> {
    let input = SignInput::read(&options)?;
    let key_pair_id = input.key_pair_id()?;
    let pem = input.pem()?;
    let signing = Signing::for_input(&input.js_sdk(), cookies, input.allow_past())?;
    let key = cached(&pem, input.passphrase())?;
    signing.sign(&key, key_pair_id, input.hash())
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
#[wasm_bindgen(js_name = getSignedUrl, unchecked_return_type = "string")]
pub fn get_signed_url(
    #[wasm_bindgen(unchecked_param_type = "CloudfrontSignInput")] options: JsValue,
) -> Result<JsValue, Error> {
    sign(options, false)
}

/// Signs cookies as `@aws-sdk/cloudfront-signer`'s `getSignedCookies` does, byte for byte.
#[wasm_bindgen(js_name = getSignedCookies, unchecked_return_type = "CloudfrontSignedCookiesOutput")]
pub fn get_signed_cookies(
    #[wasm_bindgen(unchecked_param_type = "CloudfrontSignInput")] options: JsValue,
) -> Result<JsValue, Error> {
    sign(options, true)
}
