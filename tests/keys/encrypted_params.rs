//! Hand-made `EncryptedPrivateKeyInfo`s: the parameters a hostile or odd key file could hold,
//! refused before any costly work, and never a panic.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use cfsign::key::Pkcs8Der;
use cfsign::{KeyError, PrivateKey};

use crate::encrypted::{pem_der, to_pem, CONVERT, PASS};

macro_rules! key {
    ($name:literal) => {
        include_str!($name)
    };
}

fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let body = parts.concat();
    let mut out = vec![tag];
    let len = body.len();
    if len < 0x80 {
        out.push(len as u8);
    } else if len < 0x100 {
        out.extend([0x81, len as u8]);
    } else {
        out.extend([0x82, (len >> 8) as u8, len as u8]);
    }
    out.extend(body);
    out
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, parts)
}

fn octets(bytes: &[u8]) -> Vec<u8> {
    tlv(0x04, &[bytes])
}

/// A DER INTEGER of any size, given as big-endian bytes (leading zeros dropped).
fn int_bytes(be: &[u8]) -> Vec<u8> {
    let mut v: Vec<u8> = be.iter().copied().skip_while(|b| *b == 0).collect();
    if v.first().is_none_or(|b| b & 0x80 != 0) {
        v.insert(0, 0);
    }
    tlv(0x02, &[&v])
}

fn int(n: u64) -> Vec<u8> {
    int_bytes(&n.to_be_bytes())
}

fn oid(dotted: &str) -> Vec<u8> {
    let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &arc in &arcs[2..] {
        let mut bytes = vec![(arc & 0x7f) as u8];
        let mut rest = arc >> 7;
        while rest > 0 {
            bytes.insert(0, (rest & 0x7f) as u8 | 0x80);
            rest >>= 7;
        }
        body.extend(bytes);
    }
    tlv(0x06, &[&body])
}

const PBES2: &str = "1.2.840.113549.1.5.13";
const PBKDF2: &str = "1.2.840.113549.1.5.12";
const SCRYPT: &str = "1.3.6.1.4.1.11591.4.11";
const AES_256_CBC: &str = "2.16.840.1.101.3.4.1.42";
const HMAC_SHA256: &str = "1.2.840.113549.2.9";

fn scrypt(n: &[u8], r: u64, p: u64) -> Vec<u8> {
    let params = seq(&[&octets(&[7; 16]), &int_bytes(n), &int(r), &int(p)]);
    seq(&[&oid(SCRYPT), &params])
}

fn pbkdf2(iterations: &[u8], prf: &str) -> Vec<u8> {
    let prf = seq(&[&oid(prf), &[0x05, 0x00]]);
    let params = seq(&[&octets(&[7; 16]), &int_bytes(iterations), &prf]);
    seq(&[&oid(PBKDF2), &params])
}

fn aes(cipher: &str) -> Vec<u8> {
    seq(&[&oid(cipher), &octets(&[9; 16])])
}

fn encrypted_pem(kdf: &[u8], cipher: &[u8], data: &[u8]) -> String {
    let alg = seq(&[&oid(PBES2), &seq(&[kdf, cipher])]);
    to_pem("ENCRYPTED PRIVATE KEY", &seq(&[&alg, &octets(data)]))
}

fn refusal(kdf: &[u8], cipher: &[u8]) -> KeyError {
    let pem = encrypted_pem(kdf, cipher, &[0; 64]);
    let e = PrivateKey::from_pem_with_passphrase(&pem, PASS).unwrap_err();
    // Refused before the passphrase is asked for, and by `Pkcs8Der` alike.
    assert_eq!(PrivateKey::from_pem(&pem).unwrap_err(), e);
    assert_eq!(
        Pkcs8Der::from_pem_with_passphrase(&pem, PASS).unwrap_err(),
        e
    );
    e
}

fn too_costly(e: &KeyError) -> bool {
    matches!(e, KeyError::EncryptionTooCostly { .. })
}

#[test]
fn costly_parameters_are_refused_quickly() {
    #[cfg(not(target_arch = "wasm32"))]
    let start = std::time::Instant::now();

    // The key file made by make-keys.sh: scrypt with N = 2^30 (128 GiB).
    let e = PrivateKey::from_pem_with_passphrase(key!("bad_rsa2048_pkcs8_scrypt_n2p30.pem"), PASS)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "the private key's passphrase is too costly to derive: scrypt with N=2^30, r=8, p=1 \
             (at most N=2^20, 256 MiB of memory (128*r*(N+p) bytes) and N*r*p=2^23); \
             re-encrypt it with {CONVERT}"
        )
    );
    let e =
        PrivateKey::from_pem_with_passphrase(key!("bad_rsa2048_pkcs8_pbkdf2_iter2p31.pem"), PASS)
            .unwrap_err();
    assert_eq!(
        e,
        KeyError::EncryptionTooCostly {
            detail: "PBKDF2 with 2147483647 iterations (at most 10000000)".into()
        }
    );
    assert_eq!(PrivateKey::from_pem(key!("bad_rsa2048_pkcs8_scrypt_n2p30.pem")).unwrap_err(), KeyError::EncryptionTooCostly {
        detail: "scrypt with N=2^30, r=8, p=1 (at most N=2^20, 256 MiB of memory (128*r*(N+p) bytes) and N*r*p=2^23)".into()
    });

    let cbc = aes(AES_256_CBC);
    let n = |log: u32| (1u64 << log).to_be_bytes();
    // N over 2^20; memory over 256 MiB (2^20 * 8 * 128 = 1 GiB); work N*r*p over 2^23.
    for (log_n, r, p) in [
        (21, 1, 1),
        (40, 1, 1),
        (63, 1, 1),
        (20, 8, 1),
        (18, 16, 1),
        (14, 8, 65),
        (14, 8, 65535),
        (1, 65535, 65535),
    ] {
        let e = refusal(&scrypt(&n(log_n), r, p), &cbc);
        assert!(too_costly(&e), "N=2^{log_n} r={r} p={p}: {e:?}");
    }
    // PBKDF2 over 10,000,000 iterations.
    for iterations in [10_000_001u64, u32::MAX.into()] {
        let e = refusal(&pbkdf2(&iterations.to_be_bytes(), HMAC_SHA256), &cbc);
        assert!(too_costly(&e), "{iterations}: {e:?}");
    }
    // Beyond what the decoder takes at all: refused as malformed.
    for kdf in [
        pbkdf2(&(1u64 << 40).to_be_bytes(), HMAC_SHA256),
        scrypt(&[1; 20], 8, 1),
        scrypt(&n(14), 1 << 20, 1),
        scrypt(&n(14), 8, 1 << 20),
    ] {
        assert!(matches!(refusal(&kdf, &cbc), KeyError::Malformed { .. }));
    }

    #[cfg(not(target_arch = "wasm32"))]
    assert!(
        start.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn invalid_parameters_are_malformed_and_never_panic() {
    let cbc = aes(AES_256_CBC);
    let malformed = KeyError::Malformed {
        format: "encrypted PKCS#8 private key",
    };
    for kdf in [
        scrypt(&[], 8, 1),  // N = 0
        scrypt(&[1], 8, 1), // N = 1
        scrypt(&[3], 8, 1), // not a power of two
        scrypt(&[0x40, 0], 0, 1),
        scrypt(&[0x40, 0], 8, 0),
        pbkdf2(&[], HMAC_SHA256), // no iterations
        seq(&[&oid(PBKDF2), &seq(&[&octets(&[7; 33]), &int(2048)])]), // salt over 32 bytes
        seq(&[&oid(PBKDF2)]),
    ] {
        assert_eq!(refusal(&kdf, &cbc), malformed);
    }
    // A key length that does not fit the cipher.
    let kdf = seq(&[&oid(PBKDF2), &seq(&[&octets(&[7; 8]), &int(1), &int(16)])]);
    let pem = encrypted_pem(&kdf, &cbc, &[0; 64]);
    assert_eq!(
        PrivateKey::from_pem_with_passphrase(&pem, PASS).unwrap_err(),
        malformed
    );
    // Ciphertext that is empty, not whole blocks, or garbage: as a wrong passphrase.
    let kdf = pbkdf2(&[1], HMAC_SHA256);
    for data in [&[][..], &[1; 17], &[1; 64]] {
        let pem = encrypted_pem(&kdf, &cbc, data);
        assert_eq!(
            PrivateKey::from_pem_with_passphrase(&pem, PASS).unwrap_err(),
            KeyError::WrongPassphrase
        );
    }
}

#[test]
fn unsupported_kdfs_ciphers_and_prfs_are_named() {
    let cbc = aes(AES_256_CBC);
    let kdf = pbkdf2(&[8, 0], HMAC_SHA256);
    let cases = [
        (
            seq(&[&oid("1.2.3.4"), &seq(&[])]),
            cbc.clone(),
            "PBES2 with key derivation 1.2.3.4",
        ),
        (
            kdf.clone(),
            aes("2.16.840.1.101.3.4.1.46"),
            "PBES2 with aes-256-gcm (2.16.840.1.101.3.4.1.46)",
        ),
        (
            kdf.clone(),
            seq(&[&oid("1.2.840.113549.3.7"), &octets(&[1; 8])]),
            "PBES2 with des-ede3-cbc (1.2.840.113549.3.7)",
        ),
        (
            pbkdf2(&[8, 0], "1.2.840.113549.2.13"),
            cbc.clone(),
            "PBKDF2 with hmacWithSHA512-256 (1.2.840.113549.2.13)",
        ),
        (
            pbkdf2(&[8, 0], "1.2.840.113549.2.99"),
            cbc.clone(),
            "PBKDF2 with 1.2.840.113549.2.99",
        ),
    ];
    for (kdf, cipher, scheme) in cases {
        assert_eq!(
            refusal(&kdf, &cipher),
            KeyError::UnsupportedEncryption {
                scheme: scheme.into()
            }
        );
    }
    let pbes1 = to_pem(
        "ENCRYPTED PRIVATE KEY",
        &seq(&[
            &seq(&[
                &oid("1.2.840.113549.1.5.3"),
                &seq(&[&octets(&[1; 8]), &int(2048)]),
            ]),
            &octets(&[0; 16]),
        ]),
    );
    assert_eq!(
        PrivateKey::from_pem_with_passphrase(&pbes1, PASS).unwrap_err(),
        KeyError::UnsupportedEncryption {
            scheme: "pbeWithMD5AndDES-CBC (1.2.840.113549.1.5.3)".into()
        }
    );
}

/// Random bytes as an encrypted key, or as its parameters, never panic.
#[test]
fn garbage_never_panics() {
    let mut seed = 0x9E3779B97F4A7C15u64;
    let mut random = |len: usize| -> Vec<u8> {
        (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect()
    };
    let cbc = aes(AES_256_CBC);
    for len in 0..300 {
        let bytes = random(len);
        let pem = to_pem("ENCRYPTED PRIVATE KEY", &bytes);
        let _ = PrivateKey::from_pem_with_passphrase(&pem, PASS);
        let _ = PrivateKey::from_encrypted_pkcs8_der(&bytes, PASS);
        // Random PBKDF2 and scrypt parameters in a valid frame.
        let kdf = seq(&[&oid(PBKDF2), &tlv(0x30, &[&bytes])]);
        let _ = PrivateKey::from_pem_with_passphrase(&encrypted_pem(&kdf, &cbc, &[0; 16]), PASS);
        let kdf = seq(&[&oid(SCRYPT), &tlv(0x30, &[&bytes])]);
        let _ = PrivateKey::from_pem_with_passphrase(&encrypted_pem(&kdf, &cbc, &[0; 16]), PASS);
    }
    // Every truncation of a real key.
    let der = pem_der(key!("ec_p256_pkcs8_aes256.pem"));
    for len in 0..der.len() {
        let _ = PrivateKey::from_encrypted_pkcs8_der(&der[..len], PASS);
    }
}
