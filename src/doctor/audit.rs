//! `cfsign audit`: the findings of a whole distribution, each with a stable code, ordered by
//! severity then by behavior.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::behavior::{first_match, trusted_groups};
use super::model::{Behavior, Distribution};
use super::origins::origin_findings;
use super::overlap::{covers_within, overlap_within, Cover};
use super::{Finding, Inputs, Severity};
use crate::key::PublicKey;

/// CloudFront's quotas: keys per key group, key groups per behavior, behaviors per distribution.
pub const MAX_KEYS_PER_GROUP: usize = 5;
/// See [`MAX_KEYS_PER_GROUP`].
pub const MAX_GROUPS_PER_BEHAVIOR: usize = 4;
/// See [`MAX_KEYS_PER_GROUP`].
pub const MAX_CACHE_BEHAVIORS: usize = 75;

/// Every finding for the distribution.
pub fn audit(inputs: &Inputs<'_>) -> Vec<Finding> {
    let d = inputs.distribution;
    let mut out = Vec::new();
    patterns(d, &mut out);
    for b in &d.behaviors {
        key_groups(inputs, b, &mut out);
        if !b.trusted_signers.is_empty() {
            out.push(legacy(b));
        }
        if b.restricted() && b.viewer_protocol_policy == "allow-all" {
            out.push(
                Finding::new(
                    "allow_all_protocol_on_restricted",
                    Severity::Warning,
                    format!(
                        "Behavior {} requires signatures but accepts plain http (allow-all): \
                         signed cookies marked Secure are not sent over http, so those requests \
                         get 403, and a signed URL sent over http can be read on the way.",
                        b.name()
                    ),
                    "Set ViewerProtocolPolicy to redirect-to-https or https-only.",
                )
                .on(alloc::vec![b.name()]),
            );
        }
    }
    let behaviors = d.behaviors.len().saturating_sub(1);
    if behaviors > MAX_CACHE_BEHAVIORS {
        out.push(Finding::new(
            "limits",
            Severity::Warning,
            format!("{behaviors} cache behaviors, over CloudFront's default quota of {MAX_CACHE_BEHAVIORS} per distribution."),
            "Merge behaviors with broader patterns, or ask AWS for a higher quota.",
        ));
    }
    unsupported_keys(inputs, &mut out);
    out.extend(origin_findings(d, inputs.buckets, None));
    out.sort_by_key(|f| f.severity);
    out
}

/// The most automaton states the pattern checks of one audit explore, all pairs together: a
/// distribution of 75 real patterns needs a few thousand; 75 hostile ones of 255 characters
/// would need billions, and get `pattern_not_decided` (a warning) instead of a hang.
pub const PATTERN_BUDGET: usize = 500_000;

/// `shadowed_by_unrestricted` and `unreachable_behavior`, for every ordered pair, within
/// [`PATTERN_BUDGET`].
fn patterns(d: &Distribution, out: &mut Vec<Finding>) {
    let mut budget = PATTERN_BUDGET;
    for (later_at, later) in d.behaviors.iter().enumerate() {
        for (earlier_at, earlier) in d.behaviors.iter().enumerate().take(later_at) {
            let Some(found) = overlap_within(&earlier.pattern, &later.pattern, &mut budget) else {
                out.push(
                    Finding::new(
                        "pattern_not_decided",
                        Severity::Warning,
                        format!(
                            "The path-pattern checks stopped at {} and {} after exploring {PATTERN_BUDGET} \
                             states: the overlaps of this and every later pair are not checked.",
                            earlier.name(),
                            later.name()
                        ),
                        "Simplify the patterns (CloudFront's are usually a prefix and an extension): \
                         long runs of `*` and `?` make the exact check expensive.",
                    )
                    .on(alloc::vec![earlier.name(), later.name()]),
                );
                return;
            };
            let Some(both) = found else {
                continue;
            };
            let names = alloc::vec![earlier.name(), later.name()];
            match covers_within(&earlier.pattern, &later.pattern, &mut budget) {
                Cover::Covered => out.push(
                    Finding::new(
                        "unreachable_behavior",
                        match later.index {
                            // The default is unreachable when an earlier pattern is everything.
                            None => Severity::Info,
                            Some(_) => Severity::Warning,
                        },
                        format!(
                            "Behavior {} is never used: the earlier {} matches every path it matches.",
                            later.name(),
                            earlier.name()
                        ),
                        "Move the more specific behavior above the broader one, or delete it.",
                    )
                    .on(names.clone()),
                ),
                Cover::Undecided => out.push(
                    Finding::new(
                        "pattern_not_decided",
                        Severity::Info,
                        format!(
                            "Whether {} covers every path of {} was not decided within the search bound.",
                            earlier.name(),
                            later.name()
                        ),
                        "Simplify the patterns (fewer `?` after a `*`).",
                    )
                    .on(names.clone()),
                ),
                Cover::NotCovered(_) => {}
            }
            if !earlier.restricted() && later.restricted() {
                // The witness goes public only if it really reaches `earlier`.
                let reaches = first_match(d, &both).0 == earlier_at;
                let (severity, fix) = match later.index {
                    Some(_) => (
                        Severity::Error,
                        "Move the restricted behavior above the unrestricted one, or narrow the \
                         unrestricted pattern so that it no longer matches private paths.",
                    ),
                    None => (
                        Severity::Info,
                        "Nothing to do if these paths are meant to be public.",
                    ),
                };
                let f = Finding::new(
                    "shadowed_by_unrestricted",
                    severity,
                    format!(
                        "Behavior {} is unrestricted and comes before {}, which requires signatures: \
                         the paths both match are served to anyone{}.",
                        earlier.name(),
                        later.name(),
                        match reaches {
                            true => format!(", for example {both}"),
                            false => String::new(),
                        }
                    ),
                    fix,
                )
                .on(names);
                out.push(match reaches {
                    true => f.example(both),
                    false => f,
                });
            }
        }
    }
}

fn key_groups(inputs: &Inputs<'_>, b: &Behavior, out: &mut Vec<Finding>) {
    let groups = trusted_groups(inputs.distribution, b, inputs.key_groups);
    if groups.len() > MAX_GROUPS_PER_BEHAVIOR {
        out.push(
            Finding::new(
                "limits",
                Severity::Warning,
                format!("Behavior {} trusts {} key groups; CloudFront allows {MAX_GROUPS_PER_BEHAVIOR}.", b.name(), groups.len()),
                "Put the keys in fewer groups (at most 5 keys each).",
            )
            .on(alloc::vec![b.name()]),
        );
    }
    for g in groups {
        let on = alloc::vec![b.name()];
        if !g.found {
            out.push(
                Finding::new(
                    "key_group_not_found",
                    Severity::Warning,
                    format!(
                        "Behavior {} trusts key group {}, which is not among the key groups given: \
                         its keys cannot be checked.",
                        b.name(),
                        g.id
                    ),
                    "Give its `aws cloudfront get-key-group --id ID` output with --key-group, or \
                     remove the group from the behavior if it no longer exists.",
                )
                .on(on),
            );
        } else if g.key_ids.is_empty() {
            out.push(
                Finding::new(
                    "key_group_empty",
                    Severity::Warning,
                    format!(
                        "Key group {} of behavior {} has no public keys: no signature can pass it.",
                        g.id,
                        b.name()
                    ),
                    "Add a public key to the group (aws cloudfront update-key-group).",
                )
                .on(on),
            );
        } else if g.key_ids.len() > MAX_KEYS_PER_GROUP {
            out.push(
                Finding::new(
                    "limits",
                    Severity::Warning,
                    format!(
                        "Key group {} has {} keys; CloudFront allows {MAX_KEYS_PER_GROUP}.",
                        g.id,
                        g.key_ids.len()
                    ),
                    "Split the keys across groups (at most 4 groups per behavior).",
                )
                .on(on),
            );
        }
    }
}

fn legacy(b: &Behavior) -> Finding {
    Finding::new(
        "legacy_trusted_signers",
        Severity::Warning,
        format!(
            "Behavior {} trusts legacy signers ({}): CloudFront key pairs of AWS accounts' root \
             users, deprecated. If the account deletes or deactivates them, CloudFront clears the \
             list and the behavior silently serves everything to anyone.",
            b.name(),
            b.trusted_signers.join(", ")
        ),
        "Create a public key and a key group (aws cloudfront create-public-key, create-key-group), \
         trust the key group on the behavior, sign with the new key, then remove TrustedSigners.",
    )
    .on(alloc::vec![b.name()])
}

/// `unsupported_public_key`: each key of a used key group that does not parse or is not RSA-2048
/// or P-256, named by its ID, once, with the behaviors that trust it. Each key is parsed once.
fn unsupported_keys(inputs: &Inputs<'_>, out: &mut Vec<Finding>) {
    let d = inputs.distribution;
    // (key ID, behaviors trusting it), in order of first use.
    let mut used: Vec<(String, Vec<String>)> = Vec::new();
    for b in &d.behaviors {
        for g in trusted_groups(d, b, inputs.key_groups) {
            for id in g.key_ids {
                match used.iter_mut().find(|(k, _)| *k == id) {
                    Some((_, names)) if !names.contains(&b.name()) => names.push(b.name()),
                    Some(_) => {}
                    None => used.push((id, alloc::vec![b.name()])),
                }
            }
        }
    }
    for (id, behaviors) in used {
        let Some(key) = inputs.public_keys.iter().find(|k| k.id == id) else {
            continue;
        };
        if let Err(error) = PublicKey::from_pem(&key.encoded_key) {
            out.push(
                Finding::new(
                    "unsupported_public_key",
                    Severity::Error,
                    format!(
                        "Public key {id} cannot be used: {error}. CloudFront takes RSA-2048 and \
                         ECDSA P-256 keys."
                    ),
                    "Create an RSA-2048 or P-256 key pair (cfsign keygen), upload its public key, \
                     and put it in the key group in place of this one.",
                )
                .on(behaviors),
            );
        }
    }
}
