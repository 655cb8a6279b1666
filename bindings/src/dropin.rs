//! `getSignedUrl` and `getSignedCookies`: drop-in replacements for `@aws-sdk/cloudfront-signer`'s,
//! byte for byte ([`cfsign::js_sdk`] holds the SDK's rules), signing with the host's synchronous
//! crypto where it has one (`node:crypto`), else with Rust (the full build).

use alloc::string::String;
use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use super::convert::{to_js, SignInput};
use super::error::Error;
use super::keys;
use cfsign::js_sdk::Prepared;

/// Reads the options, prepares as the SDK does, and signs.
fn sign(
    options: JsValue,
    prepare: fn(&cfsign::js_sdk::Input<'_>) -> Result<Prepared, cfsign::js_sdk::Error>,
) -> Result<(SignInput, Prepared, Vec<u8>), Error> {
    let input = SignInput::read(options)?;
    input.key_pair_id()?;
    let pem = input.pem()?;
    let prepared = prepare(&input.js_sdk())?;
    let key = keys::cached(&pem, input.passphrase())?;
    let signature = key.sign(input.hash(), prepared.message())?;
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
    Ok(to_js(&prepared.cookies(
        input.key_pair_id()?,
        &signature,
        input.hash(),
    )))
}
