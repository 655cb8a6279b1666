//! Differential diagnosis of `bad_signature`: which change most likely broke the signature.
//!
//! When a signature does not verify, the cheap explanations are tried, most likely first, and the
//! first that holds is named as the reason's [`LikelyCause`]: the signature verifies under another
//! trusted key (`signed_by_other_key`), its form is the other key type's (`key_type_mismatch`),
//! it verifies with the other hash (`hash_algorithm_removed` / `hash_algorithm_added`), or — for a
//! canned policy, whose signed bytes are rebuilt from the URL — it verifies for the URL as it was
//! before a change: the other scheme (`scheme_changed`), an expected host (`host_changed`),
//! without appended parameters (`query_added`), in another parameter order (`query_reordered`),
//! re-encoded (`query_reencoded`, `path_reencoded`). A custom policy signs its own bytes, not the
//! URL: the URL changes are not tried, and the note says so and whether the URL matches the
//! policy's resource.
//!
//! A [`Plan`] lists the checks (at most [`MAX_CHECKS`]); the caller runs them with whatever crypto
//! it has ([`Plan::run`] for synchronous crypto, or one by one with [`Plan::check`] and
//! [`Plan::conclude`] for asynchronous crypto), stopping at the first that verifies. Nothing runs
//! for a verdict without `bad_signature`: a valid signature costs nothing. Only callers that ask
//! diagnose: each check is a signature verification, so an enforcement point serving anonymous
//! viewers does not.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{KeyGroup, Reason, SignatureCheck, Verdict};
use crate::decode::CarriedPolicy;
use crate::key::{ecdsa_der_to_raw, HashAlgorithm, KeyKind, PublicKey};
use crate::policy::{Policy, ResourceReadings};

mod cause;
mod rewrite;
mod run;
mod variants;

#[cfg(feature = "rust-crypto")]
pub use run::diagnose;

use variants::{Parts, Variant};

/// The most signature verifications one diagnosis makes.
pub const MAX_CHECKS: usize = 64;
/// The most other trusted keys tried.
const OTHER_KEYS: usize = 8;

/// What the caller knows beyond the request.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hints<'a> {
    /// A host the URL may have been signed for (the CLI's `--expect-host`, or the host an edge
    /// guard serves): tried for `host_changed`.
    pub expect_host: Option<&'a str>,
}

/// Whether `host` is a host name or address with an optional port (`cdn.example.com`,
/// `[::1]:8443`), as [`Hints::expect_host`] takes it: at most 255 bytes of letters, digits and
/// `.-:[]`, not empty.
pub fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
}

/// The change that most likely broke a signature.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LikelyCause {
    /// Stable: `signed_by_other_key`, `key_type_mismatch`, `hash_algorithm_removed`,
    /// `hash_algorithm_added`, `scheme_changed`, `host_changed`, `query_added`, `query_reordered`,
    /// `query_reencoded`, `path_reencoded`.
    pub code: &'static str,
    /// What happened and the fix, for a person.
    pub message: String,
    /// What showed it: the key, the signature's form, or the URL the signature verifies for.
    pub evidence: String,
}

/// The outcome of a diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// The first explanation that holds, if any.
    pub likely_cause: Option<LikelyCause>,
    /// The explanations tried that do not hold (codes), in the order tried.
    pub ruled_out: Vec<&'static str>,
    /// The signature verifications made.
    pub checks: usize,
    /// What else a person should know: that a custom policy does not sign the URL, what was not
    /// tried and why.
    pub note: Option<String>,
}

/// One check: a key, the bytes and the hash, and the cause it stands for.
#[derive(Debug, Clone)]
struct Candidate {
    code: &'static str,
    key: usize,
    message: Vec<u8>,
    hash: HashAlgorithm,
    evidence: String,
}

/// The checks a diagnosis makes, most likely first. Owns what it needs, so that an asynchronous
/// caller can keep it across its checks.
#[derive(Debug, Clone)]
pub struct Plan {
    keys: Vec<(String, PublicKey)>,
    signature: Vec<u8>,
    candidates: Vec<Candidate>,
    /// The cause that holds when no check verifies (`key_type_mismatch`).
    fallback: Option<LikelyCause>,
    /// The families tried (codes), in order.
    families: Vec<&'static str>,
    notes: Vec<String>,
    /// What was not tried, said only when nothing was found.
    untried: Vec<String>,
    named: String,
    hash: HashAlgorithm,
}

/// The key type a signature's form tells: 256 bytes is RSA-2048, a strict DER `SEQUENCE` of two
/// `INTEGER`s is ECDSA P-256; `None` for neither (a cut or damaged signature).
pub fn signature_kind(signature: &[u8]) -> Option<KeyKind> {
    if signature.len() == 256 {
        Some(KeyKind::Rsa)
    } else if ecdsa_der_to_raw(signature).is_some() {
        Some(KeyKind::EcdsaP256)
    } else {
        None
    }
}

fn other(hash: HashAlgorithm) -> HashAlgorithm {
    match hash {
        HashAlgorithm::Sha256 => HashAlgorithm::Sha1,
        _ => HashAlgorithm::Sha256,
    }
}

impl Plan {
    /// The checks for `verdict`'s `bad_signature`; `None` when it has none (or lacks what a check
    /// needs: the key, the signature, the policy).
    pub fn new(verdict: &Verdict, group: &KeyGroup, hints: &Hints<'_>) -> Option<Self> {
        let named = verdict.reasons.iter().find_map(|r| match r {
            Reason::BadSignature { key_pair_id, .. } => Some(key_pair_id.as_str()),
            _ => None,
        })?;
        let decoded = &verdict.decoded;
        let signature = decoded.signature.clone()?;
        let named_key = group.get(named)?.clone();
        let message = verdict.signed_policy.as_ref()?.as_bytes().to_vec();
        let hash = decoded.hash_algorithm;
        let sig_kind = signature_kind(&signature);
        let mut plan = Self {
            keys: alloc::vec![(named.to_string(), named_key.clone())],
            signature,
            candidates: Vec::new(),
            fallback: None,
            families: Vec::new(),
            notes: Vec::new(),
            untried: Vec::new(),
            named: named.to_string(),
            hash,
        };
        // Other trusted keys whose type fits the signature's form.
        for (id, key) in group.entries() {
            let fits = sig_kind.is_none_or(|k| k == key.kind());
            if id != named && fits && plan.keys.len() <= OTHER_KEYS {
                plan.keys.push((id.to_string(), key.clone()));
            }
        }
        plan.family("signed_by_other_key");
        let mismatch = sig_kind.filter(|k| *k != named_key.kind());
        let hashes = match mismatch.is_some() || sig_kind.is_none() {
            true => [Some(hash), Some(other(hash))],
            false => [Some(hash), None],
        };
        let ids: Vec<String> = plan.keys.iter().skip(1).map(|(id, _)| id.clone()).collect();
        for h in hashes.into_iter().flatten() {
            for (k, id) in ids.iter().enumerate() {
                let evidence = format!("verifies under key {id} with {h}");
                plan.push("signed_by_other_key", k + 1, message.clone(), h, evidence);
            }
        }
        if let Some(kind) = mismatch {
            let evidence = format!(
                "{}; key {named} is {}",
                cause::form(&plan.signature, sig_kind),
                named_key.kind()
            );
            let cause = cause::key_type_mismatch(named, kind, named_key.kind(), evidence);
            plan.fallback = Some(cause);
            return Some(plan);
        }
        plan.families.push("key_type_mismatch");
        if sig_kind.is_none() {
            plan.notes.push(format!(
                "{}: probably cut or damaged on the way.",
                cause::form(&plan.signature, None)
            ));
            return Some(plan);
        }
        let hash_code = match hash {
            HashAlgorithm::Sha1 => "hash_algorithm_removed",
            _ => "hash_algorithm_added",
        };
        plan.family(hash_code);
        let evidence = format!(
            "verifies under key {named} with {}, not {hash}",
            other(hash)
        );
        plan.push(hash_code, 0, message, other(hash), evidence);
        match &decoded.policy {
            Some(CarriedPolicy::Canned { expires }) => {
                let url = decoded.url_without_signing_params.as_deref().unwrap_or("");
                plan.url_variants(url, *expires, hints);
            }
            Some(CarriedPolicy::Custom { document, .. }) => {
                let mut note = String::from("A custom policy signs the Policy, not the URL: no URL change breaks it (none was tried); the Policy was changed, or another private key signed it.");
                let url = decoded.url_without_signing_params.as_deref();
                if let (Some(doc), Some(url)) = (document, url) {
                    let matches = ResourceReadings::of(&doc.resource, url).section;
                    note.push_str(&match matches {
                        true => format!(
                            " The URL does match the policy's resource {}.",
                            doc.resource
                        ),
                        false => format!(
                            " The URL does not match the policy's resource {} either.",
                            doc.resource
                        ),
                    });
                }
                plan.notes.push(note);
            }
            None => {}
        }
        Some(plan)
    }

    fn family(&mut self, code: &'static str) {
        if !self.families.contains(&code) {
            self.families.push(code);
        }
    }

    fn push(
        &mut self,
        code: &'static str,
        key: usize,
        message: Vec<u8>,
        hash: HashAlgorithm,
        evidence: String,
    ) {
        if self.candidates.len() >= MAX_CHECKS {
            return;
        }
        self.family(code);
        self.candidates.push(Candidate {
            code,
            key,
            message,
            hash,
            evidence,
        });
    }

    /// The canned policy's candidates: the URLs it may have been signed for.
    fn url_variants(&mut self, url: &str, expires: u64, hints: &Hints<'_>) {
        let Some(parts) = Parts::of(url) else { return };
        let mut variants: Vec<Variant> = Vec::new();
        variants::scheme_changed(parts, &mut variants);
        match hints.expect_host {
            Some(host) => variants::host_changed(parts, host, &mut variants),
            None => self.untried.push(
                "host_changed not tried: no expected host (--expect-host, expectHost).".into(),
            ),
        }
        variants::query_added(parts, &mut variants);
        variants::query_reencoded(parts, &mut variants);
        variants::query_reordered(parts, &mut variants);
        variants::path_reencoded(parts, &mut variants);
        let mut tried: Vec<&str> = alloc::vec![url];
        let mut dropped = 0;
        for v in &variants {
            if tried.contains(&v.url.as_str()) {
                continue;
            }
            tried.push(&v.url);
            let Ok(policy) = Policy::with_unchecked_resource(&v.url, expires) else {
                continue;
            };
            if self.candidates.len() >= MAX_CHECKS {
                dropped += 1;
                continue;
            }
            let evidence = format!("{}; the signature verifies for {}", v.evidence, v.url);
            self.push(
                v.code,
                0,
                policy.to_json().into_bytes(),
                self.hash,
                evidence,
            );
        }
        if dropped > 0 {
            self.untried.push(format!(
                "{dropped} less likely URLs not tried (at most {MAX_CHECKS} checks)."
            ));
        }
    }

    /// The number of checks.
    pub fn len(&self) -> usize {
        self.candidates.len()
    }

    /// Whether there are no checks to make (the outcome is then known: [`Plan::conclude`]).
    pub fn is_empty(&self) -> bool {
        self.candidates.is_empty()
    }

    /// Check `i`, for the caller's crypto.
    pub fn check(&self, i: usize) -> Option<SignatureCheck<'_>> {
        let c = self.candidates.get(i)?;
        let (id, key) = self.keys.get(c.key)?;
        Some(SignatureCheck {
            key_pair_id: id,
            key,
            message: &c.message,
            signature: &self.signature,
            hash: c.hash,
        })
    }

    /// Runs the checks in order with `verify` (`None`: it could not tell), stopping at the first
    /// that verifies.
    pub fn run(self, mut verify: impl FnMut(&SignatureCheck<'_>) -> Option<bool>) -> Diagnosis {
        let mut made = 0;
        for i in 0..self.len() {
            let Some(check) = self.check(i) else { break };
            made += 1;
            if verify(&check) == Some(true) {
                return self.conclude(Some(i), made);
            }
        }
        self.conclude(None, made)
    }

    /// The diagnosis once check `matched` verified (`None`: none did), after `checks` checks.
    pub fn conclude(self, matched: Option<usize>, checks: usize) -> Diagnosis {
        let found = matched.and_then(|i| self.candidates.get(i));
        let likely_cause = match found {
            Some(c) => Some(self.cause(c)),
            None => self.fallback.clone(),
        };
        let decided = likely_cause.as_ref().map(|c| c.code);
        // Ruled out: the families tried before the one found (all of them when none was).
        let mut ruled_out = Vec::new();
        for code in &self.families {
            if Some(*code) == decided {
                break;
            }
            ruled_out.push(*code);
        }
        let mut notes = self.notes;
        if likely_cause.is_none() {
            notes.extend(self.untried);
        }
        if likely_cause.is_none() && !ruled_out.is_empty() {
            notes.insert(0, format!("No single change explains it; ruled out: {}. The URL changed otherwise (its path, most often), or an untrusted private key signed it under {}.", ruled_out.join(", "), self.named));
        }
        Diagnosis {
            likely_cause,
            ruled_out,
            checks,
            note: (!notes.is_empty()).then(|| notes.join(" ")),
        }
    }
}
