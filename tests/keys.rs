//! Key parsing: every form CloudFront users have, and a clear refusal for everything else.
//! The keys and the commands that made them are in `tests/keys/` (`make-keys.sh`).

// Written once, run natively (`cargo test`) and in wasm (`wasm-pack test --node` and in headless
// Chromium): in wasm, `#[test]` is wasm-bindgen-test's.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use cfsign::key::KeyKind;
use cfsign::{HashAlgorithm, KeyError, PrivateKey, PublicKey};

macro_rules! key {
    ($name:literal) => {
        include_str!(concat!("keys/", $name))
    };
}

/// Passphrase-protected keys: `tests/keys/encrypted.rs` and `tests/keys/encrypted_params.rs`.
#[cfg(feature = "encrypted-keys")]
#[path = "keys/encrypted.rs"]
mod encrypted;
#[cfg(feature = "encrypted-keys")]
#[path = "keys/encrypted_params.rs"]
mod encrypted_params;

#[test]
fn every_private_form_signs_like_the_others() {
    let msg = b"{\"Statement\":[]}";
    let rsa_pkcs1 = PrivateKey::from_pem(key!("rsa2048_pkcs1.pem")).unwrap();
    let rsa_pkcs8 = PrivateKey::from_pem(key!("rsa2048_pkcs8.pem")).unwrap();
    assert_eq!(rsa_pkcs1.kind(), KeyKind::Rsa);
    for hash in [HashAlgorithm::Sha1, HashAlgorithm::Sha256] {
        assert_eq!(
            rsa_pkcs1.sign(msg, hash).unwrap(),
            rsa_pkcs8.sign(msg, hash).unwrap()
        );
    }
    let spki = PublicKey::from_pem(key!("rsa2048_pub.pem")).unwrap();
    let pkcs1_pub = PublicKey::from_pem(key!("rsa2048_pub_pkcs1.pem")).unwrap();
    assert_eq!(spki, pkcs1_pub);
    assert_eq!(rsa_pkcs1.public_key(), spki);

    let ec_public = PublicKey::from_pem(key!("ec_p256_pub.pem")).unwrap();
    for pem in [
        key!("ec_p256_sec1.pem"),
        key!("ec_p256_pkcs8.pem"),
        key!("ec_p256_with_params.pem"),
    ] {
        let k = PrivateKey::from_pem(pem).unwrap();
        assert_eq!(k.kind(), KeyKind::EcdsaP256);
        assert_eq!(k.public_key(), ec_public);
        for hash in [HashAlgorithm::Sha1, HashAlgorithm::Sha256] {
            let sig = k.sign(msg, hash).unwrap();
            assert_eq!(sig[0], 0x30, "DER SEQUENCE");
            assert!(ec_public.verify(msg, &sig, hash));
            let other = if hash == HashAlgorithm::Sha1 {
                HashAlgorithm::Sha256
            } else {
                HashAlgorithm::Sha1
            };
            assert!(!ec_public.verify(msg, &sig, other));
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn blinded_rsa_signatures_are_the_same_bytes() {
    let k = PrivateKey::from_pem(key!("rsa2048_pkcs1.pem")).unwrap();
    let blinded = k
        .sign_blinded(b"x", HashAlgorithm::Sha1, &mut getrandom::SysRng)
        .unwrap();
    assert_eq!(blinded, k.sign(b"x", HashAlgorithm::Sha1).unwrap());
}

#[test]
fn lenient_pem_text() {
    let pem = key!("rsa2048_pkcs1.pem");
    // Pasted into an environment variable with literal \n, with CRLF, or indented.
    let escaped = pem.trim_end().replace('\n', "\\n");
    let crlf = pem.replace('\n', "\r\n");
    let indented: String = pem.lines().map(|l| format!("    {l}\n")).collect();
    let expected = PrivateKey::from_pem(pem).unwrap().public_key();
    for text in [
        escaped,
        crlf,
        indented,
        format!("some text before\n{pem}and after"),
    ] {
        assert_eq!(PrivateKey::from_pem(&text).unwrap().public_key(), expected);
    }
}

fn private_err(pem: &str) -> KeyError {
    PrivateKey::from_pem(pem).unwrap_err()
}

#[test]
fn refusals_name_the_problem() {
    assert_eq!(
        private_err(key!("bad_rsa1024.pem")),
        KeyError::RsaKeySize { bits: 1024 }
    );
    assert_eq!(
        private_err(key!("bad_rsa3072.pem")),
        KeyError::RsaKeySize { bits: 3072 }
    );
    assert_eq!(
        private_err(key!("bad_ec_p384_sec1.pem")),
        KeyError::UnsupportedCurve {
            curve: Some("1.3.132.0.34".into())
        }
    );
    assert_eq!(
        private_err(key!("bad_ec_p384_pkcs8.pem")),
        KeyError::UnsupportedCurve {
            curve: Some("1.3.132.0.34".into())
        }
    );
    assert_eq!(
        private_err(key!("bad_ed25519.pem")),
        KeyError::UnsupportedAlgorithm {
            oid: "1.3.101.112".into()
        }
    );
    assert_eq!(
        private_err(key!("bad_rsa_encrypted_pkcs1.pem")),
        KeyError::LegacyEncrypted
    );
    assert_eq!(
        private_err(key!("bad_rsa_encrypted_pkcs8.pem")),
        KeyError::Encrypted
    );
    assert_eq!(
        private_err(key!("rsa2048_pub.pem")),
        KeyError::PublicKeyGiven
    );
    assert_eq!(private_err("hello"), KeyError::NotPem);
    assert_eq!(private_err(""), KeyError::NotPem);
    assert_eq!(
        private_err("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
        KeyError::NoKeyFound {
            expected: "private",
            found: vec!["CERTIFICATE".into()]
        }
    );
    assert!(private_err(
        "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----"
    )
    .to_string()
    .contains("ssh-keygen"));
    assert_eq!(
        private_err("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"),
        KeyError::Malformed {
            format: "PKCS#1 RSA private key"
        }
    );
    assert_eq!(
        private_err("-----BEGIN RSA PRIVATE KEY-----\n!!!!\n-----END RSA PRIVATE KEY-----"),
        KeyError::Malformed {
            format: "PEM (bad base64)"
        }
    );
    assert_eq!(
        private_err("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"),
        KeyError::Malformed {
            format: "PEM (no END line)"
        }
    );
    assert_eq!(
        PublicKey::from_pem(key!("rsa2048_pkcs1.pem")).unwrap_err(),
        KeyError::PrivateKeyGiven
    );
    // Messages are short, lowercase, and carry no key material.
    let message = private_err(key!("bad_rsa1024.pem")).to_string();
    assert_eq!(
        message,
        "RSA key of 1024 bits: CloudFront key groups take RSA keys of exactly 2048 bits"
    );
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn generated_keys_round_trip() {
    for kind in [KeyKind::Rsa, KeyKind::EcdsaP256] {
        let k = PrivateKey::generate(kind, &mut getrandom::SysRng).unwrap();
        let pem = k.to_pkcs8_pem().unwrap();
        let again = PrivateKey::from_pem(&pem).unwrap();
        let public = PublicKey::from_pem(&k.public_key().to_pem().unwrap()).unwrap();
        let sig = again.sign(b"m", kind.default_hash()).unwrap();
        assert!(public.verify(b"m", &sig, kind.default_hash()));
        assert!(!format!("{k:?}").contains("BEGIN"));
    }
}

/// Random bytes as a key never panic.
#[test]
fn garbage_never_panics() {
    let mut seed = 0x2545F4914F6CDD1Du64;
    for len in 0..400 {
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                seed as u8
            })
            .collect();
        for label in [
            "RSA PRIVATE KEY",
            "PRIVATE KEY",
            "EC PRIVATE KEY",
            "PUBLIC KEY",
            "RSA PUBLIC KEY",
        ] {
            use base64::Engine as _;
            let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
            let pem = format!("-----BEGIN {label}-----\n{b64}\n-----END {label}-----\n");
            let _ = PrivateKey::from_pem(&pem);
            let _ = PublicKey::from_pem(&pem);
            let _ = PrivateKey::from_pkcs8_der(&bytes);
            let _ = PublicKey::from_spki_der(&bytes);
        }
    }
}

#[test]
fn pkcs8_der_for_native_crypto_matches_the_loaded_key() {
    use cfsign::key::Pkcs8Der;
    for (pem, kind) in [
        (key!("rsa2048_pkcs1.pem"), KeyKind::Rsa),
        (key!("rsa2048_pkcs8.pem"), KeyKind::Rsa),
        (key!("ec_p256_sec1.pem"), KeyKind::EcdsaP256),
        (key!("ec_p256_with_params.pem"), KeyKind::EcdsaP256),
        (key!("ec_p256_pkcs8.pem"), KeyKind::EcdsaP256),
    ] {
        let der = Pkcs8Der::from_pem(pem).unwrap();
        assert_eq!(der.kind(), kind);
        let reloaded = PrivateKey::from_pkcs8_der(der.der()).unwrap();
        assert_eq!(
            reloaded.public_key(),
            PrivateKey::from_pem(pem).unwrap().public_key()
        );
    }
    assert_eq!(
        Pkcs8Der::from_pem(key!("bad_rsa1024.pem")).unwrap_err(),
        KeyError::RsaKeySize { bits: 1024 }
    );
    assert_eq!(
        Pkcs8Der::from_pem(key!("bad_rsa_encrypted_pkcs8.pem")).unwrap_err(),
        KeyError::Encrypted
    );
    assert!(matches!(
        Pkcs8Der::from_pem(key!("bad_ec_p384_sec1.pem")).unwrap_err(),
        KeyError::UnsupportedCurve { .. }
    ));
    assert!(matches!(
        Pkcs8Der::from_pem(key!("bad_ed25519.pem")).unwrap_err(),
        KeyError::UnsupportedAlgorithm { .. }
    ));
}

#[test]
fn public_keys_without_arithmetic_match_the_loaded_ones() {
    let rsa = include_str!("keys/rsa2048_pub.pem");
    let ec = include_str!("keys/ec_p256_pub.pem");
    for (private, pem, expected) in [
        ("rsa pkcs1", include_str!("keys/rsa2048_pkcs1.pem"), rsa),
        ("rsa pkcs8", include_str!("keys/rsa2048_pkcs8.pem"), rsa),
        ("ec sec1", include_str!("keys/ec_p256_sec1.pem"), ec),
        ("ec pkcs8", include_str!("keys/ec_p256_pkcs8.pem"), ec),
        (
            "ec params",
            include_str!("keys/ec_p256_with_params.pem"),
            ec,
        ),
    ] {
        // From the key's own fields (what the lite WebAssembly build does)...
        let structural = cfsign::key::Pkcs8Der::from_pem(pem)
            .unwrap()
            .public_key()
            .unwrap();
        // ...equals the loaded key's, and the PEM OpenSSL wrote, byte for byte.
        let loaded = PrivateKey::from_pem(pem).unwrap().public_key();
        assert_eq!(structural.spki_der(), loaded.spki_der(), "{private}");
        assert_eq!(structural.to_pem().unwrap(), expected, "{private}");
        assert_eq!(
            PublicKey::from_pem(expected).unwrap().to_pem().unwrap(),
            expected
        );
    }
}

/// DER must be strict: definite, minimal lengths; minimal INTEGERs; exact structures, nothing
/// after them. Hand-made variants of a real key, each refused as malformed (and never a panic).
#[test]
fn der_is_read_strictly() {
    use base64::Engine as _;
    fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
        let body = parts.concat();
        let mut out = vec![tag];
        match body.len() {
            len @ 0..=0x7f => out.push(len as u8),
            len @ 0x80..=0xff => out.extend([0x81, len as u8]),
            len => out.extend([0x82, (len >> 8) as u8, len as u8]),
        }
        out.extend(body);
        out
    }
    let der = |pem: &str| {
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .unwrap()
    };
    let malformed = |format| KeyError::Malformed { format };

    // SPKI: the P-256 key rebuilt from its parts, then spoiled.
    let real = der(key!("ec_p256_pub.pem"));
    let point = &real[real.len() - 65..];
    let ec = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    let p256 = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    let spki = |alg: &[u8], bits: &[u8]| tlv(0x30, &[alg, bits]);
    let alg = tlv(0x30, &[&ec, &p256]);
    let bits = tlv(0x03, &[&[0], point]);
    assert_eq!(spki(&alg, &bits), real);
    PublicKey::from_spki_der(&real).unwrap();
    let body = &real[2..];
    let mut bad_oid = ec.to_vec();
    bad_oid.splice(2..2, [0x06, 0x80]); // a non-minimal arc
    bad_oid[1] += 1;
    let variants: Vec<Vec<u8>> = vec![
        [&real[..], &[0]].concat(),                              // a trailing byte
        [&[0x30, 0x81, body.len() as u8][..], body].concat(),    // the long form for a short length
        [&[0x30, 0x82, 0, body.len() as u8][..], body].concat(), // a zero length byte
        [&[0x30, 0x80][..], body, &[0, 0]].concat(),             // indefinite (BER)
        [&[0x30, 0x84, 0xff, 0xff, 0xff, 0xff][..], body].concat(), // a huge length
        [&[0x31, body.len() as u8][..], body].concat(),          // a SET
        real[..real.len() - 1].to_vec(),                         // truncated
        spki(&alg, &tlv(0x03, &[&[1], point])),                  // unused bits
        spki(&alg, &tlv(0x04, &[&[0], point])),                  // an OCTET STRING
        spki(&tlv(0x30, &[&bad_oid, &p256]), &bits),
        spki(&tlv(0x30, &[&ec, &p256, &[0x05, 0x00]]), &bits), // an extra parameter
        tlv(0x30, &[&alg, &bits, &[0x05, 0x00]]),              // a field after the key
    ];
    for (i, variant) in variants.iter().enumerate() {
        assert_eq!(
            PublicKey::from_spki_der(variant).unwrap_err(),
            malformed("SPKI public key"),
            "variant {i}"
        );
    }

    // RSA: the modulus with a needless zero byte, or negative.
    let real = der(key!("rsa2048_pub_pkcs1.pem"));
    let (n, e) = (&real[4..4 + 261], &real[4 + 261..]);
    assert_eq!(&n[..5], &[0x02, 0x82, 0x01, 0x01, 0x00]);
    assert_eq!(tlv(0x30, &[n, e]), real);
    let modulus = &n[5..];
    let rsa_alg = [
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    for n in [tlv(0x02, &[&[0, 0], modulus]), tlv(0x02, &[modulus])] {
        let pkcs1 = tlv(0x30, &[&n, e]);
        let spki = tlv(0x30, &[&rsa_alg, &tlv(0x03, &[&[0], &pkcs1])]);
        assert_eq!(
            PublicKey::from_spki_der(&spki).unwrap_err(),
            malformed("SPKI RSA public key")
        );
        let pem = format!(
            "-----BEGIN RSA PUBLIC KEY-----\n{}\n-----END RSA PUBLIC KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(&pkcs1)
        );
        assert_eq!(
            PublicKey::from_pem(&pem).unwrap_err(),
            malformed("PKCS#1 RSA public key")
        );
    }

    // PKCS#8: another version, a version 2 without its public key, a trailing byte.
    let real = der(key!("ec_p256_pkcs8.pem"));
    cfsign::key::Pkcs8Der::from_der(&real).unwrap();
    let version_at = real.iter().position(|b| *b == 0x02).unwrap();
    assert_eq!(&real[version_at..version_at + 3], &[0x02, 0x01, 0x00]);
    for version in [1, 2] {
        let mut other = real.clone();
        other[version_at + 2] = version;
        assert_eq!(
            cfsign::key::Pkcs8Der::from_der(&other).unwrap_err(),
            malformed("PKCS#8 private key")
        );
    }
    let trailing = [&real[..], &[0]].concat();
    assert_eq!(
        PrivateKey::from_pkcs8_der(&trailing).unwrap_err(),
        malformed("PKCS#8 private key")
    );
}
