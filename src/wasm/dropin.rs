//! `getSignedUrl` and `getSignedCookies`: drop-in replacements for `@aws-sdk/cloudfront-signer`'s,
//! byte for byte ([`crate::js_sdk`] holds the SDK's rules), signing with the Rust signer.

use alloc::rc::Rc;
use alloc::string::{String, ToString};
use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::convert::{from_js, to_js, SignInput};
use super::error::Error;
use crate::js_sdk::Prepared;
use crate::key::PrivateKey;

std::thread_local! {
    /// The last key parsed, so that calling the drop-in in a loop with the same PEM (as SDK users
    /// do) parses it once. Keyed by the PEM text itself.
    static LAST_KEY: RefCell<Option<(String, Rc<PrivateKey>)>> = const { RefCell::new(None) };
}

fn cached_key(pem: &str) -> Result<Rc<PrivateKey>, Error> {
    let hit = LAST_KEY.with(|k| {
        k.borrow()
            .as_ref()
            .filter(|(p, _)| p == pem)
            .map(|(_, key)| key.clone())
    });
    if let Some(key) = hit {
        return Ok(key);
    }
    let key = Rc::new(PrivateKey::from_pem(pem).map_err(|e| Error::from(e).context("privateKey"))?);
    LAST_KEY.with(|k| *k.borrow_mut() = Some((pem.to_string(), key.clone())));
    Ok(key)
}

/// Reads the options, prepares as the SDK does, and signs.
fn sign(
    options: JsValue,
    prepare: fn(&crate::js_sdk::Input<'_>) -> Result<Prepared, crate::js_sdk::Error>,
) -> Result<(SignInput, Prepared, alloc::vec::Vec<u8>), Error> {
    let input: SignInput = from_js(options)?;
    input.key_pair_id()?;
    let pem = input.pem()?;
    let prepared = prepare(&input.js_sdk())?;
    let signature = cached_key(&pem)?.sign(prepared.message(), input.hash())?;
    Ok((input, prepared, signature))
}

/// Signs a URL as `@aws-sdk/cloudfront-signer`'s `getSignedUrl` does, byte for byte.
#[wasm_bindgen(js_name = getSignedUrl)]
pub fn get_signed_url(
    #[wasm_bindgen(unchecked_param_type = "CloudfrontSignInput")] options: JsValue,
) -> Result<String, Error> {
    let (input, prepared, signature) = sign(options, Prepared::for_url)?;
    Ok(prepared.signed_url(input.key_pair_id()?, &signature, input.hash())?)
}

/// Signs cookies as `@aws-sdk/cloudfront-signer`'s `getSignedCookies` does, byte for byte.
#[wasm_bindgen(js_name = getSignedCookies, unchecked_return_type = "CloudfrontSignedCookiesOutput")]
pub fn get_signed_cookies(
    #[wasm_bindgen(unchecked_param_type = "CloudfrontSignInput")] options: JsValue,
) -> Result<JsValue, Error> {
    let (input, prepared, signature) = sign(options, Prepared::for_cookies)?;
    to_js(&prepared.cookies(input.key_pair_id()?, &signature, input.hash()))
}
