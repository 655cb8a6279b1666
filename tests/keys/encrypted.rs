//! Encrypted private keys (`BEGIN ENCRYPTED PRIVATE KEY`), read with a passphrase: every scheme
//! OpenSSL writes, and a clear refusal for wrong passphrases, legacy PEM encryption, other schemes
//! and cost parameters that would hang the reader. The keys are made by `make-keys.sh`; their
//! passphrase is `cfsign-test`. Hand-made parameters are in `encrypted_params.rs`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use base64::Engine as _;
use cfsign::key::{KeyKind, Pkcs8Der};
use cfsign::{HashAlgorithm, KeyError, PrivateKey, PublicKey};

pub(crate) const PASS: &[u8] = b"cfsign-test";
pub(crate) const CONVERT: &str = "`openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.pem -out new.pem`";

macro_rules! key {
    ($name:literal) => {
        include_str!($name)
    };
}

const RSA_ENCRYPTED: [&str; 3] = [
    key!("rsa2048_pkcs8_aes256.pem"),
    key!("rsa2048_pkcs8_sha1_aes128.pem"),
    key!("rsa2048_pkcs8_scrypt.pem"),
];
const EC_ENCRYPTED: [&str; 4] = [
    key!("ec_p256_pkcs8_aes256.pem"),
    key!("ec_p256_pkcs8_sha1_aes128.pem"),
    key!("ec_p256_pkcs8_scrypt.pem"),
    key!("ec_p256_pkcs8_sha512_aes192.pem"),
];

pub(crate) fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

pub(crate) fn to_pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    format!("-----BEGIN {label}-----\n{b64}\n-----END {label}-----\n")
}

#[test]
fn decrypted_keys_sign_like_the_plain_ones() {
    let msg = b"{\"Statement\":[]}";
    let plain = PrivateKey::from_pem(key!("rsa2048_pkcs1.pem")).unwrap();
    let plain_der = Pkcs8Der::from_pem(key!("rsa2048_pkcs8.pem")).unwrap();
    for pem in RSA_ENCRYPTED {
        let k = PrivateKey::from_pem_with_passphrase(pem, PASS).unwrap();
        assert_eq!(k.kind(), KeyKind::Rsa);
        // PKCS#1 v1.5 is deterministic: the same key gives the same bytes.
        for hash in [HashAlgorithm::Sha1, HashAlgorithm::Sha256] {
            assert_eq!(k.sign(msg, hash).unwrap(), plain.sign(msg, hash).unwrap());
        }
        let der = Pkcs8Der::from_pem_with_passphrase(pem, PASS).unwrap();
        assert_eq!(der.kind(), KeyKind::Rsa);
        assert_eq!(der.der(), plain_der.der());
        let k = PrivateKey::from_encrypted_pkcs8_der(&pem_der(pem), PASS).unwrap();
        assert_eq!(k.public_key(), plain.public_key());
    }

    let ec_public = PublicKey::from_pem(key!("ec_p256_pub.pem")).unwrap();
    let ec_der = Pkcs8Der::from_pem(key!("ec_p256_pkcs8.pem")).unwrap();
    for pem in EC_ENCRYPTED {
        let k = PrivateKey::from_pem_with_passphrase(pem, PASS).unwrap();
        assert_eq!(k.kind(), KeyKind::EcdsaP256);
        assert_eq!(k.public_key(), ec_public);
        let sig = k.sign(msg, HashAlgorithm::Sha256).unwrap();
        assert!(ec_public.verify(msg, &sig, HashAlgorithm::Sha256));
        let der = Pkcs8Der::from_pem_with_passphrase(pem, PASS).unwrap();
        assert_eq!(der.kind(), KeyKind::EcdsaP256);
        assert_eq!(der.der(), ec_der.der());
    }
}

#[test]
fn a_passphrase_with_a_plain_key_is_ignored() {
    for pem in [
        key!("rsa2048_pkcs1.pem"),
        key!("rsa2048_pkcs8.pem"),
        key!("ec_p256_sec1.pem"),
        key!("ec_p256_with_params.pem"),
    ] {
        let expected = PrivateKey::from_pem(pem).unwrap().public_key();
        for passphrase in [PASS, b"".as_slice()] {
            let k = PrivateKey::from_pem_with_passphrase(pem, passphrase).unwrap();
            assert_eq!(k.public_key(), expected);
            Pkcs8Der::from_pem_with_passphrase(pem, passphrase).unwrap();
        }
    }
}

#[test]
fn a_wrong_passphrase_is_named_and_not_echoed() {
    // Not the scrypt keys here, but one: each derivation takes seconds in a debug build.
    let keys = [
        key!("rsa2048_pkcs8_aes256.pem"),
        key!("rsa2048_pkcs8_sha1_aes128.pem"),
        key!("ec_p256_pkcs8_aes256.pem"),
        key!("ec_p256_pkcs8_sha512_aes192.pem"),
        key!("bad_rsa_encrypted_pkcs8.pem"), // its passphrase is `test`
    ];
    for pem in keys {
        for wrong in [
            b"cfsign-tesT".as_slice(),
            b"cfsign-test\n",
            b"",
            b"wrong passphrase",
        ] {
            let e = PrivateKey::from_pem_with_passphrase(pem, wrong).unwrap_err();
            assert_eq!(e, KeyError::WrongPassphrase);
            assert_eq!(
                Pkcs8Der::from_pem_with_passphrase(pem, wrong).unwrap_err(),
                KeyError::WrongPassphrase
            );
        }
    }
    assert_eq!(
        PrivateKey::from_pem_with_passphrase(key!("ec_p256_pkcs8_scrypt.pem"), b"nope")
            .unwrap_err(),
        KeyError::WrongPassphrase
    );
    assert_eq!(
        KeyError::WrongPassphrase.to_string(),
        "wrong passphrase or damaged key"
    );
    // The old test key reads with its own passphrase.
    PrivateKey::from_pem_with_passphrase(key!("bad_rsa_encrypted_pkcs8.pem"), b"test").unwrap();
}

#[test]
fn a_damaged_key_reads_as_a_wrong_passphrase() {
    let der = pem_der(key!("rsa2048_pkcs8_aes256.pem"));
    let len = der.len();
    // The first ciphertext block (the DER header), the last (the padding), a missing byte.
    for (i, cut) in [(len - 1200, false), (len - 1, false), (len - 1, true)] {
        let mut damaged = der.clone();
        if cut {
            damaged.truncate(i);
        } else {
            damaged[i] ^= 0x55;
        }
        let e =
            PrivateKey::from_pem_with_passphrase(&to_pem("ENCRYPTED PRIVATE KEY", &damaged), PASS)
                .unwrap_err();
        assert!(
            matches!(e, KeyError::WrongPassphrase | KeyError::Malformed { .. }),
            "{e:?}"
        );
    }
}

#[test]
fn no_passphrase_asks_for_one() {
    for pem in RSA_ENCRYPTED.iter().chain(&EC_ENCRYPTED) {
        assert_eq!(PrivateKey::from_pem(pem).unwrap_err(), KeyError::Encrypted);
        assert_eq!(Pkcs8Der::from_pem(pem).unwrap_err(), KeyError::Encrypted);
    }
    assert_eq!(
        KeyError::Encrypted.to_string(),
        "the private key is encrypted: give its passphrase, or decrypt it first \
         (openssl pkey -in KEY -out PLAIN)"
    );
}

#[test]
fn legacy_pem_encryption_gives_the_conversion_command() {
    for pem in [
        key!("bad_rsa2048_legacy_aes256.pem"),
        key!("bad_ec_p256_legacy_aes256.pem"),
        key!("bad_rsa_encrypted_pkcs1.pem"),
    ] {
        assert!(pem.contains("Proc-Type: 4,ENCRYPTED"));
        assert_eq!(
            PrivateKey::from_pem(pem).unwrap_err(),
            KeyError::LegacyEncrypted
        );
        let e = PrivateKey::from_pem_with_passphrase(pem, PASS).unwrap_err();
        assert_eq!(e, KeyError::LegacyEncrypted);
        assert_eq!(
            Pkcs8Der::from_pem_with_passphrase(pem, PASS).unwrap_err(),
            KeyError::LegacyEncrypted
        );
    }
    assert_eq!(
        KeyError::LegacyEncrypted.to_string(),
        format!(
            "the private key uses OpenSSL's legacy PEM encryption (Proc-Type: 4,ENCRYPTED), \
             which is not supported: convert it to encrypted PKCS#8 with {CONVERT}"
        )
    );
}

#[test]
fn other_schemes_are_named_with_the_conversion_command() {
    let cases = [
        (
            key!("bad_rsa2048_pkcs8_des3.pem"),
            "PBES2 with des-ede3-cbc (1.2.840.113549.3.7)",
        ),
        (
            key!("bad_rsa2048_pkcs8_pbe_sha1_3des.pem"),
            "pbeWithSHAAnd3-KeyTripleDES-CBC (1.2.840.113549.1.12.1.3)",
        ),
    ];
    for (pem, scheme) in cases {
        let expected = KeyError::UnsupportedEncryption {
            scheme: scheme.into(),
        };
        // Said straight away: asking for the passphrase first would be no help.
        assert_eq!(PrivateKey::from_pem(pem).unwrap_err(), expected);
        let e = PrivateKey::from_pem_with_passphrase(pem, PASS).unwrap_err();
        assert_eq!(e, expected);
        assert_eq!(
            e.to_string(),
            format!(
                "the private key is encrypted with {scheme}, which is not supported: \
                 re-encrypt it with {CONVERT}"
            )
        );
    }
}
