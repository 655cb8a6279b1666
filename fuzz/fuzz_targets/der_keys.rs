//! The crate's DER reader against the RustCrypto crates it replaced: what it accepts, they
//! accept; nothing panics. Encrypted keys are only checked (scheme, cost), never decrypted.
#![no_main]

use cfsign::key::{KeyError, KeyKind, Pkcs8Der};
use cfsign::PublicKey;
use libfuzzer_sys::fuzz_target;
use pkcs1::der::{Decode, Encode};

fn b64(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}

fn pem(label: &str, data: &[u8]) -> String {
    format!("-----BEGIN {label}-----\n{}\n-----END {label}-----\n", b64(data))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(key) = Pkcs8Der::from_der(data) {
        let info = pkcs8::PrivateKeyInfoRef::try_from(data).expect("pkcs8 refused a PrivateKeyInfo we accepted");
        let inner = info.private_key.as_bytes();
        match key.kind() {
            KeyKind::Rsa => {
                pkcs1::RsaPrivateKeyRef::from_der(inner).expect("pkcs1 refused");
            }
            _ => {
                sec1::EcPrivateKey::try_from(inner).expect("sec1 refused");
            }
        }
        if let Ok(public) = key.public_key() {
            spki::SubjectPublicKeyInfoRef::try_from(public.spki_der()).expect("spki refused our SPKI");
        }
    }
    if let Ok(key) = PublicKey::from_spki_der(data) {
        let old = spki::SubjectPublicKeyInfoRef::try_from(data).expect("spki refused an SPKI we accepted");
        assert_eq!(old.to_der().unwrap(), data, "not DER's canonical encoding");
        let _ = key.to_pem();
    }
    for label in ["RSA PRIVATE KEY", "EC PRIVATE KEY", "RSA PUBLIC KEY"] {
        let text = pem(label, data);
        if label == "RSA PUBLIC KEY" {
            if PublicKey::from_pem(&text).is_ok() {
                pkcs1::RsaPublicKeyRef::from_der(data).expect("pkcs1 refused an RSAPublicKey we accepted");
            }
        } else if let Ok(key) = Pkcs8Der::from_pem(&text) {
            if label == "RSA PRIVATE KEY" {
                pkcs1::RsaPrivateKeyRef::from_der(data).expect("pkcs1 refused an RSAPrivateKey we accepted");
            } else {
                sec1::EcPrivateKey::try_from(data).expect("sec1 refused an ECPrivateKey we accepted");
            }
            pkcs8::PrivateKeyInfoRef::try_from(key.der()).expect("pkcs8 refused our PKCS#8");
            let _ = key.public_key();
        }
    }
    // Encrypted: checked only (no passphrase): what passes the checks, pkcs5 reads.
    match Pkcs8Der::from_pem(&pem("ENCRYPTED PRIVATE KEY", data)) {
        Err(KeyError::Encrypted) => {
            let info = pkcs8::EncryptedPrivateKeyInfoRef::try_from(data)
                .expect("pkcs8 refused an EncryptedPrivateKeyInfo we accepted");
            match &info.encryption_algorithm {
                pkcs5::EncryptionScheme::Pbes2(params) => {
                    if let Some(n) = match &params.kdf {
                        pkcs5::pbes2::Kdf::Pbkdf2(p) => Some(u64::from(p.iteration_count)),
                        _ => None,
                    } {
                        assert!(n <= 10_000_000);
                    }
                }
                other => panic!("accepted a scheme other than PBES2: {other:?}"),
            }
        }
        Err(KeyError::Malformed { .. }) | Err(KeyError::UnsupportedEncryption { .. }) | Err(KeyError::EncryptionTooCostly { .. }) => {}
        other => panic!("unexpected answer for an encrypted key: {other:?}"),
    }
});
