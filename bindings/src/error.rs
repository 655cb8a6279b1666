//! The one error type of the bindings: an `Error` with a stable `code` property. The codes are
//! declared once, below, and the TypeScript union `ErrorCode` is generated from the same list, so
//! the declarations name exactly the codes that can be thrown (a code never constructed fails the
//! build as dead code).

use alloc::string::{String, ToString};
use core::fmt::Display;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use cfsign::js_sdk;
use cfsign::key::KeyError;
use cfsign::policy::{PolicyError, PolicyParseError};
use cfsign::sign::SignError;
use cfsign::{ErrorCode, PublicError};

macro_rules! codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal,)*) => {
        /// The stable `code` of every error thrown.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Code {
            $($(#[$doc])* $variant,)*
        }

        impl Code {
            pub(crate) fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }
        }

        #[wasm_bindgen(typescript_custom_section)]
        const TS_ERROR_CODES: &'static str = concat!(
            "/** The `code` of every error cfsign throws. */\nexport type ErrorCode =",
            $(" | \"", $text, "\"",)*
            ";\n"
        );
    };
}

codes! {
    /// The private or public key cannot be read.
    InvalidKey = "invalid_key",
    /// An encrypted private key without (or with the wrong) passphrase.
    EncryptedKey = "encrypted_key",
    /// A key of another type or size than RSA-2048 or ECDSA P-256.
    UnsupportedKey = "unsupported_key",
    /// A missing or mistyped option.
    InvalidOption = "invalid_option",
    /// A URL that cannot be signed.
    InvalidUrl = "invalid_url",
    /// A date that is not one, or outside what CloudFront accepts.
    InvalidDate = "invalid_date",
    /// An IP address or range that is not one.
    InvalidIp = "invalid_ip",
    /// A policy CloudFront would call malformed.
    InvalidPolicy = "invalid_policy",
    /// Something CloudFront no longer supports (RTMP).
    Unsupported = "unsupported",
    /// AWS CLI output that cannot be read (`diagnose`, `auditDistribution`): not JSON, or
    /// another kind of file than the one expected. (Thrown by the full build only.)
    #[cfg_attr(not(feature = "doctor"), allow(dead_code))]
    InvalidInput = "invalid_input",
    /// A URL given to `urlFor` that the prefix's policy does not cover.
    NotCovered = "not_covered",
    /// A URL given to `urlFor` whose path has a `.` or `..` segment or an encoded `/` or `\\`
    /// (in any number of percent-encodings), which could leave the prefix.
    UnsafePath = "unsafe_path",
    /// The host's crypto or the Rust signer failed to sign.
    SigningFailed = "signing_failed",
    /// A playlist `signPlaylist` cannot rewrite (its `reason`: `too_large`, `not_text`,
    /// `unknown_format`, `bad_xml`): a caller rewriting in passing serves it unchanged. (Thrown
    /// by the full build only.)
    #[cfg_attr(not(feature = "playlist"), allow(dead_code))]
    InvalidPlaylist = "invalid_playlist",
    /// A `sign` callback threw or rejected (its message follows).
    SignerFailed = "signer_failed",
    /// A `sign` callback did not settle within `signTimeout`.
    SignerTimeout = "signer_timeout",
    /// A `sign` callback returned something other than a signature CloudFront reads: not bytes,
    /// an RSA signature of the wrong length, or an ECDSA one that is not DER.
    InvalidSignature = "invalid_signature",
}

/// An error on its way to JS: `new Error(message)` with `code`.
#[derive(Debug)]
pub struct Error {
    code: Code,
    message: String,
    /// A finer code, as the `reason` property (`signPlaylist`'s errors: the core's code).
    #[cfg(feature = "playlist")]
    reason: Option<&'static str>,
}

impl Error {
    pub(crate) fn new(code: Code, message: impl Display) -> Self {
        Self::written(code, &message)
    }

    /// [`Error::new`]'s one copy: each caller only passes its message as `dyn Display`.
    #[inline(never)]
    fn written(code: Code, message: &dyn Display) -> Self {
        Self {
            code,
            message: message.to_string(),
            #[cfg(feature = "playlist")]
            reason: None,
        }
    }

    /// The same error with a `reason` property.
    #[cfg(feature = "playlist")]
    pub(crate) fn reason(mut self, reason: &'static str) -> Self {
        self.reason = Some(reason);
        self
    }
}

impl Error {
    /// The same error, its message after `context: ` (`context`: its pieces, joined).
    pub(crate) fn context(mut self, context: &[&str]) -> Self {
        let mut message = context.concat();
        message.push_str(": ");
        message.push_str(&self.message);
        self.message = message;
        self
    }
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let err = js_sys::Error::new(&e.message);
        // Setting a property on a fresh Error cannot fail; if it did, the message still explains.
        let _ = Reflect::set(&err, &"code".into(), &e.code.as_str().into());
        #[cfg(feature = "playlist")]
        if let Some(reason) = e.reason {
            let _ = Reflect::set(&err, &"reason".into(), &reason.into());
        }
        err.into()
    }
}

impl From<ErrorCode> for Code {
    fn from(code: ErrorCode) -> Self {
        match code {
            ErrorCode::InvalidKey => Self::InvalidKey,
            ErrorCode::EncryptedKey => Self::EncryptedKey,
            ErrorCode::UnsupportedKey => Self::UnsupportedKey,
            ErrorCode::InvalidOption => Self::InvalidOption,
            ErrorCode::InvalidUrl => Self::InvalidUrl,
            ErrorCode::InvalidDate => Self::InvalidDate,
            ErrorCode::InvalidIp => Self::InvalidIp,
            ErrorCode::InvalidPolicy => Self::InvalidPolicy,
            ErrorCode::NotCovered => Self::NotCovered,
            ErrorCode::UnsafePath => Self::UnsafePath,
            ErrorCode::SigningFailed => Self::SigningFailed,
            ErrorCode::SignerFailed => Self::SignerFailed,
            ErrorCode::InvalidSignature => Self::InvalidSignature,
            // A code added to the core later, not yet in `ErrorCode`'s list above.
            _ => Self::InvalidOption,
        }
    }
}

impl Error {
    /// A core error: the core's code, and its message without the caller's values.
    fn public<E: PublicError + Display>(e: E) -> Self {
        let code = e.code().into();
        Self::new(code, e.redacted())
    }
}

impl From<KeyError> for Error {
    fn from(e: KeyError) -> Self {
        Self::public(e)
    }
}

impl From<PolicyError> for Error {
    fn from(e: PolicyError) -> Self {
        Self::public(e)
    }
}

impl From<PolicyParseError> for Error {
    fn from(e: PolicyParseError) -> Self {
        Self::public(e)
    }
}

impl From<SignError> for Error {
    fn from(e: SignError) -> Self {
        match e {
            // The wrapped error's own message, without `SignError`'s words around it.
            SignError::Policy(e) => e.into(),
            SignError::Key(e) => e.into(),
            SignError::InvalidPolicyJson(e) => e.into(),
            e => Self::public(e),
        }
    }
}

impl From<js_sdk::Error> for Error {
    fn from(e: js_sdk::Error) -> Self {
        let code = match e {
            js_sdk::Error::Policy(p) => return p.into(),
            // Where the SDK signs what CloudFront refuses: the code of what is wrong (a URL, or a
            // policy over 8,192 bytes), and no value of the caller's in the message.
            js_sdk::Error::Unsignable(e) => return e.into(),
            js_sdk::Error::MissingUrlOrPolicy
            | js_sdk::Error::InvalidPolicy
            | js_sdk::Error::MissingDateLessThan => Code::InvalidOption,
            js_sdk::Error::PolicyJson(_) => Code::InvalidPolicy,
            js_sdk::Error::InvalidDateLessThan
            | js_sdk::Error::DateOutOfRange { .. }
            | js_sdk::Error::SecondsNotMillis { .. }
            | js_sdk::Error::ExpiryInPast { .. } => Code::InvalidDate,
            js_sdk::Error::InvalidScheme => Code::InvalidUrl,
            js_sdk::Error::Rtmp => Code::Unsupported,
            js_sdk::Error::InvalidIp { .. } => Code::InvalidIp,
            _ => Code::InvalidOption,
        };
        Self::new(code, e)
    }
}

impl Error {
    /// An option (or argument) that does not have the documented shape: its name and what was
    /// expected, never its value (it could be a secret given to the wrong option).
    pub(crate) fn option(name: &str, problem: &str) -> Self {
        Self::new(
            Code::InvalidOption,
            format_args!("options: {name} {problem}"),
        )
    }
}
