//! Reading a policy back from its JSON bytes, strictly, as CloudFront's `MalformedPolicy` check
//! would: one statement with a `Resource` string and a `Condition` holding `DateLessThan` and
//! optionally `DateGreaterThan` and `IpAddress`, nothing else. Whitespace and key order are free
//! (AWS's own example policies carry line breaks); the bytes are never re-serialized.

use alloc::string::{String, ToString};
use core::fmt;

use super::json::{self, Value};
use super::MAX_EPOCH;

/// The largest policy accepted, in bytes. A policy travels base64-encoded in a URL of at most
/// 8,192 bytes or in a cookie, so a real one is far smaller.
pub const MAX_POLICY_BYTES: usize = 8192;

/// A policy read from JSON: not yet trusted, only well-formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyDocument {
    /// `Resource`: the URL pattern.
    pub resource: String,
    /// `DateLessThan` / `AWS:EpochTime`.
    pub date_less_than: u64,
    /// `DateGreaterThan` / `AWS:EpochTime`.
    pub date_greater_than: Option<u64>,
    /// `IpAddress` / `AWS:SourceIp`, as written.
    pub source_ip: Option<String>,
}

impl PolicyDocument {
    /// Parses policy JSON bytes.
    pub fn parse(bytes: &[u8]) -> Result<Self, PolicyParseError> {
        // Overwritten by the step that fails.
        let mut why = PolicyParseError::NotUtf8;
        read(bytes, false, &mut why).ok_or(why)
    }

    /// Parses policy JSON that is about to be signed: [`PolicyDocument::parse`], and its
    /// `AWS:SourceIp`, if any, must be an IPv4 range (what the verifier checks next). Every signer
    /// of policy strings reads them here, so that a policy cfsign signs is one its verifier, and
    /// CloudFront, accepts.
    pub fn parse_for_signing(bytes: &[u8]) -> Result<Self, PolicyParseError> {
        let mut why = PolicyParseError::NotUtf8;
        read(bytes, true, &mut why).ok_or(why)
    }
}

/// [`PolicyDocument::parse`], or with `for_signing` [`PolicyDocument::parse_for_signing`]. Each
/// step that refuses leaves why in `why` and returns `None`: the error is written once, where it
/// is found, instead of being passed up through every step.
fn read(bytes: &[u8], for_signing: bool, why: &mut PolicyParseError) -> Option<PolicyDocument> {
    if bytes.len() > MAX_POLICY_BYTES {
        return fail(why, PolicyParseError::TooLarge { bytes: bytes.len() });
    }
    let Ok(text) = core::str::from_utf8(bytes) else {
        return fail(why, PolicyParseError::NotUtf8);
    };
    let value = match json::parse(text) {
        Ok(value) => value,
        Err(e) => {
            let detail = alloc::format!("{e}");
            return fail(why, PolicyParseError::NotJson { detail });
        }
    };
    let [statements, ..] = open(&value, "the policy", &["Statement"], why)?;
    let Value::Array(statements) = required(statements, "Statement", why)? else {
        return wrong_type(why, "Statement", "an array");
    };
    let [statement] = statements.as_slice() else {
        let count = statements.len();
        return fail(why, PolicyParseError::StatementCount { count });
    };
    let [resource, condition, _] =
        open(statement, "the statement", &["Resource", "Condition"], why)?;
    let resource = string(required(resource, "Resource", why)?, "Resource", why)?;
    let condition = required(condition, "Condition", why)?;
    let [less, greater, ip] = open(
        condition,
        "Condition",
        &["DateLessThan", "DateGreaterThan", "IpAddress"],
        why,
    )?;
    let date_less_than = epoch(required(less, "DateLessThan", why)?, "DateLessThan", why)?;
    let date_greater_than = match greater {
        Some(v) => Some(epoch(v, "DateGreaterThan", why)?),
        None => None,
    };
    let source_ip = match ip {
        Some(ip) => {
            let [s, ..] = open(ip, "IpAddress", &["AWS:SourceIp"], why)?;
            let s = required(s, "IpAddress.AWS:SourceIp", why)?;
            let s = string(s, "AWS:SourceIp", why)?;
            // The last step: every other refusal comes first.
            if for_signing {
                if let Err(e) = super::IpRange::parse(s) {
                    return fail(why, PolicyParseError::SourceIp(e));
                }
            }
            Some(s.to_string())
        }
        None => None,
    };
    Some(PolicyDocument {
        resource: resource.to_string(),
        date_less_than,
        date_greater_than,
        source_ip,
    })
}

/// Leaves `e` in `why`, for a step of [`read`] that refuses.
fn fail<T>(why: &mut PolicyParseError, e: PolicyParseError) -> Option<T> {
    *why = e;
    None
}

fn wrong_type<T>(
    why: &mut PolicyParseError,
    what: &'static str,
    expected: &'static str,
) -> Option<T> {
    fail(why, PolicyParseError::WrongType { what, expected })
}

/// The members of `value`, an object (`what`, for errors), whose keys are in `allowed`, in the
/// order of `allowed` (each key is in an object at most once). Refuses another type, and a key
/// not in `allowed`: the first such key in byte order (the order in which the reader before,
/// serde_json's sorted map, found it).
fn open<'a>(
    value: &'a Value,
    what: &'static str,
    allowed: &[&str],
    why: &mut PolicyParseError,
) -> Option<[Option<&'a Value>; 3]> {
    let Value::Object(members) = value else {
        return wrong_type(why, what, "an object");
    };
    let mut found = [None; 3];
    let mut unknown: Option<&String> = None;
    for (key, member) in members {
        match allowed.iter().position(|a| a == key) {
            Some(i) => {
                if let Some(slot) = found.get_mut(i) {
                    *slot = Some(member);
                }
            }
            None => {
                if unknown.is_none_or(|u| key < u) {
                    unknown = Some(key);
                }
            }
        }
    }
    match unknown {
        Some(key) => fail(
            why,
            PolicyParseError::UnknownKey {
                within: what,
                key: key.clone(),
            },
        ),
        None => Some(found),
    }
}

/// A member that must be there.
fn required<'a>(
    member: Option<&'a Value>,
    what: &'static str,
    why: &mut PolicyParseError,
) -> Option<&'a Value> {
    match member {
        Some(v) => Some(v),
        None => fail(why, PolicyParseError::Missing { what }),
    }
}

fn string<'a>(value: &'a Value, what: &'static str, why: &mut PolicyParseError) -> Option<&'a str> {
    match value {
        Value::String(s) => Some(s),
        _ => wrong_type(why, what, "a string"),
    }
}

fn epoch(value: &Value, what: &'static str, why: &mut PolicyParseError) -> Option<u64> {
    let [t, ..] = open(value, what, &["AWS:EpochTime"], why)?;
    match required(t, "AWS:EpochTime", why)? {
        Value::Whole(n) if *n <= MAX_EPOCH => Some(*n),
        Value::Whole(n) => fail(why, PolicyParseError::EpochOutOfRange { what, value: *n }),
        _ => wrong_type(why, what, "a whole number of seconds (no quotes)"),
    }
}

/// Why bytes are not a CloudFront policy (CloudFront: `MalformedPolicy`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyParseError {
    /// Over [`MAX_POLICY_BYTES`].
    TooLarge {
        /// The size.
        bytes: usize,
    },
    /// Not UTF-8.
    NotUtf8,
    /// Not JSON.
    NotJson {
        /// The parser's message.
        detail: String,
    },
    /// A required member is missing.
    Missing {
        /// Which.
        what: &'static str,
    },
    /// A member of the wrong type.
    WrongType {
        /// Which.
        what: &'static str,
        /// What it should be.
        expected: &'static str,
    },
    /// Not exactly one statement.
    StatementCount {
        /// How many there are.
        count: usize,
    },
    /// A member CloudFront policies do not have.
    UnknownKey {
        /// Where.
        within: &'static str,
        /// The key.
        key: String,
    },
    /// An epoch time above 2147483647.
    EpochOutOfRange {
        /// Which condition.
        what: &'static str,
        /// The value.
        value: u64,
    },
    /// `AWS:SourceIp` is not an IPv4 address or range (checked before signing).
    SourceIp(super::PolicyError),
}

impl fmt::Display for PolicyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { bytes } => write!(
                f,
                // MAX_POLICY_BYTES, written out (tested): one argument fewer to format.
                "policy of {bytes} bytes is over the 8192-byte limit"
            ),
            Self::NotUtf8 => f.write_str("policy is not UTF-8 text"),
            Self::NotJson { detail } => write!(f, "policy is not JSON: {detail}"),
            Self::Missing { what } => write!(f, "policy has no {what}"),
            Self::WrongType { what, expected } => write!(f, "policy {what} is not {expected}"),
            Self::StatementCount { count } => {
                write!(
                    f,
                    "policy has {count} statements; CloudFront takes exactly one"
                )
            }
            Self::UnknownKey { within, key } => {
                write!(f, "unknown key {key:?} in {within}")
            }
            Self::EpochOutOfRange { what, value } => {
                write!(
                    f,
                    // MAX_EPOCH, written out (tested).
                    "{what} {value} is after 2147483647, the largest CloudFront accepts"
                )
            }
            Self::SourceIp(e) => write!(f, "policy AWS:SourceIp: {e}"),
        }
    }
}

impl core::error::Error for PolicyParseError {}

#[cfg(test)]
mod tests;
