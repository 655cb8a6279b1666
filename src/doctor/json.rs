//! The doctor's and the audit's JSON (snake_case): one shape for `cfsign doctor --json`,
//! `cfsign audit --json` and, camelCased by the bindings, the JavaScript results.

use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

use super::behavior::TrustedGroup;
use super::diagnose::Diagnosis;
use super::model::Distribution;
use super::Finding;
use crate::verify::VerdictJson;

/// A trusted key group: `{id, key_ids, found}`.
#[derive(Debug, Clone, Serialize)]
pub struct GroupJson<'a> {
    /// The key group's ID.
    pub id: &'a str,
    /// Its public key IDs.
    pub key_ids: &'a [String],
    /// Whether it was among the inputs (or `ActiveTrustedKeyGroups`).
    pub found: bool,
}

/// The behavior reached.
#[derive(Debug, Clone, Serialize)]
pub struct BehaviorJson<'a> {
    /// 0-based among `CacheBehaviors`; `null` for the default.
    pub index: Option<usize>,
    /// `#2 /videos/*` or `default (*)`.
    pub name: String,
    /// The pattern as written (`*` for the default).
    pub path_pattern: &'a str,
    /// Whether it requires signatures.
    pub restricted: bool,
    /// `key_groups`, `trusted_signers`, `both` or `none`.
    pub restriction: &'static str,
    /// Its trusted key groups.
    pub trusted_key_groups: Vec<GroupJson<'a>>,
    /// Its legacy trusted signers (account IDs or `self`).
    pub trusted_signers: &'a [String],
    /// `TargetOriginId`.
    pub target_origin_id: &'a str,
    /// `ViewerProtocolPolicy`.
    pub viewer_protocol_policy: &'a str,
}

/// `cfsign doctor --json`.
#[derive(Debug, Clone, Serialize)]
pub struct DiagnosisJson<'a> {
    /// Whether CloudFront would serve the request.
    pub served: bool,
    /// The path matched.
    pub path: &'a str,
    /// The behavior reached.
    pub behavior: BehaviorJson<'a>,
    /// The earlier behaviors whose patterns did not match.
    pub not_matched: &'a [String],
    /// The verdict against the behavior's keys (`verify --json`'s object), `null` when
    /// unrestricted.
    pub verdict: Option<VerdictJson<'a>>,
    /// The findings.
    pub findings: &'a [Finding],
}

/// A behavior as the audit lists it.
#[derive(Debug, Clone, Serialize)]
pub struct BehaviorSummary<'a> {
    /// 0-based among `CacheBehaviors`; `null` for the default.
    pub index: Option<usize>,
    /// `#2 /videos/*` or `default (*)`.
    pub name: String,
    /// The pattern as written.
    pub path_pattern: &'a str,
    /// Whether it requires signatures.
    pub restricted: bool,
    /// `key_groups`, `trusted_signers`, `both` or `none`.
    pub restriction: &'static str,
    /// `TargetOriginId`.
    pub target_origin_id: &'a str,
}

/// `cfsign audit --json`: the findings, then the behaviors in CloudFront's order.
#[derive(Debug, Clone, Serialize)]
pub struct AuditJson<'a> {
    /// The findings.
    pub findings: &'a [Finding],
    /// The behaviors, the default last.
    pub behaviors: Vec<BehaviorSummary<'a>>,
}

impl<'a> AuditJson<'a> {
    /// The audit of `distribution` that found `findings`.
    pub fn new(distribution: &'a Distribution, findings: &'a [Finding]) -> Self {
        let behaviors = distribution.behaviors.iter().map(|b| BehaviorSummary {
            index: b.index,
            name: b.name(),
            path_pattern: &b.pattern.text,
            restricted: b.restricted(),
            restriction: b.restriction(),
            target_origin_id: &b.target_origin_id,
        });
        Self {
            findings,
            behaviors: behaviors.collect(),
        }
    }
}

fn group(g: &TrustedGroup) -> GroupJson<'_> {
    GroupJson {
        id: &g.id,
        key_ids: &g.key_ids,
        found: g.found,
    }
}

impl Diagnosis {
    /// The diagnosis as a `Serialize` value.
    pub fn json(&self) -> DiagnosisJson<'_> {
        let b = &self.behavior;
        DiagnosisJson {
            served: self.served(),
            path: &self.path,
            behavior: BehaviorJson {
                index: b.index,
                name: b.name(),
                path_pattern: &b.pattern.text,
                restricted: b.restricted(),
                restriction: b.restriction(),
                trusted_key_groups: self.trusted_key_groups.iter().map(group).collect(),
                trusted_signers: &b.trusted_signers,
                target_origin_id: &b.target_origin_id,
                viewer_protocol_policy: &b.viewer_protocol_policy,
            },
            not_matched: &self.not_matched,
            verdict: self.verdict.as_ref().map(|v| v.json()),
            findings: &self.findings,
        }
    }

    /// The diagnosis as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.json()).unwrap_or_default()
    }
}

/// The audit's findings as compact JSON: `{"findings": [...], "behaviors": [...]}`.
pub fn audit_json(distribution: &Distribution, findings: &[Finding]) -> String {
    serde_json::to_string(&AuditJson::new(distribution, findings)).unwrap_or_default()
}
