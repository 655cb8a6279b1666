//! The verdict and the decoded content as JSON values: one shape for the command line, the
//! JavaScript bindings and the worker.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use serde_json::{json, Map, Value};

use super::{Malformed, Note, Reason, Verdict};
use crate::decode::{CarriedPolicy, Unverified};
use crate::policy::PolicyDocument;
use crate::time::format_utc;

impl Reason {
    /// This reason as a JSON object: `code`, `message`, `cloudfront_error`, `explanation`, `fix`,
    /// and the numbers of the reason.
    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        o.insert("code".into(), self.code().into());
        o.insert("message".into(), self.to_string().into());
        o.insert("cloudfront_error".into(), self.cloudfront_error().into());
        o.insert("explanation".into(), self.explanation().into());
        o.insert("fix".into(), self.fix().into());
        let extra = match self {
            Self::MissingSignature { missing } => json!({ "missing": missing }),
            Self::Malformed { problem } => json!({ "what": match problem {
                Malformed::Decode(p) => p.to_string(),
                other => other.to_string(),
            }}),
            Self::UnknownKey {
                key_pair_id,
                trusted,
            } => json!({ "key_pair_id": key_pair_id, "trusted": trusted }),
            Self::BadSignature { key_pair_id, hash } => {
                json!({ "key_pair_id": key_pair_id, "hash_algorithm": hash.as_str() })
            }
            Self::Expired { expires, now } => {
                json!({ "expires": expires, "expires_utc": format_utc(*expires), "now": now, "now_utc": format_utc(*now) })
            }
            Self::NotYetValid { starts, now } => {
                json!({ "starts": starts, "starts_utc": format_utc(*starts), "now": now, "now_utc": format_utc(*now) })
            }
            Self::IpDenied { range, client_ip } => {
                json!({ "range": range, "client_ip": client_ip.map(|ip| ip.to_string()) })
            }
            Self::ResourceMismatch { pattern, url } | Self::ResourceAmbiguous { pattern, url } => {
                json!({ "pattern": pattern, "url": url })
            }
        };
        if let Value::Object(extra) = extra {
            o.extend(extra);
        }
        Value::Object(o)
    }
}

impl Note {
    /// This note as a JSON object: `code`, `message`, and its facts. For
    /// `ambiguous_resource_match`: `section_reading` and `whole_string_reading` (whether each
    /// reading matches), `decided_by` (`"section_reading"`, the one the verdict follows),
    /// `pattern` and `url`.
    pub fn to_json(&self) -> Value {
        match self {
            Self::AmbiguousResourceMatch {
                pattern,
                url,
                readings,
            } => json!({
                "code": self.code(),
                "message": self.to_string(),
                "section_reading": readings.section,
                "whole_string_reading": readings.whole_string,
                "decided_by": "section_reading",
                "pattern": pattern,
                "url": url,
            }),
        }
    }
}

/// A policy as JSON: its resource, times (with their UTC forms) and IP range.
pub(crate) fn policy_info(doc: &PolicyDocument) -> Value {
    json!({
        "resource": doc.resource,
        "date_less_than": doc.date_less_than,
        "date_less_than_utc": format_utc(doc.date_less_than),
        "date_greater_than": doc.date_greater_than,
        "date_greater_than_utc": doc.date_greater_than.map(format_utc),
        "source_ip": doc.source_ip,
    })
}

impl Unverified {
    /// What the URL or cookies carry, as JSON (no key needed, nothing verified).
    pub fn to_json(&self) -> Value {
        let (policy_type, policy, raw) = match &self.policy {
            Some(CarriedPolicy::Canned { expires }) => {
                let resource = self.url_without_signing_params.clone();
                let doc = resource.as_ref().map(|r| PolicyDocument {
                    resource: r.clone(),
                    date_less_than: *expires,
                    date_greater_than: None,
                    source_ip: None,
                });
                let raw = resource
                    .as_deref()
                    .and_then(|r| self.signed_bytes(r))
                    .map(|b| String::from_utf8_lossy(&b).into_owned());
                let policy = match doc {
                    Some(d) => policy_info(&d),
                    // Canned cookies: the resource is the URL of each request.
                    None => {
                        json!({ "resource": null, "date_less_than": expires, "date_less_than_utc": format_utc(*expires), "date_greater_than": null, "date_greater_than_utc": null, "source_ip": null })
                    }
                };
                (Some("canned"), policy, raw)
            }
            Some(CarriedPolicy::Custom { raw, document }) => (
                Some("custom"),
                document.as_ref().map_or(Value::Null, policy_info),
                Some(String::from_utf8_lossy(raw).into_owned()),
            ),
            None => (None, Value::Null, None),
        };
        let problems: Vec<String> = self.problems.iter().map(ToString::to_string).collect();
        json!({
            "source": self.source.as_str(),
            "key_pair_id": self.key_pair_id,
            "hash_algorithm": self.hash_algorithm.as_str(),
            "policy_type": policy_type,
            "policy": policy,
            "policy_json": raw,
            "signature_bytes": self.signature.as_ref().map(Vec::len),
            "url_without_signing_params": self.url_without_signing_params,
            "missing": self.missing(),
            "problems": problems,
        })
    }
}

impl Verdict {
    /// The verdict as JSON: `{"allowed", "reasons": [...], "notes": [...], "key_pair_id",
    /// "policy", ...}`.
    pub fn to_json(&self) -> Value {
        let reasons: Vec<Value> = self.reasons.iter().map(Reason::to_json).collect();
        let notes: Vec<Value> = self.notes.iter().map(Note::to_json).collect();
        json!({
            "allowed": self.allowed(),
            "reasons": reasons,
            "notes": notes,
            "key_pair_id": self.decoded.key_pair_id,
            "source": self.decoded.source.as_str(),
            "hash_algorithm": self.decoded.hash_algorithm.as_str(),
            "policy_type": match &self.decoded.policy {
                Some(CarriedPolicy::Canned { .. }) => Some("canned"),
                Some(CarriedPolicy::Custom { .. }) => Some("custom"),
                None => None,
            },
            "policy": self.policy.as_ref().map_or(Value::Null, policy_info),
            "policy_json": self.signed_policy,
            "url": self.decoded.url_without_signing_params,
        })
    }
}
