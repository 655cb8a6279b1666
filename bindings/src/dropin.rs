//! `getSignedUrl` and `getSignedCookies`: drop-in replacements for `@aws-sdk/cloudfront-signer`'s,
//! byte for byte ([`cfsign::js_sdk`] holds the SDK's rules), signing with the host's synchronous
//! crypto where it has one (`node:crypto`), else with Rust (the full build).

use wasm_bindgen::prelude::*;

use super::convert::SignInput;
use super::error::Error;
use super::keys;
use super::signer::Signing;

/// Reads the options, prepares as the SDK does, signs, and finishes as a `Signer` does.
fn sign(options: JsValue, cookies: bool) -> Result<JsValue, Error> {
    let input = SignInput::read(options)?;
    let key_pair_id = input.key_pair_id()?;
    let pem = input.pem()?;
    let signing = Signing::for_input(&input.js_sdk(), cookies)?;
    let key = keys::cached(&pem, input.passphrase())?;
    signing.sign(&key, key_pair_id, input.hash())
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
