//! The rules of botocore's `CloudFrontSigner` (`botocore/signers.py`, botocore 1.43), on plain
//! Rust input, so that a drop-in replacement (the Python package's `cfsign.CloudFrontSigner`)
//! produces botocore's bytes for every input botocore signs and CloudFront can accept.
//!
//! What botocore does, and this module with it:
//!
//! - Dates are `int(datetime2timestamp(dt))`: a naive `datetime` is UTC, an aware one is moved
//!   to UTC by its offset, and the float of its seconds since the epoch is truncated toward zero
//!   ([`epoch_seconds`], from the host's exact count of microseconds).
//! - `build_policy` writes `json.dumps(policy, separators=(',', ':'))`: the conditions in the
//!   order `DateLessThan`, `IpAddress`, `DateGreaterThan`, strings escaped with `ensure_ascii`
//!   (every character outside `' '..='~'` as `\uXXXX`, lower-case hex, UTF-16 surrogate pairs
//!   above U+FFFF), the resource written as given (`"foo"` included: botocore's own tests sign
//!   one), an IP address without `/` given `/32`, an empty one left out ([`build_policy`]).
//! - `generate_presigned_url` takes exactly one of `date_less_than` (a canned policy over the URL:
//!   `Expires=`) and `policy` (signed as given: `Policy=`), then `Signature=` and
//!   `Key-Pair-Id=`, after `&` when the URL contains a `?` and `?` otherwise ([`Prepared`]).
//!   cfsign adds `Hash-Algorithm=SHA256` last when signing with SHA-256, which botocore cannot.
//!
//! Where botocore signs something CloudFront can never accept, this module refuses instead, with
//! an error whose code says what is wrong ([`Error`]): a date before 1970 or beyond 2^63 - 1
//! seconds, a start at or after the expiry, an IP range that is not IPv4 CIDR, a policy string
//! that is not a policy CloudFront reads, a URL with a `#` or with signing parameters already, a
//! signed URL over 8,192 bytes, a key ID with characters key IDs never have. It does not check
//! that the URL matches a given policy's resource (botocore's own tests sign a URL under a policy
//! for `"foo"`): the verifier ([`crate::verify`](mod@crate::verify)) and the diagnosis do.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::encoding::CfBase64;
use crate::key::HashAlgorithm;
use crate::policy::{IpRange, Policy, PolicyDocument, PolicyError, PolicyParseError, MAX_EPOCH};
use crate::sign::{self, SignError, SignedCookies};
use crate::url;

mod json;
#[cfg(test)]
mod tests;

pub use json::ensure_ascii;

/// Why the drop-in refuses what botocore would take.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Both `date_less_than` and `policy`, or neither: botocore's `ValueError`, with its message.
    DateOrPolicy,
    /// A date before 1970 (botocore writes a negative `AWS:EpochTime`, which no policy holds).
    DateBefore1970 {
        /// `date_less_than` or `date_greater_than`.
        option: &'static str,
    },
    /// The policy cannot be built (expiry beyond 2^63 - 1, start not before expiry, IP range).
    Policy(PolicyError),
    /// A `policy` given as a string that CloudFront would call malformed.
    PolicyJson(PolicyParseError),
    /// A URL, key ID or result CloudFront can never accept.
    Unsignable(SignError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DateOrPolicy => {
                f.write_str("Need to provide either date_less_than or policy, but not both")
            }
            Self::DateBefore1970 { option } => write!(
                f,
                "{option} is before 1970: no CloudFront policy holds a negative AWS:EpochTime"
            ),
            Self::Policy(e) => e.fmt(f),
            Self::PolicyJson(e) => write!(f, "policy: {e}"),
            Self::Unsignable(e) => e.fmt(f),
        }
    }
}

impl core::error::Error for Error {}

impl From<PolicyError> for Error {
    fn from(e: PolicyError) -> Self {
        Self::Policy(e)
    }
}

impl From<SignError> for Error {
    fn from(e: SignError) -> Self {
        Self::Unsignable(e)
    }
}

/// `int(datetime2timestamp(dt))` from `micros`, the exact `timedelta` since the epoch in
/// microseconds (`(days * 86400 + seconds) * 10**6 + microseconds`, which the host computes
/// exactly as botocore's `dt.replace(tzinfo=None) - dt.utcoffset() - epoch` does).
///
/// botocore takes `timedelta.total_seconds()`, the float nearest `micros / 10**6` (Python's true
/// division rounds correctly, ties to even), and `int()` truncates it toward zero. Near a whole
/// second that float can be the next second: from about the year 2255 on, where doubles are
/// coarser than a microsecond, `23:59:59.999999` counts as the next second. This gives the same.
pub fn epoch_seconds(micros: i128) -> i128 {
    let magnitude = micros.unsigned_abs();
    let whole = magnitude / 1_000_000;
    let seconds = whole + u128::from(rounds_up_to_next(magnitude, whole));
    let seconds = i128::try_from(seconds).unwrap_or(i128::MAX);
    if micros < 0 {
        -seconds
    } else {
        seconds
    }
}

/// Whether the double nearest `magnitude / 10**6` (round half to even) is `whole + 1` or more,
/// where `whole` is the quotient truncated. Only the neighbourhood of `whole + 1` matters: the
/// double just below it is `whole + 1 - 2^(k - 52)` for `whole + 1` in `(2^k, 2^(k + 1)]`.
fn rounds_up_to_next(magnitude: u128, whole: u128) -> bool {
    if magnitude.is_multiple_of(1_000_000) {
        return false;
    }
    let next = whole + 1;
    // k: the exponent of the binade holding the double below `next`.
    let k = 127 - (next - 1).leading_zeros() as i32;
    let k = if next == 1 { -1 } else { k };
    // Compare magnitude / 10^6 with the midpoint `next - 2^(k - 53)`, scaled by 2^(53 - k) * 10^6
    // (k is at most about 38 for Python's dates, so the shift is positive and fits in u128).
    let shift = 53 - k;
    if !(0..=70).contains(&shift) {
        return false;
    }
    let scaled = magnitude.checked_shl(shift as u32);
    let midpoint = next
        .checked_shl(shift as u32)
        .and_then(|m| m.checked_sub(1))
        .and_then(|m| m.checked_mul(1_000_000));
    match (scaled, midpoint) {
        (Some(s), Some(m)) if s > m => true,
        // A tie goes to the even neighbour: `next` is even in the last place when k < 52.
        (Some(s), Some(m)) if s == m => k < 52 || (next >> (k - 52)).is_multiple_of(2),
        _ => false,
    }
}

/// An epoch second as a policy date: refused before 1970 (and beyond 2^63 - 1 where the policy
/// is built).
pub fn policy_date(seconds: i128, option: &'static str) -> Result<u64, Error> {
    if seconds < 0 {
        return Err(Error::DateBefore1970 { option });
    }
    Ok(u64::try_from(seconds).unwrap_or(u64::MAX))
}

/// `CloudFrontSigner.build_policy(resource, date_less_than, date_greater_than, ip_address)`:
/// botocore's policy JSON, byte for byte. `ip_address` as botocore reads it: `None` or empty
/// means none; without a `/` it gets `/32`; it must then be IPv4 CIDR.
pub fn build_policy(
    resource: &str,
    date_less_than: u64,
    date_greater_than: Option<u64>,
    ip_address: Option<&str>,
) -> Result<String, Error> {
    let ip = match ip_address {
        Some(ip) if !ip.is_empty() => Some(IpRange::parse(ip)?),
        _ => None,
    };
    if date_less_than > MAX_EPOCH {
        return Err(PolicyError::ExpiryTooLarge { date_less_than }.into());
    }
    let policy = Policy::with_unchecked_resource(resource, date_less_than)?;
    let policy = match date_greater_than {
        Some(start) => policy.valid_from(start)?,
        None => policy,
    };
    let policy = match ip {
        Some(range) => policy.ip_range(range),
        None => policy,
    };
    Ok(ensure_ascii(&policy.to_json()))
}

/// What `generate_presigned_url` (or cfsign's cookies) will sign, prepared as botocore prepares
/// it. Sign [`Prepared::message`], then finish with [`Prepared::signed_url`] or
/// [`Prepared::cookies`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    url: String,
    policy: Vec<u8>,
    canned: Option<u64>,
    expires: u64,
    /// Canned cookies' policy (CloudFront rebuilds it from the resource).
    canned_cookie: Option<Policy>,
}

impl Prepared {
    /// `generate_presigned_url(url, date_less_than, policy)`: exactly one of `date_less_than`
    /// (epoch seconds, from [`epoch_seconds`] and [`policy_date`]) and `policy` (the bytes to
    /// sign: a `str` policy is its UTF-8).
    pub fn for_url(
        url: &str,
        date_less_than: Option<u64>,
        policy: Option<&[u8]>,
    ) -> Result<Self, Error> {
        if let Some(err) = SignError::fragment_in(url) {
            return Err(err.into());
        }
        let present = url::signing_params_present(url);
        if !present.is_empty() {
            return Err(SignError::UrlHasSigningParams { params: present }.into());
        }
        let (policy, canned, expires) = match (date_less_than, policy) {
            (Some(expires), None) => (
                build_policy(url, expires, None, None)?,
                Some(expires),
                expires,
            ),
            (None, Some(policy)) => {
                let doc = PolicyDocument::parse_for_signing(policy).map_err(Error::PolicyJson)?;
                (policy_text(policy)?, None, doc.date_less_than)
            }
            _ => return Err(Error::DateOrPolicy),
        };
        Ok(Self {
            url: url.to_string(),
            policy: policy.into_bytes(),
            canned,
            expires,
            canned_cookie: None,
        })
    }

    /// Signed cookies (cfsign's, beyond botocore) for a policy: the one `build_policy` writes for
    /// `resource` (a canned one when it has only an expiry and the resource no `*` or `?`), or
    /// `policy` as given (always custom).
    pub fn for_cookies(
        resource: Option<&str>,
        date_less_than: Option<u64>,
        date_greater_than: Option<u64>,
        ip_address: Option<&str>,
        policy: Option<&[u8]>,
    ) -> Result<Self, Error> {
        let (policy, canned_cookie, expires) = match (resource, date_less_than, policy) {
            (Some(resource), Some(expires), None) => {
                sign::check_cookie_resource(resource)?;
                let json = build_policy(resource, expires, date_greater_than, ip_address)?;
                let canned = date_greater_than.is_none()
                    && ip_address.is_none_or(str::is_empty)
                    && !resource.contains(['*', '?']);
                let canned = match canned {
                    true => Some(Policy::with_unchecked_resource(resource, expires)?),
                    false => None,
                };
                (json, canned, expires)
            }
            (None, None, Some(policy)) => {
                let doc = PolicyDocument::parse_for_signing(policy).map_err(Error::PolicyJson)?;
                sign::check_cookie_resource(&doc.resource)?;
                (policy_text(policy)?, None, doc.date_less_than)
            }
            _ => return Err(Error::DateOrPolicy),
        };
        if canned_cookie.is_none() {
            sign::check_policy_length(&policy)?;
        }
        Ok(Self {
            url: String::new(),
            canned: canned_cookie.as_ref().map(Policy::date_less_than),
            policy: policy.into_bytes(),
            expires,
            canned_cookie,
        })
    }

    /// The bytes to sign: the policy, as `rsa_signer(policy)` receives it.
    pub fn message(&self) -> &[u8] {
        &self.policy
    }

    /// The policy's expiry (`DateLessThan`), epoch seconds: where cookies' `Max-Age` ends.
    pub fn expires(&self) -> u64 {
        self.expires
    }

    /// The canned expiry, or `None` for a custom policy.
    pub fn canned_expires(&self) -> Option<u64> {
        self.canned
    }

    /// The signed URL: `Expires`|`Policy`, `Signature`, `Key-Pair-Id`, and `Hash-Algorithm=SHA256`
    /// when `hash` is SHA-256.
    pub fn signed_url(
        &self,
        key_pair_id: &str,
        signature: &[u8],
        hash: HashAlgorithm,
    ) -> Result<String, Error> {
        sign::check_key_pair_id(key_pair_id)?;
        let first = match self.canned {
            Some(expires) => ("Expires", expires.to_string()),
            None => ("Policy", CfBase64::encode(&self.policy)),
        };
        let signature = CfBase64::encode(signature);
        let mut params = Vec::with_capacity(4);
        params.push((first.0, first.1.as_str()));
        params.push(("Signature", signature.as_str()));
        params.push(("Key-Pair-Id", key_pair_id));
        if hash == HashAlgorithm::Sha256 {
            params.push(("Hash-Algorithm", "SHA256"));
        }
        let signed = url::append_params(&self.url, &params);
        sign::check_signed_length(&signed)?;
        Ok(signed)
    }

    /// The signed cookies: `CloudFront-Expires`|`CloudFront-Policy`, `CloudFront-Signature`,
    /// `CloudFront-Key-Pair-Id`, and `CloudFront-Hash-Algorithm` for SHA-256.
    pub fn cookies(
        &self,
        key_pair_id: &str,
        signature: &[u8],
        hash: HashAlgorithm,
    ) -> Result<SignedCookies, Error> {
        sign::check_key_pair_id(key_pair_id)?;
        Ok(match &self.canned_cookie {
            Some(policy) => SignedCookies::for_signature(policy, key_pair_id, hash, signature),
            None => {
                let json = String::from_utf8_lossy(&self.policy);
                SignedCookies::for_policy_json_signature(&json, key_pair_id, hash, signature)
            }
        })
    }
}

/// A policy given as bytes, as text (it parsed as JSON, so it is UTF-8).
fn policy_text(policy: &[u8]) -> Result<String, Error> {
    String::from_utf8(policy.to_vec()).map_err(|_| Error::PolicyJson(PolicyParseError::NotUtf8))
}
