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
//! writes first) — or from PKCS#8 DER. With the `encrypted-keys` feature (on by default),
//! passphrase-protected PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`) is read too:
//! `PrivateKey::from_pem_with_passphrase`. Public keys are read from SPKI PEM (`BEGIN PUBLIC KEY`,
//! what a CloudFront key group stores) or PKCS#1 PEM (`BEGIN RSA PUBLIC KEY`). The key type is
//! detected from the PEM label and the algorithm identifier.
//!
//! Without the `rust-crypto` feature, keys are read and checked (type, curve, RSA size) but
//! never loaded: [`Pkcs8Der`] hands a private key to a host's own crypto, [`PublicKey`] keeps its
//! SPKI bytes for it, and nothing here does big-number arithmetic.
//!
//! The DER inside the PEM is read by the crate's own small reader, strictly (X.690's DER: definite
//! lengths in their minimal form, minimal INTEGERs, exact OIDs, nothing after a structure); with
//! `rust-crypto`, the `rsa` and `p256` crates decode the checked key again as they load it.
//!
//! RSA signatures are computed without blinding: the `rsa` crate's arithmetic is constant-time
//! (`crypto-bigint`), PKCS#1 v1.5 signing is deterministic, and blinding would need a random
//! source, which some hosts (workerd at module scope) refuse. [`PrivateKey::sign_blinded`] adds
//! blinding where a random source is available. ECDSA nonces are derived per RFC 6979.

#[cfg(feature = "rust-crypto")]
use alloc::vec::Vec;
use core::fmt;

#[cfg(feature = "rust-crypto")]
use rsa::Pkcs1v15Sign;
#[cfg(feature = "rust-crypto")]
use sha1::Sha1;
#[cfg(feature = "rust-crypto")]
use sha2::{Digest, Sha256};

mod asn1;
mod der;
mod ecdsa;
#[cfg(feature = "encryption-check")]
mod encrypted;
mod error;
mod handoff;
mod kind;
#[cfg(feature = "rust-crypto")]
mod one_signature;
mod pem;
mod pkcs8;
#[cfg(feature = "rust-crypto")]
mod private;
mod public;
mod signature_form;

pub use ecdsa::{ecdsa_der_to_raw, ecdsa_raw_to_der};
pub use error::KeyError;
pub use handoff::HostPem;
#[cfg(feature = "rust-crypto")]
pub use one_signature::OneSignature;
pub use pkcs8::Pkcs8Der;
#[cfg(feature = "rust-crypto")]
pub use private::PrivateKey;
pub use public::PublicKey;
pub use signature_form::{signature_form, SignatureForm};

use pem::pem_blocks;

/// The RSA modulus size CloudFront key groups take.
pub const RSA_BITS: usize = 2048;

/// The longest PEM text read: an RSA-2048 private key is about 1.7 KiB.
const MAX_PEM_BYTES: usize = 16 * 1024;

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

    #[cfg(feature = "rust-crypto")]
    fn digest(self, message: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => Sha1::digest(message).to_vec(),
            Self::Sha256 => Sha256::digest(message).to_vec(),
        }
    }

    #[cfg(feature = "rust-crypto")]
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
