//! The host's synchronous crypto (`node:crypto` in Node, Bun, Deno, and workerd with
//! `nodejs_compat`), installed once by the package's entry module with `__installHostCrypto`.
//! It only parses keys, signs and verifies: every byte that is signed is prepared in Rust, and
//! every key is checked by the core's rules (`Pkcs8Der::for_host`: type, curve, RSA size,
//! encryption scheme and cost) before it is used. Whether it is used at all is decided in
//! [`super::crypto`].
//!
//! The adapter object (`dist/host-node.mjs` in the package):
//! - `privateKey(pem, passphrase?)` → key handle, for an encrypted PEM (it decrypts it);
//! - `privateKeyDer(pkcs8)` → key handle;
//! - `pkcs8(handle)` → `Uint8Array`, the key's PKCS#8 DER (for Rust's checks);
//! - `sign(handle, "SHA1" | "SHA256", message, signature)` → the signature's length, the signature
//!   (DER for ECDSA) written into `signature` (`message` and `signature` are views of the
//!   WebAssembly memory, valid during the call only);
//! - `publicKey(spki)` → key handle;
//! - `verify(handle, "SHA1" | "SHA256", message, signature)` → `boolean`.

use crate::local::Local;
use alloc::boxed::Box;
use alloc::vec::Vec;

use js_sys::{Function, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::{Code, Error};
use cfsign::key::{HashAlgorithm, HostPem, KeyError, Pkcs8Der};

#[wasm_bindgen]
extern "C" {
    /// The adapter's `sign`, a `Function`.
    #[wasm_bindgen(extends = Function)]
    type SignFunction;
    /// `sign.call(null, key, hash, message, signature)`, its exception caught: what it returned,
    /// the length of the signature it wrote into `signature` (taken as a `JsValue`, so that
    /// nothing is converted in the glue: a BigInt, a Symbol or an object whose `valueOf` throws
    /// would throw there, outside the catch, through the WebAssembly frames). Both slices reach it as views of the WebAssembly
    /// memory (wasm-bindgen passes borrowed slices so), not copies: made just before the call,
    /// they cannot outlive a growth of the memory, since `sign` is synchronous and calls nothing
    /// in this module.
    #[wasm_bindgen(method, catch, js_name = call)]
    fn call_sign(
        this: &SignFunction,
        context: &JsValue,
        key: &JsValue,
        hash: &JsValue,
        message: &[u8],
        signature: &mut [u8],
    ) -> Result<JsValue, JsValue>;
}

/// The adapter's functions.
pub(crate) struct Host {
    private_key: Function,
    private_key_der: Function,
    pkcs8: Function,
    sign: SignFunction,
    public_key: Function,
    verify: Function,
    /// The hash names the adapter takes, made once.
    hashes: [(HashAlgorithm, JsValue); 2],
}

/// The room for a signature the adapter's `sign` writes (bytes).
const SIGNATURE_ROOM: usize = 512;

/// The installed adapter: installed once by the package's entry, for the module's lifetime (a
/// second install, which the entry never makes, leaves the first in memory).
static HOST: Local<Option<&'static Host>> = Local::new(None);

/// Installs the host's synchronous crypto (called by the package's entry module).
#[wasm_bindgen(js_name = __installHostCrypto, skip_typescript)]
pub fn install_host_crypto(adapter: JsValue) -> Result<(), Error> {
    let get = |name: &str| -> Result<Function, Error> {
        Reflect::get(&adapter, &name.into())
            .ok()
            .filter(JsValue::is_function)
            .map(JsCast::unchecked_into::<Function>)
            .ok_or_else(|| {
                Error::new(
                    Code::InvalidOption,
                    "host crypto adapter: a function is missing",
                )
            })
    };
    let host = Host {
        private_key: get("privateKey")?,
        private_key_der: get("privateKeyDer")?,
        pkcs8: get("pkcs8")?,
        sign: get("sign")?.unchecked_into(),
        public_key: get("publicKey")?,
        verify: get("verify")?,
        hashes: [HashAlgorithm::Sha1, HashAlgorithm::Sha256]
            .map(|hash| (hash, JsValue::from_str(hash.as_str()))),
    };
    HOST.with(|h| *h.borrow_mut() = Some(Box::leak(Box::new(host))));
    Ok(())
}

/// The installed host crypto, if any.
pub(crate) fn host() -> Option<&'static Host> {
    HOST.with(|h| *h.borrow())
}

/// The bytes of a `Uint8Array` the adapter returned (a `Buffer` is one): read in place, or copied
/// through `new Uint8Array(...)` when it comes from another realm.
fn to_vec(value: JsValue) -> Vec<u8> {
    match value.dyn_into::<Uint8Array>() {
        Ok(bytes) => bytes.to_vec(),
        Err(other) => Uint8Array::new(&other).to_vec(),
    }
}

/// What the host threw while decrypting a key Rust found well formed: the passphrase.
fn key_failure(passphrase: Option<&str>) -> Error {
    match passphrase {
        Some(_) => KeyError::WrongPassphrase.into(),
        None => KeyError::Encrypted.into(),
    }
}

impl Host {
    /// The adapter's name for `hash`.
    fn hash_name(&self, hash: HashAlgorithm) -> Result<&JsValue, Error> {
        self.hashes
            .iter()
            .find(|(h, _)| *h == hash)
            .map(|(_, name)| name)
            .ok_or_else(|| Error::new(Code::Unsupported, "the host's crypto has no such hash"))
    }

    /// Reads a PEM private key (decrypting it with `passphrase`) and checks it by Rust's rules.
    pub(crate) fn private_key(
        &self,
        pem: &str,
        passphrase: Option<&str>,
    ) -> Result<(JsValue, Pkcs8Der), Error> {
        // The core's rules first (`Pkcs8Der::for_host`): a plain key is read once there and handed
        // to the host as checked PKCS#8; only an encrypted one is decrypted by the host (the very
        // block whose scheme and cost were checked), then checked again as it came out.
        let pem = match Pkcs8Der::for_host(pem)? {
            HostPem::Checked(checked) => return Ok((self.private_key_der(&checked)?, checked)),
            HostPem::Encrypted(pem) => pem,
            _ => return Err(KeyError::Encrypted.into()),
        };
        let pass = passphrase.map_or(JsValue::UNDEFINED, JsValue::from);
        let handle = self
            .private_key
            .call2(&JsValue::NULL, &pem.as_str().into(), &pass)
            .map_err(|_| key_failure(passphrase))?;
        let der = self
            .pkcs8
            .call1(&JsValue::NULL, &handle)
            .map_err(|_| key_failure(passphrase))?;
        let checked = Pkcs8Der::from_der(&to_vec(der))?;
        Ok((handle, checked))
    }

    /// A key handle for checked PKCS#8 DER.
    pub(crate) fn private_key_der(&self, key: &Pkcs8Der) -> Result<JsValue, Error> {
        self.private_key_der
            .call1(&JsValue::NULL, &Uint8Array::from(key.der()))
            .map_err(|_| Error::new(Code::InvalidKey, "the host's crypto could not read the key"))
    }

    /// Signs `message` with a key handle: the signature as CloudFront takes it.
    pub(crate) fn sign(
        &self,
        key: &JsValue,
        hash: HashAlgorithm,
        message: &[u8],
    ) -> Result<Vec<u8>, Error> {
        let failed = || Error::new(Code::SigningFailed, "the host's crypto could not sign");
        // Room for any signature of the keys the core takes (RSA-2048: 256 bytes; ECDSA P-256
        // in DER: at most 72), and more: a longer one makes `sign` throw.
        let mut signature = [0; SIGNATURE_ROOM];
        let length = self
            .sign
            .call_sign(
                &JsValue::NULL,
                key,
                self.hash_name(hash)?,
                message,
                &mut signature,
            )
            .map_err(|_| failed())?;
        // Only a number (no conversion), a whole one, from 1 to the room.
        let length = length
            .as_f64()
            .filter(|n| *n >= 1.0 && *n <= SIGNATURE_ROOM as f64)
            .map(|n| (n, n as usize))
            .filter(|(n, length)| *length as f64 == *n)
            .ok_or_else(failed)?
            .1;
        match signature.get(..length) {
            Some(signature) => Ok(signature.to_vec()),
            None => Err(failed()),
        }
    }

    /// A public key handle for SPKI DER; `None` when the host refuses it.
    pub(crate) fn public_key(&self, spki: &[u8]) -> Option<JsValue> {
        self.public_key
            .call1(&JsValue::NULL, &Uint8Array::from(spki))
            .ok()
    }

    /// Checks a signature (DER for ECDSA); `None` when the host cannot tell.
    pub(crate) fn verify(
        &self,
        key: &JsValue,
        hash: HashAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Option<bool> {
        let args = js_sys::Array::of4(
            key,
            self.hash_name(hash).ok()?,
            &Uint8Array::from(message),
            &Uint8Array::from(signature),
        );
        self.verify.apply(&JsValue::NULL, &args).ok()?.as_bool()
    }
}
