//! Encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`, RFC 5958's `EncryptedPrivateKeyInfo`): PBES2
//! (RFC 8018) with PBKDF2 or scrypt (RFC 7914) and AES-128, -192 or -256 in CBC mode, what OpenSSL
//! writes. The derivation's cost comes from the key file, so it is bounded before any work is done
//! (the limits are below and in `PrivateKey::from_pem_with_passphrase`'s docs).

use alloc::format;
use alloc::string::{String, ToString};
#[cfg(feature = "encrypted-keys")]
use alloc::vec::Vec;

use pkcs5::der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef};
use pkcs5::der::{Decode, ErrorKind};
use pkcs5::pbes2::{self, Kdf};
use pkcs5::AlgorithmIdentifierRef;
#[cfg(feature = "encrypted-keys")]
use zeroize::Zeroizing;

use super::KeyError;

/// PBKDF2 iterations, at most: OpenSSL writes 2048, OWASP advises 600,000 for HMAC-SHA-256.
/// Ten million take one or two seconds on a current x86-64 core.
pub(super) const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// scrypt's N (the cost), at most 2^20.
pub(super) const MAX_SCRYPT_LOG_N: u32 = 20;
/// The memory scrypt needs, `128·r·(N + p)` bytes, at most 256 MiB: OpenSSL's defaults (N = 2^14,
/// r = 8, p = 1) need 16 MiB, and OpenSSL itself refuses over 32 MiB.
pub(super) const MAX_SCRYPT_MEMORY: u64 = 256 * 1024 * 1024;
/// scrypt's work, `N·r·p`, at most 2^23: 64 times OpenSSL's defaults, 2.5 to 4 seconds on a current
/// x86-64 core (OpenSSL's defaults take 45 ms).
pub(super) const MAX_SCRYPT_LOG_WORK: u32 = 23;

const MALFORMED: KeyError = KeyError::Malformed {
    format: "encrypted PKCS#8 private key",
};

/// The schemes, ciphers and PRFs a key may name, for the message that refuses one.
const NAMES: &[(&str, &str)] = &[
    ("1.2.840.113549.1.5.13", "PBES2"),
    ("1.2.840.113549.1.5.12", "PBKDF2"),
    ("1.3.6.1.4.1.11591.4.11", "scrypt"),
    ("1.2.840.113549.1.5.1", "pbeWithMD2AndDES-CBC"),
    ("1.2.840.113549.1.5.3", "pbeWithMD5AndDES-CBC"),
    ("1.2.840.113549.1.5.4", "pbeWithMD2AndRC2-CBC"),
    ("1.2.840.113549.1.5.6", "pbeWithMD5AndRC2-CBC"),
    ("1.2.840.113549.1.5.10", "pbeWithSHA1AndDES-CBC"),
    ("1.2.840.113549.1.5.11", "pbeWithSHA1AndRC2-CBC"),
    ("1.2.840.113549.1.12.1.1", "pbeWithSHAAnd128BitRC4"),
    ("1.2.840.113549.1.12.1.2", "pbeWithSHAAnd40BitRC4"),
    ("1.2.840.113549.1.12.1.3", "pbeWithSHAAnd3-KeyTripleDES-CBC"),
    ("1.2.840.113549.1.12.1.4", "pbeWithSHAAnd2-KeyTripleDES-CBC"),
    ("1.2.840.113549.1.12.1.5", "pbeWithSHAAnd128BitRC2-CBC"),
    ("1.2.840.113549.1.12.1.6", "pbeWithSHAAnd40BitRC2-CBC"),
    ("1.2.840.113549.3.7", "des-ede3-cbc"),
    ("1.3.14.3.2.7", "des-cbc"),
    ("1.2.840.113549.3.2", "rc2-cbc"),
    ("2.16.840.1.101.3.4.1.6", "aes-128-gcm"),
    ("2.16.840.1.101.3.4.1.26", "aes-192-gcm"),
    ("2.16.840.1.101.3.4.1.46", "aes-256-gcm"),
    ("1.2.392.200011.61.1.1.1.2", "camellia-128-cbc"),
    ("1.2.392.200011.61.1.1.1.3", "camellia-192-cbc"),
    ("1.2.392.200011.61.1.1.1.4", "camellia-256-cbc"),
    ("1.2.840.113549.2.12", "hmacWithSHA512-224"),
    ("1.2.840.113549.2.13", "hmacWithSHA512-256"),
];

/// `name (oid)`, or the bare OID when it has no name here.
fn name(oid: &ObjectIdentifier) -> String {
    let dotted = oid.to_string();
    match NAMES.iter().find(|(o, _)| *o == dotted) {
        Some((_, n)) => format!("{n} ({dotted})"),
        None => dotted,
    }
}

fn unsupported(scheme: String) -> KeyError {
    KeyError::UnsupportedEncryption { scheme }
}

/// An `EncryptedPrivateKeyInfo` whose scheme is supported and whose cost is within the limits.
/// (With only `encryption-check`, it is checked and never decrypted.)
#[cfg_attr(not(feature = "encrypted-keys"), allow(dead_code))]
pub(super) struct EncryptedKey<'a> {
    params: pbes2::Parameters,
    data: &'a [u8],
}

impl<'a> EncryptedKey<'a> {
    /// Reads and checks the scheme and its cost; decrypts nothing.
    pub(super) fn parse(der: &'a [u8]) -> Result<Self, KeyError> {
        let any = AnyRef::from_der(der).map_err(|_| MALFORMED)?;
        let (alg, data) = any
            .sequence(|r| -> der::Result<_> {
                let alg = AlgorithmIdentifierRef::decode(r)?;
                let data = <&OctetStringRef>::decode(r)?;
                Ok((alg, data.as_bytes()))
            })
            .map_err(|_| MALFORMED)?;
        if alg.oid != pbes2::PBES2_OID {
            return Err(unsupported(name(&alg.oid)));
        }
        let params = alg.parameters.ok_or(MALFORMED)?;
        // Name what is not supported before the full decoding, which cannot.
        let (kdf, cipher) = params
            .sequence(|r| -> der::Result<_> {
                let kdf = AlgorithmIdentifierRef::decode(r)?;
                let cipher = AlgorithmIdentifierRef::decode(r)?;
                Ok((kdf.oid, cipher.oid))
            })
            .map_err(|_| MALFORMED)?;
        if ![
            pbes2::AES_128_CBC_OID,
            pbes2::AES_192_CBC_OID,
            pbes2::AES_256_CBC_OID,
        ]
        .contains(&cipher)
        {
            return Err(unsupported(format!("PBES2 with {}", name(&cipher))));
        }
        if ![pbes2::PBKDF2_OID, pbes2::SCRYPT_OID].contains(&kdf) {
            return Err(unsupported(format!(
                "PBES2 with key derivation {}",
                name(&kdf)
            )));
        }
        let params = pbes2::Parameters::try_from(params).map_err(|e| match e.kind() {
            // The only OID left unchecked: PBKDF2's PRF.
            ErrorKind::OidUnknown { oid } => unsupported(format!("PBKDF2 with {}", name(&oid))),
            _ => MALFORMED,
        })?;
        check_cost(&params.kdf)?;
        Ok(Self { params, data })
    }

    /// Decrypts the `PrivateKeyInfo` DER. Not checked: the caller decodes it, and reads a failure
    /// as a wrong passphrase too (a wrong key leaves valid CBC padding one time in 256).
    #[cfg(feature = "encrypted-keys")]
    pub(super) fn decrypt(&self, passphrase: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let mut buf = Zeroizing::new(self.data.to_vec());
        let len = self
            .params
            .decrypt_in_place(passphrase, &mut buf)
            .map_err(|e| match e {
                pkcs5::Error::DecryptFailed => KeyError::WrongPassphrase,
                pkcs5::Error::UnsupportedAlgorithm { oid } => unsupported(name(&oid)),
                _ => MALFORMED,
            })?
            .len();
        buf.truncate(len);
        Ok(buf)
    }
}

/// Refuses derivation parameters that are invalid or over the limits, before any work is done.
fn check_cost(kdf: &Kdf) -> Result<(), KeyError> {
    match kdf {
        Kdf::Pbkdf2(p) => {
            if p.iteration_count == 0 {
                return Err(MALFORMED);
            }
            if p.iteration_count > MAX_PBKDF2_ITERATIONS {
                return Err(KeyError::EncryptionTooCostly {
                    detail: format!(
                        "PBKDF2 with {} iterations (at most {MAX_PBKDF2_ITERATIONS})",
                        p.iteration_count
                    ),
                });
            }
            Ok(())
        }
        Kdf::Scrypt(s) => {
            let (n, r, p) = (
                s.cost_parameter,
                u64::from(s.block_size),
                u64::from(s.parallelization),
            );
            // RFC 7914: N a power of two above 1, r and p positive.
            if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
                return Err(MALFORMED);
            }
            // N ≤ 2^20 and r, p < 2^16 (decoded as u16): none of these products overflows.
            let too_costly = n > 1 << MAX_SCRYPT_LOG_N
                || 128 * r * (n + p) > MAX_SCRYPT_MEMORY
                || n * r * p > 1 << MAX_SCRYPT_LOG_WORK;
            if too_costly {
                return Err(KeyError::EncryptionTooCostly {
                    detail: format!(
                        "scrypt with N=2^{}, r={r}, p={p} (at most N=2^{MAX_SCRYPT_LOG_N}, \
                         {} MiB of memory (128*r*(N+p) bytes) and N*r*p=2^{MAX_SCRYPT_LOG_WORK})",
                        n.trailing_zeros(),
                        MAX_SCRYPT_MEMORY >> 20
                    ),
                });
            }
            Ok(())
        }
        // `Kdf` is non-exhaustive; `parse` lets no other through.
        _ => Err(MALFORMED),
    }
}
