//! PKCS#8 DER for host crypto, and the checks that tell a key's kind without loading it.

use alloc::string::ToString;
use alloc::vec::Vec;
use core::fmt;

use zeroize::Zeroizing;

use super::asn1::{
    pkcs8_der, spki_der, EcPrivateKey, PrivateKeyInfo, RsaPrivateKey, ALG_EC_P256, ALG_RSA,
    OID_P256,
};
use super::kind::{algorithm_kind, check_rsa_size, unsupported_curve};
use super::{pem_blocks, KeyError, KeyKind, PublicKey};

/// A private key as PKCS#8 DER, with its kind: checked (type, curve, RSA size) and decrypted if it
/// was encrypted, but not loaded, so it costs no big-number work. For handing the key to a host's
/// native crypto, such as WebCrypto's `importKey("pkcs8", ...)`, which takes PKCS#8 only. The DER
/// is zeroized when dropped.
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
        Self::parse(pem, true, None)
    }

    /// Like [`Pkcs8Der::from_pem`], and also reads encrypted PKCS#8
    /// (`BEGIN ENCRYPTED PRIVATE KEY`), decrypted with `passphrase`: see
    /// [`PrivateKey::from_pem_with_passphrase`](super::PrivateKey::from_pem_with_passphrase), which
    /// reads the same keys and returns the same errors. A key that is not encrypted is read as it
    /// is, whatever the passphrase.
    #[cfg(feature = "encrypted-keys")]
    #[cfg_attr(docsrs, doc(cfg(feature = "encrypted-keys")))]
    pub fn from_pem_with_passphrase(pem: &str, passphrase: &[u8]) -> Result<Self, KeyError> {
        Self::parse(pem, true, Some(passphrase))
    }

    /// Reads a PEM private key; `passphrase` decrypts an encrypted PKCS#8 one.
    pub(super) fn parse(
        pem: &str,
        check_size: bool,
        passphrase: Option<&[u8]>,
    ) -> Result<Self, KeyError> {
        let blocks = pem_blocks(pem)?;
        let mut labels = Vec::new();
        for block in &blocks {
            match block.label.as_str() {
                "RSA PRIVATE KEY" => {
                    block.check_not_encrypted()?;
                    rsa_pkcs1_check(&block.der, check_size)?;
                    return Ok(Self {
                        kind: KeyKind::Rsa,
                        der: pkcs8_der(ALG_RSA, &block.der),
                    });
                }
                "EC PRIVATE KEY" => {
                    block.check_not_encrypted()?;
                    sec1_check(&block.der)?;
                    return Ok(Self {
                        kind: KeyKind::EcdsaP256,
                        der: pkcs8_der(ALG_EC_P256, &block.der),
                    });
                }
                "PRIVATE KEY" => {
                    return Ok(Self {
                        kind: der_kind(&block.der, check_size)?,
                        der: block.der.clone(),
                    });
                }
                "ENCRYPTED PRIVATE KEY" => {
                    return Self::from_encrypted_der(&block.der, check_size, passphrase)
                }
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

    /// Decrypts and checks an `EncryptedPrivateKeyInfo`. Without a passphrase, or without the
    /// `encrypted-keys` feature, it is [`KeyError::Encrypted`] (once the scheme and its cost are
    /// known to be fine, when the feature is on).
    pub(super) fn from_encrypted_der(
        der: &[u8],
        check_size: bool,
        passphrase: Option<&[u8]>,
    ) -> Result<Self, KeyError> {
        // The scheme and its cost are checked whether or not the key can be decrypted here.
        #[cfg(feature = "encrypted-keys")]
        {
            let encrypted = super::encrypted::EncryptedKey::parse(der)?;
            let passphrase = passphrase.ok_or(KeyError::Encrypted)?;
            let der = encrypted.decrypt(passphrase)?;
            // Garbage after a wrong passphrase that happened to end in valid padding.
            let info =
                PrivateKeyInfo::from_der(der.as_slice()).map_err(|_| KeyError::WrongPassphrase)?;
            let kind = pkcs8_kind(&info, check_size)?;
            Ok(Self { kind, der })
        }
        #[cfg(not(feature = "encrypted-keys"))]
        {
            #[cfg(feature = "encryption-check")]
            super::encrypted::EncryptedKey::check(der)?;
            let _ = (der, check_size, passphrase);
            Err(KeyError::Encrypted)
        }
    }

    /// The encrypted key [`Pkcs8Der::from_pem`] checked when it answered [`KeyError::Encrypted`]
    /// (the text's first `ENCRYPTED PRIVATE KEY` block), checked again and written anew as PEM:
    /// what a host's PEM reader is given to decrypt. The text as it came must not be: OpenSSL's
    /// reader wants `-----BEGIN` at the start of a line where this crate's reads it anywhere, so
    /// it could skip the block checked here and derive another one's key, at any cost.
    #[cfg(feature = "encryption-check")]
    pub fn checked_encrypted_pem(pem: &str) -> Result<Zeroizing<alloc::string::String>, KeyError> {
        let blocks = pem_blocks(pem)?;
        let block = blocks
            .iter()
            .find(|b| b.label == "ENCRYPTED PRIVATE KEY")
            .ok_or(KeyError::Encrypted)?;
        super::encrypted::EncryptedKey::check(&block.der)?;
        Ok(Zeroizing::new(super::pem::pem_text(
            "ENCRYPTED PRIVATE KEY",
            &block.der,
        )))
    }

    /// Checks PKCS#8 DER (`PrivateKeyInfo`): RSA-2048 or P-256, structure only.
    pub fn from_der(der: &[u8]) -> Result<Self, KeyError> {
        Ok(Self {
            kind: der_kind(der, true)?,
            der: Zeroizing::new(der.to_vec()),
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

    /// The matching public key, read from the private key's own fields: an RSA key's modulus and
    /// exponent, an EC key's public point (which OpenSSL, WebCrypto and the AWS console always
    /// write). No arithmetic, so it works without `rust-crypto`; an EC key stored without its
    /// public point is refused here (load it as a [`PrivateKey`](super::PrivateKey) instead).
    pub fn public_key(&self) -> Result<PublicKey, KeyError> {
        let info = PrivateKeyInfo::from_der(&self.der).map_err(|_| malformed())?;
        let spki = match self.kind {
            KeyKind::Rsa => spki_der(
                ALG_RSA,
                &rsa_private_parts(info.private_key)?.public_key_der(),
            ),
            KeyKind::EcdsaP256 => {
                let parsed = EcPrivateKey::from_der(info.private_key).map_err(|_| malformed())?;
                let point = parsed.public_key.ok_or(KeyError::Malformed {
                    format: "SEC1 EC private key without its public key",
                })?;
                spki_der(ALG_EC_P256, point)
            }
        };
        PublicKey::from_spki_der(&spki)
    }
}

fn malformed() -> KeyError {
    KeyError::Malformed {
        format: "PKCS#8 private key",
    }
}

/// The fields of a PKCS#1 RSA private key.
pub(super) fn rsa_private_parts(der: &[u8]) -> Result<RsaPrivateKey<'_>, KeyError> {
    RsaPrivateKey::from_der(der).map_err(|_| KeyError::Malformed {
        format: "PKCS#1 RSA private key",
    })
}

/// The kind of the PKCS#8 private key `der`, checked (see [`pkcs8_kind`]).
fn der_kind(der: &[u8], check_size: bool) -> Result<KeyKind, KeyError> {
    pkcs8_kind(
        &PrivateKeyInfo::from_der(der).map_err(|_| malformed())?,
        check_size,
    )
}

/// The kind of a PKCS#8 private key, checked (algorithm, curve, RSA size) without loading it.
pub(super) fn pkcs8_kind(info: &PrivateKeyInfo<'_>, check_size: bool) -> Result<KeyKind, KeyError> {
    let kind = algorithm_kind(&info.algorithm)?;
    match kind {
        KeyKind::Rsa => rsa_pkcs1_check(info.private_key, check_size)?,
        KeyKind::EcdsaP256 => sec1_check(info.private_key)?,
    }
    Ok(kind)
}

/// Checks a PKCS#1 RSA private key's structure and (if asked) size without loading it.
fn rsa_pkcs1_check(der: &[u8], check_size: bool) -> Result<(), KeyError> {
    check_rsa_size(rsa_private_parts(der)?.modulus, check_size)
}

/// Checks a SEC1 EC private key names P-256 (or is 32 bytes) without loading it.
fn sec1_check(der: &[u8]) -> Result<(), KeyError> {
    let parsed = EcPrivateKey::from_der(der).map_err(|_| KeyError::Malformed {
        format: "SEC1 EC private key",
    })?;
    let ok = match parsed.curve {
        Some(oid) => oid.is(OID_P256),
        None => parsed.private_key.len() == 32,
    };
    if ok {
        Ok(())
    } else {
        Err(unsupported_curve(parsed.curve))
    }
}

#[cfg(all(test, feature = "encryption-check"))]
mod tests {
    use super::*;
    use alloc::format;

    /// The host's PEM reader (OpenSSL's, through `node:crypto`) wants `-----BEGIN` at the start
    /// of a line; this crate's lenient reader finds it anywhere. Given the text as it came, the
    /// host skipped the block checked here and derived the next one's key, at any cost (Node
    /// spent 38 s on 92 million PBKDF2 iterations): it must be given the block checked.
    #[test]
    fn the_host_decrypts_the_block_checked_here() -> Result<(), KeyError> {
        let cheap = include_str!("../../tests/keys/ec_p256_pkcs8_aes256.pem");
        let costly = include_str!("../../tests/keys/bad_rsa2048_pkcs8_pbkdf2_iter2p31.pem");
        assert!(matches!(
            Pkcs8Der::from_pem(costly),
            Err(KeyError::EncryptionTooCostly { .. })
        ));
        let text = format!("x{cheap}{costly}");
        assert_eq!(Pkcs8Der::from_pem(&text).unwrap_err(), KeyError::Encrypted);
        let for_host = Pkcs8Der::checked_encrypted_pem(&text)?;
        assert_eq!(for_host.as_str(), cheap);
        // Escaped line breaks (a key in an environment variable), which OpenSSL does not read.
        let escaped = cheap.replace('\n', "\\n");
        assert_eq!(Pkcs8Der::checked_encrypted_pem(&escaped)?.as_str(), cheap);
        assert!(matches!(
            Pkcs8Der::checked_encrypted_pem(costly),
            Err(KeyError::EncryptionTooCostly { .. })
        ));
        Ok(())
    }
}
