//! Public keys: parsing (SPKI, PKCS#1), verifying, encoding.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use p256::ecdsa::signature::hazmat::PrehashVerifier;
use p256::pkcs8::{DecodePublicKey, EncodePublicKey};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::traits::{PublicKeyParts, SignatureScheme};

use super::{pem_blocks, HashAlgorithm, KeyError, KeyKind, OID_EC, OID_P256, OID_RSA, RSA_BITS};

/// A public key of a CloudFront key group.
#[derive(Clone, Debug, PartialEq)]
pub struct PublicKey {
    pub(super) inner: PublicInner,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum PublicInner {
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
