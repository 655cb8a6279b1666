//! `cfsign doctor URL`: the behavior a request reaches, its trusted keys, the `verify` verdict
//! against exactly those keys, and the diagnosis.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::behavior::{first_match, groups_with_key, trusted_keys, url_parts, TrustedGroup};
use super::model::Behavior;
use super::origins::origin_findings;
use super::{Finding, Inputs, Severity};
use crate::url::signing_params_present;
use crate::verify::{KeyGroup, Request, Verdict};

/// What the doctor found for one request.
#[derive(Debug, Clone)]
pub struct Diagnosis {
    /// The behavior reached.
    pub behavior: Behavior,
    /// The earlier behaviors whose patterns did not match the path (by name).
    pub not_matched: Vec<String>,
    /// The request's path, as matched.
    pub path: String,
    /// The behavior's trusted key groups, with their key IDs.
    pub trusted_key_groups: Vec<TrustedGroup>,
    /// The verdict against exactly the behavior's keys; `None` for an unrestricted behavior.
    pub verdict: Option<Verdict>,
    /// The diagnosis, then what the audit says about this behavior and its origin.
    pub findings: Vec<Finding>,
}

impl Diagnosis {
    /// Whether CloudFront would serve the request (its own check; the origin may still refuse).
    pub fn served(&self) -> bool {
        self.verdict.as_ref().is_none_or(Verdict::allowed)
    }
}

/// Diagnoses `request` with Rust's own crypto for the signature.
#[cfg(feature = "rust-crypto")]
pub fn diagnose(inputs: &Inputs<'_>, request: &Request<'_>) -> Diagnosis {
    diagnose_with(inputs, request, |keys| crate::verify::verify(request, keys))
}

/// Diagnoses `request`, `check` giving the verdict against the behavior's keys (a host with its
/// own crypto passes `Pending` and its signature check).
pub fn diagnose_with(
    inputs: &Inputs<'_>,
    request: &Request<'_>,
    check: impl FnOnce(&KeyGroup) -> Verdict,
) -> Diagnosis {
    let d = inputs.distribution;
    let (_, path) = url_parts(request.url);
    let (at, skipped) = first_match(d, &path);
    let behavior = d
        .behaviors
        .get(at)
        .cloned()
        .unwrap_or_else(default_behavior);
    let not_matched = skipped
        .iter()
        .filter_map(|i| d.behaviors.get(*i))
        .map(Behavior::name)
        .collect();
    let keys = trusted_keys(d, &behavior, inputs.key_groups, inputs.public_keys);
    let mut findings = Vec::new();
    let verdict = match behavior.restricted() {
        true => Some(check(&keys.keys)),
        false => None,
    };
    let name = behavior.name();
    if let Some(verdict) = &verdict {
        if !verdict.allowed() {
            wrong_group(inputs, &behavior, verdict, &mut findings);
        }
        for (id, error) in &keys.bad_keys {
            findings.push(
                Finding::new(
                    "unsupported_public_key",
                    Severity::Error,
                    format!("Public key {id}, trusted by {name}, cannot be used: {error}."),
                    "Replace it with an RSA-2048 or P-256 key.",
                )
                .on(alloc::vec![name.clone()]),
            );
        }
        for id in &keys.missing_keys {
            findings.push(
                Finding::new(
                    "public_key_not_found",
                    Severity::Warning,
                    format!("Public key {id} of a key group trusted by {name} is not among the public keys given: a signature by it cannot be checked here."),
                    "Give its `aws cloudfront get-public-key --id ID` output with --public-key.",
                )
                .on(alloc::vec![name.clone()]),
            );
        }
        for g in keys.groups.iter().filter(|g| !g.found) {
            findings.push(
                Finding::new(
                    "key_group_not_found",
                    Severity::Warning,
                    format!(
                        "Key group {} trusted by {name} is not among the key groups given.",
                        g.id
                    ),
                    "Give its `aws cloudfront get-key-group --id ID` output with --key-group.",
                )
                .on(alloc::vec![name.clone()]),
            );
        }
    } else {
        unrestricted(inputs, &behavior, request, &path, &mut findings);
    }
    findings.extend(origin_findings(
        d,
        inputs.buckets,
        Some(&behavior.target_origin_id),
    ));
    findings.sort_by_key(|f| f.severity);
    Diagnosis {
        behavior,
        not_matched,
        path,
        trusted_key_groups: keys.groups,
        verdict,
        findings,
    }
}

fn default_behavior() -> Behavior {
    Behavior {
        index: None,
        pattern: super::pattern::Pattern::new("*").unwrap_or_else(|| super::pattern::Pattern {
            text: "*".into(),
            tokens: alloc::vec![super::pattern::Token::Any],
        }),
        target_origin_id: String::new(),
        trusted_key_groups: Vec::new(),
        trusted_signers: Vec::new(),
        viewer_protocol_policy: String::new(),
    }
}

/// "Signed by K3, which is in key group kg-b trusted by /downloads/*, not by /videos/* that
/// matched."
fn wrong_group(
    inputs: &Inputs<'_>,
    behavior: &Behavior,
    verdict: &Verdict,
    out: &mut Vec<Finding>,
) {
    if !verdict.reasons.iter().any(|r| r.code() == "unknown_key") {
        return;
    }
    let Some(key) = verdict.decoded.key_pair_id.as_deref() else {
        return;
    };
    let d = inputs.distribution;
    let elsewhere = groups_with_key(d, inputs.key_groups, key);
    let name = behavior.name();
    let message = match elsewhere.first() {
        Some((at, group)) => {
            let other = d.behaviors.get(*at).map(Behavior::name).unwrap_or_default();
            format!("Signed by {key}, which is in key group {group} trusted by {other}, not by {name} that matched.")
        }
        None => format!("Signed by {key}, which is in none of the key groups that {name} trusts (nor in any key group of another behavior given)."),
    };
    out.push(
        Finding::new(
            "key_not_trusted_by_behavior",
            Severity::Error,
            message,
            "Sign with a key of one of the matched behavior's key groups, add the key to one of \
             them, or reorder the behaviors if the URL was meant for another one.",
        )
        .on(alloc::vec![name]),
    );
}

fn unrestricted(
    inputs: &Inputs<'_>,
    behavior: &Behavior,
    request: &Request<'_>,
    path: &str,
    out: &mut Vec<Finding>,
) {
    let d = inputs.distribution;
    let name = behavior.name();
    let later = d
        .behaviors
        .iter()
        .skip_while(|b| b.index != behavior.index)
        .skip(1)
        .find(|b| b.restricted() && b.index.is_some() && b.pattern.matches(path));
    if let Some(later) = later {
        out.push(
            Finding::new(
                "shadowed_by_unrestricted",
                Severity::Error,
                format!(
                    "This path needs no signature: behavior {name} is unrestricted and comes first; \
                     {} would require one.",
                    later.name()
                ),
                "Move the restricted behavior above the unrestricted one, or narrow the unrestricted pattern.",
            )
            .on(alloc::vec![name.clone(), later.name()])
            .example(path.into()),
        );
    }
    let signed = !signing_params_present(request.url).is_empty();
    if signed {
        out.push(
            Finding::new(
                "signature_not_checked",
                Severity::Warning,
                format!(
                    "Signed URL parameters sent to an unrestricted behavior ({name}): CloudFront checks \
                     nothing, and the origin receives them (S3 may answer them with its own errors)."
                ),
                "Require signatures on this behavior (TrustedKeyGroups), or stop signing URLs for it.",
            )
            .on(alloc::vec![name]),
        );
    } else if later.is_none() {
        out.push(
            Finding::new(
                "unrestricted",
                Severity::Info,
                format!("Behavior {name} is unrestricted: CloudFront serves this path to anyone, signed or not."),
                "Nothing to do if this path is public.",
            )
            .on(alloc::vec![name]),
        );
    }
}
