//! Public keys: parsing (SPKI, PKCS#1), checking, encoding, and with `rust-crypto`, verifying.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::asn1::{rsa_public_modulus, spki_der, Spki, ALG_RSA};
use super::kind::{algorithm_kind, check_rsa_size};
use super::{pem_blocks, KeyError, KeyKind};

/// A public key of a CloudFront key group: its kind and SPKI bytes (checked: RSA-2048 or P-256),
/// and with `rust-crypto` the key loaded for [`PublicKey::verify`].
#[derive(Clone, Debug, PartialEq)]
pub struct PublicKey {
    kind: KeyKind,
    spki: Vec<u8>,
    #[cfg(feature = "rust-crypto")]
    pub(super) inner: PublicInner,
}

#[cfg(feature = "rust-crypto")]
#[derive(Clone, Debug, PartialEq)]
pub(super) enum PublicInner {
    Rsa(rsa::PublicKey),
    Ecdsa(p256::ecdsa::VerifyingKey),
}

impl PublicKey {
    /// Parses a PEM public key: SPKI (`BEGIN PUBLIC KEY`) holding RSA or P-256, or PKCS#1
    /// (`BEGIN RSA PUBLIC KEY`). RSA keys must be 2048 bits. Text holding a private key, or the
    /// private fields that `openssl rsa -text -pubout` prints before the public key, is refused.
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
                    rsa_public_modulus(&block.der).map_err(|_| KeyError::Malformed {
                        format: "PKCS#1 RSA public key",
                    })?;
                    let spki = spki_der(ALG_RSA, &block.der);
                    return Self::from_spki_der_inner(&spki, check_size);
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
        let malformed = |format| KeyError::Malformed { format };
        let info = Spki::from_der(der).map_err(|_| malformed("SPKI public key"))?;
        let key = info.key;
        let kind = algorithm_kind(&info.algorithm)?;
        match kind {
            KeyKind::Rsa => check_rsa_size(
                rsa_public_modulus(key).map_err(|_| malformed("SPKI RSA public key"))?,
                check_size,
            )?,
            KeyKind::EcdsaP256 => {
                // An uncompressed (0x04 || x || y) or compressed (0x02/0x03 || x) point.
                let point_ok = matches!(key, [0x04, rest @ ..] if rest.len() == 64)
                    || matches!(key, [0x02 | 0x03, rest @ ..] if rest.len() == 32);
                if !point_ok {
                    return Err(malformed("SPKI EC public key"));
                }
            }
        }
        // Read strictly, the DER is its own canonical encoding.
        let spki = der.to_vec();
        #[cfg(feature = "rust-crypto")]
        let inner = loaded(kind, &spki)?;
        Ok(Self {
            kind,
            spki,
            #[cfg(feature = "rust-crypto")]
            inner,
        })
    }

    /// A key from its parts (a [`PrivateKey`](super::PrivateKey)'s public half).
    #[cfg(feature = "rust-crypto")]
    pub(super) fn from_parts(kind: KeyKind, spki: Vec<u8>, inner: PublicInner) -> Self {
        Self { kind, spki, inner }
    }

    /// RSA or ECDSA.
    pub fn kind(&self) -> KeyKind {
        self.kind
    }

    /// Whether `signature` is a valid signature of `message` under the given hash.
    ///
    /// ECDSA signatures must be DER, as CloudFront expects them.
    #[cfg(feature = "rust-crypto")]
    pub fn verify(&self, message: &[u8], signature: &[u8], hash: super::HashAlgorithm) -> bool {
        use p256::ecdsa::signature::hazmat::PrehashVerifier;
        use rsa::traits::SignatureScheme;
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
        Ok(self.spki.clone())
    }

    /// The SPKI DER bytes, borrowed.
    pub fn spki_der(&self) -> &[u8] {
        &self.spki
    }

    /// The key as SPKI PEM (`BEGIN PUBLIC KEY`, 64-character lines): what a CloudFront key group
    /// takes.
    pub fn to_pem(&self) -> Result<String, KeyError> {
        Ok(super::pem::pem_text("PUBLIC KEY", &self.spki))
    }
}

/// The key of checked SPKI bytes, loaded for verification.
#[cfg(feature = "rust-crypto")]
fn loaded(kind: KeyKind, spki: &[u8]) -> Result<PublicInner, KeyError> {
    use p256::pkcs8::DecodePublicKey;
    Ok(match kind {
        KeyKind::Rsa => {
            PublicInner::Rsa(rsa::PublicKey::from_public_key_der(spki).map_err(|_| {
                KeyError::Malformed {
                    format: "SPKI RSA public key",
                }
            })?)
        }
        KeyKind::EcdsaP256 => PublicInner::Ecdsa(
            p256::ecdsa::VerifyingKey::from_public_key_der(spki).map_err(|_| {
                KeyError::Malformed {
                    format: "SPKI EC public key",
                }
            })?,
        ),
    })
}

/// Whether `text` holds the private fields of `openssl rsa -text` or `openssl ec -text` output
/// (`Private-Key:`, `privateExponent:`, `priv:`), which come before a public key block when
/// `-pubout` is added: such text is a private key, whatever else it holds.
fn holds_private_fields(text: &str) -> bool {
    // (Split at `\n` rather than by `lines`, which also drops a `\r` at the end of a line: no
    // field holds one, and `lines` would be in the binary for this alone.)
    text.split('\n').any(|line| {
        let line = line.trim_start();
        ["Private-Key:", "privateExponent:", "priv:", "prime1:"]
            .iter()
            .any(|field| line.starts_with(field))
    })
}
