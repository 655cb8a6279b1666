//! JavaScript bindings, built with wasm-pack (`make wasm`). The only module that knows JS.
//!
//! - `getSignedUrl` / `getSignedCookies`: drop-in replacements for `@aws-sdk/cloudfront-signer`,
//!   with its option names, value types, URL encoding, parameter and condition order, so that the
//!   output is byte-identical for every input it accepts (and clearer errors where it throws).
//! - `Signer`: a key parsed once; `Signer.create` imports it into the host's WebCrypto and signs
//!   natively (RSASSA-PKCS1-v1_5, or ECDSA whose raw `r||s` is turned into DER), falling back to
//!   the Rust signer where there is no WebCrypto. Policy, base64 and URL assembly stay in Rust.
//! - `KeyGroup`, `verifySignedUrl`, `decodeSignedUrl`: the verifier.
//!
//! Every error thrown is an `Error` with a stable `code` property.

use alloc::format;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;
use core::fmt::Display;

use js_sys::{Array, Date, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::encoding::CfBase64;
use crate::key::{self, HashAlgorithm, KeyError, KeyKind, Pkcs8Der, PrivateKey, PublicKey};
use crate::policy::{ConditionOrder, IpRange, Policy, PolicyDocument, PolicyError};
use crate::url;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** A time as `@aws-sdk/cloudfront-signer` takes it: passed to `new Date(...)` (a number is milliseconds). */
export type DateLike = Date | string | number;

/** Options of `getSignedUrl` and `getSignedCookies`, as in `@aws-sdk/cloudfront-signer`. */
export interface CloudfrontSignInput {
  /** The URL to sign (required unless `policy` is given). */
  url?: string;
  /** The ID of the public key in the trusted key group. */
  keyPairId: string;
  /** The private key, PEM (PKCS#1, PKCS#8 or SEC1; RSA-2048 or ECDSA P-256). */
  privateKey: string | Uint8Array;
  /** Expiry (canned unless `dateGreaterThan` or `ipAddress` is given). */
  dateLessThan?: DateLike;
  /** Start (custom policy). */
  dateGreaterThan?: DateLike;
  /** Client IPv4 address or range, `x.x.x.x` or `x.x.x.x/n` (custom policy). */
  ipAddress?: string;
  /** A custom policy JSON string, signed exactly as given. */
  policy?: string;
  /** `"SHA256"` to sign with SHA-256 and add `Hash-Algorithm=SHA256`; anything else means SHA-1. */
  algorithm?: "SHA1" | "SHA256" | string;
}

/** The signed cookies, as `@aws-sdk/cloudfront-signer` returns them. */
export interface CloudfrontSignedCookiesOutput {
  "CloudFront-Key-Pair-Id": string;
  "CloudFront-Signature": string;
  /** Canned policy: the expiry in epoch seconds, a number as in the SDK. */
  "CloudFront-Expires"?: number;
  /** Custom policy, in CloudFront's base64. */
  "CloudFront-Policy"?: string;
  "CloudFront-Hash-Algorithm"?: "SHA256";
}

/** Options of `Signer.create`. */
export interface SignerOptions {
  keyPairId: string;
  privateKey: string | Uint8Array;
  /** Default: SHA1 for RSA keys (CloudFront's default), SHA256 for ECDSA keys. */
  algorithm?: "SHA1" | "SHA256";
  /** Use the host's WebCrypto when there is one (default true). */
  native?: boolean;
}

/** What to sign with a `Signer`: `CloudfrontSignInput` without the key. */
export type SignerSignInput = Omit<CloudfrontSignInput, "keyPairId" | "privateKey" | "algorithm">;

/** Options of `verifySignedUrl`. */
export interface VerifyOptions {
  keyGroup: KeyGroup;
  /** Request time (default: now). */
  now?: DateLike;
  /** The viewer's IP address, IPv4 or IPv6. */
  clientIp?: string;
  /** The Cookie header value (or Set-Cookie lines) sent with the request. */
  cookies?: string;
  /** Clock skew to tolerate, seconds (default 0). */
  skew?: number;
}

export type ReasonCode = "missing_signature" | "malformed" | "unknown_key" | "bad_signature" | "expired" | "not_yet_valid" | "ip_denied" | "resource_mismatch";

export interface Reason {
  code: ReasonCode;
  message: string;
  cloudfront_error: "MissingKey" | "InvalidKey" | "MalformedSignature" | "MalformedPolicy" | "AccessDenied";
  explanation: string;
  fix: string;
  missing?: string[];
  what?: string;
  key_pair_id?: string;
  trusted?: string[];
  hash_algorithm?: "SHA1" | "SHA256";
  expires?: number; expires_utc?: string;
  starts?: number; starts_utc?: string;
  now?: number; now_utc?: string;
  range?: string; client_ip?: string | null;
  pattern?: string; url?: string;
}

export interface PolicyInfo {
  resource: string | null;
  date_less_than: number;
  date_less_than_utc: string;
  date_greater_than: number | null;
  date_greater_than_utc: string | null;
  source_ip: string | null;
}

export interface Verdict {
  allowed: boolean;
  reasons: Reason[];
  key_pair_id: string | null;
  source: "url" | "cookies" | "none";
  hash_algorithm: "SHA1" | "SHA256";
  policy_type: "canned" | "custom" | null;
  policy: PolicyInfo | null;
  policy_json: string | null;
  url: string | null;
}

export interface Decoded {
  source: "url" | "cookies" | "none";
  key_pair_id: string | null;
  hash_algorithm: "SHA1" | "SHA256";
  policy_type: "canned" | "custom" | null;
  policy: PolicyInfo | null;
  policy_json: string | null;
  signature_bytes: number | null;
  url_without_signing_params: string | null;
  missing: string[];
  problems: string[];
}

/** Error codes thrown: invalid_key, encrypted_key, unsupported_key, invalid_option, invalid_url, invalid_date, invalid_ip, invalid_policy, resource_mismatch, unsupported, signing_failed. */
export interface CfsignError extends Error { code: string }
"#;

// ---------------------------------------------------------------------------------------------
// Errors

/// An `Error` with a `code` property.
fn error(code: &str, message: impl Display) -> JsValue {
    let err = js_sys::Error::new(&message.to_string());
    // Setting a property on a fresh Error cannot fail; if it did, the message still explains.
    let _ = Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

fn key_error(e: &KeyError) -> JsValue {
    let code = match e {
        KeyError::Encrypted => "encrypted_key",
        KeyError::RsaKeySize { .. }
        | KeyError::UnsupportedCurve { .. }
        | KeyError::UnsupportedAlgorithm { .. } => "unsupported_key",
        KeyError::Signing => "signing_failed",
        _ => "invalid_key",
    };
    error(code, format!("privateKey: {e}"))
}

fn policy_error(e: &PolicyError) -> JsValue {
    let code = match e {
        PolicyError::ExpiryTooLarge { .. } | PolicyError::StartNotBeforeExpiry { .. } => {
            "invalid_date"
        }
        PolicyError::InvalidIpRange { .. } | PolicyError::Ipv6Range { .. } => "invalid_ip",
        _ => "invalid_url",
    };
    error(code, e)
}

// ---------------------------------------------------------------------------------------------
// Reading options

fn get(options: &JsValue, name: &str) -> JsValue {
    if !options.is_object() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// A string option; `undefined`/`null` is `None`; other types are an error.
fn get_string(options: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    let v = get(options, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(Some)
        .ok_or_else(|| error("invalid_option", format!("{name} must be a string")))
}

/// The private key option: a PEM string, or its bytes (a Buffer or Uint8Array).
fn get_pem(options: &JsValue) -> Result<String, JsValue> {
    let v = get(options, "privateKey");
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    if v.is_instance_of::<Uint8Array>() {
        let bytes = Uint8Array::from(v).to_vec();
        return String::from_utf8(bytes)
            .map_err(|_| error("invalid_key", "privateKey bytes are not PEM text"));
    }
    Err(error(
        "invalid_key",
        "privateKey must be a PEM string (PKCS#1, PKCS#8 or SEC1)",
    ))
}

fn require_key_pair_id(options: &JsValue) -> Result<String, JsValue> {
    match get_string(options, "keyPairId")? {
        Some(id) if !id.is_empty() => Ok(id),
        _ => Err(error(
            "invalid_option",
            "keyPairId is required: the ID of the public key in the trusted key group",
        )),
    }
}

/// A date as the JS SDK reads it (`parseDate`): falsy or invalid is `None`; otherwise
/// `Math.round(new Date(value).getTime() / 1000)`.
fn js_sdk_epoch(v: &JsValue) -> Option<f64> {
    if v.is_falsy() {
        return None;
    }
    let ms = Date::new(v).get_time();
    if ms.is_nan() {
        return None;
    }
    // Math.round: halves go up.
    Some((ms / 1000.0 + 0.5).floor())
}

fn to_epoch(seconds: f64, name: &str) -> Result<u64, JsValue> {
    if seconds < 0.0 || seconds > crate::policy::MAX_EPOCH as f64 {
        return Err(error(
            "invalid_date",
            format!("{name} {} is outside 1970-01-01 .. 2038-01-19T03:14:07Z, the range CloudFront accepts", seconds as i64),
        ));
    }
    Ok(seconds as u64)
}

// ---------------------------------------------------------------------------------------------
// The JS SDK's signing flow, shared by the drop-in functions and `Signer`.

/// What to sign and how to present it, prepared as `@aws-sdk/cloudfront-signer` prepares it.
struct Prepared {
    /// The URL the parameters are appended to (URL mode).
    base_url: String,
    /// The policy bytes to sign.
    policy: Vec<u8>,
    /// `Some(expires)` for a canned policy.
    canned: Option<u64>,
}

/// `getResource`: only http(s) and ws(s) URLs (RTMP distributions were retired in 2020).
fn check_scheme(url: &str) -> Result<(), JsValue> {
    let protocol = match url.find("//") {
        Some(i) => &url[..i],
        None => url.get(..url.len().saturating_sub(1)).unwrap_or(""),
    };
    match protocol {
        "http:" | "https:" | "ws:" | "wss:" => Ok(()),
        "rtmp:" => Err(error(
            "unsupported",
            "rtmp URLs are not supported: CloudFront retired RTMP distributions in 2020",
        )),
        _ => Err(error(
            "invalid_url",
            "Invalid URI scheme. Scheme must be one of http or https",
        )),
    }
}

/// The policy bytes and canned expiry for `resource`, from the date and IP options.
fn policy_from_options(
    options: &JsValue,
    resource: &str,
) -> Result<(Vec<u8>, Option<u64>), JsValue> {
    check_scheme(resource)?;
    let date_less_than = js_sdk_epoch(&get(options, "dateLessThan")).ok_or_else(|| {
        error("invalid_date", "dateLessThan is invalid. Ensure the date value is compatible with the Date constructor.")
    })?;
    let date_less_than = to_epoch(date_less_than, "dateLessThan")?;
    let date_greater_than = match js_sdk_epoch(&get(options, "dateGreaterThan")) {
        // The SDK ignores a start of epoch 0 (falsy), and so do we.
        Some(s) if s != 0.0 => Some(to_epoch(s, "dateGreaterThan")?),
        _ => None,
    };
    let ip = get(options, "ipAddress");
    let ip = if ip.is_truthy() {
        let text = ip
            .as_string()
            .ok_or_else(|| error("invalid_ip", "ipAddress must be a string"))?;
        Some(IpRange::parse_js_sdk(&text).map_err(|_| {
            error("invalid_ip", format!("IP address \"{text}\" is invalid: use an IPv4 address or range, x.x.x.x or x.x.x.x/n"))
        })?)
    } else {
        None
    };
    let custom = date_greater_than.is_some() || ip.is_some();
    let mut policy =
        Policy::with_unchecked_resource(resource, date_less_than).map_err(|e| policy_error(&e))?;
    if let Some(start) = date_greater_than {
        // The SDK signs a start after the expiry, which CloudFront never accepts: refuse it.
        policy = policy.valid_from(start).map_err(|e| policy_error(&e))?;
    }
    if let Some(range) = ip {
        policy = policy.ip_range(range);
    }
    let json = policy.to_json_ordered(ConditionOrder::JsSdk).into_bytes();
    Ok((json, (!custom).then_some(date_less_than)))
}

/// The first statement's resource of a policy string (`getPolicyResources`).
fn first_resource(policy: &str) -> Result<String, JsValue> {
    let value: serde_json::Value = serde_json::from_str(policy)
        .map_err(|e| error("invalid_policy", format!("policy is not JSON: {e}")))?;
    value
        .get("Statement")
        .and_then(|s| s.get(0))
        .and_then(|s| s.get("Resource"))
        .and_then(|r| r.as_str())
        .map(ToString::to_string)
        .ok_or_else(|| {
            error(
                "invalid_policy",
                "No URL provided and unable to determine URL from first policy statement resource.",
            )
        })
}

fn prepare_url(options: &JsValue) -> Result<Prepared, JsValue> {
    let url = get_string(options, "url")?.filter(|u| !u.is_empty());
    let policy = get_string(options, "policy")?.filter(|p| !p.is_empty());
    let base_url = match (&url, &policy) {
        (Some(u), _) => url::encode_like_js_sdk(u),
        (None, Some(p)) => first_resource(p)?.replacen("*://", "https://", 1),
        (None, None) => return Err(error("invalid_option", "Please provide 'url' or 'policy'.")),
    };
    let (policy, canned) = match policy {
        Some(p) => (p.into_bytes(), None),
        None => policy_from_options(options, &base_url)?,
    };
    Ok(Prepared {
        base_url,
        policy,
        canned,
    })
}

fn prepare_cookies(options: &JsValue) -> Result<Prepared, JsValue> {
    let url = get_string(options, "url")?.filter(|u| !u.is_empty());
    let (policy, canned) = match (
        get_string(options, "policy")?.filter(|p| !p.is_empty()),
        &url,
    ) {
        (Some(p), _) => (p.into_bytes(), None),
        (None, Some(u)) => policy_from_options(options, u)?,
        (None, None) => return Err(error("invalid_option", "Please provide 'url' or 'policy'.")),
    };
    Ok(Prepared {
        base_url: url.unwrap_or_default(),
        policy,
        canned,
    })
}

/// The JS SDK's `algorithm`: exactly `"SHA256"` means SHA-256, anything else SHA-1.
fn js_sdk_hash(options: &JsValue) -> HashAlgorithm {
    match get(options, "algorithm").as_string().as_deref() {
        Some("SHA256") => HashAlgorithm::Sha256,
        _ => HashAlgorithm::Sha1,
    }
}

/// Appends `Expires|Policy`, `Key-Pair-Id`, `Signature`[, `Hash-Algorithm`] as the JS SDK does.
fn finish_url(
    p: &Prepared,
    key_pair_id: &str,
    signature: &[u8],
    hash: HashAlgorithm,
) -> Result<String, JsValue> {
    let first = match p.canned {
        Some(expires) => ("Expires", expires.to_string()),
        None => ("Policy", CfBase64::encode(&p.policy)),
    };
    let id = url::extended_encode_uri_component(key_pair_id);
    let sig = CfBase64::encode(signature);
    let mut params: Vec<(&str, &str)> = alloc::vec![
        (first.0, first.1.as_str()),
        ("Key-Pair-Id", id.as_str()),
        ("Signature", sig.as_str())
    ];
    if hash == HashAlgorithm::Sha256 {
        params.push(("Hash-Algorithm", "SHA256"));
    }
    let signed = url::append_params(&p.base_url, &params);
    check_scheme(&signed)?;
    Ok(signed)
}

/// The cookies object, in the JS SDK's key order, `CloudFront-Expires` as a number.
fn finish_cookies(
    p: &Prepared,
    key_pair_id: &str,
    signature: &[u8],
    hash: HashAlgorithm,
) -> Result<Object, JsValue> {
    let o = Object::new();
    let set = |k: &str, v: JsValue| Reflect::set(&o, &JsValue::from_str(k), &v).map(|_| ());
    set("CloudFront-Key-Pair-Id", JsValue::from_str(key_pair_id))?;
    set(
        "CloudFront-Signature",
        JsValue::from_str(&CfBase64::encode(signature)),
    )?;
    match p.canned {
        Some(expires) => set("CloudFront-Expires", JsValue::from_f64(expires as f64))?,
        None => set(
            "CloudFront-Policy",
            JsValue::from_str(&CfBase64::encode(&p.policy)),
        )?,
    }
    if hash == HashAlgorithm::Sha256 {
        set("CloudFront-Hash-Algorithm", JsValue::from_str("SHA256"))?;
    }
    Ok(o)
}

// ---------------------------------------------------------------------------------------------
// Drop-in functions

std::thread_local! {
    /// The last key parsed by the drop-in functions, so that calling them in a loop with the same
    /// PEM (as SDK users do) parses it once. Keyed by the PEM text itself.
    static LAST_KEY: RefCell<Option<(String, Rc<PrivateKey>)>> = const { RefCell::new(None) };
}

fn cached_key(pem: &str) -> Result<Rc<PrivateKey>, JsValue> {
    if let Some(key) = LAST_KEY.with(|k| {
        k.borrow()
            .as_ref()
            .filter(|(p, _)| p == pem)
            .map(|(_, key)| key.clone())
    }) {
        return Ok(key);
    }
    let key = Rc::new(PrivateKey::from_pem(pem).map_err(|e| key_error(&e))?);
    LAST_KEY.with(|k| *k.borrow_mut() = Some((pem.to_string(), key.clone())));
    Ok(key)
}

/// Signs a URL as `@aws-sdk/cloudfront-signer`'s `getSignedUrl` does, byte for byte.
#[wasm_bindgen(js_name = getSignedUrl)]
pub fn get_signed_url(
    #[wasm_bindgen(unchecked_param_type = "CloudfrontSignInput")] options: JsValue,
) -> Result<String, JsValue> {
    let key_pair_id = require_key_pair_id(&options)?;
    let pem = get_pem(&options)?;
    let prepared = prepare_url(&options)?;
    let hash = js_sdk_hash(&options);
    let signature = cached_key(&pem)?
        .sign(&prepared.policy, hash)
        .map_err(|e| key_error(&e))?;
    finish_url(&prepared, &key_pair_id, &signature, hash)
}

/// Signs cookies as `@aws-sdk/cloudfront-signer`'s `getSignedCookies` does, byte for byte.
#[wasm_bindgen(js_name = getSignedCookies, unchecked_return_type = "CloudfrontSignedCookiesOutput")]
pub fn get_signed_cookies(
    #[wasm_bindgen(unchecked_param_type = "CloudfrontSignInput")] options: JsValue,
) -> Result<Object, JsValue> {
    let key_pair_id = require_key_pair_id(&options)?;
    let pem = get_pem(&options)?;
    let prepared = prepare_cookies(&options)?;
    let hash = js_sdk_hash(&options);
    let signature = cached_key(&pem)?
        .sign(&prepared.policy, hash)
        .map_err(|e| key_error(&e))?;
    finish_cookies(&prepared, &key_pair_id, &signature, hash)
}

// ---------------------------------------------------------------------------------------------
// Signer: parse once, sign natively where possible

/// A key parsed once. `await Signer.create(...)` signs with the host's WebCrypto when it has one.
#[wasm_bindgen]
pub struct Signer {
    key_pair_id: String,
    kind: KeyKind,
    hash: HashAlgorithm,
    /// The WebCrypto `CryptoKey`, when imported.
    native: Option<JsValue>,
    /// The key in PKCS#8, for the Rust signer (loaded on first use).
    pkcs8: Pkcs8Der,
    rust_key: RefCell<Option<Rc<PrivateKey>>>,
}

fn subtle() -> Option<JsValue> {
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).ok()?;
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).ok()?;
    subtle.is_object().then_some(subtle)
}

fn call_subtle(subtle: &JsValue, method: &str, args: &Array) -> Result<Promise, JsValue> {
    let f: js_sys::Function = Reflect::get(subtle, &JsValue::from_str(method))?.dyn_into()?;
    f.apply(subtle, args)?.dyn_into::<Promise>()
}

fn webcrypto_algorithm(kind: KeyKind, hash: HashAlgorithm) -> Result<Object, JsValue> {
    let o = Object::new();
    let hash = match hash {
        HashAlgorithm::Sha256 => "SHA-256",
        _ => "SHA-1",
    };
    match kind {
        KeyKind::Rsa => {
            Reflect::set(&o, &"name".into(), &"RSASSA-PKCS1-v1_5".into())?;
        }
        _ => {
            Reflect::set(&o, &"name".into(), &"ECDSA".into())?;
            Reflect::set(&o, &"namedCurve".into(), &"P-256".into())?;
        }
    }
    Reflect::set(&o, &"hash".into(), &hash.into())?;
    Ok(o)
}

#[wasm_bindgen]
impl Signer {
    /// Parses the key and, unless `native: false`, imports it into WebCrypto once.
    pub async fn create(
        #[wasm_bindgen(unchecked_param_type = "SignerOptions")] options: JsValue,
    ) -> Result<Signer, JsValue> {
        let mut signer = Self::create_sync(options.clone())?;
        let want_native =
            !get(&options, "native").is_falsy() || get(&options, "native").is_undefined();
        if want_native {
            if let Some(subtle) = subtle() {
                let algorithm = webcrypto_algorithm(signer.kind, signer.hash)?;
                let der = Uint8Array::from(signer.pkcs8.der());
                let usages = Array::of1(&JsValue::from_str("sign"));
                let args = Array::of5(&"pkcs8".into(), &der, &algorithm, &JsValue::FALSE, &usages);
                // A host that has WebCrypto but refuses the key or algorithm: keep the Rust path.
                if let Ok(promise) = call_subtle(&subtle, "importKey", &args) {
                    if let Ok(key) = JsFuture::from(promise).await {
                        signer.native = Some(key);
                    }
                }
            }
        }
        Ok(signer)
    }

    /// Parses the key for the Rust signer only (for hosts without WebCrypto).
    #[wasm_bindgen(js_name = createSync)]
    pub fn create_sync(
        #[wasm_bindgen(unchecked_param_type = "SignerOptions")] options: JsValue,
    ) -> Result<Signer, JsValue> {
        let key_pair_id = require_key_pair_id(&options)?;
        let pem = get_pem(&options)?;
        let pkcs8 = Pkcs8Der::from_pem(&pem).map_err(|e| key_error(&e))?;
        let kind = pkcs8.kind();
        let hash = match get_string(&options, "algorithm")?.as_deref() {
            None => kind.default_hash(),
            Some("SHA1") => HashAlgorithm::Sha1,
            Some("SHA256") => HashAlgorithm::Sha256,
            Some(other) => {
                return Err(error(
                    "invalid_option",
                    format!("algorithm {other:?} is neither \"SHA1\" nor \"SHA256\""),
                ))
            }
        };
        Ok(Signer {
            key_pair_id,
            kind,
            hash,
            native: None,
            pkcs8,
            rust_key: RefCell::new(None),
        })
    }

    /// Whether signatures are made by the host's WebCrypto.
    #[wasm_bindgen(getter)]
    pub fn native(&self) -> bool {
        self.native.is_some()
    }

    /// `"RSA"` or `"ECDSA P-256"`.
    #[wasm_bindgen(getter, js_name = keyType)]
    pub fn key_type(&self) -> String {
        self.kind.to_string()
    }

    /// The key ID.
    #[wasm_bindgen(getter, js_name = keyPairId)]
    pub fn key_pair_id(&self) -> String {
        self.key_pair_id.clone()
    }

    /// `"SHA1"` or `"SHA256"`.
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> String {
        self.hash.as_str().to_string()
    }

    fn rust_sign(&self, bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
        let key = {
            let mut slot = self.rust_key.borrow_mut();
            match slot.as_ref() {
                Some(k) => k.clone(),
                None => {
                    let k = Rc::new(
                        PrivateKey::from_pkcs8_der(self.pkcs8.der()).map_err(|e| key_error(&e))?,
                    );
                    *slot = Some(k.clone());
                    k
                }
            }
        };
        key.sign(bytes, self.hash).map_err(|e| key_error(&e))
    }

    async fn sign(&self, bytes: &[u8]) -> Result<Vec<u8>, JsValue> {
        let (Some(native), Some(subtle)) = (&self.native, subtle()) else {
            return self.rust_sign(bytes);
        };
        let algorithm = webcrypto_algorithm(self.kind, self.hash)?;
        let args = Array::of3(&algorithm, native, &Uint8Array::from(bytes));
        let result = JsFuture::from(call_subtle(&subtle, "sign", &args)?)
            .await
            .map_err(|_| error("signing_failed", "WebCrypto could not sign"))?;
        let raw = Uint8Array::new(&result).to_vec();
        match self.kind {
            KeyKind::Rsa => Ok(raw),
            _ => key::ecdsa_raw_to_der(&raw).map_err(|e| key_error(&e)),
        }
    }

    /// Signs a URL (options as `getSignedUrl`, without the key): same bytes as the drop-in.
    #[wasm_bindgen(js_name = getSignedUrl)]
    pub async fn get_signed_url(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Result<String, JsValue> {
        let prepared = prepare_url(&options)?;
        let signature = self.sign(&prepared.policy).await?;
        finish_url(&prepared, &self.key_pair_id, &signature, self.hash)
    }

    /// Signs cookies (options as `getSignedCookies`, without the key).
    #[wasm_bindgen(js_name = getSignedCookies, unchecked_return_type = "Promise<CloudfrontSignedCookiesOutput>")]
    pub async fn get_signed_cookies(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let prepared = prepare_cookies(&options)?;
        let signature = self.sign(&prepared.policy).await?;
        finish_cookies(&prepared, &self.key_pair_id, &signature, self.hash).map(Into::into)
    }

    /// Signs a URL with the Rust signer, synchronously.
    #[wasm_bindgen(js_name = getSignedUrlSync)]
    pub fn get_signed_url_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Result<String, JsValue> {
        let prepared = prepare_url(&options)?;
        let signature = self.rust_sign(&prepared.policy)?;
        finish_url(&prepared, &self.key_pair_id, &signature, self.hash)
    }

    /// Signs cookies with the Rust signer, synchronously.
    #[wasm_bindgen(js_name = getSignedCookiesSync, unchecked_return_type = "CloudfrontSignedCookiesOutput")]
    pub fn get_signed_cookies_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Result<Object, JsValue> {
        let prepared = prepare_cookies(&options)?;
        let signature = self.rust_sign(&prepared.policy)?;
        finish_cookies(&prepared, &self.key_pair_id, &signature, self.hash)
    }
}

// ---------------------------------------------------------------------------------------------
// Verification

std::thread_local! {
    /// Key groups by handle, so that `verifySignedUrl` can find the one named in its options.
    static KEY_GROUPS: RefCell<Vec<(u32, Rc<RefCell<crate::KeyGroup>>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_HANDLE: core::cell::Cell<u32> = const { core::cell::Cell::new(1) };
    static NATIVE_KEYS: RefCell<NativeKeys> = const { RefCell::new(Vec::new()) };
}

/// Drops a key group's imported keys. Entries are keyed by the key's own SPKI bytes, so a replaced
/// key never matches a stale import, even one that finishes after the replacement.
fn forget_native(handle: u32) {
    NATIVE_KEYS.with(|n| n.borrow_mut().retain(|(h, _, _, _)| *h != handle));
}

/// The public keys CloudFront trusts, by ID: parse them once, verify many requests.
#[wasm_bindgen]
pub struct KeyGroup {
    handle: u32,
    inner: Rc<RefCell<crate::KeyGroup>>,
}

/// WebCrypto `CryptoKey`s imported for `verifySignedUrlAsync`, by key group handle, key ID and hash
/// (an RSA `CryptoKey` is bound to one hash).
type NativeKeys = Vec<(u32, Vec<u8>, HashAlgorithm, JsValue)>;

#[wasm_bindgen]
impl KeyGroup {
    /// An empty key group.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> KeyGroup {
        let handle = NEXT_HANDLE.with(|n| {
            let h = n.get();
            n.set(h.wrapping_add(1).max(1));
            h
        });
        let inner = Rc::new(RefCell::new(crate::KeyGroup::new()));
        KEY_GROUPS.with(|g| g.borrow_mut().push((handle, inner.clone())));
        KeyGroup { handle, inner }
    }

    /// Adds (or replaces) a public key: its ID and SPKI PEM (`BEGIN PUBLIC KEY`).
    pub fn add(&self, id: &str, pem: &str) -> Result<(), JsValue> {
        if id.is_empty() {
            return Err(error("invalid_option", "a key ID is required"));
        }
        let key = PublicKey::from_pem(pem).map_err(|e| {
            let code = if matches!(
                e,
                KeyError::RsaKeySize { .. }
                    | KeyError::UnsupportedCurve { .. }
                    | KeyError::UnsupportedAlgorithm { .. }
            ) {
                "unsupported_key"
            } else {
                "invalid_key"
            };
            error(code, format!("public key {id}: {e}"))
        })?;
        self.inner.borrow_mut().insert(id, key);
        forget_native(self.handle);
        Ok(())
    }

    /// Removes a key; whether it was there.
    pub fn remove(&self, id: &str) -> bool {
        forget_native(self.handle);
        self.inner.borrow_mut().remove(id)
    }

    /// The key IDs.
    #[wasm_bindgen(getter, unchecked_return_type = "string[]")]
    pub fn ids(&self) -> Array {
        self.inner
            .borrow()
            .ids()
            .into_iter()
            .map(JsValue::from)
            .collect()
    }

    /// The number of keys.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.borrow().len()
    }

    /// The handle `verifySignedUrl` finds this key group by.
    #[wasm_bindgen(getter, js_name = __cfsignHandle)]
    pub fn handle(&self) -> u32 {
        self.handle
    }
}

impl Drop for KeyGroup {
    fn drop(&mut self) {
        let handle = self.handle;
        KEY_GROUPS.with(|g| g.borrow_mut().retain(|(h, _)| *h != handle));
        forget_native(handle);
    }
}

fn to_js(value: &serde_json::Value) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| error("internal", e))?;
    js_sys::JSON::parse(&text)
}

/// The key group and request of `verifySignedUrl`'s options.
struct VerifyInputs {
    handle: u32,
    keys: Rc<RefCell<crate::KeyGroup>>,
    now: u64,
    client_ip: Option<core::net::IpAddr>,
    cookies: Option<String>,
    skew: u64,
}

fn verify_inputs(options: &JsValue) -> Result<VerifyInputs, JsValue> {
    let group = get(options, "keyGroup");
    let handle = Reflect::get(&group, &JsValue::from_str("__cfsignHandle"))
        .ok()
        .and_then(|h| h.as_f64())
        .ok_or_else(|| error("invalid_option", "keyGroup must be a KeyGroup"))?
        as u32;
    let keys = KEY_GROUPS
        .with(|g| {
            g.borrow()
                .iter()
                .find(|(h, _)| *h == handle)
                .map(|(_, k)| k.clone())
        })
        .ok_or_else(|| error("invalid_option", "keyGroup was freed"))?;
    let now_value = get(options, "now");
    let now_ms = if now_value.is_undefined() || now_value.is_null() {
        Date::now()
    } else {
        Date::new(&now_value).get_time()
    };
    if now_ms.is_nan() || now_ms < 0.0 {
        return Err(error(
            "invalid_date",
            "now must be a Date, a date string or milliseconds since 1970",
        ));
    }
    let client_ip = match get_string(options, "clientIp")? {
        Some(ip) if !ip.is_empty() => Some(ip.parse().map_err(|_| {
            error(
                "invalid_ip",
                format!("clientIp {ip:?} is not an IPv4 or IPv6 address"),
            )
        })?),
        _ => None,
    };
    let cookies = get_string(options, "cookies")?;
    // At most a day: an unbounded skew would switch the date checks off.
    let skew = get(options, "skew")
        .as_f64()
        .filter(|s| s.is_finite() && *s >= 0.0)
        .unwrap_or(0.0)
        .min(86_400.0) as u64;
    Ok(VerifyInputs {
        handle,
        keys,
        now: (now_ms / 1000.0).floor() as u64,
        client_ip,
        cookies,
        skew,
    })
}

impl VerifyInputs {
    fn request<'a>(&'a self, url: &'a str) -> crate::Request<'a> {
        crate::Request {
            url,
            now: self.now,
            client_ip: self.client_ip,
            cookies: self.cookies.as_deref(),
            skew: self.skew,
        }
    }
}

/// Decides as CloudFront would whether `url` (with `cookies`) is allowed, and why not. The
/// signature is checked by the Rust verifier.
#[wasm_bindgen(js_name = verifySignedUrl, unchecked_return_type = "Verdict")]
pub fn verify_signed_url(
    url: &str,
    #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let inputs = verify_inputs(&options)?;
    let verdict = crate::verify(&inputs.request(url), &inputs.keys.borrow());
    to_js(&verdict.to_json())
}

/// Like `verifySignedUrl`, with the signature checked by the host's WebCrypto when it has one (the
/// public key is imported once per key group, key and hash); falls back to Rust otherwise.
#[wasm_bindgen(js_name = verifySignedUrlAsync, unchecked_return_type = "Promise<Verdict>")]
pub async fn verify_signed_url_async(
    url: String,
    #[wasm_bindgen(unchecked_param_type = "VerifyOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let inputs = verify_inputs(&options)?;
    let pending = crate::Pending::new(&inputs.request(&url), &inputs.keys.borrow());
    let valid = match pending.signature_check() {
        None => None,
        Some(check) => Some(match native_verify(inputs.handle, &check).await {
            Some(v) => v,
            None => check.key.verify(check.message, check.signature, check.hash),
        }),
    };
    to_js(&pending.finish(valid).to_json())
}

/// Checks a signature with WebCrypto; `None` when WebCrypto is missing or refuses the key.
async fn native_verify(handle: u32, check: &crate::verify::SignatureCheck<'_>) -> Option<bool> {
    let subtle = subtle()?;
    let kind = check.key.kind();
    let spki = check.key.to_spki_der().ok()?;
    let cached = NATIVE_KEYS.with(|n| {
        n.borrow()
            .iter()
            .find(|(h, der, hash, _)| *h == handle && *der == spki && *hash == check.hash)
            .map(|(_, _, _, k)| k.clone())
    });
    let crypto_key = match cached {
        Some(k) => k,
        None => {
            let der = Uint8Array::from(spki.as_slice());
            let algorithm = webcrypto_algorithm(kind, check.hash).ok()?;
            let args = Array::of5(
                &"spki".into(),
                &der,
                &algorithm,
                &JsValue::FALSE,
                &Array::of1(&"verify".into()),
            );
            let k = JsFuture::from(call_subtle(&subtle, "importKey", &args).ok()?)
                .await
                .ok()?;
            NATIVE_KEYS.with(|n| {
                let mut n = n.borrow_mut();
                if !n
                    .iter()
                    .any(|(h, der, hash, _)| *h == handle && *der == spki && *hash == check.hash)
                {
                    n.push((handle, spki.clone(), check.hash, k.clone()));
                }
            });
            k
        }
    };
    let signature = match kind {
        KeyKind::Rsa => check.signature.to_vec(),
        // WebCrypto takes raw r || s; a signature that is not valid DER is simply invalid.
        _ => match key::ecdsa_der_to_raw(check.signature) {
            Some(raw) => raw,
            None => return Some(false),
        },
    };
    let algorithm = webcrypto_algorithm(kind, check.hash).ok()?;
    let args = Array::new();
    args.push(&algorithm);
    args.push(&crypto_key);
    args.push(&Uint8Array::from(signature.as_slice()));
    args.push(&Uint8Array::from(check.message));
    let result = JsFuture::from(call_subtle(&subtle, "verify", &args).ok()?)
        .await
        .ok()?;
    result.as_bool()
}

/// What a signed URL, a Cookie header or Set-Cookie lines carry (no key needed, nothing verified).
#[wasm_bindgen(js_name = decodeSignedUrl, unchecked_return_type = "Decoded")]
pub fn decode_signed_url(input: &str) -> Result<JsValue, JsValue> {
    let decoded = if crate::decode::looks_like_cookies(input) {
        crate::decode_cookies(input)
    } else {
        crate::decode_url(input)
    };
    to_js(&decoded.to_json())
}

/// Parses policy JSON as the verifier does; throws `invalid_policy` with the reason.
#[wasm_bindgen(js_name = parsePolicy, unchecked_return_type = "PolicyInfo")]
pub fn parse_policy(json: &str) -> Result<JsValue, JsValue> {
    let doc = PolicyDocument::parse(json.as_bytes()).map_err(|e| error("invalid_policy", e))?;
    to_js(&serde_json::json!({
        "resource": doc.resource,
        "date_less_than": doc.date_less_than,
        "date_less_than_utc": crate::time::format_utc(doc.date_less_than),
        "date_greater_than": doc.date_greater_than,
        "date_greater_than_utc": doc.date_greater_than.map(crate::time::format_utc),
        "source_ip": doc.source_ip,
    }))
}

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
