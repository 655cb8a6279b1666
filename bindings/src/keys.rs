//! Private keys for synchronous signing: the host's crypto when it has one (`node:crypto`), else
//! Rust's (`rust-crypto`, the full build), else none. And the drop-in's cache, so that calling it
//! in a loop with the same PEM (as SDK users do) parses the key once.

use crate::local::Local;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

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

    /// Signs `message`: the signature as CloudFront takes it (DER for ECDSA).
    pub(crate) fn sign(&self, hash: HashAlgorithm, message: &[u8]) -> Result<Vec<u8>, Error> {
        match self {
            Self::Host(host, handle) => host.sign(handle, hash, message),
            #[cfg(feature = "rust-crypto")]
            Self::Rust(key) => Ok(key.sign(message, hash)?),
        }
    }
}

/// How many keys the drop-in keeps parsed.
const CACHED_KEYS: usize = 8;

type CachedKey = (String, Option<String>, SyncKey);

/// The drop-in's keys, by PEM text and passphrase, most recent last.
static KEYS: Local<Vec<CachedKey>> = Local::new(Vec::new());

/// The drop-in's key for `pem` and `passphrase`, parsed once.
pub(crate) fn cached(pem: &str, passphrase: Option<&str>) -> Result<SyncKey, Error> {
    let hit = KEYS.with(|k| {
        k.borrow()
            .iter()
            .rev()
            .find(|(p, pass, _)| p == pem && pass.as_deref() == passphrase)
            .map(|(_, _, key)| key.clone())
    });
    if let Some(key) = hit {
        return Ok(key);
    }
    let key = SyncKey::from_pem(pem, passphrase)?;
    KEYS.with(|k| {
        let mut keys = k.borrow_mut();
        if keys.len() >= CACHED_KEYS {
            keys.remove(0);
        }
        keys.push((
            pem.to_string(),
            passphrase.map(ToString::to_string),
            key.clone(),
        ));
    });
    Ok(key)
}
