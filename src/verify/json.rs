//! The verdict and the decoded content as JSON: one shape for the command line (`--json`), the
//! JavaScript bindings and the worker, snake_case members.
//!
//! Each shape is a `Serialize` value ([`VerdictJson`], [`DecodedJson`], [`ReasonJson`],
//! [`NoteJson`], [`PolicyInfo`]) borrowed from the result it describes, so that a caller can hand
//! it to any serde serializer; `to_json` writes it with serde_json, compact. Each object's
//! members come in one fixed order, the order of the TypeScript declarations
//! (`bindings/src/cfsign.d.ts`): what it is first (`allowed`, `code`), then the details. A member
//! that does not apply to a reason or note is left out; one that applies but has no value is
//! `null`.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::Serialize;

use super::{Note, Reason, Verdict};
use crate::decode::{CarriedPolicy, Unverified};
use crate::policy::PolicyDocument;
use crate::repair::Damage;
use crate::time::format_utc;
use crate::time::TimeStatus;

mod note;
mod reason;

pub use note::NoteJson;
pub use reason::{DiagnosisJson, ReasonJson};

/// Compact JSON text of a value made of strings, numbers, booleans, options and sequences: it
/// cannot fail to serialize.
fn text(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A policy as the verdicts' JSON describes one: its resource, times (with their UTC forms) and
/// IP range, `null` for none. A canned cookie's resource is `null` too: it is the URL of each
/// request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PolicyInfo<'a> {
    /// `Resource`.
    pub resource: Option<&'a str>,
    /// `DateLessThan`, epoch seconds.
    pub date_less_than: u64,
    /// `DateLessThan` in UTC.
    pub date_less_than_utc: String,
    /// `DateGreaterThan`, epoch seconds.
    pub date_greater_than: Option<u64>,
    /// `DateGreaterThan` in UTC.
    pub date_greater_than_utc: Option<String>,
    /// `IpAddress` / `AWS:SourceIp`, as written.
    pub source_ip: Option<&'a str>,
    /// Whether the resource holds a wildcard ([`crate::policy::has_wildcard`]); never for a
    /// canned policy, whose resource is the request URL itself (a `?` there starts its query).
    pub wildcard: bool,
}

impl<'a> PolicyInfo<'a> {
    /// What `doc` says.
    pub fn new(doc: &'a PolicyDocument) -> Self {
        Self {
            resource: Some(&doc.resource),
            date_less_than: doc.date_less_than,
            date_less_than_utc: format_utc(doc.date_less_than),
            date_greater_than: doc.date_greater_than,
            date_greater_than_utc: doc.date_greater_than.map(format_utc),
            source_ip: doc.source_ip.as_deref(),
            wildcard: crate::policy::has_wildcard(&doc.resource),
        }
    }

    /// A canned policy's: its resource (`None` for cookies) and expiry.
    fn canned(resource: Option<&'a str>, expires: u64) -> Self {
        Self {
            resource,
            date_less_than: expires,
            date_less_than_utc: format_utc(expires),
            date_greater_than: None,
            date_greater_than_utc: None,
            source_ip: None,
            wildcard: false,
        }
    }
}

/// A policy document as the verdicts' JSON describes one (`policy` in [`Verdict::to_json`]):
/// the npm package's `parsePolicy` result.
pub fn policy_info(doc: &PolicyDocument) -> String {
    text(&PolicyInfo::new(doc))
}

/// What the policy type of a decoded URL or cookie set is called.
fn policy_type(policy: Option<&CarriedPolicy>) -> Option<&'static str> {
    match policy? {
        CarriedPolicy::Canned { .. } => Some("canned"),
        CarriedPolicy::Custom { .. } => Some("custom"),
    }
}

/// One kind of damage of a pasted URL, as JSON: `{"code", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DamageJson<'a> {
    /// `html_escaped`, `percent_encoded`, `wrapped`, `quoted` or `truncated`.
    pub code: &'static str,
    /// What was found and done.
    pub message: &'a str,
}

fn damage_json(damage: &[Damage]) -> Vec<DamageJson<'_>> {
    damage
        .iter()
        .map(|d| DamageJson {
            code: d.code.as_str(),
            message: &d.message,
        })
        .collect()
}

/// What a URL or cookie set carries, as JSON ([`Unverified::json`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DecodedJson<'a> {
    /// Where the signing parameters came from: `url`, `cookies` or `none`.
    pub source: &'static str,
    /// `Key-Pair-Id`.
    pub key_pair_id: Option<&'a str>,
    /// The hash the signature is checked with: `SHA1` or `SHA256`.
    pub hash_algorithm: &'static str,
    /// `canned` or `custom`.
    pub policy_type: Option<&'static str>,
    /// The policy, when it reads.
    pub policy: Option<PolicyInfo<'a>>,
    /// The policy's bytes as text (a canned one rebuilt from the URL).
    pub policy_json: Option<String>,
    /// The length of the decoded signature.
    pub signature_bytes: Option<u64>,
    /// The URL without its signing parameters.
    pub url_without_signing_params: Option<&'a str>,
    /// The signing parameters missing.
    pub missing: Vec<&'static str>,
    /// What does not decode, as messages.
    pub problems: Vec<String>,
    /// The damage found in a pasted URL (and undone, but `truncated`).
    pub damage: Vec<DamageJson<'a>>,
    /// The URL decoded, when it is the paste repaired.
    pub repaired_url: Option<&'a str>,
    /// Where the request time is in the policy's window ([`Unverified::json_at`]).
    pub time_status: Option<TimeStatus>,
    /// The key type the signature's form shows: `RSA` or `ECDSA P-256`.
    pub signature_key_type: Option<String>,
    /// The signature's form, in words.
    pub signature_form: Option<&'static str>,
}

impl Unverified {
    /// What the URL or cookies carry as a `Serialize` value: the object [`Unverified::to_json`]
    /// writes (without a time status).
    pub fn json(&self) -> DecodedJson<'_> {
        self.json_at(None)
    }

    /// [`Unverified::json`], with the time status at `now` when given: "expired 5 days ago",
    /// "not valid for another 10 min".
    pub fn json_at(&self, now: Option<u64>) -> DecodedJson<'_> {
        let (policy, policy_json) = match &self.policy {
            Some(CarriedPolicy::Canned { expires }) => {
                // Canned cookies: the resource is the URL of each request (`null`).
                let resource = self.url_without_signing_params.as_deref();
                let bytes = resource.and_then(|r| self.signed_bytes(r));
                (
                    Some(PolicyInfo::canned(resource, *expires)),
                    bytes.map(|b| String::from_utf8_lossy(&b).into_owned()),
                )
            }
            Some(CarriedPolicy::Custom { raw, document }) => (
                document.as_ref().map(PolicyInfo::new),
                Some(String::from_utf8_lossy(raw).into_owned()),
            ),
            None => (None, None),
        };
        let form = self.signature.as_deref().map(crate::key::signature_form);
        DecodedJson {
            source: self.source.as_str(),
            key_pair_id: self.key_pair_id.as_deref(),
            hash_algorithm: self.hash_algorithm.as_str(),
            policy_type: policy_type(self.policy.as_ref()),
            policy,
            policy_json,
            signature_bytes: self.signature.as_ref().map(|s| s.len() as u64),
            url_without_signing_params: self.url_without_signing_params.as_deref(),
            missing: self.missing(),
            problems: self.problems.iter().map(ToString::to_string).collect(),
            damage: damage_json(&self.damage),
            repaired_url: self.repaired_url.as_deref(),
            time_status: now.and_then(|now| self.time_status(now)),
            signature_key_type: form.and_then(|f| f.kind).map(|k| k.to_string()),
            signature_form: form.map(|f| f.description),
        }
    }

    /// Where `now` is in the carried policy's window, if it has one that reads.
    pub fn time_status(&self, now: u64) -> Option<TimeStatus> {
        match self.policy.as_ref()? {
            CarriedPolicy::Canned { expires } => Some(TimeStatus::at(now, None, *expires)),
            CarriedPolicy::Custom { document, .. } => {
                let doc = document.as_ref()?;
                Some(TimeStatus::at(
                    now,
                    doc.date_greater_than,
                    doc.date_less_than,
                ))
            }
        }
    }

    /// What the URL or cookies carry, as a JSON object (no key needed, nothing verified).
    pub fn to_json(&self) -> String {
        text(&self.json())
    }

    /// [`Unverified::to_json`], with the time status at `now` ([`Unverified::json_at`]).
    pub fn to_json_at(&self, now: Option<u64>) -> String {
        text(&self.json_at(now))
    }
}

/// A verdict as JSON ([`Verdict::json`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct VerdictJson<'a> {
    /// [`Verdict::allowed`].
    pub allowed: bool,
    /// Why not, each reason.
    pub reasons: Vec<ReasonJson<'a>>,
    /// What a person should know besides.
    pub notes: Vec<NoteJson<'a>>,
    /// `Key-Pair-Id`.
    pub key_pair_id: Option<&'a str>,
    /// Where the signing parameters came from: `url`, `cookies` or `none`.
    pub source: &'static str,
    /// The hash the signature was checked with.
    pub hash_algorithm: &'static str,
    /// `canned` or `custom`.
    pub policy_type: Option<&'static str>,
    /// The policy as CloudFront evaluates it.
    pub policy: Option<PolicyInfo<'a>>,
    /// The exact policy bytes the signature was checked over, as text.
    pub policy_json: Option<&'a str>,
    /// The URL without its signing parameters.
    pub url: Option<&'a str>,
    /// The damage found in the pasted URL.
    pub damage: Vec<DamageJson<'a>>,
    /// The URL decided on, when it is the paste repaired (`null`: the URL as given).
    pub repaired_url: Option<&'a str>,
    /// Whether the signature was checked (`false`: decided without a key).
    pub signature_checked: bool,
}

impl Verdict {
    /// The verdict as a `Serialize` value: the object [`Verdict::to_json`] writes.
    pub fn json(&self) -> VerdictJson<'_> {
        VerdictJson {
            allowed: self.allowed(),
            reasons: self.reasons.iter().map(Reason::json).collect(),
            notes: self.notes.iter().map(Note::json).collect(),
            key_pair_id: self.decoded.key_pair_id.as_deref(),
            source: self.decoded.source.as_str(),
            hash_algorithm: self.decoded.hash_algorithm.as_str(),
            policy_type: policy_type(self.decoded.policy.as_ref()),
            policy: self.policy.as_ref().map(PolicyInfo::new),
            policy_json: self.signed_policy.as_deref(),
            url: self.decoded.url_without_signing_params.as_deref(),
            damage: damage_json(&self.decoded.damage),
            repaired_url: self.decoded.repaired_url.as_deref(),
            signature_checked: self.signature_checked,
        }
    }

    /// The verdict as a JSON object: `{"allowed", "reasons": [...], "notes": [...],
    /// "key_pair_id", "source", "hash_algorithm", "policy_type", "policy", "policy_json", "url",
    /// "damage", "repaired_url", "signature_checked"}`.
    pub fn to_json(&self) -> String {
        text(&self.json())
    }
}

#[cfg(test)]
mod tests;
