//! A private key PEM on its way to a host's own crypto (`node:crypto`), checked by this crate's
//! rules first: the one place that decides what the host is handed.

use zeroize::Zeroizing;

use super::{KeyError, Pkcs8Der};

/// What a host's crypto is handed for a private key PEM, after [`Pkcs8Der::for_host`] checked it.
#[derive(Debug)]
#[non_exhaustive]
pub enum HostPem {
    /// A plain key: read once here, type, curve and RSA size checked, as PKCS#8 DER.
    Checked(Pkcs8Der),
    /// An encrypted PKCS#8 key, for the host to decrypt: with `encryption-check`, its scheme and
    /// derivation cost checked (a hostile file must not make the host derive for minutes) and
    /// the very block checked written anew ([`Pkcs8Der::checked_encrypted_pem`]); without it,
    /// the text as given. What the host decrypts must be checked again with
    /// [`Pkcs8Der::from_der`].
    Encrypted(Zeroizing<alloc::string::String>),
}

impl Pkcs8Der {
    /// Checks a private key PEM (PKCS#1, PKCS#8, SEC1, or encrypted PKCS#8) before a host's crypto
    /// is given it. Legacy PEM encryption, other key types, sizes and curves are refused here.
    pub fn for_host(pem: &str) -> Result<HostPem, KeyError> {
        match Self::from_pem(pem) {
            Ok(checked) => Ok(HostPem::Checked(checked)),
            Err(KeyError::Encrypted) => {
                #[cfg(feature = "encryption-check")]
                let encrypted = Self::checked_encrypted_pem(pem)?;
                #[cfg(not(feature = "encryption-check"))]
                let encrypted = Zeroizing::new(alloc::string::ToString::to_string(pem));
                Ok(HostPem::Encrypted(encrypted))
            }
            Err(e) => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_are_checked_pkcs8() {
        for (name, pem) in [
            (
                "rsa2048_pkcs1",
                include_str!("../../tests/keys/rsa2048_pkcs1.pem"),
            ),
            (
                "rsa2048_pkcs8",
                include_str!("../../tests/keys/rsa2048_pkcs8.pem"),
            ),
            (
                "ec_p256_sec1",
                include_str!("../../tests/keys/ec_p256_sec1.pem"),
            ),
        ] {
            match Pkcs8Der::for_host(pem).unwrap() {
                HostPem::Checked(der) => {
                    assert_eq!(der.der(), Pkcs8Der::from_pem(pem).unwrap().der())
                }
                HostPem::Encrypted(_) => panic!("{name} is not encrypted"),
            }
        }
    }

    #[test]
    fn refused_before_the_host_sees_them() {
        for pem in [
            include_str!("../../tests/keys/bad_rsa1024.pem"),
            include_str!("../../tests/keys/bad_ec_p384_pkcs8.pem"),
            include_str!("../../tests/keys/bad_rsa2048_legacy_aes256.pem"),
        ] {
            assert!(Pkcs8Der::for_host(pem).is_err());
        }
    }

    #[cfg(feature = "encryption-check")]
    #[test]
    fn encrypted_keys_are_checked_and_rewritten() {
        let costly = include_str!("../../tests/keys/bad_rsa2048_pkcs8_pbkdf2_iter2p31.pem");
        assert!(matches!(
            Pkcs8Der::for_host(costly),
            Err(KeyError::EncryptionTooCostly { .. })
        ));
        // Text before the BEGIN line on the same line, as OpenSSL's reader would skip: the block
        // checked is the one handed over.
        let cheap = include_str!("../../tests/keys/rsa2048_pkcs8_aes256.pem");
        let hidden = alloc::format!("x{cheap}{costly}");
        match Pkcs8Der::for_host(&hidden).unwrap() {
            HostPem::Encrypted(pem) => {
                assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
                assert_eq!(pem.matches("BEGIN").count(), 1);
            }
            HostPem::Checked(_) => panic!("encrypted"),
        }
    }
}
