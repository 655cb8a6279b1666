//! The options of every function that takes some: `serde` derives (read by [`super::js`]), with
//! dates as the AWS JS SDK reads them (`new Date(value)`: a `Date`, a date string, milliseconds;
//! the SDK's rules are in [`cfsign::js_sdk`]) and keys as PEM text or its bytes.

use alloc::string::String;

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::error::{Code, Error};
use super::expires;
use super::js::{from_js, millis, pem_text};
use cfsign::js_sdk::{self, JsDate};
use cfsign::key::HashAlgorithm;
use cfsign::policy::{IpRange, Policy, MAX_EPOCH};

/// A date as `new Date(value)` reads it, for the SDK's `parseDate`. `value` is an option as
/// [`super::js`] read it: a primitive, or a fresh `Date` (or `Uint8Array`) it made, whose time is
/// read as it is (an object is never falsy), without making another `Date` of it.
pub(crate) fn js_date(value: &JsValue) -> JsDate {
    let ms = match value.dyn_ref::<js_sys::Date>() {
        Some(date) => date.get_time(),
        None if value.is_falsy() => return JsDate::Falsy,
        None => millis(value),
    };
    if ms.is_nan() {
        JsDate::Invalid
    } else {
        JsDate::Millis(ms)
    }
}

/// A `DateLike` as whole epoch seconds (`floor`: a policy never outlives what was asked),
/// within what CloudFront accepts. `None` when absent.
pub(crate) fn epoch_seconds(value: &JsValue, name: &'static str) -> Result<Option<u64>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let ms = millis(value);
    // Seconds given where milliseconds are read (`1893456000` is January 1970): the core's rule.
    js_sdk::check_millis(name, ms)?;
    let seconds = (ms / 1000.0) as i64;
    if ms.is_nan() || ms < 0.0 || seconds > MAX_EPOCH as i64 {
        return Err(Error::new(
            Code::InvalidDate,
            format_args!("{name} must be a Date, a date string or milliseconds, not before 1970"),
        ));
    }
    Ok(Some(seconds as u64))
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

/// The options of `getSignedUrl` and `getSignedCookies`: what to sign (a `Signer`'s options,
/// [`SignerSignInput`]) and the key ([`KeyInput`]). Two derives read in turn rather than one
/// with every field: what to sign is read by the `Signer`'s own derive, so the drop-in adds only
/// the key's four fields (one serde derive fewer in the lite `.wasm`: see CHANGELOG).
pub(crate) struct SignInput {
    sign: SignerSignInput,
    key: KeyInput,
}

/// The key of `getSignedUrl` and `getSignedCookies`, read after [`SignerSignInput`]'s fields (the
/// order in which the options are read and their errors found is the one of both lists).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct KeyInput {
    #[serde(default)]
    key_pair_id: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    private_key: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    algorithm: JsValue,
    #[serde(default)]
    passphrase: Option<String>,
}

impl SignInput {
    /// Reads the options (`expires` resolved into `dateLessThan`).
    pub(crate) fn read(options: &JsValue) -> Result<Self, Error> {
        let mut sign: SignerSignInput = from_js(options)?;
        let key: KeyInput = from_js(options)?;
        expires::resolve(options, &mut sign.date_less_than)?;
        Ok(Self { sign, key })
    }

    /// `passphrase`, for an encrypted key.
    pub(crate) fn passphrase(&self) -> Option<&str> {
        self.key.passphrase.as_deref()
    }

    /// `allowPast: true`: an expiry in the past is signed without the warning.
    pub(crate) fn allow_past(&self) -> bool {
        self.sign.allow_past()
    }

    /// The SDK's view of the options.
    pub(crate) fn js_sdk(&self) -> js_sdk::Input<'_> {
        self.sign.js_sdk()
    }

    /// `algorithm` as the SDK reads it (anything but `"SHA256"` is SHA-1).
    pub(crate) fn hash(&self) -> HashAlgorithm {
        js_sdk::hash_algorithm(self.key.algorithm.as_string().as_deref())
    }

    /// `keyPairId`, as the SDK takes it (any non-empty string).
    pub(crate) fn key_pair_id(&self) -> Result<&str, Error> {
        required_key_pair_id(&self.key.key_pair_id)
    }

    pub(crate) fn pem(&self) -> Result<String, Error> {
        pem_text(&self.key.private_key)
    }
}

/// The SDK's view of the options: empty strings are falsy to it, and dates are what `new Date`
/// makes of them.
fn sdk_input<'a>(
    url: &'a Option<String>,
    policy: &'a Option<String>,
    date_less_than: &JsValue,
    date_greater_than: &JsValue,
    ip_address: &'a Option<String>,
) -> js_sdk::Input<'a> {
    fn truthy(s: &Option<String>) -> Option<&str> {
        s.as_deref().filter(|s| !s.is_empty())
    }
    js_sdk::Input {
        url: truthy(url),
        policy: truthy(policy),
        date_less_than: js_date(date_less_than),
        date_greater_than: js_date(date_greater_than),
        ip_address: truthy(ip_address),
    }
}

/// What to sign: the options of a `Signer`'s `getSignedUrl` and `getSignedCookies` (those of
/// [`SignInput`] without the key).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SignerSignInput {
    #[serde(default)]
    url: Option<String>,
    /// Sign an expiry in the past without the warning.
    #[serde(default)]
    allow_past: Option<bool>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    date_less_than: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    date_greater_than: JsValue,
    #[serde(default)]
    ip_address: Option<String>,
    #[serde(default)]
    policy: Option<String>,
}

impl SignerSignInput {
    /// Reads the options (`expires` resolved into `dateLessThan`).
    pub(crate) fn read(options: &JsValue) -> Result<Self, Error> {
        let mut input: Self = from_js(options)?;
        expires::resolve(options, &mut input.date_less_than)?;
        Ok(input)
    }

    /// `allowPast: true`: an expiry in the past is signed without the warning.
    pub(crate) fn allow_past(&self) -> bool {
        self.allow_past == Some(true)
    }

    /// The SDK's view of the options.
    pub(crate) fn js_sdk(&self) -> js_sdk::Input<'_> {
        sdk_input(
            &self.url,
            &self.policy,
            &self.date_less_than,
            &self.date_greater_than,
            &self.ip_address,
        )
    }
}

/// The options of `Signer.create`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SignerOptions {
    #[serde(default)]
    key_pair_id: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    private_key: JsValue,
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    passphrase: Option<String>,
    #[serde(default)]
    pub(crate) native: Option<bool>,
    /// ECDSA by RFC 6979 (Rust's P-256, the full build) instead of the host's randomized crypto.
    #[serde(default)]
    pub(crate) deterministic: Option<bool>,
}

impl SignerOptions {
    /// `passphrase`, for an encrypted key.
    pub(crate) fn passphrase(&self) -> Option<&str> {
        self.passphrase.as_deref()
    }

    /// `keyPairId`, checked as a CloudFront key ID (what the crate, the CLI and the edge handler
    /// take): a key, or `K1; Domain=evil.example`, never reaches a URL or a `Set-Cookie` line.
    pub(crate) fn key_pair_id(&self) -> Result<&str, Error> {
        let id = required_key_pair_id(&self.key_pair_id)?;
        cfsign::sign::check_key_pair_id(id)?;
        Ok(id)
    }

    pub(crate) fn pem(&self) -> Result<String, Error> {
        pem_text(&self.private_key)
    }

    /// `"SHA1"`, `"SHA256"`, or the key type's default.
    pub(crate) fn hash(&self) -> Result<Option<HashAlgorithm>, Error> {
        match self.algorithm.as_deref() {
            None => Ok(None),
            Some("SHA1") => Ok(Some(HashAlgorithm::Sha1)),
            Some("SHA256") => Ok(Some(HashAlgorithm::Sha256)),
            Some(_) => Err(Error::option(
                "algorithm",
                "is neither \"SHA1\" nor \"SHA256\"",
            )),
        }
    }
}

/// A policy as `buildPolicy` and `signCookies` take it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PolicyInput {
    #[serde(default)]
    resource: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    date_less_than: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    date_greater_than: JsValue,
    #[serde(default)]
    ip_address: Option<String>,
}

impl PolicyInput {
    /// Reads the policy's options (`expires` resolved into `dateLessThan`).
    pub(crate) fn read(value: &JsValue) -> Result<Self, Error> {
        let mut input: Self = from_js(value)?;
        expires::resolve(value, &mut input.date_less_than)?;
        Ok(input)
    }

    /// The policy, checked as the AWS CLI checks it.
    pub(crate) fn policy(&self) -> Result<Policy, Error> {
        let resource = self
            .resource
            .as_deref()
            .ok_or_else(|| Error::option("resource", "is required"))?;
        if self.date_less_than.is_undefined() {
            return Err(Error::option("dateLessThan", "is required"));
        }
        let date_less_than = epoch_seconds(&self.date_less_than, "dateLessThan")?
            .ok_or_else(|| Error::new(Code::InvalidDate, "dateLessThan is required"))?;
        let date_greater_than = epoch_seconds(&self.date_greater_than, "dateGreaterThan")?;
        let ip_range = self
            .ip_address
            .as_deref()
            .filter(|ip| !ip.is_empty())
            .map(IpRange::parse)
            .transpose()?;
        Ok(Policy::with_conditions(
            resource,
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
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    now: JsValue,
    #[serde(default)]
    client_ip: Option<String>,
    #[serde(default)]
    cookies: Option<String>,
    #[serde(default)]
    skew: Option<f64>,
    #[serde(default)]
    diagnose: Option<bool>,
    #[serde(default)]
    expect_host: Option<String>,
    repair: Option<bool>,
}

/// A request to verify, read from [`VerifyOptions`].
pub(crate) struct VerifyRequest {
    now: u64,
    client_ip: Option<core::net::IpAddr>,
    cookies: Option<String>,
    skew: u64,
    /// Whether a bad signature is diagnosed (default: no: a guard pays nothing extra for a forged
    /// request, and no other trusted key is named).
    #[cfg_attr(not(feature = "on-call"), allow(dead_code))]
    pub(crate) diagnose: bool,
    #[cfg_attr(not(feature = "on-call"), allow(dead_code))]
    expect_host: Option<String>,
    repair: bool,
}

impl VerifyOptions {
    /// The options of `diagnose`, read as `verify`'s.
    #[cfg(feature = "doctor")]
    pub(crate) fn from_parts(
        now: JsValue,
        client_ip: Option<String>,
        cookies: Option<String>,
    ) -> Self {
        Self {
            now,
            client_ip,
            cookies,
            skew: None,
            // The doctor decides as CloudFront does: no diagnosis of the signature, no repair.
            diagnose: Some(false),
            expect_host: None,
            repair: Some(false),
        }
    }

    pub(crate) fn request(&self) -> Result<VerifyRequest, Error> {
        let now = expires::request_time(&self.now)?;
        let client_ip = match self.client_ip.as_deref().filter(|ip| !ip.is_empty()) {
            Some(ip) => Some(ip.parse::<core::net::IpAddr>().map_err(|_| {
                Error::new(Code::InvalidIp, "clientIp is not an IPv4 or IPv6 address")
            })?),
            None => None,
        };
        // At most a day: an unbounded skew would switch the date checks off.
        let skew = self
            .skew
            .filter(|s| s.is_finite() && *s >= 0.0)
            .unwrap_or(0.0)
            .min(86_400.0) as u64;
        let expect_host = self.expect_host.as_deref().filter(|h| !h.is_empty());
        if expect_host.is_some_and(|h| !cfsign::verify::diagnose::is_host(h)) {
            return Err(Error::new(
                Code::InvalidOption,
                "expectHost must be a host name such as cdn.example.com (with a :port if any), without a scheme or path",
            ));
        }
        #[cfg(not(feature = "on-call"))]
        self.refuse_on_call()?;
        Ok(VerifyRequest {
            now,
            client_ip,
            cookies: self.cookies.clone(),
            skew,
            diagnose: self.diagnose.unwrap_or(false),
            expect_host: expect_host.map(Into::into),
            repair: self.repair.unwrap_or(false),
        })
    }
}

impl VerifyOptions {
    /// What the lite build leaves to `cfsign/full` (feature `on-call`), refused rather than
    /// decided otherwise: the diagnosis of a bad signature, the repair of a pasted URL, and
    /// `Set-Cookie` lines, which the full build reads as a browser keeps and sends them.
    #[cfg(not(feature = "on-call"))]
    fn refuse_on_call(&self) -> Result<(), Error> {
        let refused = if self.diagnose == Some(true) {
            "diagnose: the diagnosis of a bad signature is in cfsign/full only (import \"cfsign/full\")"
        } else if self.repair == Some(true) {
            "repair: the repair of a pasted URL is in cfsign/full only (import \"cfsign/full\")"
        } else if self
            .cookies
            .as_deref()
            .is_some_and(cfsign::decode::has_set_cookie_line)
        {
            "cookies: Set-Cookie lines are read as a browser keeps them in cfsign/full only (import \"cfsign/full\"); here, give the Cookie header a browser sends"
        } else {
            return Ok(());
        };
        Err(Error::new(Code::Unsupported, refused))
    }
}

impl VerifyRequest {
    /// What the diagnosis of a bad signature may use besides the request.
    #[cfg(feature = "on-call")]
    pub(crate) fn hints(&self) -> cfsign::verify::Hints<'_> {
        cfsign::verify::Hints {
            expect_host: self.expect_host.as_deref(),
        }
    }

    pub(crate) fn for_url<'a>(&'a self, url: &'a str) -> cfsign::Request<'a> {
        cfsign::Request {
            url,
            now: self.now,
            client_ip: self.client_ip,
            cookies: self.cookies.as_deref(),
            skew: self.skew,
            repair: self.repair,
        }
    }
}
