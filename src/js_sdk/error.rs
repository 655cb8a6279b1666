//! Why the SDK throws, with its own messages, and where cfsign refuses what the SDK would sign.

use alloc::string::String;
use core::fmt;

use super::CidrProblem;
use crate::policy::{PolicyError, PolicyParseError};
use crate::sign::SignError;

/// Why the SDK (or this module, where the SDK would sign something CloudFront refuses) throws.
/// `Display` is the SDK's own message wherever the SDK throws.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// Neither `url` nor `policy` (`getSignedUrl`).
    MissingUrlOrPolicy,
    /// No policy could be built: `getSignedCookies` with neither `url` nor `policy` (the SDK's
    /// "Invalid policy").
    InvalidPolicy,
    /// A `url` without a `dateLessThan` (or a falsy one: `0`, `""`, `null`); the SDK says only
    /// "Invalid policy".
    MissingDateLessThan,
    /// A date below 10^11 milliseconds (before 1973-03-03): almost surely seconds given where the
    /// SDK reads milliseconds (`dateLessThan: 1893456000` is January 1970 to it). cfsign refuses.
    SecondsNotMillis {
        /// `dateLessThan` or `dateGreaterThan`.
        option: &'static str,
    },
    /// An expiry at or before the time the caller gave as now: CloudFront refuses every request
    /// for what would be signed. The drop-in warns (once) unless `allowPast: true`.
    ExpiryInPast {
        /// How many seconds ago it expired (0: it expires this second).
        seconds_ago: u64,
    },
    /// `dateLessThan` is not a date.
    InvalidDateLessThan,
    /// A date before 1970 or after 2^63 - 1 seconds (cfsign: no CloudFront policy holds it).
    DateOutOfRange {
        /// `dateLessThan` or `dateGreaterThan`.
        option: &'static str,
        /// The date, epoch seconds.
        seconds: i64,
    },
    /// Not an http, https, ws or wss URL.
    InvalidScheme,
    /// An `rtmp://` URL (cfsign: RTMP distributions were retired in 2020).
    Rtmp,
    /// `ipAddress` is not what `parseCIDR` accepts.
    InvalidIp {
        /// The text given.
        value: String,
        /// What is wrong.
        problem: CidrProblem,
    },
    /// The policy cannot be built (cfsign: a start not before the expiry, ...).
    Policy(PolicyError),
    /// A `policy` string CloudFront would call malformed.
    PolicyJson(PolicyParseError),
    /// The SDK would sign it, but CloudFront would refuse every request for it (cfsign): signing
    /// parameters already in the URL, parameters after a `#`, a URL that does not match the
    /// `policy` given, a signed URL over 8,192 bytes, cookies whose policy is over 8,192 bytes.
    Unsignable(SignError),
}

impl From<PolicyError> for Error {
    fn from(e: PolicyError) -> Self {
        Self::Policy(e)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingUrlOrPolicy => {
                f.write_str("@aws-sdk/cloudfront-signer: Please provide 'url' or 'policy'.")
            }
            Self::InvalidPolicy => f.write_str(
                "Invalid policy: give url (with dateLessThan) or policy",
            ),
            Self::MissingDateLessThan => f.write_str(
                "Invalid policy: dateLessThan is missing (it is required with url: a Date, a date string or milliseconds since 1970; 0, \"\" and null count as missing)",
            ),
            Self::SecondsNotMillis { option } => write!(
                f,
                "{option} is a date before 1973-03-03 (under 10^11 milliseconds): it looks like seconds, but a number is read as milliseconds. Pass new Date(seconds * 1000)"
            ),
            Self::ExpiryInPast { seconds_ago } => write!(
                f,
                "dateLessThan is in the past (expired {seconds_ago} s ago): CloudFront refuses every request for this URL or these cookies. Pass a later date, or allowPast: true to sign it anyway"
            ),
            Self::InvalidDateLessThan => f.write_str(
                "dateLessThan is invalid. Ensure the date value is compatible with the Date constructor.",
            ),
            Self::DateOutOfRange { option, seconds } if *seconds < 0 => write!(
                f,
                "{option} {seconds} is before 1970-01-01T00:00:00Z, which a CloudFront policy cannot hold"
            ),
            Self::DateOutOfRange { option, .. } => write!(
                f,
                // MAX_EPOCH, written out (tested).
                "{option} is after 9223372036854775807, the largest CloudFront's guide documents (a 64-bit integer)"
            ),
            Self::InvalidScheme => {
                f.write_str("Invalid URI scheme. Scheme must be one of http, https, or rtmp")
            }
            Self::Rtmp => f.write_str(
                "rtmp URLs are not supported: CloudFront retired RTMP distributions in 2020",
            ),
            Self::InvalidIp { value, problem } => {
                // The SDK's message, but never a value that could be key material pasted into
                // the wrong option.
                let shown = if value.len() > 64 || value.contains("-----") {
                    "(not shown)"
                } else {
                    value.as_str()
                };
                write!(
                    f,
                    "IP address \"{shown}\" is invalid due to {}.",
                    problem.as_str()
                )
            }
            Self::Policy(e) => e.fmt(f),
            Self::PolicyJson(e) => write!(f, "policy: {e}"),
            Self::Unsignable(e) => e.fmt(f),
        }
    }
}

impl core::error::Error for Error {}
