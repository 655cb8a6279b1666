//! Encrypted PKCS#8 (`BEGIN ENCRYPTED PRIVATE KEY`, RFC 5958's `EncryptedPrivateKeyInfo`): PBES2
//! (RFC 8018) with PBKDF2 or scrypt (RFC 7914) and AES-128, -192 or -256 in CBC mode, what OpenSSL
//! writes. The derivation's cost comes from the key file, so it is bounded before any work is done
//! (the limits are below and in `PrivateKey::from_pem_with_passphrase`'s docs).

use alloc::format;
use alloc::string::String;
#[cfg(feature = "encrypted-keys")]
use alloc::string::ToString;
#[cfg(feature = "encrypted-keys")]
use alloc::vec::Vec;
use core::fmt::Write as _;

#[cfg(feature = "encrypted-keys")]
use zeroize::Zeroizing;

use super::asn1::AlgorithmId;
use super::der::{DerError, Invalid, Oid, Reader, INTEGER, NULL, OCTET_STRING, SEQUENCE};
use super::KeyError;

mod names;

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

/// `PBES2` (1.2.840.113549.1.5.13).
const OID_PBES2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
/// `PBKDF2` (1.2.840.113549.1.5.12).
const OID_PBKDF2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0c];
/// `scrypt` (1.3.6.1.4.1.11591.4.11).
const OID_SCRYPT: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b];
/// The arc above the AES modes (2.16.840.1.101.3.4.1): `aes-128-cbc` is `.2`, -192 `.22`, -256 `.42`.
const OID_AES: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01];
/// The arc above the HMACs (1.2.840.113549.2): `hmacWithSHA1` is `.7`, then SHA-224, -256, -384
/// and -512 are `.8` to `.11`.
const OID_HMAC: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x02];
/// The longest salt read (what the RustCrypto decoder takes; OpenSSL writes 16 bytes).
const MAX_SALT: usize = 32;

/// Why an encrypted key is refused while it is read; the [`KeyError`] is made from it once.
enum Refusal<'a> {
    /// Any DER error, or a field out of its range.
    Malformed,
    /// An algorithm that is not supported: what it is in (the message's start), and its OID.
    Unsupported(&'static str, Oid<'a>),
    /// Derivation parameters over the limits: which, and the limits.
    TooCostly(String),
}

impl From<DerError> for Refusal<'_> {
    fn from(_: DerError) -> Self {
        Self::Malformed
    }
}

impl From<Invalid> for Refusal<'_> {
    fn from(_: Invalid) -> Self {
        Self::Malformed
    }
}

impl Refusal<'_> {
    fn into_error(self) -> KeyError {
        match self {
            Self::Malformed => MALFORMED,
            Self::Unsupported(context, oid) => unsupported(context, oid),
            Self::TooCostly(detail) => KeyError::EncryptionTooCostly { detail },
        }
    }
}

/// `context` then `name (oid)`, or the bare OID when it has no name here.
fn unsupported(context: &str, oid: Oid<'_>) -> KeyError {
    let mut scheme = String::from(context);
    let name = names::lookup(oid.as_bytes());
    if let Some(name) = name {
        scheme.push_str(name);
        scheme.push_str(" (");
    }
    let _ = write!(scheme, "{oid}");
    if name.is_some() {
        scheme.push(')');
    }
    KeyError::UnsupportedEncryption { scheme }
}

/// PBKDF2's pseudo-random function: HMAC with SHA-1, -224, -256, -384 or -512.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "encrypted-keys"), allow(dead_code))]
enum Prf {
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

/// The key derivation and its parameters.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(not(feature = "encrypted-keys"), allow(dead_code))]
enum Kdf<'a> {
    Pbkdf2 {
        salt: &'a [u8],
        iterations: u32,
        key_length: Option<u16>,
        prf: Prf,
    },
    Scrypt {
        salt: &'a [u8],
        n: u64,
        r: u16,
        p: u16,
        key_length: Option<u16>,
    },
}

/// AES in CBC mode, by key size in bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "encrypted-keys"), allow(dead_code))]
enum Aes {
    Aes128,
    Aes192,
    Aes256,
}

/// An `EncryptedPrivateKeyInfo` whose scheme is supported and whose cost is within the limits.
/// (With only `encryption-check`, it is checked and never decrypted.)
#[cfg_attr(not(feature = "encrypted-keys"), allow(dead_code))]
pub(super) struct EncryptedKey<'a> {
    kdf: Kdf<'a>,
    aes: Aes,
    iv: [u8; 16],
    data: &'a [u8],
}

impl<'a> EncryptedKey<'a> {
    /// Reads and checks the scheme and its cost; decrypts nothing.
    #[cfg(feature = "encrypted-keys")]
    pub(super) fn parse(der: &'a [u8]) -> Result<Self, KeyError> {
        Self::read(der).map_err(Refusal::into_error)
    }

    /// Checks the scheme and its cost, as [`EncryptedKey::parse`] does, keeping nothing.
    pub(super) fn check(der: &'a [u8]) -> Result<(), KeyError> {
        Self::read(der).map(|_| ()).map_err(Refusal::into_error)
    }

    /// Reads the scheme and checks it is supported, and its cost.
    fn read(der: &'a [u8]) -> Result<Self, Refusal<'a>> {
        let mut r = Reader::whole(der, SEQUENCE)?;
        let alg = AlgorithmId::read(&mut r)?;
        let data = r.octets()?;
        r.finish()?;
        if !alg.oid.is(OID_PBES2) {
            return Err(Refusal::Unsupported("", alg.oid));
        }
        let Some((SEQUENCE, params)) = alg.params else {
            return Err(Refusal::Malformed);
        };
        let mut params = Reader::new(params);
        let kdf = AlgorithmId::read(&mut params)?;
        let cipher = AlgorithmId::read(&mut params)?;
        params.finish()?;
        // Name what is not supported before the full decoding, which cannot.
        let aes = match last_arc_under(cipher.oid, OID_AES) {
            Some(2) => Aes::Aes128,
            Some(22) => Aes::Aes192,
            Some(42) => Aes::Aes256,
            _ => return Err(Refusal::Unsupported("PBES2 with ", cipher.oid)),
        };
        let kdf = if kdf.oid.is(OID_PBKDF2) {
            pbkdf2(kdf.params)?
        } else if kdf.oid.is(OID_SCRYPT) {
            scrypt(kdf.params)?
        } else {
            return Err(Refusal::Unsupported("PBES2 with key derivation ", kdf.oid));
        };
        let iv = match cipher.params {
            Some((OCTET_STRING, iv)) => iv.try_into().map_err(|_| Refusal::Malformed)?,
            _ => return Err(Refusal::Malformed),
        };
        check_cost(&kdf)?;
        Ok(Self { kdf, aes, iv, data })
    }

    /// Decrypts the `PrivateKeyInfo` DER. Not checked: the caller decodes it, and reads a failure
    /// as a wrong passphrase too (a wrong key leaves valid CBC padding one time in 256).
    #[cfg(feature = "encrypted-keys")]
    pub(super) fn decrypt(&self, passphrase: &[u8]) -> Result<Zeroizing<Vec<u8>>, KeyError> {
        let mut buf = Zeroizing::new(self.data.to_vec());
        let len = self
            .pkcs5_parameters()?
            .decrypt_in_place(passphrase, &mut buf)
            .map_err(|e| match e {
                pkcs5::Error::DecryptFailed => KeyError::WrongPassphrase,
                pkcs5::Error::UnsupportedAlgorithm { oid } => match Oid::new(oid.as_bytes()) {
                    Ok(oid) => unsupported("", oid),
                    Err(_) => KeyError::UnsupportedEncryption {
                        scheme: oid.to_string(),
                    },
                },
                _ => MALFORMED,
            })?
            .len();
        buf.truncate(len);
        Ok(buf)
    }

    /// The checked parameters, for `pkcs5`'s decryption.
    #[cfg(feature = "encrypted-keys")]
    fn pkcs5_parameters(&self) -> Result<pkcs5::pbes2::Parameters, KeyError> {
        use pkcs5::pbes2::{self, EncryptionScheme, Pbkdf2Prf};
        // `parse` took at most `MAX_SALT` bytes, what `Salt` holds.
        let salt = |s: &[u8]| pbes2::Salt::new(s).map_err(|_| MALFORMED);
        let kdf = match self.kdf {
            Kdf::Pbkdf2 {
                salt: s,
                iterations,
                key_length,
                prf,
            } => pbes2::Kdf::Pbkdf2(pbes2::Pbkdf2Params {
                salt: salt(s)?,
                iteration_count: iterations,
                key_length,
                prf: match prf {
                    Prf::Sha1 => Pbkdf2Prf::HmacWithSha1,
                    Prf::Sha224 => Pbkdf2Prf::HmacWithSha224,
                    Prf::Sha256 => Pbkdf2Prf::HmacWithSha256,
                    Prf::Sha384 => Pbkdf2Prf::HmacWithSha384,
                    Prf::Sha512 => Pbkdf2Prf::HmacWithSha512,
                },
            }),
            Kdf::Scrypt {
                salt: s,
                n,
                r,
                p,
                key_length,
            } => pbes2::Kdf::Scrypt(pbes2::ScryptParams {
                salt: salt(s)?,
                cost_parameter: n,
                block_size: r,
                parallelization: p,
                key_length,
            }),
        };
        let iv = self.iv;
        let encryption = match self.aes {
            Aes::Aes128 => EncryptionScheme::Aes128Cbc { iv },
            Aes::Aes192 => EncryptionScheme::Aes192Cbc { iv },
            Aes::Aes256 => EncryptionScheme::Aes256Cbc { iv },
        };
        Ok(pbes2::Parameters { kdf, encryption })
    }
}

/// The last byte of `oid` when the bytes before it are `arc`: the last arc, when it is under 128.
/// (Not inlined: one comparison with `arc` rather than one per arc tried.)
#[inline(never)]
fn last_arc_under(oid: Oid<'_>, arc: &[u8]) -> Option<u8> {
    match oid.as_bytes().split_last() {
        Some((&last, before)) if before == arc => Some(last),
        _ => None,
    }
}

/// A salt: an OCTET STRING of at most `MAX_SALT` bytes.
fn salt<'a>(r: &mut Reader<'a>) -> Result<&'a [u8], Refusal<'a>> {
    let salt = r.octets()?;
    if salt.len() > MAX_SALT {
        return Err(Refusal::Malformed);
    }
    Ok(salt)
}

/// An INTEGER that fits 16 bits.
fn u16_field<'a>(r: &mut Reader<'a>) -> Result<u16, Refusal<'a>> {
    u16::try_from(r.small_uint()?).map_err(|_| Refusal::Malformed)
}

/// An optional `keyLength INTEGER` that fits 16 bits.
fn key_length<'a>(r: &mut Reader<'a>) -> Result<Option<u16>, Refusal<'a>> {
    if r.peek() == Some(INTEGER) {
        u16_field(r).map(Some)
    } else {
        Ok(None)
    }
}

/// `PBKDF2-params ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER,
/// keyLength INTEGER OPTIONAL, prf AlgorithmIdentifier DEFAULT hmacWithSHA1 }` (RFC 8018).
fn pbkdf2(params: Option<(u8, &[u8])>) -> Result<Kdf<'_>, Refusal<'_>> {
    let Some((SEQUENCE, params)) = params else {
        return Err(Refusal::Malformed);
    };
    let mut r = Reader::new(params);
    let salt = salt(&mut r)?;
    let iterations = u32::try_from(r.small_uint()?).map_err(|_| Refusal::Malformed)?;
    let key_length = key_length(&mut r)?;
    let prf = if r.is_empty() {
        Prf::Sha1
    } else {
        let prf = AlgorithmId::read(&mut r)?;
        if !matches!(prf.params, None | Some((NULL, []))) {
            return Err(Refusal::Malformed);
        }
        match last_arc_under(prf.oid, OID_HMAC) {
            Some(7) => Prf::Sha1,
            Some(8) => Prf::Sha224,
            Some(9) => Prf::Sha256,
            Some(10) => Prf::Sha384,
            Some(11) => Prf::Sha512,
            _ => return Err(Refusal::Unsupported("PBKDF2 with ", prf.oid)),
        }
    };
    r.finish()?;
    Ok(Kdf::Pbkdf2 {
        salt,
        iterations,
        key_length,
        prf,
    })
}

/// `scrypt-params ::= SEQUENCE { salt OCTET STRING, costParameter INTEGER, blockSize INTEGER,
/// parallelizationParameter INTEGER, keyLength INTEGER OPTIONAL }` (RFC 7914).
fn scrypt(params: Option<(u8, &[u8])>) -> Result<Kdf<'_>, Refusal<'_>> {
    let Some((SEQUENCE, params)) = params else {
        return Err(Refusal::Malformed);
    };
    let mut r = Reader::new(params);
    let kdf = Kdf::Scrypt {
        salt: salt(&mut r)?,
        n: r.small_uint()?,
        r: u16_field(&mut r)?,
        p: u16_field(&mut r)?,
        key_length: key_length(&mut r)?,
    };
    r.finish()?;
    Ok(kdf)
}

// The limits as the messages of `check_cost` state them.
const _: () = assert!(
    MAX_PBKDF2_ITERATIONS == 10_000_000
        && MAX_SCRYPT_LOG_N == 20
        && MAX_SCRYPT_MEMORY == 256 << 20
        && MAX_SCRYPT_LOG_WORK == 23
);

/// Refuses derivation parameters that are invalid or over the limits, before any work is done.
fn check_cost(kdf: &Kdf<'_>) -> Result<(), Refusal<'static>> {
    match *kdf {
        Kdf::Pbkdf2 { iterations, .. } => {
            if iterations == 0 {
                return Err(Refusal::Malformed);
            }
            if iterations > MAX_PBKDF2_ITERATIONS {
                return Err(Refusal::TooCostly(format!(
                    "PBKDF2 with {iterations} iterations (at most 10000000)"
                )));
            }
            Ok(())
        }
        Kdf::Scrypt { n, r, p, .. } => {
            let (r, p) = (u64::from(r), u64::from(p));
            // RFC 7914: N a power of two above 1, r and p positive.
            if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
                return Err(Refusal::Malformed);
            }
            // N ≤ 2^20 and r, p < 2^16 (read as u16): none of these products overflows.
            let too_costly = n > 1 << MAX_SCRYPT_LOG_N
                || 128 * r * (n + p) > MAX_SCRYPT_MEMORY
                || n * r * p > 1 << MAX_SCRYPT_LOG_WORK;
            if too_costly {
                return Err(Refusal::TooCostly(format!(
                    "scrypt with N=2^{}, r={r}, p={p} (at most N=2^20, 256 MiB of memory \
                     (128*r*(N+p) bytes) and N*r*p=2^23)",
                    n.trailing_zeros(),
                )));
            }
            Ok(())
        }
    }
}
