//! `cfsign.CfsignError`: a `ValueError` with a stable `code`, the same codes as the npm package's
//! errors. Messages never quote a caller's value (it could be a key given to the wrong argument):
//! the core's errors that carry one are shown with it left out, as the wasm bindings do.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use cfsign::botocore;
use cfsign::key::KeyError;
use cfsign::policy::{PolicyError, PolicyParseError};
use cfsign::sign::SignError;

create_exception!(
    cfsign,
    CfsignError,
    PyValueError,
    "A cfsign error: `code` is stable (`invalid_key`, `invalid_date`, ...); the message never holds a value given."
);

/// The stable codes (the npm package's `ErrorCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    InvalidKey,
    EncryptedKey,
    UnsupportedKey,
    InvalidOption,
    InvalidUrl,
    InvalidDate,
    InvalidIp,
    InvalidPolicy,
    SigningFailed,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidKey => "invalid_key",
            Self::EncryptedKey => "encrypted_key",
            Self::UnsupportedKey => "unsupported_key",
            Self::InvalidOption => "invalid_option",
            Self::InvalidUrl => "invalid_url",
            Self::InvalidDate => "invalid_date",
            Self::InvalidIp => "invalid_ip",
            Self::InvalidPolicy => "invalid_policy",
            Self::SigningFailed => "signing_failed",
        }
    }
}

/// An error on its way to Python.
#[derive(Debug)]
pub struct Error {
    code: Code,
    message: String,
}

impl Error {
    pub fn new(code: Code, message: impl std::fmt::Display) -> Self {
        Self {
            code,
            message: message.to_string(),
        }
    }

    /// An argument without the documented shape: its name and what was expected, never its value.
    pub fn argument(name: &str, expected: &str) -> Self {
        Self::new(Code::InvalidOption, format_args!("{name}: {expected}"))
    }
}

impl From<Error> for PyErr {
    fn from(e: Error) -> PyErr {
        Python::attach(|py| {
            let err = CfsignError::new_err(e.message);
            // Setting an attribute on a fresh exception cannot fail; the message explains anyway.
            let _ = err.value(py).setattr("code", e.code.as_str());
            err
        })
    }
}

impl From<KeyError> for Error {
    fn from(e: KeyError) -> Self {
        let code = match e {
            KeyError::Encrypted
            | KeyError::WrongPassphrase
            | KeyError::LegacyEncrypted
            | KeyError::UnsupportedEncryption { .. }
            | KeyError::EncryptionTooCostly { .. } => Code::EncryptedKey,
            KeyError::RsaKeySize { .. }
            | KeyError::UnsupportedCurve { .. }
            | KeyError::UnsupportedAlgorithm { .. } => Code::UnsupportedKey,
            KeyError::Signing => Code::SigningFailed,
            _ => Code::InvalidKey,
        };
        Self::new(code, e)
    }
}

/// What stands in a message for a value the caller gave.
const NOT_SHOWN: &str = "(not shown)";

impl From<PolicyError> for Error {
    fn from(e: PolicyError) -> Self {
        let (code, e) = match e {
            PolicyError::InvalidResource { problem, .. } => (
                Code::InvalidUrl,
                PolicyError::InvalidResource {
                    resource: NOT_SHOWN.into(),
                    problem,
                },
            ),
            PolicyError::InvalidIpRange { .. } => (
                Code::InvalidIp,
                PolicyError::InvalidIpRange {
                    value: NOT_SHOWN.into(),
                },
            ),
            PolicyError::Ipv6Range { .. } => (
                Code::InvalidIp,
                PolicyError::Ipv6Range {
                    value: NOT_SHOWN.into(),
                },
            ),
            e @ (PolicyError::ExpiryTooLarge { .. } | PolicyError::StartNotBeforeExpiry { .. }) => {
                (Code::InvalidDate, e)
            }
            _ => return Self::new(Code::InvalidUrl, "the resource cannot be signed"),
        };
        Self::new(code, e)
    }
}

impl From<PolicyParseError> for Error {
    fn from(e: PolicyParseError) -> Self {
        Self::new(Code::InvalidPolicy, format_args!("policy: {e}"))
    }
}

impl From<SignError> for Error {
    fn from(e: SignError) -> Self {
        match e {
            SignError::Policy(e) => e.into(),
            SignError::Key(e) => e.into(),
            SignError::InvalidPolicyJson(e) => e.into(),
            SignError::InvalidKeyPairId { .. } => Self::new(
                Code::InvalidOption,
                SignError::InvalidKeyPairId {
                    id: NOT_SHOWN.into(),
                },
            ),
            SignError::InvalidCookieAttribute { name, .. } => Self::new(
                Code::InvalidOption,
                SignError::InvalidCookieAttribute {
                    name,
                    value: NOT_SHOWN.into(),
                },
            ),
            SignError::InvalidUrl { .. } => Self::new(
                Code::InvalidUrl,
                SignError::InvalidUrl {
                    url: NOT_SHOWN.into(),
                },
            ),
            SignError::UrlMismatch { .. } => Self::new(
                Code::InvalidUrl,
                SignError::UrlMismatch {
                    url: NOT_SHOWN.into(),
                    resource: NOT_SHOWN.into(),
                },
            ),
            SignError::UnsafeUrl { problem, .. } => Self::new(
                Code::InvalidUrl,
                SignError::UnsafeUrl {
                    url: NOT_SHOWN.into(),
                    problem,
                },
            ),
            // The seam's checks of a signature: its key type, length and form in words only.
            e @ (SignError::InvalidSignature { .. } | SignError::HashUnsupported { .. }) => {
                Self::new(Code::SigningFailed, e)
            }
            // Only positions, lengths and parameter names in these messages.
            e @ SignError::PolicyTooLong { .. } => Self::new(Code::InvalidPolicy, e),
            e @ (SignError::UrlHasFragment { .. }
            | SignError::UrlTooLong { .. }
            | SignError::UrlHasSigningParams { .. }) => Self::new(Code::InvalidUrl, e),
            // A variant added to the core later: its message may hold a value, so only the code.
            _ => Self::new(Code::InvalidUrl, "the URL cannot be signed"),
        }
    }
}

impl From<botocore::Error> for Error {
    fn from(e: botocore::Error) -> Self {
        match e {
            e @ botocore::Error::DateOrPolicy => Self::new(Code::InvalidOption, e),
            e @ botocore::Error::DateBefore1970 { .. } => Self::new(Code::InvalidDate, e),
            botocore::Error::Policy(e) => e.into(),
            botocore::Error::PolicyJson(e) => e.into(),
            botocore::Error::Unsignable(e) => e.into(),
            _ => Self::new(Code::InvalidOption, "the input cannot be signed"),
        }
    }
}

/// Results of the bindings.
pub type Result<T> = std::result::Result<T, Error>;
