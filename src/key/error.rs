//! [`KeyError`]: why a key cannot be read or used.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// The command that turns any private key OpenSSL reads into encrypted PKCS#8 that cfsign reads
/// (OpenSSL asks for the old passphrase, then the new one).
/// (A macro, so that the messages hold it as literal text.)
macro_rules! convert {
    () => {
        "openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.pem -out new.pem"
    };
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
    /// The private key is encrypted (`BEGIN ENCRYPTED PRIVATE KEY`) and no passphrase was given:
    /// pass it to `PrivateKey::from_pem_with_passphrase` (feature
    /// `encrypted-keys`), or decrypt the key first.
    Encrypted,
    /// The passphrase does not decrypt the key, or the encrypted key is damaged: the two cannot be
    /// told apart.
    WrongPassphrase,
    /// The private key is encrypted with OpenSSL's legacy PEM encryption (`Proc-Type: 4,ENCRYPTED`
    /// and `DEK-Info` headers inside `BEGIN RSA PRIVATE KEY` or `BEGIN EC PRIVATE KEY`), which is
    /// not read: `openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.pem -out new.pem` converts it to
    /// encrypted PKCS#8.
    LegacyEncrypted,
    /// The private key is encrypted with a scheme that is not read (only PBES2 with PBKDF2 or
    /// scrypt and AES-CBC is).
    UnsupportedEncryption {
        /// The scheme's name and OID, for example `PBES2 with des-ede3-cbc (1.2.840.113549.3.7)`.
        scheme: String,
    },
    /// The encrypted key asks for more passphrase-derivation work or memory than is allowed (see
    /// `PrivateKey::from_pem_with_passphrase`): a key file could otherwise
    /// hang the reader or exhaust its memory.
    EncryptionTooCostly {
        /// The parameters and the limit they exceed.
        detail: String,
    },
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
                "the private key is encrypted: give its passphrase, or decrypt it first \
                 (openssl pkey -in KEY -out PLAIN)",
            ),
            Self::WrongPassphrase => f.write_str("wrong passphrase or damaged key"),
            Self::LegacyEncrypted => f.write_str(concat!(
                "the private key uses OpenSSL's legacy PEM encryption (Proc-Type: 4,ENCRYPTED), \
                 which is not supported: convert it to encrypted PKCS#8 with `",
                convert!(),
                "`"
            )),
            Self::UnsupportedEncryption { scheme } => write!(
                f,
                concat!(
                    "the private key is encrypted with {}, which is not supported: \
                     re-encrypt it with `",
                    convert!(),
                    "`"
                ),
                scheme
            ),
            Self::EncryptionTooCostly { detail } => write!(
                f,
                concat!(
                    "the private key's passphrase is too costly to derive: {}; \
                     re-encrypt it with `",
                    convert!(),
                    "`"
                ),
                detail
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
