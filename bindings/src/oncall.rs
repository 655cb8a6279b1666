//! The on-call tools (feature `on-call`, the full build only, `cfsign/full`): what a person
//! checking a pasted URL or cookies needs beyond the decision a guard makes. `decodeSignedUrl`
//! (a paste repaired, its time status, the signature's key type), `verifyWithoutKey` (triage when
//! no public key is at hand) and `looksLikeCookies`. With `KeyGroup.verify`'s `diagnose`, `repair`
//! and `Set-Cookie` lines, they weigh about 22 KB gzipped, which the lite build (a signer, a
//! guard) leaves out: wasm-pack.toml says which build an export belongs in.

use alloc::string::String;

use wasm_bindgen::prelude::*;

use super::error::Error;
use super::js::{from_js, json_to_js, string_arg, to_js};
use super::options::VerifyOptions;
use cfsign::key::{Pkcs8Der, PublicKey};
use cfsign::policy::PolicyDocument;
use serde::Deserialize;

/// What a signed URL, a Cookie header or Set-Cookie lines carry (no key needed, nothing verified):
/// a damaged paste repaired first (`damage`, `repairedUrl`), the time status at `options.now`
/// (default: now) and the key type the signature's form shows. With `options.repair: false`, a URL
/// is decoded as given (as CloudFront reads it), its damage reported but not undone.
#[wasm_bindgen(js_name = decodeSignedUrl, unchecked_return_type = "Decoded")]
pub fn decode_signed_url(
    #[wasm_bindgen(unchecked_param_type = "string")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DecodeOptions")] options: Option<JsValue>,
) -> Result<JsValue, Error> {
    let input = &string_arg(&input, "input")?;
    let options = from_js::<DecodeOptions>(&options.unwrap_or(JsValue::UNDEFINED))?;
    let decoded = match options.repair() || cfsign::decode::looks_like_cookies(input) {
        true => cfsign::decode_pasted(input),
        false => cfsign::Unverified {
            damage: cfsign::repair::repair_url(input).damage,
            ..cfsign::decode_url(input)
        },
    };
    json_to_js(&decoded.to_json_at(Some(options.now()?)))
}

/// Decides `url` (with `options.cookies`) as CloudFront would on everything but the signature,
/// which is not checked (no key): the time, the client IP, the resource, the cookies.
/// `signatureChecked` is `false`, and a `signature_not_checked` note says so.
#[wasm_bindgen(js_name = verifyWithoutKey, unchecked_return_type = "Verdict")]
pub fn verify_without_key(
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: Option<JsValue>,
) -> Result<JsValue, Error> {
    let url = string_arg(&url, "url")?;
    let options = from_js::<VerifyOptions>(&options.unwrap_or(JsValue::UNDEFINED))?;
    let request = options.request()?;
    json_to_js(&cfsign::verify_without_key(&request.for_url(&url)).to_json())
}

/// Whether `text` reads as cookies (a `Cookie:` header, `Set-Cookie` lines, or `CloudFront-*`
/// pairs) rather than a URL: the reading `decodeSignedUrl` makes of a paste.
#[wasm_bindgen(js_name = looksLikeCookies)]
pub fn looks_like_cookies(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<bool, Error> {
    Ok(cfsign::decode::looks_like_cookies(&string_arg(
        &text, "text",
    )?))
}

/// Parses policy JSON as the verifier does; throws `invalid_policy` with the reason. `warnings`
/// names the keys CloudFront's guide does not document, which signers sign as written.
#[wasm_bindgen(js_name = parsePolicy, unchecked_return_type = "ParsedPolicy")]
pub fn parse_policy(
    #[wasm_bindgen(unchecked_param_type = "string")] json: JsValue,
) -> Result<JsValue, Error> {
    let doc = PolicyDocument::parse(string_arg(&json, "policy")?.as_bytes())?;
    let info = json_to_js(&cfsign::verify::policy_info(&doc))?;
    let warnings = to_js(&super::signing::warnings(&doc.unknown_keys))?;
    // Setting a property on a fresh object cannot fail; if it did, the facts are still there.
    let _ = js_sys::Reflect::set(&info, &"warnings".into(), &warnings);
    Ok(info)
}

/// The SPKI PEM (`BEGIN PUBLIC KEY`) of a private key PEM (PKCS#1, PKCS#8 or SEC1), or of a
/// public key PEM (re-encoded from the parsed key, so nothing else in the text is kept).
#[wasm_bindgen(js_name = publicKeyPem)]
pub fn public_key_pem(
    #[wasm_bindgen(unchecked_param_type = "string")] pem: JsValue,
) -> Result<String, Error> {
    let pem = &string_arg(&pem, "pem")?;
    // A byte search: `str::contains` inlines a fast path that weighs 0.7 KB gzipped here.
    const PRIVATE: &[u8] = b"PRIVATE KEY";
    if !pem.as_bytes().windows(PRIVATE.len()).any(|w| w == PRIVATE) {
        return Ok(PublicKey::from_pem(pem)?.to_pem()?);
    }
    let key = Pkcs8Der::from_pem(pem)?;
    match key.public_key() {
        Ok(public) => Ok(public.to_pem()?),
        // An EC key stored without its public point: computed, where Rust's arithmetic is here.
        #[cfg(feature = "rust-crypto")]
        Err(_) => Ok(cfsign::PrivateKey::from_pkcs8_der(key.der())?
            .public_key()
            .to_pem()?),
        #[cfg(not(feature = "rust-crypto"))]
        Err(e) => Err(e.into()),
    }
}

/// `"RSA"` or `"ECDSA P-256"` (as `Signer.keyType`): the type of a public key PEM (SPKI or
/// PKCS#1) or a private key PEM (PKCS#1, PKCS#8 or SEC1), read and checked as signing and
/// verifying read it; throws `invalid_key`, `unsupported_key` or `encrypted_key`.
#[wasm_bindgen(js_name = keyType, unchecked_return_type = "KeyType")]
pub fn key_type(
    #[wasm_bindgen(unchecked_param_type = "string")] pem: JsValue,
) -> Result<JsValue, Error> {
    use alloc::string::ToString;
    // A private key may be given: its text is wiped when dropped.
    let pem = zeroize::Zeroizing::new(string_arg(&pem, "pem")?);
    let pem = pem.as_str();
    let kind = match PublicKey::from_pem(pem) {
        Ok(public) => public.kind(),
        Err(cfsign::key::KeyError::PrivateKeyGiven) => Pkcs8Der::from_pem(pem)?.kind(),
        Err(e) => return Err(e.into()),
    };
    Ok(JsValue::from_str(&kind.to_string()))
}

/// The options of `decodeSignedUrl`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DecodeOptions {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    now: JsValue,
    /// Whether a URL's paste damage is undone before decoding (default: yes); `false` decodes
    /// the URL as given, as CloudFront reads it (the damage still reported).
    #[serde(default)]
    repair: Option<bool>,
}

impl DecodeOptions {
    /// The time the status is told at, epoch seconds.
    pub(crate) fn now(&self) -> Result<u64, Error> {
        super::expires::request_time(&self.now)
    }

    /// Whether to repair a pasted URL before decoding it.
    pub(crate) fn repair(&self) -> bool {
        self.repair.unwrap_or(true)
    }
}
