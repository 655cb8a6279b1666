//! Options in, results out: serde derives, read by [`de`] (our deserializer over JS values), with
//! the few JS values serde cannot read (dates, key bytes) kept whole as [`Whole`], and
//! written by [`ser`] (our serializer to JS values).

use alloc::string::String;

use js_sys::{Date, Uint8Array};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::error::{Code, Error};
use cfsign::js_sdk::{self, JsDate};
use cfsign::key::HashAlgorithm;
use cfsign::policy::{IpRange, Policy, MAX_EPOCH};

mod de;
mod ser;

pub(crate) use de::DeError;
use de::Whole;

// The caller's code (`valueOf`, `toString`, getters) must never throw through the WebAssembly
// frames (see [`de`]): dates are made by `new Date(...)` with the exception caught.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = Date)]
    type CaughtDate;
    #[wasm_bindgen(constructor, js_class = "Date", catch)]
    fn new(value: &JsValue) -> Result<CaughtDate, JsValue>;
    #[wasm_bindgen(method, js_class = "Date", js_name = getTime)]
    fn get_time(this: &CaughtDate) -> f64;
}

/// `new Date(value).getTime()`: NaN where it is not a date, or where making one throws.
fn millis(value: &JsValue) -> f64 {
    CaughtDate::new(value).map_or(f64::NAN, |d| d.get_time())
}

/// Reads options of type `T` from a JS value (see [`de`]).
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, Error> {
    Ok(de::from_value(value)?)
}

/// A result as a plain JS value: objects (not `Map`s), `null` for `None`, numbers for `u64`.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    match value.serialize(ser::Serializer) {
        Ok(v) => v,
        Err(e) => match e {},
    }
}

/// A result the core wrote as JSON text (a verdict, a decoded URL, a policy), as a plain JS
/// value: `JSON.parse`, where the text is made, is smaller than a serde value passed member by
/// member, and gives the same objects (numbers, `null`s, member order).
pub(crate) fn json_to_js(json: &str) -> Result<JsValue, Error> {
    js_sys::JSON::parse(json).map_err(|_| Error::new(Code::InvalidOption, "result is not JSON"))
}

/// A date as `new Date(value)` reads it, for the SDK's `parseDate`.
pub(crate) fn js_date(value: &JsValue) -> JsDate {
    if value.is_falsy() {
        return JsDate::Falsy;
    }
    let ms = millis(value);
    if ms.is_nan() {
        JsDate::Invalid
    } else {
        JsDate::Millis(ms)
    }
}

/// A `DateLike` as whole epoch seconds (`floor`: a policy never outlives what was asked),
/// within what CloudFront accepts. `None` when absent.
pub(crate) fn epoch_seconds(value: &JsValue, name: &str) -> Result<Option<u64>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let ms = millis(value);
    let seconds = (ms / 1000.0) as i64;
    if ms.is_nan() || ms < 0.0 || seconds > MAX_EPOCH as i64 {
        return Err(Error::new(
            Code::InvalidDate,
            format_args!("{name} must be a Date, a date string or milliseconds, not before 1970"),
        ));
    }
    Ok(Some(seconds as u64))
}

/// A private key given as PEM text or its bytes (a Buffer or Uint8Array).
fn pem_text(value: &JsValue) -> Result<String, Error> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    if value.is_instance_of::<Uint8Array>() {
        return String::from_utf8(Uint8Array::from(value.clone()).to_vec())
            .map_err(|_| Error::new(Code::InvalidKey, "privateKey bytes are not PEM text"));
    }
    Err(Error::new(
        Code::InvalidKey,
        "privateKey must be a PEM string (PKCS#1, PKCS#8 or SEC1)",
    ))
}

fn required_key_pair_id(id: &Option<String>) -> Result<&str, Error> {
    match id.as_deref() {
        Some(id) if !id.is_empty() => Ok(id),
        _ => Err(Error::new(
            Code::InvalidOption,
            "keyPairId is required: the ID of the public key in the trusted key group",
        )),
    }
}

/// The options of `getSignedUrl` and `getSignedCookies`: what to sign (a `Signer`'s options) and
/// the key, each read once from the same object.
pub(crate) struct SignInput {
    what: SignerSignInput,
    key: KeyInput,
}

/// The key half of [`SignInput`].
///
/// Each optional field has its own `#[serde(default)]` rather than the struct one: a struct
/// default is built whole before reading, its fields moved out one by one and the rest dropped
/// (0.1 KB gzipped more for the four structs).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeyInput {
    #[serde(default)]
    key_pair_id: Option<String>,
    #[serde(default)]
    private_key: Whole,
    #[serde(default)]
    algorithm: Whole,
    #[serde(default)]
    passphrase: Option<String>,
}

impl SignInput {
    /// Reads the options.
    pub(crate) fn read(options: JsValue) -> Result<Self, Error> {
        Ok(Self {
            what: from_js(options.clone())?,
            key: from_js(options)?,
        })
    }

    /// `passphrase`, for an encrypted key.
    pub(crate) fn passphrase(&self) -> Option<&str> {
        self.key.passphrase.as_deref()
    }

    /// The SDK's view of the options.
    pub(crate) fn js_sdk(&self) -> js_sdk::Input<'_> {
        self.what.js_sdk()
    }

    /// `algorithm` as the SDK reads it.
    pub(crate) fn hash(&self) -> HashAlgorithm {
        js_sdk::hash_algorithm(self.key.algorithm.0.as_string().as_deref())
    }

    pub(crate) fn key_pair_id(&self) -> Result<&str, Error> {
        required_key_pair_id(&self.key.key_pair_id)
    }

    pub(crate) fn pem(&self) -> Result<String, Error> {
        pem_text(&self.key.private_key.0)
    }
}

/// What to sign: the options of a `Signer`'s `getSignedUrl` and `getSignedCookies`, and the
/// first half of [`SignInput`].
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SignerSignInput {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    date_less_than: Whole,
    #[serde(default)]
    date_greater_than: Whole,
    #[serde(default)]
    ip_address: Option<String>,
    #[serde(default)]
    policy: Option<String>,
}

impl SignerSignInput {
    /// The SDK's view of the options: empty strings are falsy to it, and dates are what
    /// `new Date` makes of them.
    pub(crate) fn js_sdk(&self) -> js_sdk::Input<'_> {
        fn truthy(s: &Option<String>) -> Option<&str> {
            s.as_deref().filter(|s| !s.is_empty())
        }
        js_sdk::Input {
            url: truthy(&self.url),
            policy: truthy(&self.policy),
            date_less_than: js_date(&self.date_less_than.0),
            date_greater_than: js_date(&self.date_greater_than.0),
            ip_address: truthy(&self.ip_address),
        }
    }
}

/// The options of `Signer.create`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SignerOptions {
    #[serde(default)]
    key_pair_id: Option<String>,
    #[serde(default)]
    private_key: Whole,
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    passphrase: Option<String>,
    #[serde(default)]
    pub(crate) native: Option<bool>,
}

impl SignerOptions {
    /// `passphrase`, for an encrypted key.
    pub(crate) fn passphrase(&self) -> Option<&str> {
        self.passphrase.as_deref()
    }

    pub(crate) fn key_pair_id(&self) -> Result<&str, Error> {
        required_key_pair_id(&self.key_pair_id)
    }

    pub(crate) fn pem(&self) -> Result<String, Error> {
        pem_text(&self.private_key.0)
    }

    /// `"SHA1"`, `"SHA256"`, or the key type's default.
    pub(crate) fn hash(&self) -> Result<Option<HashAlgorithm>, Error> {
        match self.algorithm.as_deref() {
            None => Ok(None),
            Some("SHA1") => Ok(Some(HashAlgorithm::Sha1)),
            Some("SHA256") => Ok(Some(HashAlgorithm::Sha256)),
            Some(other) => Err(Error::new(
                Code::InvalidOption,
                format_args!("algorithm {other:?} is neither \"SHA1\" nor \"SHA256\""),
            )),
        }
    }
}

/// A policy as `buildPolicy` and `signCookies` take it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PolicyInput {
    resource: String,
    date_less_than: Whole,
    #[serde(default)]
    date_greater_than: Whole,
    #[serde(default)]
    ip_address: Option<String>,
}

impl PolicyInput {
    /// The policy, checked as the AWS CLI checks it.
    pub(crate) fn policy(&self) -> Result<Policy, Error> {
        let date_less_than = epoch_seconds(&self.date_less_than.0, "dateLessThan")?
            .ok_or_else(|| Error::new(Code::InvalidDate, "dateLessThan is required"))?;
        let date_greater_than = epoch_seconds(&self.date_greater_than.0, "dateGreaterThan")?;
        let ip_range = self
            .ip_address
            .as_deref()
            .filter(|ip| !ip.is_empty())
            .map(IpRange::parse)
            .transpose()?;
        Ok(Policy::with_conditions(
            &self.resource,
            date_less_than,
            date_greater_than,
            ip_range,
        )?)
    }
}

/// The options of `keyGroup.verify` and `keyGroup.verifyAsync`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct VerifyOptions {
    #[serde(default)]
    now: Whole,
    #[serde(default)]
    client_ip: Option<String>,
    #[serde(default)]
    cookies: Option<String>,
    #[serde(default)]
    skew: Option<f64>,
}

/// A request to verify, read from [`VerifyOptions`].
pub(crate) struct VerifyRequest {
    now: u64,
    client_ip: Option<core::net::IpAddr>,
    cookies: Option<String>,
    skew: u64,
}

impl VerifyOptions {
    pub(crate) fn request(&self) -> Result<VerifyRequest, Error> {
        let now_ms = if self.now.0.is_undefined() || self.now.0.is_null() {
            Date::now()
        } else {
            millis(&self.now.0)
        };
        if now_ms.is_nan() || now_ms < 0.0 {
            return Err(Error::new(
                Code::InvalidDate,
                "now must be a Date, a date string or milliseconds since 1970",
            ));
        }
        let client_ip = match self.client_ip.as_deref().filter(|ip| !ip.is_empty()) {
            Some(ip) => Some(ip.parse::<core::net::IpAddr>().map_err(|_| {
                Error::new(
                    Code::InvalidIp,
                    format_args!("clientIp {ip:?} is not an IPv4 or IPv6 address"),
                )
            })?),
            None => None,
        };
        // At most a day: an unbounded skew would switch the date checks off.
        let skew = self
            .skew
            .filter(|s| s.is_finite() && *s >= 0.0)
            .unwrap_or(0.0)
            .min(86_400.0) as u64;
        Ok(VerifyRequest {
            now: (now_ms / 1000.0) as u64,
            client_ip,
            cookies: self.cookies.clone(),
            skew,
        })
    }
}

impl VerifyRequest {
    pub(crate) fn for_url<'a>(&'a self, url: &'a str) -> cfsign::Request<'a> {
        cfsign::Request {
            url,
            now: self.now,
            client_ip: self.client_ip,
            cookies: self.cookies.as_deref(),
            skew: self.skew,
        }
    }
}
