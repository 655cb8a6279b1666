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
use cfsign::PublicError;

create_exception!(
    cfsign,
    CfsignError,
    PyValueError,
    "A cfsign error: `code` is stable (`invalid_key`, `invalid_date`, ...); the message never holds a value given."
);

/// The stable codes (the npm package's `ErrorCode`), decided by the core.
pub use cfsign::ErrorCode as Code;

/// The codes of the log verdicts over Arrow (`verify_batch`, the verifiers, the report), beside
/// the core's: what is wrong with a table rather than with an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableCode {
    /// A column the analysis needs is not in the batch (the message names it).
    MissingColumn,
    /// A column of another Arrow type than the one expected (the message names both).
    ColumnType,
    /// Data that cannot be read: an Arrow stream that fails, verdict columns holding values that
    /// are none of cfsign's, report bytes that are no report (the npm package's `invalid_input`).
    InvalidInput,
}

/// A stable code, as the packages spell it.
pub trait StableCode {
    fn text(self) -> &'static str;
}

impl StableCode for Code {
    fn text(self) -> &'static str {
        self.as_str()
    }
}

impl StableCode for TableCode {
    fn text(self) -> &'static str {
        match self {
            Self::MissingColumn => "missing_column",
            Self::ColumnType => "column_type",
            Self::InvalidInput => "invalid_input",
        }
    }
}

/// An error on its way to Python.
#[derive(Debug)]
pub struct Error {
    code: &'static str,
    message: String,
}

impl Error {
    pub fn new(code: impl StableCode, message: impl std::fmt::Display) -> Self {
        Self {
            code: code.text(),
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
            let _ = err.value(py).setattr("code", e.code);
            err
        })
    }
}

impl Error {
    /// A core error: the core's code, and its message without the caller's values.
    pub fn public<E: PublicError + std::fmt::Display>(e: E) -> Self {
        Self::new(e.code(), e.redacted())
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
        Self::new(e.code(), format_args!("policy: {}", e.redacted()))
    }
}

impl From<SignError> for Error {
    fn from(e: SignError) -> Self {
        match e {
            // The wrapped error's own message, without `SignError`'s words around it.
            SignError::Policy(e) => e.into(),
            SignError::Key(e) => e.into(),
            SignError::InvalidPolicyJson(e) => e.into(),
            // Where this package has always differed from the npm package's codes: a signature
            // the seam refuses, or a hash it cannot sign with, is `signing_failed` here.
            e @ (SignError::InvalidSignature { .. } | SignError::HashUnsupported { .. }) => {
                Self::new(Code::SigningFailed, e)
            }
            // Errors of `url_for` and of JS signers, which this package never raises.
            SignError::NotCovered { .. }
            | SignError::UnsafePath { .. }
            | SignError::RelativeWithoutBase
            | SignError::SignerFailed { .. } => {
                Self::new(Code::InvalidUrl, "the URL cannot be signed")
            }
            e => Self::public(e),
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
