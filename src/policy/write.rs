//! A policy's JSON, written by serde_json: compact, the members in the order of these structs,
//! strings escaped as serde_json escapes them, which is byte for byte `JSON.stringify`'s (and
//! Python's `json.dumps` with `ensure_ascii=False`): `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`,
//! other control characters as `\u00xx` (lower-case hex), everything else as it is.

use alloc::string::String;
use serde::Serialize;

use super::{ConditionOrder, Policy};

#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "Statement")]
    statement: [Statement<'a>; 1],
}

#[derive(Serialize)]
struct Statement<'a> {
    #[serde(rename = "Resource")]
    resource: &'a str,
    #[serde(rename = "Condition")]
    condition: Condition<'a>,
}

/// The conditions; the IP range comes before the start (the AWS CLI's order) or after it (the JS
/// SDK's).
#[derive(Serialize)]
struct Condition<'a> {
    #[serde(rename = "DateLessThan")]
    date_less_than: EpochTime,
    #[serde(rename = "IpAddress", skip_serializing_if = "Option::is_none")]
    ip_first: Option<SourceIp<'a>>,
    #[serde(rename = "DateGreaterThan", skip_serializing_if = "Option::is_none")]
    date_greater_than: Option<EpochTime>,
    #[serde(rename = "IpAddress", skip_serializing_if = "Option::is_none")]
    ip_last: Option<SourceIp<'a>>,
}

#[derive(Serialize)]
struct EpochTime {
    #[serde(rename = "AWS:EpochTime")]
    time: u64,
}

#[derive(Serialize)]
struct SourceIp<'a> {
    #[serde(rename = "AWS:SourceIp")]
    range: &'a str,
}

/// [`Policy::to_json_ordered`].
pub(super) fn to_json(policy: &Policy, order: ConditionOrder) -> String {
    let ip = policy.ip_range.as_ref().map(|range| SourceIp {
        range: range.as_str(),
    });
    let (ip_first, ip_last) = match order {
        ConditionOrder::AwsCli => (ip, None),
        ConditionOrder::JsSdk => (None, ip),
    };
    let document = Document {
        statement: [Statement {
            resource: &policy.resource,
            condition: Condition {
                date_less_than: EpochTime {
                    time: policy.date_less_than,
                },
                ip_first,
                date_greater_than: policy.date_greater_than.map(|time| EpochTime { time }),
                ip_last,
            },
        }],
    };
    // Cannot fail: strings and numbers only, written to memory.
    serde_json::to_string(&document).unwrap_or_default()
}
