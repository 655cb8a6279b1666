//! One signature checked against many messages under one key: what the diagnosis of a bad
//! signature does (`crate::verify::diagnose`), up to 64 candidate messages.
//!
//! For RSA each check is an ordinary verification (fast: a small public exponent). For ECDSA
//! P-256 the work that does not depend on the message is done once. A signature `(r, s)` verifies
//! `z` under `Q` when `R' = z·s⁻¹·G + r·s⁻¹·Q` has `x(R') mod n = r`; with `R` a point whose
//! x-coordinate is `r`, that is `z·G + r·Q = s·R`. So `s·R` (for both points `R` with `x = r`)
//! and `r·Q` are computed once, and each message costs one fixed-base multiplication `z·G`
//! (precomputed tables), one addition and two comparisons, instead of a full verification.
//!
//! Never a false positive: a match gives `R' = R`, whose x-coordinate is `r`. The one case it
//! does not recognize, `x(R') = r + n` (possible only when `r < p − n`, about 2⁻¹²⁸ of honest
//! signatures), is left to [`PublicKey::verify`]'s callers: the diagnosis then finds no cause.

use alloc::vec::Vec;

use p256::elliptic_curve::group::Group;
use p256::elliptic_curve::ops::Reduce;
use p256::elliptic_curve::point::DecompressPoint;
use p256::elliptic_curve::subtle::Choice;
use p256::{AffinePoint, FieldBytes, ProjectivePoint, Scalar};

use super::public::PublicInner;
use super::{HashAlgorithm, PublicKey};

/// A signature and a key, ready to check many messages.
#[derive(Debug, Clone)]
pub struct OneSignature<'a> {
    key: &'a PublicKey,
    signature: &'a [u8],
    ecdsa: Option<Ecdsa>,
}

#[derive(Debug, Clone)]
struct Ecdsa {
    /// `s·R` for each point `R` with `x(R) = r`.
    targets: Vec<ProjectivePoint>,
    /// `r·Q`.
    r_q: ProjectivePoint,
}

impl<'a> OneSignature<'a> {
    /// `signature` (DER for ECDSA) under `key`.
    pub fn new(key: &'a PublicKey, signature: &'a [u8]) -> Self {
        let ecdsa = match &key.inner {
            PublicInner::Ecdsa(vk) => Ecdsa::new(vk, signature),
            PublicInner::Rsa(_) => None,
        };
        Self {
            key,
            signature,
            ecdsa,
        }
    }

    /// Whether the signature verifies `message` with `hash` (as [`PublicKey::verify`] answers,
    /// but for ECDSA's `x = r + n` case above).
    pub fn verifies(&self, message: &[u8], hash: HashAlgorithm) -> bool {
        match (&self.key.inner, &self.ecdsa) {
            (PublicInner::Ecdsa(_), Some(e)) => e.verifies(&hash.digest(message)),
            // Not DER, or a zero r or s: nothing verifies.
            (PublicInner::Ecdsa(_), None) => false,
            (PublicInner::Rsa(_), _) => self.key.verify(message, self.signature, hash),
        }
    }
}

impl Ecdsa {
    fn new(vk: &p256::ecdsa::VerifyingKey, der: &[u8]) -> Option<Self> {
        let signature = p256::ecdsa::Signature::from_der(der).ok()?;
        let (r, s) = signature.split_scalars();
        let q = ProjectivePoint::from(*vk.as_affine());
        let x: FieldBytes = r.to_bytes();
        let mut targets = Vec::new();
        for odd in [0u8, 1] {
            let point = AffinePoint::decompress(&x, Choice::from(odd));
            if let Some(point) = Option::<AffinePoint>::from(point) {
                targets.push(ProjectivePoint::from(point) * *s);
            }
        }
        Some(Self {
            targets,
            r_q: q * *r,
        })
    }

    fn verifies(&self, digest: &[u8]) -> bool {
        // The digest as a scalar, as ECDSA reads it: big-endian, shorter ones (SHA-1) padded on
        // the left, reduced mod n.
        let mut bytes = FieldBytes::default();
        let len = bytes.len();
        let at = len.saturating_sub(digest.len());
        match (bytes.get_mut(at..), digest.get(..len.min(digest.len()))) {
            (Some(slot), Some(d)) if slot.len() == d.len() => slot.copy_from_slice(d),
            _ => return false,
        }
        let z = <Scalar as Reduce<FieldBytes>>::reduce(&bytes);
        let point = ProjectivePoint::mul_by_generator(&z) + self.r_q;
        self.targets.contains(&point)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::PrivateKey;

    /// The fast check answers as the full verification, for valid and invalid messages, both
    /// hashes, both key types.
    #[test]
    fn answers_as_verify() {
        let keys = [
            PrivateKey::from_pem(include_str!("../../tests/keys/ec_p256_sec1.pem")).unwrap(),
            PrivateKey::from_pem(include_str!("../../tests/keys/awscli_ec_p256_sec1.pem")).unwrap(),
            PrivateKey::from_pem(include_str!("../../tests/keys/rsa2048_pkcs1.pem")).unwrap(),
        ];
        for signer in &keys {
            for verifier in &keys {
                let public = verifier.public_key();
                for hash in [HashAlgorithm::Sha1, HashAlgorithm::Sha256] {
                    for i in 0..12u32 {
                        let message = alloc::format!("message {i}");
                        let signature = signer.sign(message.as_bytes(), hash).unwrap();
                        let one = OneSignature::new(&public, &signature);
                        for j in 0..12u32 {
                            let other = alloc::format!("message {j}");
                            for h in [HashAlgorithm::Sha1, HashAlgorithm::Sha256] {
                                assert_eq!(
                                    one.verifies(other.as_bytes(), h),
                                    public.verify(other.as_bytes(), &signature, h),
                                    "{i} {j} {h:?} {hash:?}"
                                );
                            }
                        }
                    }
                }
            }
        }
        // Damaged signatures verify nothing.
        let public = keys[0].public_key();
        for bad in [&[][..], &[0x30, 0x00], &[1u8; 70]] {
            assert!(!OneSignature::new(&public, bad).verifies(b"x", HashAlgorithm::Sha256));
        }
    }
}
