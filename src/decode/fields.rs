//! The signing values found in a URL or cookies, and their reading into an [`Unverified`].

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{CarriedPolicy, DecodeProblem, Unverified};
use crate::encoding::{Base64Error, CfBase64};
use crate::key::HashAlgorithm;
use crate::policy::{PolicyDocument, MAX_EPOCH};
use crate::url;

/// The raw signing values found, before interpretation.
#[derive(Default)]
pub(super) struct Fields {
    expires: Option<String>,
    policy: Option<String>,
    signature: Option<String>,
    key_pair_id: Option<String>,
    hash_algorithm: Option<String>,
}

impl Fields {
    pub(super) fn set(
        &mut self,
        param: &'static str,
        value: String,
        problems: &mut Vec<DecodeProblem>,
    ) {
        let slot = match param {
            "Expires" => &mut self.expires,
            "Policy" => &mut self.policy,
            "Signature" => &mut self.signature,
            "Key-Pair-Id" => &mut self.key_pair_id,
            _ => &mut self.hash_algorithm,
        };
        if slot.is_some() {
            if !problems.contains(&DecodeProblem::Duplicate { param }) {
                problems.push(DecodeProblem::Duplicate { param });
            }
        } else {
            *slot = Some(value);
        }
    }

    fn get(&self, param: &str) -> Option<&String> {
        match param {
            "Expires" => self.expires.as_ref(),
            "Policy" => self.policy.as_ref(),
            "Signature" => self.signature.as_ref(),
            "Key-Pair-Id" => self.key_pair_id.as_ref(),
            _ => self.hash_algorithm.as_ref(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.expires.is_none()
            && self.policy.is_none()
            && self.signature.is_none()
            && self.key_pair_id.is_none()
            && self.hash_algorithm.is_none()
    }

    pub(super) fn apply(self, out: &mut Unverified) {
        out.present = url::SIGNING_PARAMS
            .iter()
            .copied()
            .filter(|p| self.get(p).is_some())
            .collect();
        if self.expires.is_some() && self.policy.is_some() {
            out.problems.push(DecodeProblem::BothExpiresAndPolicy);
        } else if let Some(expires) = self.expires {
            match expires.parse::<u64>() {
                Ok(n) if n <= MAX_EPOCH && expires.bytes().all(|b| b.is_ascii_digit()) => {
                    out.policy = Some(CarriedPolicy::Canned { expires: n })
                }
                _ => out.problems.push(DecodeProblem::BadExpires {
                    value: truncate(&expires),
                }),
            }
        } else if let Some(policy) = self.policy {
            match CfBase64::decode(&policy) {
                Ok(raw) => {
                    let document = match PolicyDocument::parse(&raw) {
                        Ok(doc) => Some(doc),
                        Err(e) => {
                            out.problems.push(DecodeProblem::BadPolicy(e));
                            None
                        }
                    };
                    out.policy = Some(CarriedPolicy::Custom { raw, document });
                }
                Err(error) => out.problems.push(DecodeProblem::BadBase64 {
                    param: "Policy",
                    error,
                }),
            }
        }
        if let Some(signature) = self.signature {
            match CfBase64::decode(&signature) {
                Ok(bytes) if !bytes.is_empty() => out.signature = Some(bytes),
                Ok(_) => out.problems.push(DecodeProblem::BadBase64 {
                    param: "Signature",
                    error: Base64Error::InvalidLength { length: 0 },
                }),
                Err(error) => out.problems.push(DecodeProblem::BadBase64 {
                    param: "Signature",
                    error,
                }),
            }
        }
        if let Some(id) = self.key_pair_id.filter(|id| !id.is_empty()) {
            out.key_pair_id = Some(id);
        }
        if let Some(alg) = self.hash_algorithm {
            match HashAlgorithm::from_param(&alg) {
                Some(h) => out.hash_algorithm = h,
                None => out.problems.push(DecodeProblem::BadHashAlgorithm {
                    value: truncate(&alg),
                }),
            }
            out.hash_algorithm_param = Some(alg);
        }
    }
}

fn truncate(s: &str) -> String {
    match s.char_indices().nth(64) {
        Some((i, _)) => [&s[..i], "…"].concat(),
        None => s.to_string(),
    }
}
