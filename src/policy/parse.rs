//! Reading a policy back from its JSON bytes, strictly, as CloudFront's `MalformedPolicy` check
//! would: one statement with a `Resource` string and a `Condition` holding `DateLessThan` and
//! optionally `DateGreaterThan` and `IpAddress`, nothing else. Whitespace and key order are free
//! (AWS's own example policies carry line breaks); the bytes are never re-serialized.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::MAX_EPOCH;
use alloc::boxed::Box;
use tree::{Object, Slot};

mod tree;

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
    /// The keys CloudFront's guide does not document, read and set aside: in the order the
    /// objects are read (the policy, the statement, `Condition`, `DateLessThan`,
    /// `DateGreaterThan`, `IpAddress`), in byte order within each, each once. botocore and the JS
    /// SDK sign such policies as given; what CloudFront does with them is undocumented, so they
    /// are a warning for a signer and a note for a verifier, not a refusal.
    pub unknown_keys: Vec<UnknownPolicyKey>,
}

/// A key CloudFront's guide does not document in a policy.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UnknownPolicyKey {
    /// The object it is in: `the policy`, `the statement`, `Condition`, `DateLessThan`,
    /// `DateGreaterThan` or `IpAddress`.
    pub within: &'static str,
    /// The key.
    pub key: String,
}

impl fmt::Display for UnknownPolicyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown key {:?} in {}", self.key, self.within)
    }
}

impl PolicyDocument {
    /// Parses policy JSON bytes.
    ///
    /// The JSON is read by serde_json (RFC 8259: no byte order mark, comments or trailing
    /// characters; no raw control characters or unpaired `\u` surrogates in strings; at most 127
    /// nested arrays and objects). A key repeated takes its last value. Keys a policy does not have,
    /// in byte order, are read and named in [`PolicyDocument::unknown_keys`]. `AWS:EpochTime` must be a whole number without sign,
    /// fraction or exponent; any other number there is of the wrong type. A number beyond `f64`
    /// (`1e400`), wherever it is, is refused by serde_json as not JSON.
    pub fn parse(bytes: &[u8]) -> Result<Self, PolicyParseError> {
        read(bytes, false)
    }

    /// Parses policy JSON that is about to be signed: [`PolicyDocument::parse`], and its
    /// `AWS:SourceIp`, if any, must be an IPv4 range (what the verifier checks next). Every signer
    /// of policy strings reads them here, so that a policy cfsign signs is one its verifier, and
    /// CloudFront, accepts.
    pub fn parse_for_signing(bytes: &[u8]) -> Result<Self, PolicyParseError> {
        read(bytes, true)
    }
}

/// [`PolicyDocument::parse`], or with `for_signing` [`PolicyDocument::parse_for_signing`]: the
/// checks in a fixed order (the first that fails is the error), whatever the order of the text.
fn read(bytes: &[u8], for_signing: bool) -> Result<PolicyDocument, PolicyParseError> {
    if bytes.len() > MAX_POLICY_BYTES {
        return Err(PolicyParseError::TooLarge { bytes: bytes.len() });
    }
    let text = core::str::from_utf8(bytes).map_err(|_| PolicyParseError::NotUtf8)?;
    let root = tree::read(text).map_err(|e| PolicyParseError::NotJson {
        detail: alloc::format!("{e}"),
    })?;
    let mut unknown = Vec::new();
    let root = open(root, "the policy", &mut unknown)?;
    let statements = match required(root.statement, "Statement")? {
        Some(statements) => statements,
        None => return Err(wrong_type("Statement", "an array")),
    };
    if statements.count != 1 {
        return Err(PolicyParseError::StatementCount {
            count: statements.count,
        });
    }
    let statement = open(statements.first, "the statement", &mut unknown)?;
    let resource = string(statement.resource, "Resource", "Resource")?;
    let condition = match statement.condition {
        Slot::Absent => return Err(PolicyParseError::Missing { what: "Condition" }),
        slot => open(slot, "Condition", &mut unknown)?,
    };
    let date_less_than = epoch(condition.date_less_than, "DateLessThan", &mut unknown)?;
    let date_greater_than = match condition.date_greater_than {
        Slot::Absent => None,
        slot => Some(epoch(slot, "DateGreaterThan", &mut unknown)?),
    };
    let source_ip = match condition.ip_address {
        Slot::Absent => None,
        slot => {
            let ip = open(slot, "IpAddress", &mut unknown)?;
            let range = string(ip.source_ip, "IpAddress.AWS:SourceIp", "AWS:SourceIp")?;
            // The last step: every other refusal comes first.
            if for_signing {
                super::IpRange::parse(&range).map_err(PolicyParseError::SourceIp)?;
            }
            Some(range)
        }
    };
    Ok(PolicyDocument {
        resource,
        date_less_than,
        date_greater_than,
        source_ip,
        unknown_keys: unknown,
    })
}

fn wrong_type(what: &'static str, expected: &'static str) -> PolicyParseError {
    PolicyParseError::WrongType { what, expected }
}

/// The members of an object (`what`, for errors and [`UnknownPolicyKey::within`]): refused when
/// it is of another type. The keys a policy does not have there go to `unknown`, in byte order,
/// each once.
fn open(
    slot: Slot<Box<Object>>,
    what: &'static str,
    unknown: &mut Vec<UnknownPolicyKey>,
) -> Result<Box<Object>, PolicyParseError> {
    let mut object = match slot {
        Slot::Found(object) => object,
        Slot::Absent | Slot::Wrong => return Err(wrong_type(what, "an object")),
    };
    let keys = core::mem::take(&mut object.unknown);
    unknown.extend(
        keys.into_iter()
            .map(|key| UnknownPolicyKey { within: what, key }),
    );
    Ok(object)
}

/// A member that must be there: `None` when it is of the wrong type.
fn required<T>(slot: Slot<T>, what: &'static str) -> Result<Option<T>, PolicyParseError> {
    match slot {
        Slot::Absent => Err(PolicyParseError::Missing { what }),
        Slot::Wrong => Ok(None),
        Slot::Found(value) => Ok(Some(value)),
    }
}

/// A string member that must be there (`missing` names it when it is not).
fn string(
    slot: Slot<String>,
    missing: &'static str,
    what: &'static str,
) -> Result<String, PolicyParseError> {
    required(slot, missing)?.ok_or(wrong_type(what, "a string"))
}

/// `{"AWS:EpochTime": n}`, a condition that is there, as `what` (`DateLessThan`, ...).
fn epoch(
    slot: Slot<Box<Object>>,
    what: &'static str,
    unknown: &mut Vec<UnknownPolicyKey>,
) -> Result<u64, PolicyParseError> {
    let slot = match slot {
        Slot::Absent => return Err(PolicyParseError::Missing { what }),
        slot => slot,
    };
    let time = open(slot, what, unknown)?.epoch_time;
    match required(time, "AWS:EpochTime")? {
        Some(n) if n <= MAX_EPOCH => Ok(n),
        Some(n) => Err(PolicyParseError::EpochOutOfRange { what, value: n }),
        None => Err(wrong_type(what, "a whole number of seconds (no quotes)")),
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
    /// An epoch time above [`MAX_EPOCH`] (2^63 - 1).
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
            Self::EpochOutOfRange { what, value } => {
                write!(
                    f,
                    // MAX_EPOCH, written out (tested).
                    "{what} {value} is after 9223372036854775807, the largest CloudFront's guide documents (a 64-bit integer)"
                )
            }
            Self::SourceIp(e) => write!(f, "policy AWS:SourceIp: {e}"),
        }
    }
}

impl core::error::Error for PolicyParseError {}

#[cfg(test)]
mod tests;
