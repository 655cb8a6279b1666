//! The stable public code of each core error, and its copy without the caller's values: the one
//! rule the JS bindings and the Python bindings both follow when they turn a core error into
//! theirs (the npm package's `ErrorCode` list names the same codes).
//!
//! A caller's value (a URL, a resource, a key pair ID, an IP range, a cookie attribute) is never
//! shown in a message: it could be a key or a token given to the wrong argument. [`redacted`]
//! puts [`NOT_SHOWN`] in its place and keeps the rest of the core's message.
//!
//! [`redacted`]: PublicError::redacted

use crate::key::KeyError;
use crate::policy::{PolicyError, PolicyParseError};
use crate::sign::SignError;

/// What stands in a message for a value the caller gave.
pub const NOT_SHOWN: &str = "(not shown)";

/// The stable codes of the core's errors (a subset of the npm package's `ErrorCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The private or public key cannot be read.
    InvalidKey,
    /// An encrypted private key without (or with the wrong) passphrase.
    EncryptedKey,
    /// A key of another type or size than RSA-2048 or ECDSA P-256.
    UnsupportedKey,
    /// A missing or mistyped option.
    InvalidOption,
    /// A URL that cannot be signed.
    InvalidUrl,
    /// A date outside what CloudFront accepts.
    InvalidDate,
    /// An IP address or range that is not one.
    InvalidIp,
    /// A policy CloudFront would call malformed.
    InvalidPolicy,
    /// A URL the prefix's policy does not cover.
    NotCovered,
    /// A URL whose path could leave the prefix.
    UnsafePath,
    /// The signature could not be computed.
    SigningFailed,
    /// A signer failed (its own message follows).
    SignerFailed,
    /// A signer returned something other than a signature CloudFront reads.
    InvalidSignature,
}

impl ErrorCode {
    /// The code as the packages spell it (`invalid_key`, ...).
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
            Self::NotCovered => "not_covered",
            Self::UnsafePath => "unsafe_path",
            Self::SigningFailed => "signing_failed",
            Self::SignerFailed => "signer_failed",
            Self::InvalidSignature => "invalid_signature",
        }
    }
}

/// A core error as the packages show it: its stable code, and itself without the caller's values.
pub trait PublicError: Sized {
    /// The stable code.
    fn code(&self) -> ErrorCode;
    /// The same error with every value the caller gave replaced by [`NOT_SHOWN`] (its message
    /// keeps the rest: positions, lengths, names, what is wrong).
    fn redacted(self) -> Self;
}

impl PublicError for KeyError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Encrypted
            | Self::WrongPassphrase
            | Self::LegacyEncrypted
            | Self::UnsupportedEncryption { .. }
            | Self::EncryptionTooCostly { .. } => ErrorCode::EncryptedKey,
            Self::RsaKeySize { .. }
            | Self::UnsupportedCurve { .. }
            | Self::UnsupportedAlgorithm { .. } => ErrorCode::UnsupportedKey,
            Self::Signing => ErrorCode::SigningFailed,
            _ => ErrorCode::InvalidKey,
        }
    }

    /// Unchanged: a key error names what was found in the key (labels, OIDs, schemes), never a
    /// value given as an option.
    fn redacted(self) -> Self {
        self
    }
}

impl PublicError for PolicyError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidResource { .. } => ErrorCode::InvalidUrl,
            Self::ExpiryTooLarge { .. } | Self::StartNotBeforeExpiry { .. } => {
                ErrorCode::InvalidDate
            }
            Self::InvalidIpRange { .. } | Self::Ipv6Range { .. } => ErrorCode::InvalidIp,
        }
    }

    fn redacted(self) -> Self {
        match self {
            Self::InvalidResource { problem, .. } => Self::InvalidResource {
                resource: NOT_SHOWN.into(),
                problem,
            },
            Self::InvalidIpRange { .. } => Self::InvalidIpRange {
                value: NOT_SHOWN.into(),
            },
            Self::Ipv6Range { .. } => Self::Ipv6Range {
                value: NOT_SHOWN.into(),
            },
            e @ (Self::ExpiryTooLarge { .. } | Self::StartNotBeforeExpiry { .. }) => e,
        }
    }
}

impl PublicError for PolicyParseError {
    fn code(&self) -> ErrorCode {
        ErrorCode::InvalidPolicy
    }

    /// Unchanged: what is wrong with the policy given, as both packages have always shown it.
    fn redacted(self) -> Self {
        self
    }
}

impl PublicError for SignError {
    fn code(&self) -> ErrorCode {
        match self {
            Self::Policy(e) => e.code(),
            Self::Key(e) => e.code(),
            Self::InvalidPolicyJson(e) => e.code(),
            Self::InvalidKeyPairId { .. }
            | Self::InvalidCookieAttribute { .. }
            | Self::HashUnsupported { .. } => ErrorCode::InvalidOption,
            Self::InvalidUrl { .. }
            | Self::UnsafeUrl { .. }
            | Self::UrlMismatch { .. }
            | Self::UrlHasFragment { .. }
            | Self::UrlTooLong { .. }
            | Self::UrlHasSigningParams { .. }
            | Self::RelativeWithoutBase => ErrorCode::InvalidUrl,
            Self::PolicyTooLong { .. } => ErrorCode::InvalidPolicy,
            Self::NotCovered { .. } => ErrorCode::NotCovered,
            Self::UnsafePath { .. } => ErrorCode::UnsafePath,
            Self::InvalidSignature { .. } => ErrorCode::InvalidSignature,
            Self::SignerFailed { .. } => ErrorCode::SignerFailed,
        }
    }

    fn redacted(self) -> Self {
        match self {
            Self::Policy(e) => Self::Policy(e.redacted()),
            Self::Key(e) => Self::Key(e.redacted()),
            Self::InvalidPolicyJson(e) => Self::InvalidPolicyJson(e.redacted()),
            Self::InvalidKeyPairId { .. } => Self::InvalidKeyPairId {
                id: NOT_SHOWN.into(),
            },
            Self::InvalidCookieAttribute { name, .. } => Self::InvalidCookieAttribute {
                name,
                value: NOT_SHOWN.into(),
            },
            Self::InvalidUrl { .. } => Self::InvalidUrl {
                url: NOT_SHOWN.into(),
            },
            Self::UnsafeUrl { problem, .. } => Self::UnsafeUrl {
                url: NOT_SHOWN.into(),
                problem,
            },
            Self::UrlMismatch { .. } => Self::UrlMismatch {
                url: NOT_SHOWN.into(),
                resource: NOT_SHOWN.into(),
            },
            Self::NotCovered { .. } => Self::NotCovered {
                url: NOT_SHOWN.into(),
                resource: NOT_SHOWN.into(),
            },
            // Only positions, lengths, parameter names, problems in words; a signer's own message
            // (which never holds key material).
            e @ (Self::UrlHasFragment { .. }
            | Self::UrlTooLong { .. }
            | Self::UrlHasSigningParams { .. }
            | Self::PolicyTooLong { .. }
            | Self::UnsafePath { .. }
            | Self::RelativeWithoutBase
            | Self::InvalidSignature { .. }
            | Self::HashUnsupported { .. }
            | Self::SignerFailed { .. }) => e,
        }
    }
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use super::*;
    use crate::policy::ResourceProblem;

    #[test]
    fn redacted_errors_never_show_the_callers_value() {
        let secret = "SECRET-TOKEN https://d111111abcdef8.cloudfront.net/a";
        let errors = [
            SignError::InvalidUrl { url: secret.into() },
            SignError::UnsafeUrl {
                url: secret.into(),
                problem: ResourceProblem::NotAscii,
            },
            SignError::UrlMismatch {
                url: secret.into(),
                resource: secret.into(),
            },
            SignError::NotCovered {
                url: secret.into(),
                resource: secret.into(),
            },
            SignError::InvalidKeyPairId { id: secret.into() },
            SignError::InvalidCookieAttribute {
                name: "Path",
                value: secret.into(),
            },
            SignError::Policy(PolicyError::InvalidResource {
                resource: secret.into(),
                problem: ResourceProblem::Empty,
            }),
            SignError::Policy(PolicyError::InvalidIpRange {
                value: secret.into(),
            }),
            SignError::Policy(PolicyError::Ipv6Range {
                value: secret.into(),
            }),
        ];
        for e in errors {
            assert!(e.to_string().contains("SECRET"), "{e}");
            let code = e.code();
            let shown = e.redacted();
            assert_eq!(shown.code(), code);
            let message = shown.to_string();
            assert!(!message.contains("SECRET"), "{message}");
            assert!(
                message.contains(NOT_SHOWN) || message.contains("(not"),
                "{message}"
            );
        }
    }

    #[test]
    fn codes_are_the_packages_spellings() {
        assert_eq!(
            SignError::Policy(PolicyError::ExpiryTooLarge {
                date_less_than: u64::MAX
            })
            .code()
            .as_str(),
            "invalid_date"
        );
        assert_eq!(KeyError::Encrypted.code().as_str(), "encrypted_key");
        assert_eq!(KeyError::Signing.code().as_str(), "signing_failed");
        assert_eq!(
            SignError::RelativeWithoutBase.code().as_str(),
            "invalid_url"
        );
        assert_eq!(
            SignError::PolicyTooLong {
                bytes: 9000,
                max: 8192
            }
            .code()
            .as_str(),
            "invalid_policy"
        );
    }
}
