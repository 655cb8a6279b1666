//! PEM text as a caller pastes it, through `PrivateKey::from_pem` and `PublicKey::from_pem` (the
//! crate's PEM armour reader, then its DER reader and the encrypted-key checks). Properties:
//! - what is read writes back (`to_pkcs8_pem`, `to_pem`) as PEM that the crate reads as the same
//!   key and that RustCrypto's strict RFC 7468 and PKCS#8/SPKI readers take;
//! - a private key read signs, and its public key verifies that signature and refuses it after a
//!   one-bit change;
//! - `from_pem_any_rsa_size` takes everything `from_pem` takes, and differs only by the RSA size;
//! - an error never repeats a base64 line of the input (the key's body).
#![no_main]

use cfsign::{HashAlgorithm, KeyError, PrivateKey, PublicKey};
use libfuzzer_sys::fuzz_target;

/// The error's text holds no body line (a line of at least 16 base64 characters).
fn no_echo(text: &str, error: &KeyError) {
    let shown = error.to_string();
    for line in text.lines().map(str::trim) {
        if line.len() >= 16 && line.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)) {
            assert!(!shown.contains(line), "the error {shown:?} repeats a line of the input");
        }
    }
}

fn check_private(key: &PrivateKey) {
    let pem = key.to_pkcs8_pem().expect("a key read could not be written");
    let again = PrivateKey::from_pem_any_rsa_size(&pem).expect("our own PKCS#8 PEM was refused");
    assert_eq!(again.public_key().spki_der(), key.public_key().spki_der());
    let (label, der) = pem_rfc7468::decode_vec(pem.as_bytes()).expect("RFC 7468 refused our PEM");
    assert_eq!(label, "PRIVATE KEY");
    pkcs8::PrivateKeyInfoRef::try_from(der.as_slice()).expect("pkcs8 refused our PKCS#8");
    let public = key.public_key();
    let message = b"{\"Statement\":[]}";
    for hash in [HashAlgorithm::Sha1, HashAlgorithm::Sha256] {
        let Ok(mut signature) = key.sign(message, hash) else { continue };
        assert!(public.verify(message, &signature, hash), "signer and verifier disagree");
        signature[0] ^= 1;
        assert!(!public.verify(message, &signature, hash), "a changed signature verified");
    }
}

fn check_public(key: &PublicKey) {
    let pem = key.to_pem().expect("a public key read could not be written");
    let again = PublicKey::from_pem_any_rsa_size(&pem).expect("our own SPKI PEM was refused");
    assert_eq!(again.spki_der(), key.spki_der());
    let (label, der) = pem_rfc7468::decode_vec(pem.as_bytes()).expect("RFC 7468 refused our PEM");
    assert_eq!(label, "PUBLIC KEY");
    assert_eq!(der, key.spki_der());
    spki::SubjectPublicKeyInfoRef::try_from(der.as_slice()).expect("spki refused our SPKI");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let strict = PrivateKey::from_pem(&text);
    let any_size = PrivateKey::from_pem_any_rsa_size(&text);
    match (&strict, &any_size) {
        (Ok(key), Ok(other)) => {
            assert_eq!(key.public_key().spki_der(), other.public_key().spki_der());
            check_private(key);
        }
        (Ok(_), Err(e)) => panic!("from_pem took a key from_pem_any_rsa_size refused: {e:?}"),
        (Err(KeyError::RsaKeySize { .. }), Ok(key)) => check_private(key),
        (Err(e), Ok(_)) => panic!("from_pem refused with {e:?}, not for the RSA size"),
        (Err(e), Err(f)) => {
            no_echo(&text, e);
            no_echo(&text, f);
        }
    }
    match PublicKey::from_pem(&text) {
        Ok(key) => check_public(&key),
        Err(e) => no_echo(&text, &e),
    }
    if let Ok(key) = PublicKey::from_pem_any_rsa_size(&text) {
        check_public(&key);
    }
});
