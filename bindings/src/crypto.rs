//! The one place where the crypto that signs and verifies synchronously is chosen: the host's
//! (`node:crypto`, installed by the package's entry: [`super::host`]) when it has one, else
//! Rust's (`rust-crypto`, the full build), else none, and then the caller goes asynchronous
//! through WebCrypto ([`super::webcrypto`]: `await Signer.create(...)`, `verifyAsync`). Keys are
//! checked by the core's rules whichever crypto uses them.

use alloc::vec::Vec;
use core::cell::RefCell;

use wasm_bindgen::JsValue;

use super::error::{Code, Error};
use super::host::{host, Host};
#[cfg(feature = "rust-crypto")]
use alloc::rc::Rc;
#[cfg(not(feature = "encrypted-keys"))]
use cfsign::key::KeyError;
#[cfg(feature = "rust-crypto")]
use cfsign::key::PrivateKey;
use cfsign::key::{HashAlgorithm, Pkcs8Der};
use cfsign::verify::SignatureCheck;

/// A private key that signs synchronously.
#[derive(Clone)]
pub(crate) enum SyncKey {
    /// A key handle of the host's crypto.
    Host(&'static Host, JsValue),
    /// A key loaded into Rust.
    #[cfg(feature = "rust-crypto")]
    Rust(Rc<PrivateKey>),
}

/// The error where nothing can sign synchronously.
pub(crate) fn no_sync_crypto() -> Error {
    Error::new(
        Code::Unsupported,
        "this host has no synchronous crypto (node:crypto): use `await Signer.create(...)`, which signs with WebCrypto, or import \"cfsign/full\", which signs with Rust",
    )
}

/// A PEM private key checked by Rust's rules, decrypted with `passphrase` if it is encrypted.
pub(crate) fn pkcs8_from_pem(pem: &str, passphrase: Option<&str>) -> Result<Pkcs8Der, Error> {
    let read = match passphrase {
        #[cfg(feature = "encrypted-keys")]
        Some(p) => Pkcs8Der::from_pem_with_passphrase(pem, p.as_bytes()),
        #[cfg(not(feature = "encrypted-keys"))]
        Some(_) => match Pkcs8Der::from_pem(pem) {
            Err(KeyError::Encrypted) => {
                return Err(Error::new(
                    Code::EncryptedKey,
                    "privateKey: encrypted keys are decrypted by node:crypto, which this host lacks; import \"cfsign/full\" to decrypt them in Rust",
                ))
            }
            other => other,
        },
        None => Pkcs8Der::from_pem(pem),
    };
    read.map_err(|e| Error::from(e).context(&["privateKey"]))
}

/// A PEM private key, checked by Rust's rules (decrypted with `passphrase` if it is encrypted):
/// with the host's crypto when there is one (which decrypts it), with its handle there; else
/// in Rust.
pub(crate) fn read_private_key(
    pem: &str,
    passphrase: Option<&str>,
) -> Result<(Pkcs8Der, Option<SyncKey>), Error> {
    match host() {
        Some(host) => {
            let (handle, pkcs8) = host
                .private_key(pem, passphrase)
                .map_err(|e| e.context(&["privateKey"]))?;
            Ok((pkcs8, Some(SyncKey::Host(host, handle))))
        }
        None => Ok((pkcs8_from_pem(pem, passphrase)?, None)),
    }
}

impl SyncKey {
    /// Reads a PEM private key for synchronous signing.
    pub(crate) fn from_pem(pem: &str, passphrase: Option<&str>) -> Result<Self, Error> {
        match read_private_key(pem, passphrase)? {
            (_, Some(key)) => Ok(key),
            (pkcs8, None) => Self::from_pkcs8(&pkcs8),
        }
    }

    /// A checked PKCS#8 key for synchronous signing.
    pub(crate) fn from_pkcs8(key: &Pkcs8Der) -> Result<Self, Error> {
        if let Some(host) = host() {
            let handle = host.private_key_der(key)?;
            return Ok(Self::Host(host, handle));
        }
        #[cfg(feature = "rust-crypto")]
        {
            Ok(Self::Rust(Rc::new(PrivateKey::from_pkcs8_der(key.der())?)))
        }
        #[cfg(not(feature = "rust-crypto"))]
        {
            let _ = key;
            Err(no_sync_crypto())
        }
    }

    /// Whether the host's own crypto signs.
    pub(crate) fn is_host(&self) -> bool {
        matches!(self, Self::Host(..))
    }

    /// Signs `message`: the signature as CloudFront takes it (DER for ECDSA).
    pub(crate) fn sign(&self, hash: HashAlgorithm, message: &[u8]) -> Result<Vec<u8>, Error> {
        match self {
            Self::Host(host, handle) => host.sign(handle, hash, message),
            #[cfg(feature = "rust-crypto")]
            Self::Rust(key) => Ok(key.sign(message, hash)?),
        }
    }
}

/// Public keys imported into a crypto, by the key's SPKI bytes and hash: WebCrypto `CryptoKey`s
/// for `verifyAsync` (an RSA `CryptoKey` is bound to one hash), and the host's `node:crypto`
/// handles (`None`: for any hash). Keyed by the key's own bytes, so a replaced key never matches a
/// stale import.
pub(crate) type Imports = Vec<(Vec<u8>, Option<HashAlgorithm>, JsValue)>;

/// The key imported for `spki` and `hash` (`None`: the host's, for any hash), if any.
pub(crate) fn imported(
    imports: &RefCell<Imports>,
    spki: &[u8],
    hash: Option<HashAlgorithm>,
) -> Option<JsValue> {
    imports
        .borrow()
        .iter()
        .find(|(der, h, _)| der.as_slice() == spki && *h == hash)
        .map(|(_, _, k)| k.clone())
}

/// A signature checked synchronously: by the host's crypto (its public key imported once into
/// `imports`), else by Rust (the full build); `None` when neither is here.
pub(crate) fn verify_sync(check: &SignatureCheck<'_>, imports: &RefCell<Imports>) -> Option<bool> {
    if let Some(host) = host() {
        let spki = check.key.spki_der();
        let key = match imported(imports, spki, None) {
            Some(k) => k,
            // A key the host refuses verifies nothing.
            None => match host.public_key(spki) {
                Some(k) => {
                    imports.borrow_mut().push((spki.to_vec(), None, k.clone()));
                    k
                }
                None => return Some(false),
            },
        };
        let valid = host.verify(&key, check.hash, check.message, check.signature);
        return Some(valid.unwrap_or(false));
    }
    #[cfg(feature = "rust-crypto")]
    {
        Some(check.key.verify(check.message, check.signature, check.hash))
    }
    #[cfg(not(feature = "rust-crypto"))]
    {
        let _ = (check, imports);
        None
    }
}
