//! What decoding finds wrong, and the error CloudFront answers for it.

use alloc::string::String;
use core::fmt;

use crate::encoding::Base64Error;
use crate::policy::PolicyParseError;

/// Something wrong found while decoding.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeProblem {
    /// The input is over the size limit and was not parsed.
    TooLong {
        /// `URL` or `cookies`.
        what: &'static str,
        /// Its size.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// A signing parameter given twice.
    Duplicate {
        /// The parameter (URL name).
        param: &'static str,
    },
    /// Both `Expires` and `Policy`.
    BothExpiresAndPolicy,
    /// `Expires` is not a whole number of seconds up to 9223372036854775807 (`MAX_EPOCH`).
    BadExpires {
        /// The value (shortened).
        value: String,
    },
    /// `Policy` or `Signature` is not CloudFront base64.
    BadBase64 {
        /// `Policy` or `Signature`.
        param: &'static str,
        /// Why.
        error: Base64Error,
    },
    /// The policy is not a CloudFront policy.
    BadPolicy(PolicyParseError),
    /// `Hash-Algorithm` is neither `SHA1` nor `SHA256`.
    BadHashAlgorithm {
        /// The value (shortened).
        value: String,
    },
    /// Signing parameters after a `#`: browsers never send them to CloudFront.
    ParamsInFragment,
}

impl DecodeProblem {
    /// The error CloudFront answers for it.
    pub fn cloudfront_error(&self) -> &'static str {
        match self {
            Self::BadBase64 {
                param: "Signature", ..
            } => "MalformedSignature",
            Self::TooLong { .. } | Self::Duplicate { .. } | Self::ParamsInFragment => {
                "AccessDenied"
            }
            Self::BadHashAlgorithm { .. } => "AccessDenied",
            _ => "MalformedPolicy",
        }
    }
}

impl fmt::Display for DecodeProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong { what, bytes, max } => {
                write!(f, "{what} of {bytes} bytes is over the {max}-byte limit")
            }
            Self::Duplicate { param } => write!(f, "{param} is given more than once"),
            Self::BothExpiresAndPolicy => f.write_str(
                "both Expires and Policy are given; a signed URL or cookie carries one of them",
            ),
            Self::BadExpires { value } => write!(
                f,
                "Expires {value:?} is not a whole number of seconds up to 9223372036854775807"
            ),
            Self::BadBase64 { param, error } => {
                write!(f, "{param} is not CloudFront base64: {error}")
            }
            Self::BadPolicy(e) => e.fmt(f),
            Self::BadHashAlgorithm { value } => {
                write!(f, "Hash-Algorithm {value:?} is neither SHA1 nor SHA256")
            }
            Self::ParamsInFragment => f.write_str(
                "signing parameters follow a '#', so browsers never send them to CloudFront",
            ),
        }
    }
}
