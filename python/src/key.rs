//! `cfsign.Key`: a private key parsed once by the core (RSA-2048 or ECDSA P-256, PEM or PKCS#8
//! DER, passphrase-protected PKCS#8), signing with OpenSSL (the `openssl` feature, the wheel's:
//! the core's pure-Rust RSA signs 4x slower than OpenSSL, `make bench`) or with the core's Rust.
//! PEM texts given to signers are cached (the last 8), so that code that builds a signer from
//! the same PEM on every call parses it once.

use std::sync::{Arc, Mutex};

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};
use zeroize::Zeroizing;

use cfsign::{HashAlgorithm, KeyKind, PrivateKey};

use crate::error::{Code, Error, Result};

/// What signs: the core's key, and OpenSSL's copy of it.
struct Inner {
    key: PrivateKey,
    #[cfg(feature = "openssl")]
    native: native::Native,
}

impl Inner {
    fn new(key: PrivateKey) -> Result<Self> {
        #[cfg(feature = "openssl")]
        let native = native::Native::new(&key)?;
        Ok(Self {
            key,
            #[cfg(feature = "openssl")]
            native,
        })
    }

    fn sign(&self, message: &[u8], hash: HashAlgorithm) -> Result<Vec<u8>> {
        #[cfg(feature = "openssl")]
        return self.native.sign(message, hash);
        #[cfg(not(feature = "openssl"))]
        Ok(self.key.sign(message, hash)?)
    }
}

/// OpenSSL's signing: one signing context per hash, set up once (PKCS#1 v1.5 padding for RSA,
/// the digest), then `EVP_PKEY_sign` over the message's digest on each call. Setting a context
/// up costs more than an RSA-2048 signature's share of the work on OpenSSL 3.0, so it is kept.
#[cfg(feature = "openssl")]
mod native {
    use std::sync::Mutex;

    use openssl::md::Md;
    use openssl::pkey::{Id, PKey, Private};
    use openssl::pkey_ctx::PkeyCtx;
    use openssl::rsa::Padding;

    use cfsign::{HashAlgorithm, PrivateKey};

    use crate::error::{Code, Error, Result};

    pub struct Native {
        sha1: Mutex<PkeyCtx<Private>>,
        sha256: Mutex<PkeyCtx<Private>>,
    }

    fn context(pkey: &PKey<Private>, md: &openssl::md::MdRef) -> Result<PkeyCtx<Private>> {
        let failed = |_| Error::new(Code::InvalidKey, "OpenSSL cannot use the key");
        let mut ctx = PkeyCtx::new(pkey).map_err(failed)?;
        ctx.sign_init().map_err(failed)?;
        if pkey.id() == Id::RSA {
            ctx.set_rsa_padding(Padding::PKCS1).map_err(failed)?;
        }
        ctx.set_signature_md(md).map_err(failed)?;
        Ok(ctx)
    }

    impl Native {
        pub fn new(key: &PrivateKey) -> Result<Self> {
            let pem = key.to_pkcs8_pem()?;
            let pkey = PKey::private_key_from_pem(pem.as_bytes())
                .map_err(|_| Error::new(Code::InvalidKey, "OpenSSL cannot read the key"))?;
            Ok(Self {
                sha1: Mutex::new(context(&pkey, Md::sha1())?),
                sha256: Mutex::new(context(&pkey, Md::sha256())?),
            })
        }

        pub fn sign(&self, message: &[u8], hash: HashAlgorithm) -> Result<Vec<u8>> {
            let failed = || Error::new(Code::SigningFailed, "OpenSSL failed to sign");
            let sha1;
            let sha256;
            let (ctx, digest): (_, &[u8]) = match hash {
                HashAlgorithm::Sha1 => {
                    sha1 = openssl::sha::sha1(message);
                    (&self.sha1, &sha1)
                }
                _ => {
                    sha256 = openssl::sha::sha256(message);
                    (&self.sha256, &sha256)
                }
            };
            let mut ctx = ctx.lock().map_err(|_| failed())?;
            let mut signature = Vec::with_capacity(256);
            ctx.sign_to_vec(digest, &mut signature)
                .map_err(|_| failed())?;
            Ok(signature)
        }
    }

    /// The OpenSSL the wheel signs with.
    pub fn version() -> &'static str {
        openssl::version::version()
    }
}

/// The OpenSSL the wheel signs with (`None` in a build without it: the core's Rust signs).
#[pyfunction]
pub fn openssl_version() -> Option<&'static str> {
    #[cfg(feature = "openssl")]
    return Some(native::version());
    #[cfg(not(feature = "openssl"))]
    None
}

/// A private key: parse once, sign many times. Never shows its material (not in `repr`, not in
/// an error).
#[pyclass(frozen, module = "cfsign")]
#[derive(Clone)]
pub struct Key {
    inner: Arc<Inner>,
}

/// Text or bytes, as the PEM and passphrase arguments take them.
fn text_or_bytes(value: &Bound<'_, PyAny>, name: &str) -> Result<Zeroizing<Vec<u8>>> {
    if let Ok(s) = value.cast::<PyString>() {
        let s = s
            .to_cow()
            .map_err(|_| Error::argument(name, "must be valid UTF-8 text"))?;
        return Ok(Zeroizing::new(s.as_bytes().to_vec()));
    }
    if let Ok(b) = value.cast::<PyBytes>() {
        return Ok(Zeroizing::new(b.as_bytes().to_vec()));
    }
    Err(Error::argument(name, "expected str or bytes"))
}

type Cached = (Zeroizing<Vec<u8>>, Option<Zeroizing<Vec<u8>>>, Key);

/// The keys of the last PEM texts read, most recent last.
static CACHE: Mutex<Vec<Cached>> = Mutex::new(Vec::new());
const CACHED_KEYS: usize = 8;

impl Key {
    /// The key of a PEM text (and passphrase), from the cache when it was read before.
    pub fn from_pem_cached(pem: &[u8], passphrase: Option<&[u8]>) -> Result<Self> {
        if let Ok(cache) = CACHE.lock() {
            let hit = cache
                .iter()
                .rev()
                .find(|(p, pass, _)| **p == pem && pass.as_deref().map(|v| &v[..]) == passphrase);
            if let Some((_, _, key)) = hit {
                return Ok(key.clone());
            }
        }
        let text = std::str::from_utf8(pem)
            .map_err(|_| Error::new(Code::InvalidKey, "the PEM is not text"))?;
        let key = match passphrase {
            Some(p) => PrivateKey::from_pem_with_passphrase(text, p)?,
            None => PrivateKey::from_pem(text)?,
        };
        let key = Key {
            inner: Arc::new(Inner::new(key)?),
        };
        if let Ok(mut cache) = CACHE.lock() {
            if cache.len() >= CACHED_KEYS {
                cache.remove(0);
            }
            cache.push((
                Zeroizing::new(pem.to_vec()),
                passphrase.map(|p| Zeroizing::new(p.to_vec())),
                key.clone(),
            ));
        }
        Ok(key)
    }

    pub fn kind(&self) -> KeyKind {
        self.inner.key.kind()
    }

    pub fn sign_bytes(&self, message: &[u8], hash: HashAlgorithm) -> Result<Vec<u8>> {
        self.inner.sign(message, hash)
    }
}

/// `SHA1` or `SHA256` (`None`: the key's default, SHA-1 for RSA and SHA-256 for ECDSA).
pub fn hash_algorithm(value: Option<&str>, kind: Option<KeyKind>) -> Result<HashAlgorithm> {
    match value {
        None => Ok(kind.map_or(HashAlgorithm::Sha1, KeyKind::default_hash)),
        Some(v) => HashAlgorithm::from_param(v)
            .ok_or_else(|| Error::argument("hash_algorithm", "must be \"SHA1\" or \"SHA256\"")),
    }
}

#[pymethods]
impl Key {
    /// `Key(pem, passphrase=None)`: a PEM private key (PKCS#1, SEC1 or PKCS#8; encrypted PKCS#8
    /// with its passphrase), as `str` or `bytes`.
    #[new]
    #[pyo3(signature = (pem, passphrase=None))]
    fn py_new(pem: &Bound<'_, PyAny>, passphrase: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let pem = text_or_bytes(pem, "pem")?;
        let passphrase = passphrase
            .map(|p| text_or_bytes(p, "passphrase"))
            .transpose()?;
        Ok(Self::from_pem_cached(
            &pem,
            passphrase.as_deref().map(|v| &v[..]),
        )?)
    }

    /// A key from its unencrypted PKCS#8 DER bytes (what `cryptography`'s `private_bytes` writes).
    #[staticmethod]
    fn from_pkcs8_der(der: &[u8]) -> PyResult<Self> {
        let key = PrivateKey::from_pkcs8_der(der).map_err(Error::from)?;
        Ok(Self {
            inner: Arc::new(Inner::new(key)?),
        })
    }

    /// `rsa` or `ecdsa_p256`.
    #[getter(kind)]
    fn py_kind(&self) -> &'static str {
        match self.kind() {
            KeyKind::Rsa => "rsa",
            _ => "ecdsa_p256",
        }
    }

    /// The hash this key signs with when none is asked: `SHA1` for RSA (CloudFront's default),
    /// `SHA256` for ECDSA (as the AWS CLI).
    #[getter]
    fn default_hash(&self) -> &'static str {
        self.kind().default_hash().as_str()
    }

    /// The public key, PEM (SPKI): what CloudFront's public key takes.
    fn public_key_pem(&self) -> PyResult<String> {
        Ok(self.inner.key.public_key().to_pem().map_err(Error::from)?)
    }

    /// The signature of `message` (RSA PKCS#1 v1.5, or ECDSA DER) with `hash_algorithm`.
    #[pyo3(signature = (message, hash_algorithm=None))]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        message: &[u8],
        hash_algorithm: Option<&str>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let hash = self::hash_algorithm(hash_algorithm, Some(self.kind()))?;
        // The GIL is released while OpenSSL signs: other threads (a threaded web server) run.
        let signature = py.detach(|| self.sign_bytes(message, hash))?;
        Ok(PyBytes::new(py, &signature))
    }

    fn __repr__(&self) -> String {
        format!("Key(kind={:?})", self.py_kind())
    }
}
