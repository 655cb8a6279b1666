//! The signer seam: what turns policy bytes into a CloudFront signature.
//!
//! A [`Signer`](crate::Signer) signs through a key that implements [`SignatureKey`] (its key type
//! and hash) and, to sign in one call, [`PolicySigner`] (synchronous: [`PrivateKey`](crate::PrivateKey)
//! implements it) or [`AsyncPolicySigner`] (a future: a key in AWS KMS or an HSM, driven by any
//! executor; the crate has none). A host with its own way of waiting (a JS `Promise`, Python's
//! asyncio) uses the two steps instead: [`Signer::prepare_url`](crate::Signer::prepare_url) gives
//! an [`UnsignedUrl`](crate::sign::UnsignedUrl) whose [`message`](crate::sign::UnsignedUrl::message)
//! it signs however it likes, and [`finish`](crate::sign::UnsignedUrl::finish) checks the signature
//! and builds the URL. [`RemoteKey`] is the key type for that: a key known by its type and hash only.
//!
//! Whatever signs, the result is checked before it goes into a URL or a cookie
//! ([`check_signature`]): an RSA signature must be exactly the modulus size (256 bytes for
//! RSA-2048), an ECDSA one a strict DER `SEQUENCE { INTEGER r, INTEGER s }` with `r` and `s` in
//! `1..n` (P-256's order), so that a broken signer gives [`SignError::InvalidSignature`], never a
//! URL that CloudFront refuses.

use alloc::vec::Vec;
use core::future::Future;

use super::SignError;
use crate::key::{ecdsa_der_to_raw, signature_form, HashAlgorithm, KeyKind, RSA_BITS};

/// What a signature must be: the key's type and the hash the signer uses.
pub trait SignatureKey {
    /// RSA or ECDSA P-256.
    fn key_kind(&self) -> KeyKind;

    /// The hash it signs with unless [`Signer::with_hash`](crate::Signer::with_hash) asks for
    /// another (SHA-256 for a key in AWS KMS, which signs for CloudFront with SHA-256 only).
    fn hash(&self) -> HashAlgorithm;

    /// The length of its RSA signatures in bytes (the modulus size): 256, for the RSA-2048 keys
    /// CloudFront takes. Not read for ECDSA.
    fn rsa_signature_len(&self) -> usize {
        RSA_BITS / 8
    }
}

/// A key that signs policy bytes at once: [`PrivateKey`](crate::PrivateKey), or any caller's.
///
/// # Example
///
/// ```
/// use cfsign::sign::{PolicySigner, SignatureKey};
/// use cfsign::{HashAlgorithm, KeyKind, PrivateKey, SignError, Signer};
///
/// /// A key kept elsewhere (here, a local key standing in for an HSM).
/// struct Hsm(PrivateKey);
///
/// impl SignatureKey for Hsm {
///     fn key_kind(&self) -> KeyKind { KeyKind::EcdsaP256 }
///     fn hash(&self) -> HashAlgorithm { HashAlgorithm::Sha256 }
/// }
///
/// impl PolicySigner for Hsm {
///     fn sign_policy(&self, message: &[u8], hash: HashAlgorithm) -> Result<Vec<u8>, SignError> {
///         if hash != HashAlgorithm::Sha256 {
///             return Err(SignError::HashUnsupported { asked: hash, supported: HashAlgorithm::Sha256 });
///         }
///         // The HSM's call; its failure goes in `SignError::SignerFailed`.
///         self.0.sign(message, hash).map_err(|e| SignError::SignerFailed { message: e.to_string() })
///     }
/// }
///
/// # let pem = include_str!("../../tests/keys/ec_p256_sec1.pem");
/// let signer = Signer::new("K2JCJMDEHXQW5F", Hsm(PrivateKey::from_pem(pem)?))?;
/// let url = signer.sign_url("https://d111111abcdef8.cloudfront.net/a.mp4", 1_893_456_000)?;
/// assert!(url.as_str().ends_with("&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait PolicySigner: SignatureKey {
    /// Signs `message` (the policy JSON's bytes, exactly) with `hash`: PKCS#1 v1.5 bytes for RSA,
    /// DER for ECDSA. A signer that cannot use `hash` returns [`SignError::HashUnsupported`]; a
    /// failure of its own, [`SignError::SignerFailed`] (whose message is shown to the caller:
    /// never put key material or credentials in it).
    fn sign_policy(&self, message: &[u8], hash: HashAlgorithm) -> Result<Vec<u8>, SignError>;
}

/// A key that signs policy bytes through a future: a key in AWS KMS or an HSM. No executor is
/// needed from this crate: the future is the caller's (tokio, a JS promise bridge, ...).
///
/// [`Signer::sign_url_async`](crate::Signer::sign_url_async) and its siblings await it; the same
/// rules as [`PolicySigner::sign_policy`] apply to its result.
pub trait AsyncPolicySigner: SignatureKey {
    /// Signs `message` with `hash`, as [`PolicySigner::sign_policy`].
    fn sign_policy_async(
        &self,
        message: &[u8],
        hash: HashAlgorithm,
    ) -> impl Future<Output = Result<Vec<u8>, SignError>>;
}

/// A key known only by its type and hash, for hosts that sign in two steps (prepare, sign
/// elsewhere, finish) rather than through [`PolicySigner`] or [`AsyncPolicySigner`].
///
/// ```
/// use cfsign::sign::RemoteKey;
/// use cfsign::{HashAlgorithm, KeyKind, Signer};
///
/// let signer = Signer::new("K2JCJMDEHXQW5F", RemoteKey::new(KeyKind::Rsa, HashAlgorithm::Sha256))?;
/// let unsigned = signer.prepare_url("https://d111111abcdef8.cloudfront.net/a.mp4", 1_893_456_000)?;
/// assert_eq!(unsigned.message(), br#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/a.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":1893456000}}}]}"#);
/// // A result of the wrong form is refused, never made into a URL.
/// assert!(unsigned.finish(&[0u8; 64]).is_err());
/// # Ok::<(), cfsign::SignError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemoteKey {
    kind: KeyKind,
    hash: HashAlgorithm,
}

impl RemoteKey {
    /// A key of type `kind` whose signer hashes with `hash`.
    pub fn new(kind: KeyKind, hash: HashAlgorithm) -> Self {
        Self { kind, hash }
    }
}

impl SignatureKey for RemoteKey {
    fn key_kind(&self) -> KeyKind {
        self.kind
    }

    fn hash(&self) -> HashAlgorithm {
        self.hash
    }
}

#[cfg(feature = "rust-crypto")]
impl SignatureKey for crate::PrivateKey {
    fn key_kind(&self) -> KeyKind {
        self.kind()
    }

    /// SHA-1 for RSA (CloudFront's default), SHA-256 for ECDSA, as the AWS CLI does.
    fn hash(&self) -> HashAlgorithm {
        self.kind().default_hash()
    }

    fn rsa_signature_len(&self) -> usize {
        self.signature_len()
    }
}

#[cfg(feature = "rust-crypto")]
impl PolicySigner for crate::PrivateKey {
    fn sign_policy(&self, message: &[u8], hash: HashAlgorithm) -> Result<Vec<u8>, SignError> {
        Ok(self.sign(message, hash)?)
    }
}

impl<K: SignatureKey + ?Sized> SignatureKey for &K {
    fn key_kind(&self) -> KeyKind {
        (**self).key_kind()
    }
    fn hash(&self) -> HashAlgorithm {
        (**self).hash()
    }
    fn rsa_signature_len(&self) -> usize {
        (**self).rsa_signature_len()
    }
}

impl<K: PolicySigner + ?Sized> PolicySigner for &K {
    fn sign_policy(&self, message: &[u8], hash: HashAlgorithm) -> Result<Vec<u8>, SignError> {
        (**self).sign_policy(message, hash)
    }
}

/// P-256's group order `n`, big-endian: `r` and `s` must be below it.
const P256_ORDER: [u8; 32] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
];

/// Checks a signature made elsewhere (or here) before it is encoded: for RSA, exactly
/// `rsa_len` bytes (the modulus size; 256 for RSA-2048) and not all zeros; for ECDSA P-256, a
/// strict DER `SEQUENCE { INTEGER r, INTEGER s }` with `r` and `s` in `1..n`.
/// [`SignError::InvalidSignature`] says what it was instead (never its bytes).
pub fn check_signature(kind: KeyKind, rsa_len: usize, signature: &[u8]) -> Result<(), SignError> {
    let found = match kind {
        KeyKind::Rsa if signature.len() == rsa_len => {
            if signature.iter().any(|b| *b != 0) {
                return Ok(());
            }
            "all zero bytes"
        }
        KeyKind::EcdsaP256 => match ecdsa_der_to_raw(signature) {
            Some(raw) => {
                let (r, s) = raw.split_at(32);
                if r < &P256_ORDER[..] && s < &P256_ORDER[..] {
                    return Ok(());
                }
                "a DER ECDSA signature whose r or s is not below P-256's group order"
            }
            None => signature_form(signature).description,
        },
        _ => signature_form(signature).description,
    };
    Err(SignError::InvalidSignature {
        kind,
        len: signature.len(),
        found,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::ecdsa_raw_to_der;
    use alloc::string::ToString;

    #[test]
    fn checks_the_form_of_each_kind() {
        assert!(check_signature(KeyKind::Rsa, 256, &[1; 256]).is_ok());
        assert!(check_signature(KeyKind::Rsa, 128, &[1; 128]).is_ok());
        for bad in [&[1u8; 255][..], &[1; 257], &[0; 256], &[], &[1; 64]] {
            assert!(
                check_signature(KeyKind::Rsa, 256, bad).is_err(),
                "{}",
                bad.len()
            );
        }
        let mut below = P256_ORDER;
        below[31] -= 1;
        let ok = ecdsa_raw_to_der(&[below, below].concat()).unwrap();
        assert!(check_signature(KeyKind::EcdsaP256, 256, &ok).is_ok());
        let at_n = ecdsa_raw_to_der(&[below, P256_ORDER].concat()).unwrap();
        let err = check_signature(KeyKind::EcdsaP256, 256, &at_n).unwrap_err();
        assert!(err.to_string().contains("group order"), "{err}");
        let raw = [0x55u8; 64];
        let err = check_signature(KeyKind::EcdsaP256, 256, &raw).unwrap_err();
        assert!(err.to_string().contains("raw ECDSA"), "{err}");
        for bad in [&[1u8; 256][..], &[], &[0x30, 0]] {
            assert!(check_signature(KeyKind::EcdsaP256, 256, bad).is_err());
        }
    }
}
