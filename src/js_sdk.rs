//! The rules of `@aws-sdk/cloudfront-signer` 3.x (`getSignedUrl`, `getSignedCookies`), on plain
//! Rust input, so that a drop-in replacement produces the SDK's bytes for every input the SDK
//! accepts and its error messages wherever it throws.
//!
//! Source: the SDK's `dist-cjs/index.js` (3.1166), checked against its outputs in
//! `tests/vectors/sdk_vectors.json`. What differs from botocore and the AWS CLI:
//!
//! - The URL is percent-encoded before signing ([`crate::url::encode_like_js_sdk`]); the encoded URL
//!   is also the canned policy's resource. Cookies are not encoded.
//! - Parameters come as `Expires`|`Policy`, `Key-Pair-Id` (percent-encoded), `Signature`, then
//!   `Hash-Algorithm`; a custom policy's conditions as `DateLessThan`, `DateGreaterThan`,
//!   `IpAddress`.
//! - Dates are whatever `new Date(value)` makes of them, rounded to the nearest second; a falsy or
//!   zero start is ignored. The host turns its date values into [`JsDate`].
//! - `algorithm` means SHA-256 only when it is exactly `"SHA256"`.
//! - IP ranges are read by its `parseCIDR` ([`parse_cidr`]), with its messages.
//!
//! Where the SDK signs something that can never work, this module refuses instead (issue 21):
//! a date before 1970, a start after the expiry, a policy string CloudFront calls malformed
//! ([`Error::Policy`], [`Error::PolicyJson`]); a date under 10^11 milliseconds, which is seconds
//! given where the SDK reads milliseconds ([`Error::SecondsNotMillis`]); a `url` without
//! `dateLessThan` ([`Error::MissingDateLessThan`], where the SDK says only "Invalid policy"); and
//! with [`Error::Unsignable`] a URL that already carries signing parameters, a URL with a `#`
//! (the SDK encodes it into the path as `%23`, or its parameters would follow it), a URL that does
//! not match the `policy` given, a signed URL over 8,192 bytes, and cookies whose policy is over
//! 8,192 bytes. An expiry in the past is the caller's to judge ([`Prepared::check_expiry`], with
//! the host's clock): the drop-in warns once, since the SDK's own test vectors use dates that are
//! now past.

use alloc::string::{String, ToString};

use crate::encoding::CfBase64;
use crate::key::HashAlgorithm;
use crate::policy::{ConditionOrder, Policy, PolicyDocument, ResourceReadings};
use crate::sign::{self, SignError};
use crate::url;

mod cidr;
mod date;
mod error;
mod number;

pub use cidr::{parse_cidr, CidrProblem};
use date::epoch;
pub use date::{check_millis, JsDate, MIN_MILLIS};
pub use error::Error;

/// What `getSignedUrl` and `getSignedCookies` take, apart from the key and `algorithm`. Strings
/// that are empty are falsy to the SDK: pass `None`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Input<'a> {
    /// `url`.
    pub url: Option<&'a str>,
    /// `policy`: a policy JSON string, signed exactly as given.
    pub policy: Option<&'a str>,
    /// `dateLessThan`.
    pub date_less_than: JsDate,
    /// `dateGreaterThan`.
    pub date_greater_than: JsDate,
    /// `ipAddress`.
    pub ip_address: Option<&'a str>,
}

impl Default for Input<'_> {
    fn default() -> Self {
        Self {
            url: None,
            policy: None,
            date_less_than: JsDate::Falsy,
            date_greater_than: JsDate::Falsy,
            ip_address: None,
        }
    }
}

/// The SDK's `algorithm` option: exactly `"SHA256"` means SHA-256, anything else SHA-1.
pub fn hash_algorithm(algorithm: Option<&str>) -> HashAlgorithm {
    match algorithm {
        Some("SHA256") => HashAlgorithm::Sha256,
        _ => HashAlgorithm::Sha1,
    }
}

/// What to sign and how to present it, prepared as the SDK prepares it. Sign
/// [`Prepared::message`], then finish with [`Prepared::signed_url`] or [`Prepared::cookies`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    base_url: String,
    policy: String,
    canned: Option<u64>,
    expires: u64,
}

impl Prepared {
    /// `getSignedUrl`'s preparation: the URL encoded, the policy built or taken as given.
    pub fn for_url(input: &Input<'_>) -> Result<Self, Error> {
        Self::prepare(input, true)
    }

    /// `getSignedCookies`' preparation (no URL encoding).
    pub fn for_cookies(input: &Input<'_>) -> Result<Self, Error> {
        Self::prepare(input, false)
    }

    /// [`Prepared::for_url`] (`for_url`) or [`Prepared::for_cookies`].
    fn prepare(input: &Input<'_>, for_url: bool) -> Result<Self, Error> {
        // A `#` never reaches CloudFront: the SDK encodes it into the path (`%23`, a name the
        // origin does not have), or its parameters would follow it.
        if let Some(err) = input.url.and_then(SignError::fragment_in) {
            return Err(Error::Unsignable(err));
        }
        let base = |u: &str| match for_url {
            true => url::encode_like_js_sdk(u),
            false => u.to_string(),
        };
        let (base_url, policy, canned, expires) = match (input.url, input.policy) {
            // Read whether or not it gave the URL: a policy signed here is one CloudFront reads.
            (url, Some(p)) => {
                let doc = read_policy(p)?;
                let expires = doc.date_less_than;
                let base_url = match url {
                    Some(u) if for_url => {
                        let base_url = base(u);
                        check_url_matches(&base_url, &doc.resource)?;
                        base_url
                    }
                    Some(u) => base(u),
                    None if for_url => doc.resource.replacen("*://", "https://", 1),
                    None => {
                        sign::check_cookie_resource(&doc.resource).map_err(Error::Unsignable)?;
                        String::new()
                    }
                };
                (base_url, p.to_string(), None, expires)
            }
            (Some(u), None) => {
                let base_url = base(u);
                let (policy, canned, expires) = build_policy(&base_url, input)?;
                (base_url, policy, canned, expires)
            }
            (None, None) if for_url => return Err(Error::MissingUrlOrPolicy),
            (None, None) => return Err(Error::InvalidPolicy),
        };
        if for_url {
            check_base_url(&base_url)?;
        } else {
            // The cookies' resource: the URL, or the policy's (`base_url` is then empty).
            sign::check_cookie_resource(&base_url).map_err(Error::Unsignable)?;
            if canned.is_none() {
                sign::check_policy_length(&policy).map_err(Error::Unsignable)?;
            }
        }
        Ok(Self {
            base_url,
            policy,
            canned,
            expires,
        })
    }

    /// The expiry signed (`DateLessThan`), epoch seconds.
    pub fn expires(&self) -> u64 {
        self.expires
    }

    /// [`Error::ExpiryInPast`] when the expiry is at or before `now` (epoch seconds, the host's
    /// clock): what is signed would be refused by CloudFront from the start.
    pub fn check_expiry(&self, now: u64) -> Result<(), Error> {
        match now.checked_sub(self.expires) {
            Some(seconds_ago) => Err(Error::ExpiryInPast { seconds_ago }),
            None => Ok(()),
        }
    }

    /// The bytes to sign: the policy JSON.
    pub fn message(&self) -> &[u8] {
        self.policy.as_bytes()
    }

    /// The policy JSON.
    pub fn policy_json(&self) -> &str {
        &self.policy
    }

    /// The canned expiry, or `None` for a custom policy.
    pub fn canned_expires(&self) -> Option<u64> {
        self.canned
    }

    /// The signed URL: `Expires`|`Policy`, `Key-Pair-Id`, `Signature`[, `Hash-Algorithm`].
    pub fn signed_url(
        &self,
        key_pair_id: &str,
        signature: &[u8],
        hash: HashAlgorithm,
    ) -> Result<String, Error> {
        let first = match self.canned {
            Some(expires) => ("Expires", expires.to_string()),
            None => ("Policy", CfBase64::encode(self.policy.as_bytes())),
        };
        let id = url::extended_encode_uri_component(key_pair_id);
        let sig = CfBase64::encode(signature);
        let params = [
            (first.0, first.1.as_str()),
            ("Key-Pair-Id", id.as_str()),
            ("Signature", sig.as_str()),
            ("Hash-Algorithm", "SHA256"),
        ];
        let count = if hash == HashAlgorithm::Sha256 { 4 } else { 3 };
        let signed = url::append_params(&self.base_url, params.get(..count).unwrap_or(&params));
        check_scheme(&signed)?;
        sign::check_signed_length(&signed).map_err(Error::Unsignable)?;
        Ok(signed)
    }

    /// The cookies object `getSignedCookies` returns.
    pub fn cookies(&self, key_pair_id: &str, signature: &[u8], hash: HashAlgorithm) -> Cookies {
        Cookies {
            key_pair_id: key_pair_id.to_string(),
            signature: CfBase64::encode(signature),
            expires: self.canned,
            policy: match self.canned {
                Some(_) => None,
                None => Some(CfBase64::encode(self.policy.as_bytes())),
            },
            hash_algorithm: (hash == HashAlgorithm::Sha256).then_some("SHA256"),
        }
    }
}

/// The object `getSignedCookies` returns, in its key order; `CloudFront-Expires` is a number.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Cookies {
    /// `CloudFront-Key-Pair-Id`, as given (not encoded).
    #[serde(rename = "CloudFront-Key-Pair-Id")]
    pub key_pair_id: String,
    /// `CloudFront-Signature`.
    #[serde(rename = "CloudFront-Signature")]
    pub signature: String,
    /// `CloudFront-Expires` (canned policy).
    #[serde(rename = "CloudFront-Expires", skip_serializing_if = "Option::is_none")]
    pub expires: Option<u64>,
    /// `CloudFront-Policy` (custom policy).
    #[serde(rename = "CloudFront-Policy", skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// `CloudFront-Hash-Algorithm`: `SHA256`, or absent.
    #[serde(
        rename = "CloudFront-Hash-Algorithm",
        skip_serializing_if = "Option::is_none"
    )]
    pub hash_algorithm: Option<&'static str>,
}

/// A policy string, read by the verifier's reader: one the signer accepts is one CloudFront (and
/// [`crate::verify`](mod@crate::verify)) accepts.
fn read_policy(json: &str) -> Result<PolicyDocument, Error> {
    PolicyDocument::parse_for_signing(json.as_bytes()).map_err(Error::PolicyJson)
}

/// What CloudFront would refuse in the URL the SDK is about to sign (issue 29, p05): signing
/// parameters already there (their names percent-decoded), or a `#` that the SDK's parameters
/// would follow (only a URL without a path keeps one: the SDK encodes the rest), where they
/// never reach CloudFront.
fn check_base_url(base_url: &str) -> Result<(), Error> {
    let present = url::signing_params_present(base_url);
    if !present.is_empty() {
        return Err(Error::Unsignable(SignError::UrlHasSigningParams {
            params: present,
        }));
    }
    if let Some(err) = SignError::fragment_in(base_url) {
        return Err(Error::Unsignable(err));
    }
    Ok(())
}

/// A URL signed with a policy given as a string must match its resource (under either reading,
/// as [`crate::Signer`] checks it), or CloudFront refuses every request for it.
fn check_url_matches(url: &str, resource: &str) -> Result<(), Error> {
    if ResourceReadings::of(resource, url).either() {
        return Ok(());
    }
    Err(Error::Unsignable(SignError::UrlMismatch {
        url: url.to_string(),
        resource: resource.to_string(),
    }))
}

/// `setPolicyParameters` and `buildPolicy`: the policy for `resource`, the canned expiry and the
/// expiry.
fn build_policy(resource: &str, input: &Input<'_>) -> Result<(String, Option<u64>, u64), Error> {
    // The SDK's order: a falsy date or URL, then the scheme (`getResource`), then the date.
    if input.date_less_than == JsDate::Falsy {
        return Err(Error::MissingDateLessThan);
    }
    check_scheme(resource)?;
    input.date_less_than.check("dateLessThan")?;
    input.date_greater_than.check("dateGreaterThan")?;
    let date_less_than = input
        .date_less_than
        .seconds()
        .ok_or(Error::InvalidDateLessThan)?;
    let date_less_than = epoch(date_less_than, "dateLessThan")?;
    let date_greater_than = input
        .date_greater_than
        .seconds()
        .map(|s| epoch(s, "dateGreaterThan"))
        .transpose()?;
    let ip = input.ip_address.map(parse_cidr).transpose()?;
    let custom = date_greater_than.is_some() || ip.is_some();
    // The SDK signs a start after the expiry, which CloudFront never accepts: refused here.
    let policy =
        Policy::with_unchecked_conditions(resource, date_less_than, date_greater_than, ip)?;
    let json = policy.to_json_ordered(ConditionOrder::JsSdk);
    Ok((json, (!custom).then_some(date_less_than), date_less_than))
}

/// `getResource`: only http(s) and ws(s) URLs. RTMP, which the SDK still rewrites, is refused:
/// CloudFront retired RTMP distributions in 2020.
fn check_scheme(url: &str) -> Result<(), Error> {
    // `urlString.slice(0, urlString.indexOf("//"))`: without `//`, all but the last character.
    let protocol = match url.find("//") {
        Some(i) => &url[..i],
        None => {
            let mut chars = url.chars();
            chars.next_back();
            chars.as_str()
        }
    };
    match protocol {
        "http:" | "https:" | "ws:" | "wss:" => Ok(()),
        "rtmp:" => Err(Error::Rtmp),
        _ => Err(Error::InvalidScheme),
    }
}

#[cfg(test)]
mod tests;
