//! The signing values found in a URL or cookies, and their reading into an [`Unverified`].

use alloc::string::String;
use alloc::vec::Vec;

use super::{CarriedPolicy, DecodeProblem, Source, Unverified};
use crate::encoding::{Base64Error, CfBase64};
use crate::key::HashAlgorithm;
use crate::policy::{PolicyDocument, MAX_EPOCH};
use crate::url;

/// The raw signing values found, before interpretation, in the order of
/// [`url::SIGNING_PARAMS`].
#[derive(Default)]
pub(super) struct Fields([Option<String>; 5]);

impl Fields {
    /// Records the value of the signing parameter `name`, percent-decoded; whether `name` is one.
    pub(super) fn set(
        &mut self,
        name: &str,
        value: &str,
        problems: &mut Vec<DecodeProblem>,
    ) -> bool {
        let Some((param, slot)) = url::SIGNING_PARAMS
            .iter()
            .zip(&mut self.0)
            .find(|(param, _)| **param == name)
        else {
            return false;
        };
        if slot.is_some() {
            let reported = |p: &DecodeProblem| matches!(p, DecodeProblem::Duplicate { param: q } if q == param);
            if !problems.iter().any(reported) {
                problems.push(DecodeProblem::Duplicate { param });
            }
        } else {
            *slot = Some(url::percent_decode_lossy(value));
        }
        true
    }

    /// Reads the values into `out`: which were sent (none at all: the source is
    /// [`Source::None`]), then what each says, and every problem found.
    pub(super) fn apply(self, out: &mut Unverified) {
        for (param, value) in url::SIGNING_PARAMS.iter().zip(&self.0) {
            if value.is_some() {
                out.present.push(param);
            }
        }
        if out.present.is_empty() {
            out.source = Source::None;
        }
        let [expires, policy, signature, key_pair_id, hash_algorithm] = self.0;
        match (expires, policy) {
            (Some(_), Some(_)) => out.problems.push(DecodeProblem::BothExpiresAndPolicy),
            (Some(expires), None) => match expires.parse::<u64>() {
                Ok(n) if n <= MAX_EPOCH && expires.bytes().all(|b| b.is_ascii_digit()) => {
                    out.policy = Some(CarriedPolicy::Canned { expires: n })
                }
                _ => out.problems.push(DecodeProblem::BadExpires {
                    value: truncate(&expires),
                }),
            },
            (None, Some(policy)) => match CfBase64::decode(&policy) {
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
            },
            (None, None) => {}
        }
        if let Some(signature) = signature {
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
        if let Some(id) = key_pair_id.filter(|id| !id.is_empty()) {
            out.key_pair_id = Some(id);
        }
        if let Some(alg) = hash_algorithm {
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

/// The first 64 characters of `s`, and `…` when there were more.
fn truncate(s: &str) -> String {
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n == 64 {
            out.push('…');
            break;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use alloc::string::ToString;

    use crate::decode::{decode_url, CarriedPolicy, DecodeProblem};

    /// `Expires` up to the current guide's 2^63 - 1, in plain digits; nothing else.
    #[test]
    fn expires_up_to_the_guides_64_bits() {
        let expires = |value: &str| {
            let url = [
                "https://h.example/a?Expires=",
                value,
                "&Signature=AAAA&Key-Pair-Id=K",
            ];
            decode_url(&url.concat())
        };
        for n in [
            0,
            2_147_483_647,
            2_147_483_648,
            4_102_444_800,
            9_223_372_036_854_775_807u64,
        ] {
            let decoded = expires(&n.to_string());
            assert!(decoded.problems.is_empty(), "{n}: {:?}", decoded.problems);
            assert_eq!(decoded.policy, Some(CarriedPolicy::Canned { expires: n }));
        }
        for bad in [
            "9223372036854775808",
            "18446744073709551616",
            "+5",
            "-1",
            "1.5",
            "1e3",
            "",
        ] {
            let decoded = expires(bad);
            assert_eq!(decoded.policy, None, "{bad}");
            assert_eq!(
                decoded.problems,
                [DecodeProblem::BadExpires {
                    value: bad.to_string()
                }],
                "{bad}"
            );
        }
        assert_eq!(
            DecodeProblem::BadExpires { value: "-1".into() }.to_string(),
            "Expires \"-1\" is not a whole number of seconds up to 9223372036854775807"
        );
    }

    #[test]
    fn truncates_to_64_characters() {
        let old = |s: &str| match s.char_indices().nth(64) {
            Some((i, _)) => [&s[..i], "…"].concat(),
            None => s.to_string(),
        };
        for n in [0, 1, 63, 64, 65, 200] {
            for c in ["a", "é", "€", "𝄞"] {
                let s = c.repeat(n);
                assert_eq!(super::truncate(&s), old(&s), "{n} × {c}");
            }
        }
        assert_eq!(
            super::truncate(&"x".repeat(65)),
            ["x".repeat(64), "…".into()].concat()
        );
    }
}
