//! The policy CloudFront checks, and its exact JSON bytes.
//!
//! A policy has one statement: a resource (a URL, possibly with `*` and `?` wildcards), an expiry
//! (`DateLessThan`), and optionally a start (`DateGreaterThan`) and a client IPv4 range
//! (`IpAddress`). CloudFront's developer guide ("Creating a signed URL using a canned policy")
//! fixes the canned policy's bytes:
//!
//! ```text
//! {"Statement":[{"Resource":"<url>","Condition":{"DateLessThan":{"AWS:EpochTime":<n>}}}]}
//! ```
//!
//! A custom policy is checked over whatever bytes were signed, so its key order is free, but the
//! bytes (and so the signature and the `Policy` parameter) depend on it. botocore and the AWS CLI
//! write `DateLessThan`, `IpAddress`, `DateGreaterThan`; `@aws-sdk/cloudfront-signer` writes
//! `DateLessThan`, `DateGreaterThan`, `IpAddress`. [`ConditionOrder`] selects one; the default is
//! the AWS CLI's, which the `cfsign` command follows.

use alloc::string::{String, ToString};
use core::fmt;

mod character;
mod check;
mod ip;
mod parse;
mod resource;
mod write;

pub use character::{CharacterKind, RefusedCharacter};
pub use check::{check_resource, is_http_url, ResourceProblem};
pub use ip::IpRange;
pub use parse::{PolicyDocument, PolicyParseError, UnknownPolicyKey, MAX_POLICY_BYTES};
pub use resource::{
    cookie_path, has_wildcard, literal_base, resource_matches, whole_string_matches,
    ResourceReadings,
};

/// The largest expiry (`Expires`, `AWS:EpochTime`) CloudFront's guide documents: "specify a
/// 64-bit integer for a date that's no later than `9223372036854775807`" (the canned URL and
/// canned cookie pages, 2026). botocore and `@aws-sdk/cloudfront-signer` sign any expiry their
/// dates can hold (the years 9999 and +275760), so cfsign refuses only what no 64-bit integer
/// holds. See `docs/research/cloudfront-verification.md`, §3.4.
pub const MAX_EPOCH: u64 = i64::MAX as u64;

/// The largest `Expires` of CloudFront's guide before 2023 ("a 32-bit integer for a date which
/// can be no later than 2147483647", 2038-01-19T03:14:07Z). Not a limit: the verifier notes an
/// expiry past it (`expiry_after_2038`), since no live test has shown CloudFront accepting one.
pub const EPOCH_2038: u64 = 2_147_483_647;

/// The order of the conditions in a custom policy's JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ConditionOrder {
    /// `DateLessThan`, `IpAddress`, `DateGreaterThan`: botocore and the AWS CLI.
    #[default]
    AwsCli,
    /// `DateLessThan`, `DateGreaterThan`, `IpAddress`: `@aws-sdk/cloudfront-signer`.
    JsSdk,
}

/// One CloudFront policy statement: resource, expiry, and optional start and IP range.
///
/// Its JSON is byte for byte what the AWS CLI writes; a policy with a start, an IP range or a
/// wildcard is custom, otherwise canned (CloudFront rebuilds a canned one from the URL).
///
/// # Example
///
/// ```
/// use cfsign::{IpRange, Policy};
///
/// let policy = Policy::new("https://d111111abcdef8.cloudfront.net/videos/*", 1_893_456_000)?
///     .valid_from(1_767_225_600)?
///     .ip_range(IpRange::parse("192.0.2.0/24")?);
/// assert!(!policy.is_canned());
/// assert_eq!(
///     policy.to_json(),
///     r#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/videos/*","Condition":{"DateLessThan":{"AWS:EpochTime":1893456000},"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateGreaterThan":{"AWS:EpochTime":1767225600}}}]}"#
/// );
/// // Checked as CloudFront would: a start after the expiry is refused.
/// assert!(Policy::new("https://d111111abcdef8.cloudfront.net/a", 100)?.valid_from(200).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    resource: String,
    date_less_than: u64,
    date_greater_than: Option<u64>,
    ip_range: Option<IpRange>,
}

impl Policy {
    /// A policy for `resource` that expires at `date_less_than` (epoch seconds).
    ///
    /// The resource is checked as the AWS CLI checks it, because CloudFront compares it with the
    /// URL as it arrives on the wire: not empty; no `"`, `\` or control characters (they would
    /// need JSON escaping that CloudFront's comparison does not undo); ASCII only, without spaces
    /// (percent-encode the path and use the `xn--` form of a domain); no `#` fragment (never sent
    /// to CloudFront). A resource without wildcards must be an absolute `http://` or `https://`
    /// URL with a host. botocore signs non-ASCII resources with `\u` escapes and the JS SDK with
    /// raw UTF-8 after percent-encoding the path; refusing is the one behaviour that never produces
    /// a URL CloudFront rejects.
    pub fn new(resource: &str, date_less_than: u64) -> Result<Self, PolicyError> {
        check_resource(resource)?;
        Self::with_unchecked_resource(resource, date_less_than)
    }

    /// [`Policy::new`] with an optional start ([`Policy::valid_from`]) and client range
    /// ([`Policy::ip_range`]): the one way options become a policy.
    pub fn with_conditions(
        resource: &str,
        date_less_than: u64,
        date_greater_than: Option<u64>,
        ip_range: Option<IpRange>,
    ) -> Result<Self, PolicyError> {
        check_resource(resource)?;
        Self::with_unchecked_conditions(resource, date_less_than, date_greater_than, ip_range)
    }

    /// Like [`Policy::new`] but without the resource checks: any string is written into the JSON,
    /// escaped as `JSON.stringify` escapes it. For compatibility layers that must reproduce
    /// another tool's output; the expiry is still checked.
    pub fn with_unchecked_resource(
        resource: &str,
        date_less_than: u64,
    ) -> Result<Self, PolicyError> {
        Self::with_unchecked_conditions(resource, date_less_than, None, None)
    }

    /// [`Policy::with_conditions`] without the resource checks (see
    /// [`Policy::with_unchecked_resource`]): the expiry and the start are checked, in that order,
    /// before anything is built.
    pub(crate) fn with_unchecked_conditions(
        resource: &str,
        date_less_than: u64,
        date_greater_than: Option<u64>,
        ip_range: Option<IpRange>,
    ) -> Result<Self, PolicyError> {
        if date_less_than > MAX_EPOCH {
            return Err(PolicyError::ExpiryTooLarge { date_less_than });
        }
        if let Some(start) = date_greater_than {
            check_start(start, date_less_than)?;
        }
        Ok(Self {
            resource: resource.to_string(),
            date_less_than,
            date_greater_than,
            ip_range,
        })
    }

    /// Adds a start time (`DateGreaterThan`, epoch seconds): it must be before the expiry.
    pub fn valid_from(mut self, date_greater_than: u64) -> Result<Self, PolicyError> {
        check_start(date_greater_than, self.date_less_than)?;
        self.date_greater_than = Some(date_greater_than);
        Ok(self)
    }

    /// Restricts the policy to clients in `range` (`IpAddress`).
    pub fn ip_range(mut self, range: IpRange) -> Self {
        self.ip_range = Some(range);
        self
    }

    /// The resource pattern.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The expiry, epoch seconds (`DateLessThan`).
    pub fn date_less_than(&self) -> u64 {
        self.date_less_than
    }

    /// The start, epoch seconds (`DateGreaterThan`), if any.
    pub fn date_greater_than(&self) -> Option<u64> {
        self.date_greater_than
    }

    /// The client IP range (`IpAddress`), if any.
    pub fn ip(&self) -> Option<&IpRange> {
        self.ip_range.as_ref()
    }

    /// Whether this policy can be sent as a canned policy: only an expiry, and a resource without
    /// `*`. (For a URL the resource must also equal the URL itself; [`crate::Signer`] checks that.)
    pub fn is_canned(&self) -> bool {
        self.date_greater_than.is_none() && self.ip_range.is_none() && !self.resource.contains('*')
    }

    /// The policy's JSON with the conditions in the AWS CLI's order: the bytes that get signed.
    ///
    /// With only an expiry this is exactly the canned policy of CloudFront's guide.
    pub fn to_json(&self) -> String {
        self.to_json_ordered(ConditionOrder::AwsCli)
    }

    /// The policy's JSON with the conditions in the given order. No whitespace; strings escaped
    /// as `JSON.stringify` escapes them (non-ASCII characters as they are).
    pub fn to_json_ordered(&self, order: ConditionOrder) -> String {
        write::to_json(self, order)
    }
}

/// A start must be before the expiry.
fn check_start(date_greater_than: u64, date_less_than: u64) -> Result<(), PolicyError> {
    if date_greater_than >= date_less_than {
        return Err(PolicyError::StartNotBeforeExpiry {
            date_greater_than,
            date_less_than,
        });
    }
    Ok(())
}

/// Why a policy cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PolicyError {
    /// The resource cannot be signed as it is.
    InvalidResource {
        /// The resource.
        resource: String,
        /// What is wrong with it.
        problem: ResourceProblem,
    },
    /// `DateLessThan` is after [`MAX_EPOCH`] (does not fit in a signed 64-bit integer).
    ExpiryTooLarge {
        /// The expiry asked for.
        date_less_than: u64,
    },
    /// `DateGreaterThan` is not before `DateLessThan`.
    StartNotBeforeExpiry {
        /// The start asked for.
        date_greater_than: u64,
        /// The expiry.
        date_less_than: u64,
    },
    /// An IP range that is not `a.b.c.d` or `a.b.c.d/n`.
    InvalidIpRange {
        /// The text given.
        value: String,
    },
    /// An IPv6 address or range: CloudFront policies take IPv4 only.
    Ipv6Range {
        /// The text given.
        value: String,
    },
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidResource { resource, problem } => {
                let why = match problem {
                    ResourceProblem::Empty => "it is empty",
                    ResourceProblem::UnsafeCharacter => {
                        "it contains a double quote, a backslash or a control character"
                    }
                    ResourceProblem::NotAscii => {
                        "it contains a space or a non-ASCII character: percent-encode the path and use the xn-- form of the domain"
                    }
                    ResourceProblem::Fragment => {
                        "it contains a '#' fragment, which browsers never send to CloudFront"
                    }
                    ResourceProblem::NotHttpUrl => {
                        "it is not an absolute http:// or https:// URL with a host"
                    }
                };
                write!(f, "resource {resource:?} cannot be signed: {why}")
            }
            Self::ExpiryTooLarge { date_less_than } => write!(
                f,
                // MAX_EPOCH, written out (tested).
                "expiry {date_less_than} is after 9223372036854775807, the largest CloudFront's guide documents (a 64-bit integer)"
            ),
            Self::StartNotBeforeExpiry { date_greater_than, date_less_than } => write!(
                f,
                "start {date_greater_than} is not before expiry {date_less_than}"
            ),
            Self::InvalidIpRange { value } => {
                write!(f, "{value:?} is not an IPv4 address or range (x.x.x.x or x.x.x.x/n)")
            }
            Self::Ipv6Range { value } => write!(
                f,
                "{value:?} is IPv6: CloudFront policies take IPv4 addresses and ranges only"
            ),
        }
    }
}

impl core::error::Error for PolicyError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canned_json_is_the_guides_bytes() {
        let p = Policy::new(
            "https://d111111abcdef8.cloudfront.net/image.jpg",
            1767290400,
        )
        .unwrap();
        assert_eq!(
            p.to_json(),
            r#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/image.jpg","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}"#
        );
        assert!(p.is_canned());
    }

    #[test]
    fn condition_orders() {
        let p = Policy::new("https://a.example/*", 20)
            .unwrap()
            .valid_from(10)
            .unwrap()
            .ip_range(IpRange::parse("192.0.2.1").unwrap());
        assert!(!p.is_canned());
        assert_eq!(
            p.to_json_ordered(ConditionOrder::AwsCli),
            r#"{"Statement":[{"Resource":"https://a.example/*","Condition":{"DateLessThan":{"AWS:EpochTime":20},"IpAddress":{"AWS:SourceIp":"192.0.2.1/32"},"DateGreaterThan":{"AWS:EpochTime":10}}}]}"#
        );
        assert_eq!(
            p.to_json_ordered(ConditionOrder::JsSdk),
            r#"{"Statement":[{"Resource":"https://a.example/*","Condition":{"DateLessThan":{"AWS:EpochTime":20},"DateGreaterThan":{"AWS:EpochTime":10},"IpAddress":{"AWS:SourceIp":"192.0.2.1/32"}}}]}"#
        );
    }

    #[test]
    fn expiry_message_names_the_limit() {
        let e = Policy::new("https://a.example/", MAX_EPOCH + 1).unwrap_err();
        assert_eq!(
            e.to_string(),
            alloc::format!("expiry 9223372036854775808 is after {MAX_EPOCH}, the largest CloudFront's guide documents (a 64-bit integer)")
        );
    }

    /// The current guide's limit (issue 29; docs/research/cloudfront-verification.md, 3.4):
    /// "specify a 64-bit integer for a date that's no later than 9223372036854775807". The 2038
    /// limit of the guide before 2023 is the verifier's note, not a refusal.
    #[test]
    fn expiry_and_start_bounds() {
        assert_eq!(MAX_EPOCH, 9_223_372_036_854_775_807);
        assert_eq!(EPOCH_2038, 2_147_483_647);
        for n in [EPOCH_2038, EPOCH_2038 + 1, 4_102_444_800, MAX_EPOCH] {
            let p = Policy::new("https://a.example/", n).unwrap();
            assert!(p
                .to_json()
                .contains(&alloc::format!(r#""AWS:EpochTime":{n}}}"#)));
            assert!(p.valid_from(n - 1).is_ok());
        }
        assert_eq!(
            Policy::new("https://a.example/", MAX_EPOCH + 1).unwrap_err(),
            PolicyError::ExpiryTooLarge {
                date_less_than: MAX_EPOCH + 1
            }
        );
        let p = Policy::new("https://a.example/", 100).unwrap();
        assert!(matches!(
            p.clone().valid_from(100),
            Err(PolicyError::StartNotBeforeExpiry { .. })
        ));
        assert!(p.valid_from(99).is_ok());
    }

    #[test]
    fn json_escaping_is_json_stringify() {
        let p = Policy::with_unchecked_resource("https://h/\"\\\u{8}\u{c}\n\r\t\u{1}\u{7f}é", 1)
            .unwrap();
        assert!(p.to_json().contains(r#""https://h/\"\\\b\f\n\r\t\u0001"#));
        assert!(p.to_json().contains("\u{7f}é\""));
    }
}
