//! Keys: parsing, signing and verifying.
//!
//! CloudFront key groups take RSA-2048 and ECDSA P-256 public keys. The private key signs the
//! policy with RSASSA-PKCS1-v1_5 or ECDSA (signature DER-encoded, as `openssl dgst -sign` writes
//! it), hashed with SHA-1 (CloudFront's default, used when the request carries no
//! `Hash-Algorithm`) or SHA-256 (`Hash-Algorithm=SHA256`).
//!
//! Private keys are read from PEM — PKCS#1 (`BEGIN RSA PRIVATE KEY`, what the CloudFront console
//! and `openssl genrsa -traditional` write), PKCS#8 (`BEGIN PRIVATE KEY`), SEC1
//! (`BEGIN EC PRIVATE KEY`, also after the `EC PARAMETERS` block that `openssl ecparam -genkey`
//! writes first) — or from PKCS#8 DER. Public keys are read from SPKI PEM (`BEGIN PUBLIC KEY`,
//! what a CloudFront key group stores) or PKCS#1 PEM (`BEGIN RSA PUBLIC KEY`). The key type is
//! detected from the PEM label and the algorithm identifier.
//!
//! RSA signatures are computed without blinding: the `rsa` crate's arithmetic is constant-time
//! (`crypto-bigint`), PKCS#1 v1.5 signing is deterministic, and blinding would need a random
//! source, which some hosts (workerd at module scope) refuse. [`PrivateKey::sign_blinded`] adds
//! blinding where a random source is available. ECDSA nonces are derived per RFC 6979.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
use p256::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::rand_core::{TryCryptoRng, TryRng};
use rsa::traits::{PublicKeyParts, SignatureScheme};
use rsa::Pkcs1v15Sign;
use sha1::Sha1;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The RSA modulus size CloudFront key groups take.
pub const RSA_BITS: usize = 2048;

/// The longest PEM text read: an RSA-2048 private key is about 1.7 KiB.
const MAX_PEM_BYTES: usize = 16 * 1024;

/// OID of `rsaEncryption` (PKCS#1).
const OID_RSA: &str = "1.2.840.113549.1.1.1";
/// OID of `id-ecPublicKey` (RFC 5480).
const OID_EC: &str = "1.2.840.10045.2.1";
/// OID of the P-256 curve (`prime256v1`, `secp256r1`).
const OID_P256: &str = "1.2.840.10045.3.1.7";

/// The hash a signature is computed over, and the `Hash-Algorithm` CloudFront reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// SHA-1: CloudFront's default when no `Hash-Algorithm` is sent. Used only because
    /// CloudFront still requires it for that default; prefer SHA-256.
    #[default]
    Sha1,
    /// SHA-256: sent as `Hash-Algorithm=SHA256` (or the `CloudFront-Hash-Algorithm` cookie).
    Sha256,
}

impl HashAlgorithm {
    /// The value of the `Hash-Algorithm` parameter: `SHA1` or `SHA256`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sha1 => "SHA1",
            Self::Sha256 => "SHA256",
        }
    }

    /// Parses `SHA1` or `SHA256`, exactly as CloudFront spells them.
    pub fn from_param(value: &str) -> Option<Self> {
        match value {
            "SHA1" => Some(Self::Sha1),
            "SHA256" => Some(Self::Sha256),
            _ => None,
        }
    }

    fn digest(self, message: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => Sha1::digest(message).to_vec(),
            Self::Sha256 => Sha256::digest(message).to_vec(),
        }
    }

    fn rsa_scheme(self) -> Pkcs1v15Sign {
        match self {
            Self::Sha1 => Pkcs1v15Sign::new::<Sha1>(),
            Self::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
        }
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two kinds of key CloudFront takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyKind {
    /// RSA, 2048 bits, PKCS#1 v1.5 signatures.
    Rsa,
    /// ECDSA on P-256, DER signatures.
    EcdsaP256,
}

impl KeyKind {
    /// The hash the AWS CLI signs with for this kind when none is asked: SHA-1 for RSA (CloudFront's
    /// default), SHA-256 for ECDSA.
    pub fn default_hash(self) -> HashAlgorithm {
        match self {
            Self::Rsa => HashAlgorithm::Sha1,
            Self::EcdsaP256 => HashAlgorithm::Sha256,
        }
    }
}

impl fmt::Display for KeyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Rsa => "RSA",
            Self::EcdsaP256 => "ECDSA P-256",
        })
    }
}

/// A private key that signs CloudFront policies.
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
        let pkcs8 = Pkcs8Der::parse(pem, check_size)?;
        Self::from_pkcs8_der_inner(pkcs8.der(), check_size)
    }

    /// Parses a PKCS#8 DER private key (RSA or P-256).
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        Self::from_pkcs8_der_inner(der, true)
    }

    fn from_pkcs8_der_inner(der: &[u8], check_size: bool) -> Result<Self, KeyError> {
        let info =
            p256::pkcs8::PrivateKeyInfoRef::try_from(der).map_err(|_| KeyError::Malformed {
                format: "PKCS#8 private key",
            })?;
        let inner = match pkcs8_kind(&info, check_size)? {
            KeyKind::Rsa => PrivateInner::Rsa(rsa_from_pkcs1_der(info.private_key.as_bytes())?),
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

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        let inner = match &self.inner {
            PrivateInner::Rsa(k) => PublicInner::Rsa(k.to_public_key()),
            PrivateInner::Ecdsa(k) => PublicInner::Ecdsa(*k.verifying_key()),
        };
        PublicKey { inner }
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
            PrivateInner::Rsa(k) => k.to_pkcs8_pem(p256::pkcs8::LineEnding::LF),
            PrivateInner::Ecdsa(k) => k.to_pkcs8_pem(p256::pkcs8::LineEnding::LF),
        };
        pem.map_err(|_| KeyError::Encoding)
    }
}

/// A private key as PKCS#8 DER, with its kind: checked (type, curve, RSA size, not encrypted) but
/// not loaded, so it costs no big-number work. For handing the key to a host's native crypto,
/// such as WebCrypto's `importKey("pkcs8", ...)`, which takes PKCS#8 only.
pub struct Pkcs8Der {
    kind: KeyKind,
    der: Zeroizing<Vec<u8>>,
}

impl fmt::Debug for Pkcs8Der {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkcs8Der")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

impl Pkcs8Der {
    /// Reads a PEM private key (PKCS#1, PKCS#8 or SEC1) and re-wraps it as PKCS#8 if needed.
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        Self::parse(pem, true)
    }

    fn parse(pem: &str, check_size: bool) -> Result<Self, KeyError> {
        use p256::pkcs8::der::asn1::{AnyRef, OctetStringRef};
        use p256::pkcs8::der::Encode as _;
        use p256::pkcs8::spki::AlgorithmIdentifier;
        use p256::pkcs8::ObjectIdentifier;
        let wrap =
            |oid: &str, params: AnyRef<'_>, inner: &[u8]| -> Result<Zeroizing<Vec<u8>>, KeyError> {
                let malformed = || KeyError::Malformed {
                    format: "PKCS#8 private key",
                };
                let oid = ObjectIdentifier::new(oid).map_err(|_| malformed())?;
                let key = OctetStringRef::new(inner).map_err(|_| malformed())?;
                let info = p256::pkcs8::PrivateKeyInfoRef::new(
                    AlgorithmIdentifier {
                        oid,
                        parameters: Some(params),
                    },
                    key,
                );
                info.to_der().map(Zeroizing::new).map_err(|_| malformed())
            };
        let mut labels = Vec::new();
        for block in pem_blocks(pem)? {
            match block.label.as_str() {
                "RSA PRIVATE KEY" => {
                    block.check_not_encrypted()?;
                    rsa_pkcs1_check(&block.der, check_size)?;
                    return Ok(Self {
                        kind: KeyKind::Rsa,
                        der: wrap(OID_RSA, AnyRef::NULL, &block.der)?,
                    });
                }
                "EC PRIVATE KEY" => {
                    block.check_not_encrypted()?;
                    sec1_check(&block.der)?;
                    let curve = ObjectIdentifier::new(OID_P256).map_err(|_| KeyError::Encoding)?;
                    let params = AnyRef::from(&curve);
                    return Ok(Self {
                        kind: KeyKind::EcdsaP256,
                        der: wrap(OID_EC, params, &block.der)?,
                    });
                }
                "PRIVATE KEY" => {
                    let info = p256::pkcs8::PrivateKeyInfoRef::try_from(block.der.as_slice())
                        .map_err(|_| KeyError::Malformed {
                            format: "PKCS#8 private key",
                        })?;
                    let kind = pkcs8_kind(&info, check_size)?;
                    return Ok(Self {
                        kind,
                        der: block.der.clone(),
                    });
                }
                "ENCRYPTED PRIVATE KEY" => return Err(KeyError::Encrypted),
                "EC PARAMETERS" => {}
                "PUBLIC KEY" | "RSA PUBLIC KEY" => return Err(KeyError::PublicKeyGiven),
                other => labels.push(other.to_string()),
            }
        }
        Err(KeyError::NoKeyFound {
            expected: "private",
            found: labels,
        })
    }

    /// RSA or ECDSA.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// The PKCS#8 DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }
}

/// The kind of a PKCS#8 private key, checked (algorithm, curve, RSA size) without loading it.
fn pkcs8_kind(
    info: &p256::pkcs8::PrivateKeyInfoRef<'_>,
    check_size: bool,
) -> Result<KeyKind, KeyError> {
    match info.algorithm.oid.to_string().as_str() {
        OID_RSA => {
            rsa_pkcs1_check(info.private_key.as_bytes(), check_size)?;
            Ok(KeyKind::Rsa)
        }
        OID_EC => {
            let curve = info.algorithm.parameters_oid().map(|o| o.to_string()).ok();
            if curve.as_deref() != Some(OID_P256) {
                return Err(KeyError::UnsupportedCurve { curve });
            }
            sec1_check(info.private_key.as_bytes())?;
            Ok(KeyKind::EcdsaP256)
        }
        other => Err(KeyError::UnsupportedAlgorithm {
            oid: other.to_string(),
        }),
    }
}

/// Checks a PKCS#1 RSA private key's structure and (if asked) size without loading it.
fn rsa_pkcs1_check(der: &[u8], check_size: bool) -> Result<(), KeyError> {
    use rsa::pkcs1::der::Decode as _;
    let parts = rsa::pkcs1::RsaPrivateKeyRef::from_der(der).map_err(|_| KeyError::Malformed {
        format: "PKCS#1 RSA private key",
    })?;
    let n = parts.modulus.as_bytes();
    let leading = n.iter().take_while(|b| **b == 0).count();
    let bits = n
        .get(leading)
        .map_or(0, |b| (n.len() - leading) * 8 - b.leading_zeros() as usize);
    if check_size && bits != RSA_BITS {
        return Err(KeyError::RsaKeySize { bits });
    }
    Ok(())
}

/// Checks a SEC1 EC private key names P-256 (or is 32 bytes) without loading it.
fn sec1_check(der: &[u8]) -> Result<(), KeyError> {
    let parsed = sec1::EcPrivateKey::try_from(der).map_err(|_| KeyError::Malformed {
        format: "SEC1 EC private key",
    })?;
    let curve = parsed
        .parameters
        .and_then(|p| p.named_curve())
        .map(|o| o.to_string());
    let ok = match &curve {
        Some(oid) => oid == OID_P256,
        None => parsed.private_key.len() == 32,
    };
    if ok {
        Ok(())
    } else {
        Err(KeyError::UnsupportedCurve { curve })
    }
}

/// A public key of a CloudFront key group.
#[derive(Clone, Debug, PartialEq)]
pub struct PublicKey {
    inner: PublicInner,
}

#[derive(Clone, Debug, PartialEq)]
enum PublicInner {
    Rsa(rsa::PublicKey),
    Ecdsa(p256::ecdsa::VerifyingKey),
}

impl PublicKey {
    /// Parses a PEM public key: SPKI (`BEGIN PUBLIC KEY`) holding RSA or P-256, or PKCS#1
    /// (`BEGIN RSA PUBLIC KEY`). RSA keys must be 2048 bits.
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        Self::from_pem_inner(pem, true)
    }

    /// Like [`PublicKey::from_pem`] but takes RSA keys of any size (for test vectors only).
    pub fn from_pem_any_rsa_size(pem: &str) -> Result<Self, KeyError> {
        Self::from_pem_inner(pem, false)
    }

    fn from_pem_inner(pem: &str, check_size: bool) -> Result<Self, KeyError> {
        if holds_private_fields(pem) {
            return Err(KeyError::PrivateKeyGiven);
        }
        let blocks = pem_blocks(pem)?;
        let mut labels = Vec::new();
        for block in &blocks {
            match block.label.as_str() {
                "PUBLIC KEY" => return Self::from_spki_der_inner(&block.der, check_size),
                "RSA PUBLIC KEY" => {
                    let key = rsa::PublicKey::from_pkcs1_der(&block.der).map_err(|_| {
                        KeyError::Malformed {
                            format: "PKCS#1 RSA public key",
                        }
                    })?;
                    return Self::rsa(key, check_size);
                }
                "RSA PRIVATE KEY" | "EC PRIVATE KEY" | "PRIVATE KEY" | "ENCRYPTED PRIVATE KEY" => {
                    return Err(KeyError::PrivateKeyGiven)
                }
                other => labels.push(other.to_string()),
            }
        }
        Err(KeyError::NoKeyFound {
            expected: "public",
            found: labels,
        })
    }

    /// Parses an SPKI DER public key (RSA or P-256).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyError> {
        Self::from_spki_der_inner(der, true)
    }

    fn from_spki_der_inner(der: &[u8], check_size: bool) -> Result<Self, KeyError> {
        let info = p256::pkcs8::spki::SubjectPublicKeyInfoRef::try_from(der).map_err(|_| {
            KeyError::Malformed {
                format: "SPKI public key",
            }
        })?;
        let oid = info.algorithm.oid.to_string();
        match oid.as_str() {
            OID_RSA => {
                let key =
                    rsa::PublicKey::from_public_key_der(der).map_err(|_| KeyError::Malformed {
                        format: "SPKI RSA public key",
                    })?;
                Self::rsa(key, check_size)
            }
            OID_EC => {
                let curve = info.algorithm.parameters_oid().map(|o| o.to_string()).ok();
                if curve.as_deref() != Some(OID_P256) {
                    return Err(KeyError::UnsupportedCurve { curve });
                }
                let key = p256::ecdsa::VerifyingKey::from_public_key_der(der).map_err(|_| {
                    KeyError::Malformed {
                        format: "SPKI EC public key",
                    }
                })?;
                Ok(Self {
                    inner: PublicInner::Ecdsa(key),
                })
            }
            _ => Err(KeyError::UnsupportedAlgorithm { oid }),
        }
    }

    fn rsa(key: rsa::PublicKey, check_size: bool) -> Result<Self, KeyError> {
        let bits = key.n().as_ref().bit_width() as usize;
        if check_size && bits != RSA_BITS {
            return Err(KeyError::RsaKeySize { bits });
        }
        Ok(Self {
            inner: PublicInner::Rsa(key),
        })
    }

    /// RSA or ECDSA.
    pub fn kind(&self) -> KeyKind {
        match self.inner {
            PublicInner::Rsa(_) => KeyKind::Rsa,
            PublicInner::Ecdsa(_) => KeyKind::EcdsaP256,
        }
    }

    /// Whether `signature` is a valid signature of `message` under the given hash.
    ///
    /// ECDSA signatures must be DER, as CloudFront expects them.
    pub fn verify(&self, message: &[u8], signature: &[u8], hash: HashAlgorithm) -> bool {
        let digest = hash.digest(message);
        match &self.inner {
            PublicInner::Rsa(key) => hash.rsa_scheme().verify(key, &digest, signature).is_ok(),
            PublicInner::Ecdsa(key) => match p256::ecdsa::Signature::from_der(signature) {
                Ok(sig) => key.verify_prehash(&digest, &sig).is_ok(),
                Err(_) => false,
            },
        }
    }

    /// The key as SPKI DER: what WebCrypto's `importKey("spki", ...)` takes.
    pub fn to_spki_der(&self) -> Result<Vec<u8>, KeyError> {
        let doc = match &self.inner {
            PublicInner::Rsa(k) => k.to_public_key_der(),
            PublicInner::Ecdsa(k) => k.to_public_key_der(),
        };
        doc.map(|d| d.as_bytes().to_vec())
            .map_err(|_| KeyError::Encoding)
    }

    /// The key as SPKI PEM (`BEGIN PUBLIC KEY`): what a CloudFront key group takes.
    pub fn to_pem(&self) -> Result<String, KeyError> {
        let pem = match &self.inner {
            PublicInner::Rsa(k) => k.to_public_key_pem(p256::pkcs8::LineEnding::LF),
            PublicInner::Ecdsa(k) => k.to_public_key_pem(p256::pkcs8::LineEnding::LF),
        };
        pem.map_err(|_| KeyError::Encoding)
    }
}

/// Reads a PKCS#1 `RSAPrivateKey`, including keys with unbalanced primes (valid, and found in
/// Wycheproof's vectors), which the `rsa` crate's decoder refuses.
fn rsa_from_pkcs1_der(der: &[u8]) -> Result<rsa::PrivateKey, KeyError> {
    use rsa::pkcs1::der::Decode as _;
    let malformed = KeyError::Malformed {
        format: "PKCS#1 RSA private key",
    };
    if let Ok(key) = rsa::PrivateKey::from_pkcs1_der(der) {
        return Ok(key);
    }
    let parts = rsa::pkcs1::RsaPrivateKeyRef::from_der(der).map_err(|_| malformed.clone())?;
    if parts.version() != rsa::pkcs1::Version::TwoPrime {
        return Err(malformed);
    }
    let n_bytes = parts.modulus.as_bytes();
    let bits = u32::try_from(n_bytes.len() * 8).map_err(|_| malformed.clone())?;
    let uint = |bytes: &[u8], bits: u32| {
        rsa::BoxedUint::from_be_slice(bytes, bits).map_err(|_| malformed.clone())
    };
    let e_bytes = parts.public_exponent.as_bytes();
    let e_bits = u32::try_from(e_bytes.len() * 8).map_err(|_| malformed.clone())?;
    let n = uint(n_bytes, bits)?;
    let e = uint(e_bytes, e_bits)?;
    let d = uint(parts.private_exponent.as_bytes(), bits)?;
    let p = uint(parts.prime1.as_bytes(), bits)?;
    let q = uint(parts.prime2.as_bytes(), bits)?;
    rsa::PrivateKey::from_components_with_wide_primes(n, e, d, alloc::vec![p, q])
        .map_err(|_| malformed)
}

/// Converts an ECDSA P-256 signature from the raw `r || s` form (64 bytes, what WebCrypto returns)
/// to the DER form CloudFront expects.
pub fn ecdsa_raw_to_der(raw: &[u8]) -> Result<Vec<u8>, KeyError> {
    let sig = p256::ecdsa::Signature::from_slice(raw).map_err(|_| KeyError::Signing)?;
    Ok(sig.to_der().as_bytes().to_vec())
}

/// Converts a DER ECDSA P-256 signature to the raw `r || s` form WebCrypto verifies; `None` when it
/// is not a valid DER signature.
pub fn ecdsa_der_to_raw(der: &[u8]) -> Option<Vec<u8>> {
    let sig = p256::ecdsa::Signature::from_der(der).ok()?;
    Some(sig.to_bytes().to_vec())
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

/// One PEM block: its label and the DER it carries.
struct PemBlock {
    label: String,
    der: Zeroizing<Vec<u8>>,
    encrypted: bool,
}

impl PemBlock {
    fn check_not_encrypted(&self) -> Result<(), KeyError> {
        if self.encrypted {
            Err(KeyError::Encrypted)
        } else {
            Ok(())
        }
    }
}

/// Reads every PEM block in `text`, leniently: surrounding text, indentation, CRLF and long lines
/// are accepted, and so are literal `\n` escapes (a key pasted into an environment variable).
fn pem_blocks(text: &str) -> Result<Vec<PemBlock>, KeyError> {
    if text.len() > MAX_PEM_BYTES {
        return Err(KeyError::Malformed {
            format: "PEM (over 16 KiB)",
        });
    }
    let unescaped;
    let text = if !text.contains('\n') && text.contains("\\n") {
        unescaped = text.replace("\\n", "\n");
        unescaped.as_str()
    } else {
        text
    };
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(label_end) = after.find("-----") else {
            break;
        };
        let label = &after[..label_end];
        let body_start = &after[label_end + 5..];
        let end_marker = ["-----END ", label, "-----"].concat();
        let Some(body_end) = body_start.find(&end_marker) else {
            return Err(KeyError::Malformed {
                format: "PEM (no END line)",
            });
        };
        let body = &body_start[..body_end];
        let mut encrypted = false;
        let mut b64 = Zeroizing::new(String::with_capacity(body.len()));
        for line in body.lines() {
            let line = line.trim();
            if line.contains(':') {
                // An RFC 1421 header such as `Proc-Type: 4,ENCRYPTED`.
                encrypted |= line.contains("ENCRYPTED");
                continue;
            }
            b64.extend(line.chars().filter(|c| !c.is_whitespace()));
        }
        let der = STANDARD
            .decode(b64.as_bytes())
            .map_err(|_| KeyError::Malformed {
                format: "PEM (bad base64)",
            })?;
        blocks.push(PemBlock {
            label: label.to_string(),
            der: Zeroizing::new(der),
            encrypted,
        });
        rest = &body_start[body_end + end_marker.len()..];
    }
    if blocks.is_empty() {
        return Err(KeyError::NotPem);
    }
    Ok(blocks)
}

/// Whether `text` holds the private fields of `openssl rsa -text` or `openssl ec -text` output
/// (`Private-Key:`, `privateExponent:`, `priv:`), which come before a public key block when
/// `-pubout` is added: such text is a private key, whatever else it holds.
fn holds_private_fields(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        ["Private-Key:", "privateExponent:", "priv:", "prime1:"]
            .iter()
            .any(|field| line.starts_with(field))
    })
}

/// Why a key cannot be read or used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// No `-----BEGIN ...-----` block at all.
    NotPem,
    /// PEM blocks, but none holding the kind of key expected.
    NoKeyFound {
        /// `"private"` or `"public"`.
        expected: &'static str,
        /// The labels that were found.
        found: Vec<String>,
    },
    /// The private key is encrypted with a passphrase.
    Encrypted,
    /// A public key where a private key is needed.
    PublicKeyGiven,
    /// A private key where a public key is needed.
    PrivateKeyGiven,
    /// The structure does not decode.
    Malformed {
        /// What it was decoded as.
        format: &'static str,
    },
    /// Neither RSA nor EC (for example Ed25519).
    UnsupportedAlgorithm {
        /// The algorithm OID.
        oid: String,
    },
    /// An EC key on a curve other than P-256.
    UnsupportedCurve {
        /// The curve OID, when the key names one.
        curve: Option<String>,
    },
    /// An RSA key of a size CloudFront does not take.
    RsaKeySize {
        /// The modulus size in bits.
        bits: usize,
    },
    /// The signature could not be computed.
    Signing,
    /// Key generation failed (the random source failed).
    Generation,
    /// The key could not be encoded.
    Encoding,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotPem => f.write_str("not a PEM key: expected a -----BEGIN ...----- block"),
            Self::NoKeyFound { expected, found } => {
                write!(f, "no {expected} key in the PEM")?;
                if !found.is_empty() {
                    write!(f, " (found: {})", found.join(", "))?;
                }
                if found.iter().any(|l| l == "OPENSSH PRIVATE KEY") {
                    f.write_str("; convert it with `ssh-keygen -p -m PEM -f FILE`")?;
                }
                Ok(())
            }
            Self::Encrypted => f.write_str(
                "the private key is encrypted: decrypt it first (openssl pkey -in KEY -out PLAIN)",
            ),
            Self::PublicKeyGiven => {
                f.write_str("this is a public key: signing needs the private key")
            }
            Self::PrivateKeyGiven => f.write_str(
                "this is a private key: give the public key (openssl pkey -in KEY -pubout)",
            ),
            Self::Malformed { format } => write!(f, "malformed {format}"),
            Self::UnsupportedAlgorithm { oid } => write!(
                f,
                "unsupported key algorithm {oid}: CloudFront takes RSA-2048 and ECDSA P-256 keys"
            ),
            Self::UnsupportedCurve { curve } => write!(
                f,
                "EC key on curve {}: CloudFront takes P-256 (prime256v1) only",
                curve.as_deref().unwrap_or("unknown")
            ),
            Self::RsaKeySize { bits } => write!(
                f,
                "RSA key of {bits} bits: CloudFront key groups take RSA keys of exactly 2048 bits"
            ),
            Self::Signing => f.write_str("signing failed"),
            Self::Generation => f.write_str("key generation failed: no random source"),
            Self::Encoding => f.write_str("the key could not be encoded"),
        }
    }
}

impl core::error::Error for KeyError {}
