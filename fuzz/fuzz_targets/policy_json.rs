//! The policy reader (serde_json through the crate's map visitors, `src/policy/parse/tree.rs`)
//! against the same checks written over serde_json's `Value` (as at commit c525613): the same
//! documents, the same refusals. Never a panic on any input.
#![no_main]

use cfsign::policy::{PolicyDocument, PolicyParseError, UnknownPolicyKey, MAX_EPOCH, MAX_POLICY_BYTES};
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

fn old_parse(bytes: &[u8]) -> Result<PolicyDocument, PolicyParseError> {
    if bytes.len() > MAX_POLICY_BYTES {
        return Err(PolicyParseError::TooLarge { bytes: bytes.len() });
    }
    let text = core::str::from_utf8(bytes).map_err(|_| PolicyParseError::NotUtf8)?;
    let value: Value = serde_json::from_str(text).map_err(|e| PolicyParseError::NotJson {
        detail: e.to_string(),
    })?;
    let mut unknown = Vec::new();
    let root = object(&value, "the policy")?;
    only_keys(root, "the policy", &["Statement"], &mut unknown);
    let statements = root
        .get("Statement")
        .ok_or(PolicyParseError::Missing { what: "Statement" })?
        .as_array()
        .ok_or(PolicyParseError::WrongType { what: "Statement", expected: "an array" })?;
    let [statement] = statements.as_slice() else {
        return Err(PolicyParseError::StatementCount { count: statements.len() });
    };
    let statement = object(statement, "the statement")?;
    only_keys(statement, "the statement", &["Resource", "Condition"], &mut unknown);
    let resource = statement
        .get("Resource")
        .ok_or(PolicyParseError::Missing { what: "Resource" })?
        .as_str()
        .ok_or(PolicyParseError::WrongType { what: "Resource", expected: "a string" })?;
    let condition = object(
        statement.get("Condition").ok_or(PolicyParseError::Missing { what: "Condition" })?,
        "Condition",
    )?;
    only_keys(condition, "Condition", &["DateLessThan", "DateGreaterThan", "IpAddress"], &mut unknown);
    let date_less_than = match condition.get("DateLessThan") {
        Some(v) => epoch(v, "DateLessThan", &mut unknown)?,
        None => return Err(PolicyParseError::Missing { what: "DateLessThan" }),
    };
    let date_greater_than = condition
        .get("DateGreaterThan")
        .map(|v| epoch(v, "DateGreaterThan", &mut unknown))
        .transpose()?;
    let source_ip = match condition.get("IpAddress") {
        Some(v) => {
            let ip = object(v, "IpAddress")?;
            only_keys(ip, "IpAddress", &["AWS:SourceIp"], &mut unknown);
            let s = ip
                .get("AWS:SourceIp")
                .ok_or(PolicyParseError::Missing { what: "IpAddress.AWS:SourceIp" })?
                .as_str()
                .ok_or(PolicyParseError::WrongType { what: "AWS:SourceIp", expected: "a string" })?;
            Some(s.to_string())
        }
        None => None,
    };
    Ok(PolicyDocument {
        resource: resource.to_string(),
        date_less_than,
        date_greater_than,
        source_ip,
        unknown_keys: unknown,
    })
}

fn object<'a>(value: &'a Value, what: &'static str) -> Result<&'a Map<String, Value>, PolicyParseError> {
    value.as_object().ok_or(PolicyParseError::WrongType { what, expected: "an object" })
}

/// The keys not in `allowed`, in byte order (serde_json's sorted map), each once.
fn only_keys(map: &Map<String, Value>, within: &'static str, allowed: &[&str], unknown: &mut Vec<UnknownPolicyKey>) {
    for key in map.keys().filter(|k| !allowed.contains(&k.as_str())) {
        unknown.push(UnknownPolicyKey { within, key: key.clone() });
    }
}

fn epoch(value: &Value, what: &'static str, unknown: &mut Vec<UnknownPolicyKey>) -> Result<u64, PolicyParseError> {
    let inner = object(value, what)?;
    only_keys(inner, what, &["AWS:EpochTime"], unknown);
    let t = inner.get("AWS:EpochTime").ok_or(PolicyParseError::Missing { what: "AWS:EpochTime" })?;
    match t.as_u64() {
        Some(n) if n <= MAX_EPOCH => Ok(n),
        Some(n) => Err(PolicyParseError::EpochOutOfRange { what, value: n }),
        None => Err(PolicyParseError::WrongType { what, expected: "a whole number of seconds (no quotes)" }),
    }
}

fuzz_target!(|data: &[u8]| {
    let ours = PolicyDocument::parse(data);
    let theirs = old_parse(data);
    match (&ours, &theirs) {
        (Err(PolicyParseError::NotJson { .. }), Err(PolicyParseError::NotJson { .. })) => {}
        _ => assert_eq!(ours, theirs, "{:?}", String::from_utf8_lossy(data)),
    }
});
