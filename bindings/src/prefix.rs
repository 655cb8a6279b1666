//! `signPrefix`: one custom policy over a wildcard resource, signed once, with the key read per
//! call (a `Signer`'s `signPrefix` reads it once). What it returns, `SignedPrefix`, is
//! [`super::signed_prefix`]'s. Every rule (which URLs are covered, how a relative path resolves,
//! what is refused) is the core's, [`cfsign::sign::SignedPrefix`].

use wasm_bindgen::prelude::*;

use super::error::Error;
use super::js::from_js;
use super::options::SignerOptions;
use super::signer::Signer;
use super::signing::Signing;

/// Signs one custom policy for `resource` (a wildcard such as `https://d/videos/123/*`) with the
/// key (read as `Signer.createSync` reads it: SHA-1 for RSA and SHA-256 for ECDSA unless
/// `algorithm`), for every URL it covers. With a `sign` callback instead of a key, a promise.
/// In cfsign/full only.
#[wasm_bindgen(js_name = signPrefix, unchecked_return_type = "SignedPrefix")]
pub fn sign_prefix(
    #[wasm_bindgen(unchecked_param_type = "SignPrefixOptions")] options: JsValue,
) -> Result<JsValue, Error> {
    // The policy's options and the key's, read from the one object.
    let signing = Signing::prefix(options.clone());
    let signer = Signer::from_options(&from_js::<SignerOptions>(&options)?, &options)?;
    // With a `sign` callback: a promise, as `getSignedUrl`'s.
    if signer.has_callback() {
        return Ok(signer.sign_then(signing).into());
    }
    signer.sign_now(signing)
}
