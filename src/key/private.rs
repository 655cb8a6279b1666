//! [`PrivateKey`]: a key loaded for Rust's own RSA and ECDSA arithmetic (`rust-crypto`).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use p256::ecdsa::signature::hazmat::PrehashSigner;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::rand_core::{TryCryptoRng, TryRng};
use rsa::traits::SignatureScheme;
use zeroize::Zeroizing;

use super::asn1::PrivateKeyInfo;
use super::pkcs8::{pkcs8_kind, rsa_private_parts};
use super::public::PublicInner;
use super::{HashAlgorithm, KeyError, KeyKind, Pkcs8Der, PublicKey, RSA_BITS};

/// A private key that signs CloudFront policies.
///
/// RSA-2048 or ECDSA P-256, the two kinds a CloudFront key group takes, read from PEM (PKCS#1,
/// PKCS#8, SEC1, or encrypted PKCS#8 with the `encrypted-keys` feature) or generated. `Debug`
/// shows the kind only, never the key.
///
/// # Example
///
/// ```
/// use cfsign::{HashAlgorithm, KeyKind, PrivateKey};
///
/// # let pem = include_str!("../../tests/keys/rsa2048_pkcs1.pem");
/// let key = PrivateKey::from_pem(pem)?;
/// assert_eq!(key.kind(), KeyKind::Rsa);
///
/// // The same key, encrypted (`openssl pkcs8 -topk8 -v2 aes-256-cbc`).
/// # let encrypted = include_str!("../../tests/keys/rsa2048_pkcs8_aes256.pem");
/// let decrypted = PrivateKey::from_pem_with_passphrase(encrypted, b"cfsign-test")?;
/// let signature = decrypted.sign(b"policy", HashAlgorithm::Sha1)?;
/// assert!(key.public_key().verify(b"policy", &signature, HashAlgorithm::Sha1));
///
/// // A new key, from the caller's random source (here the OS's, through `getrandom`).
/// # #[cfg(not(target_arch = "wasm32"))] {
/// let new = PrivateKey::generate(KeyKind::EcdsaP256, &mut getrandom::SysRng)?;
/// assert!(new.to_pkcs8_pem()?.starts_with("-----BEGIN PRIVATE KEY-----"));
/// assert!(format!("{new:?}").starts_with("PrivateKey { kind: EcdsaP256"));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct PrivateKey {
    inner: PrivateInner,
}

#[derive(Clone)]
enum PrivateInner {
    Rsa(rsa::PrivateKey),
    Ecdsa(p256::ecdsa::SigningKey),
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print key material.
        f.debug_struct("PrivateKey")
            .field("kind", &self.kind())
            .finish_non_exhaustive()
    }
}

impl PrivateKey {
    /// Parses a PEM private key: PKCS#1, PKCS#8 or SEC1 (see the module docs).
    ///
    /// RSA keys must be 2048 bits, the size CloudFront key groups take.
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        Self::from_pem_inner(pem, true)
    }

    /// Like [`PrivateKey::from_pem`] but takes RSA keys of any size: only for test vectors made
    /// with other sizes (the AWS SDKs' shared vectors use a 1024-bit key). CloudFront would not
    /// take such a key.
    pub fn from_pem_any_rsa_size(pem: &str) -> Result<Self, KeyError> {
        Self::from_pem_inner(pem, false)
    }

    fn from_pem_inner(pem: &str, check_size: bool) -> Result<Self, KeyError> {
        let pkcs8 = Pkcs8Der::parse(pem, check_size, None)?;
        Self::from_pkcs8_der_inner(pkcs8.der(), check_size)
    }

    /// Parses a PEM private key that may be protected by a passphrase: encrypted PKCS#8
    /// (`BEGIN ENCRYPTED PRIVATE KEY`), decrypted with `passphrase`, or any form
    /// [`PrivateKey::from_pem`] reads. This is what the AWS SDK for JavaScript's `passphrase`
    /// option does.
    ///
    /// Encrypted PKCS#8 is read as OpenSSL writes it (`openssl genpkey -aes-256-cbc`,
    /// `openssl pkcs8 -topk8 -v2 aes-256-cbc`, `openssl pkcs8 -topk8 -scrypt`): PBES2 with PBKDF2
    /// (HMAC-SHA-1, -SHA-224, -SHA-256, -SHA-384 or -SHA-512) or scrypt, and AES-128, -192 or -256
    /// in CBC mode. `passphrase` is its bytes as OpenSSL takes them: the UTF-8 text, without a
    /// trailing newline.
    ///
    /// A key that is not encrypted is read as it is, whatever the passphrase, as Node's `crypto`
    /// does. The decrypted key is zeroized once loaded.
    ///
    /// # Limits
    ///
    /// The key file sets the cost of deriving the key from the passphrase, so a hostile file could
    /// otherwise hang the reader or exhaust its memory. Refused, with
    /// [`KeyError::EncryptionTooCostly`], before any work is done:
    /// - PBKDF2 with more than 10,000,000 iterations (OpenSSL writes 2048);
    /// - scrypt with N over 2^20, or needing over 256 MiB of memory (128·r·(N + p) bytes), or
    ///   N·r·p over 2^23 (OpenSSL writes N = 2^14, r = 8, p = 1: 16 MiB and N·r·p = 2^17).
    ///
    /// The costliest key within them takes a few seconds to derive (on a current x86-64 core, in
    /// a release build); OpenSSL's defaults take milliseconds.
    ///
    /// # Errors
    ///
    /// - [`KeyError::WrongPassphrase`]: the passphrase is wrong, or the key is damaged.
    /// - [`KeyError::LegacyEncrypted`]: OpenSSL's legacy PEM encryption (`Proc-Type: 4,ENCRYPTED`
    ///   in `BEGIN RSA PRIVATE KEY` or `BEGIN EC PRIVATE KEY`, what `openssl genrsa -aes256` wrote
    ///   before OpenSSL 3), not read: `openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.pem -out new.pem`
    ///   converts it.
    /// - [`KeyError::UnsupportedEncryption`]: another scheme (3DES, PKCS#12's PBE, AES-GCM...),
    ///   named in the error; the same command re-encrypts it.
    /// - [`KeyError::EncryptionTooCostly`]: see the limits above.
    /// - Any error of [`PrivateKey::from_pem`] about the decrypted key.
    #[cfg(feature = "encrypted-keys")]
    #[cfg_attr(docsrs, doc(cfg(feature = "encrypted-keys")))]
    pub fn from_pem_with_passphrase(pem: &str, passphrase: &[u8]) -> Result<Self, KeyError> {
        let pkcs8 = Pkcs8Der::parse(pem, true, Some(passphrase))?;
        Self::from_pkcs8_der_inner(pkcs8.der(), true)
    }

    /// Parses a PKCS#8 DER private key (RSA or P-256).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        Self::from_pkcs8_der_inner(der, true)
    }

    /// Parses an encrypted PKCS#8 DER private key (`EncryptedPrivateKeyInfo`, what
    /// `openssl pkcs8 -topk8 -v2 aes-256-cbc -outform DER` writes), decrypted with `passphrase`.
    /// The schemes, limits and errors are those of [`PrivateKey::from_pem_with_passphrase`].
    #[cfg(feature = "encrypted-keys")]
    #[cfg_attr(docsrs, doc(cfg(feature = "encrypted-keys")))]
    pub fn from_encrypted_pkcs8_der(der: &[u8], passphrase: &[u8]) -> Result<Self, KeyError> {
        let pkcs8 = Pkcs8Der::from_encrypted_der(der, true, Some(passphrase))?;
        Self::from_pkcs8_der_inner(pkcs8.der(), true)
    }

    fn from_pkcs8_der_inner(der: &[u8], check_size: bool) -> Result<Self, KeyError> {
        let info = PrivateKeyInfo::from_der(der).map_err(|_| KeyError::Malformed {
            format: "PKCS#8 private key",
        })?;
        let inner = match pkcs8_kind(&info, check_size)? {
            KeyKind::Rsa => PrivateInner::Rsa(rsa_from_pkcs1_der(info.private_key)?),
            KeyKind::EcdsaP256 => {
                PrivateInner::Ecdsa(p256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(|_| {
                    KeyError::Malformed {
                        format: "PKCS#8 EC private key",
                    }
                })?)
            }
        };
        Ok(Self { inner })
    }

    /// Generates a new key pair from `rng`: RSA-2048 (exponent 65537) or ECDSA P-256.
    pub fn generate<R: TryCryptoRng + ?Sized>(
        kind: KeyKind,
        rng: &mut R,
    ) -> Result<Self, KeyError> {
        let inner = match kind {
            KeyKind::Rsa => PrivateInner::Rsa(
                rsa::PrivateKey::new(rng, RSA_BITS).map_err(|_| KeyError::Generation)?,
            ),
            KeyKind::EcdsaP256 => {
                let mut bytes = Zeroizing::new([0u8; 32]);
                // Rejection sampling: a random 32-byte string is a valid scalar with
                // overwhelming probability; retry the rare one that is not.
                loop {
                    rng.try_fill_bytes(bytes.as_mut())
                        .map_err(|_| KeyError::Generation)?;
                    if let Ok(key) = p256::ecdsa::SigningKey::from_slice(bytes.as_ref()) {
                        break PrivateInner::Ecdsa(key);
                    }
                }
            }
        };
        Ok(Self { inner })
    }

    /// RSA or ECDSA.
    pub fn kind(&self) -> KeyKind {
        match self.inner {
            PrivateInner::Rsa(_) => KeyKind::Rsa,
            PrivateInner::Ecdsa(_) => KeyKind::EcdsaP256,
        }
    }

    /// The length of its signatures' fixed form: the RSA modulus in bytes (256 for RSA-2048); 0
    /// for ECDSA, whose DER signatures vary in length.
    pub(crate) fn signature_len(&self) -> usize {
        use rsa::traits::PublicKeyParts;
        match &self.inner {
            PrivateInner::Rsa(k) => k.size(),
            PrivateInner::Ecdsa(_) => 0,
        }
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        let (inner, spki) = match &self.inner {
            PrivateInner::Rsa(k) => {
                let public = k.to_public_key();
                let spki = public.to_public_key_der();
                (PublicInner::Rsa(public), spki)
            }
            PrivateInner::Ecdsa(k) => {
                let public = *k.verifying_key();
                let spki = public.to_public_key_der();
                (PublicInner::Ecdsa(public), spki)
            }
        };
        // Encoding a loaded key's public half cannot fail: it is a few DER headers.
        let spki = spki.map(|d| d.as_bytes().to_vec()).unwrap_or_default();
        PublicKey::from_parts(self.kind(), spki, inner)
    }

    /// Signs `message` (the policy bytes): RSASSA-PKCS1-v1_5 or DER-encoded ECDSA, over the given
    /// hash. Deterministic for RSA (no blinding, see the module docs) and for ECDSA (RFC 6979).
    pub fn sign(&self, message: &[u8], hash: HashAlgorithm) -> Result<Vec<u8>, KeyError> {
        self.sign_inner(message, hash, Option::<&mut NoRng>::None)
    }

    /// Like [`PrivateKey::sign`], with RSA blinding from `rng` (ECDSA ignores it). The signature
    /// is the same bytes: PKCS#1 v1.5 is deterministic.
    pub fn sign_blinded<R: TryCryptoRng + ?Sized>(
        &self,
        message: &[u8],
        hash: HashAlgorithm,
        rng: &mut R,
    ) -> Result<Vec<u8>, KeyError> {
        self.sign_inner(message, hash, Some(rng))
    }

    fn sign_inner<R: TryCryptoRng + ?Sized>(
        &self,
        message: &[u8],
        hash: HashAlgorithm,
        rng: Option<&mut R>,
    ) -> Result<Vec<u8>, KeyError> {
        let digest = hash.digest(message);
        match &self.inner {
            PrivateInner::Rsa(key) => hash
                .rsa_scheme()
                .sign(rng, key, &digest)
                .map_err(|_| KeyError::Signing),
            PrivateInner::Ecdsa(key) => {
                let sig: p256::ecdsa::DerSignature =
                    key.sign_prehash(&digest).map_err(|_| KeyError::Signing)?;
                Ok(sig.as_bytes().to_vec())
            }
        }
    }

    /// The private key as PKCS#8 PEM (`BEGIN PRIVATE KEY`), zeroized when dropped.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, KeyError> {
        let pem = match &self.inner {
            PrivateInner::Rsa(k) => k.to_pkcs8_pem(LineEnding::LF),
            PrivateInner::Ecdsa(k) => k.to_pkcs8_pem(LineEnding::LF),
        };
        pem.map_err(|_| KeyError::Encoding)
    }
}

/// Reads a PKCS#1 `RSAPrivateKey`, including keys with unbalanced primes (valid, and found in
/// Wycheproof's vectors), which the `rsa` crate's decoder refuses.
fn rsa_from_pkcs1_der(der: &[u8]) -> Result<rsa::PrivateKey, KeyError> {
    let malformed = KeyError::Malformed {
        format: "PKCS#1 RSA private key",
    };
    if let Ok(key) = rsa::PrivateKey::from_pkcs1_der(der) {
        return Ok(key);
    }
    // Two-prime keys only, as the strict reader reads them.
    let parts = rsa_private_parts(der)?;
    let n_bytes = parts.modulus;
    let bits = u32::try_from(n_bytes.len() * 8).map_err(|_| malformed.clone())?;
    let uint = |bytes: &[u8], bits: u32| {
        rsa::BoxedUint::from_be_slice(bytes, bits).map_err(|_| malformed.clone())
    };
    let e_bytes = parts.public_exponent;
    let e_bits = u32::try_from(e_bytes.len() * 8).map_err(|_| malformed.clone())?;
    let n = uint(n_bytes, bits)?;
    let e = uint(e_bytes, e_bits)?;
    let d = uint(parts.private_exponent, bits)?;
    let p = uint(parts.prime1, bits)?;
    let q = uint(parts.prime2, bits)?;
    rsa::PrivateKey::from_components_with_wide_primes(n, e, d, alloc::vec![p, q])
        .map_err(|_| malformed)
}

/// A random source that is never called: signing without blinding.
struct NoRng;

/// The error of [`NoRng`].
#[derive(Debug)]
struct NoRandomness;

impl fmt::Display for NoRandomness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no random source")
    }
}

impl core::error::Error for NoRandomness {}

impl TryRng for NoRng {
    type Error = NoRandomness;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Err(NoRandomness)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Err(NoRandomness)
    }
    fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), Self::Error> {
        Err(NoRandomness)
    }
}

impl TryCryptoRng for NoRng {}
