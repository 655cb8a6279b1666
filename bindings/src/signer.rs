//! `Signer`: a key parsed once. It signs with the host's synchronous crypto where there is one
//! (`node:crypto`: the fastest), else `await Signer.create(...)` imports it into WebCrypto, else
//! Rust signs (the full build). What is signed, and how it is encoded, comes from the core
//! either way.

use alloc::boxed::Box;
use alloc::string::{String, ToString};
use core::cell::{Cell, RefCell};

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::callback::Callback;
use super::crypto::{read_private_key, SyncKey};
use super::error::{Code, Error};
use super::js::from_js;
use super::options::SignerOptions;
use super::signing::Signing;
use super::webcrypto;
use cfsign::key::{HashAlgorithm, KeyKind, Pkcs8Der};

/// A key parsed once. `await Signer.create(...)` signs with the host's WebCrypto when it has one.
#[wasm_bindgen]
pub struct Signer {
    key_pair_id: String,
    kind: KeyKind,
    hash: HashAlgorithm,
    /// The WebCrypto `CryptoKey`, when imported.
    webcrypto: Option<JsValue>,
    /// The checked key in PKCS#8 (`None` once freed).
    pkcs8: RefCell<Option<Pkcs8Der>>,
    /// The key for synchronous signing: the host's, or Rust's (loaded on first use).
    sync: RefCell<Option<SyncKey>>,
    /// `free()` was called.
    freed: Cell<bool>,
    /// The `sign` callback, instead of a key.
    callback: Option<Callback>,
}

#[wasm_bindgen]
impl Signer {
    /// Parses the key once: with the host's synchronous crypto where there is one, else (unless
    /// `native: false`) imported into WebCrypto, else for Rust.
    #[wasm_bindgen(unchecked_return_type = "Promise<Signer>")]
    pub fn create(
        #[wasm_bindgen(unchecked_param_type = "SignerOptions")] options: JsValue,
    ) -> Promise {
        let (mut signer, native) = match from_js::<SignerOptions>(&options)
            .and_then(|o| Ok((Self::from_options(&o, &options)?, o.native != Some(false))))
        {
            Ok(s) => s,
            Err(e) => return Promise::reject(&e.into()),
        };
        if !native || signer.sync.borrow().is_some() || signer.callback.is_some() {
            return Promise::resolve(&JsValue::from(signer));
        }
        let import = match signer.pkcs8.borrow().as_ref() {
            Some(key) => webcrypto::import("pkcs8", key.der(), signer.kind, signer.hash, "sign"),
            None => JsValue::UNDEFINED,
        };
        // A host that has WebCrypto but refuses the key or algorithm: keep the Rust path.
        webcrypto::then(
            &import,
            Box::new(move |key| {
                signer.webcrypto = key;
                Ok(signer.into())
            }),
        )
    }

    /// Parses the key for synchronous signing only: the host's crypto, or Rust (the full build).
    #[wasm_bindgen(js_name = createSync)]
    pub fn create_sync(
        #[wasm_bindgen(unchecked_param_type = "SignerOptions")] options: JsValue,
    ) -> Result<Signer, Error> {
        Self::from_options(&from_js(&options)?, &options)
    }

    /// Reads the key: with the host's crypto when there is one (which decrypts it), else in Rust.
    /// Reads a `sign` callback (in `raw`, the options object) instead of a key when there is one.
    pub(crate) fn from_options(options: &SignerOptions, raw: &JsValue) -> Result<Signer, Error> {
        let key_pair_id = options.key_pair_id()?.to_string();
        if let Some(callback) = Callback::read(raw)? {
            return Ok(Signer {
                key_pair_id,
                kind: KeyKind::Rsa,
                hash: callback.hash,
                webcrypto: None,
                pkcs8: RefCell::new(None),
                sync: RefCell::new(None),
                freed: Cell::new(false),
                callback: Some(callback),
            });
        }
        let pem = options.pem()?;
        let (pkcs8, mut sync) = read_private_key(&pem, options.passphrase())?;
        let kind = pkcs8.kind();
        if options.deterministic == Some(true) && kind == KeyKind::EcdsaP256 {
            sync = Some(deterministic_key(&pkcs8)?);
        }
        Ok(Signer {
            key_pair_id,
            kind,
            hash: options.hash()?.unwrap_or(kind.default_hash()),
            webcrypto: None,
            pkcs8: RefCell::new(Some(pkcs8)),
            sync: RefCell::new(sync),
            freed: Cell::new(false),
            callback: None,
        })
    }

    /// Whether it signs through a `sign` callback (only asynchronously).
    #[cfg(feature = "prefix")]
    pub(crate) fn has_callback(&self) -> bool {
        self.callback.is_some()
    }

    /// Whether signatures are made by the host's own crypto (`node:crypto` or WebCrypto).
    #[wasm_bindgen(getter)]
    pub fn native(&self) -> bool {
        self.webcrypto.is_some() || self.sync.borrow().as_ref().is_some_and(SyncKey::is_host)
    }

    /// `"RSA"` or `"ECDSA P-256"` (`undefined` for a `sign` callback without `keyType`).
    #[wasm_bindgen(getter, js_name = keyType, unchecked_return_type = "string | undefined")]
    pub fn key_type(&self) -> JsValue {
        match &self.callback {
            Some(callback) => callback.key_type(),
            None => JsValue::from_str(&self.kind.to_string()),
        }
    }

    /// The key ID.
    #[wasm_bindgen(getter, js_name = keyPairId, unchecked_return_type = "string")]
    pub fn key_pair_id(&self) -> JsValue {
        JsValue::from_str(&self.key_pair_id)
    }

    /// `"SHA1"` or `"SHA256"`.
    #[wasm_bindgen(getter, unchecked_return_type = "string")]
    pub fn algorithm(&self) -> JsValue {
        JsValue::from_str(self.hash.as_str())
    }

    /// The key for synchronous signing: the host's crypto, else Rust (loaded on first use).
    fn sync_key(&self) -> Result<SyncKey, Error> {
        // Short borrows only: nothing here may hold the cell while signing.
        let loaded = self.sync.borrow().clone();
        match loaded {
            Some(k) => Ok(k),
            None => {
                let pkcs8 = self.pkcs8.borrow();
                let pkcs8 = pkcs8.as_ref().ok_or_else(freed)?;
                let k = SyncKey::from_pkcs8(pkcs8)?;
                *self.sync.borrow_mut() = Some(k.clone());
                Ok(k)
            }
        }
    }

    /// Drops the key at once; every later signing call throws `invalid_option`. (wasm-bindgen's
    /// own `free()`, which this replaces, left a pointer that made every later call throw from
    /// inside the WebAssembly, leaking its stack. The object itself is freed when it is
    /// garbage-collected.)
    pub fn free(&self) {
        self.freed.set(true);
        *self.sync.borrow_mut() = None;
        *self.pkcs8.borrow_mut() = None;
    }

    /// Signs synchronously (the host's crypto, or Rust in the full build) and finishes.
    pub(crate) fn sign_now(&self, signing: Result<Signing, Error>) -> Result<JsValue, Error> {
        if self.freed.get() {
            return Err(freed());
        }
        if self.callback.is_some() {
            return Err(Error::new(
                Code::InvalidOption,
                "this Signer signs through its sign callback: use getSignedUrl, getSignedCookies, signCookies or signPrefix, which return promises",
            ));
        }
        signing?.sign(&self.sync_key()?, &self.key_pair_id, self.hash)
    }

    /// Signs and finishes, as a promise: at once where the key signs synchronously (the host's
    /// crypto or Rust: no executor, no task), else through WebCrypto.
    pub(crate) fn sign_then(&self, signing: Result<Signing, Error>) -> Promise {
        let settled = |result: Result<JsValue, Error>| match result {
            Ok(v) => Promise::resolve(&v),
            Err(e) => Promise::reject(&e.into()),
        };
        let signing = match (&self.callback, self.freed.get(), signing) {
            (Some(callback), false, Ok(signing)) => {
                return callback.sign(signing, self.key_pair_id.clone())
            }
            (_, _, signing) => signing,
        };
        let has_sync = self.sync.borrow().is_some();
        let webcrypto = match (&self.webcrypto, has_sync || self.freed.get(), signing) {
            (Some(key), false, Ok(signing)) => (key.clone(), signing),
            (_, _, signing) => return settled(self.sign_now(signing)),
        };
        let (key, signing) = webcrypto;
        let (kind, hash, id) = (self.kind, self.hash, self.key_pair_id.clone());
        let signed = webcrypto::sign(&key, kind, hash, &signing.message());
        webcrypto::then(
            &signed,
            Box::new(move |signed| {
                let signature = signed
                    .and_then(|s| webcrypto::signature(kind, &s))
                    .ok_or_else(|| Error::new(Code::SigningFailed, "WebCrypto could not sign"))?;
                signing.finish(&id, hash, &signature).map_err(JsValue::from)
            }),
        )
    }

    /// Signs a URL (options as `getSignedUrl`, without the key). With an RSA key and the same
    /// `algorithm` (SHA-1 by default), the same bytes as the drop-in. An ECDSA key signs with
    /// SHA-256 by default (and adds `Hash-Algorithm=SHA256`), where the drop-in, as the SDK, signs
    /// ECDSA with SHA-1 unless `algorithm` is `"SHA256"`; and ECDSA signatures differ on every
    /// call.
    #[wasm_bindgen(js_name = getSignedUrl, unchecked_return_type = "Promise<string>")]
    pub fn get_signed_url(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Promise {
        self.sign_then(Signing::prepare(options, false))
    }

    /// Signs cookies (options as `getSignedCookies`, without the key).
    #[wasm_bindgen(js_name = getSignedCookies, unchecked_return_type = "Promise<CloudfrontSignedCookiesOutput>")]
    pub fn get_signed_cookies(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Promise {
        self.sign_then(Signing::prepare(options, true))
    }

    /// Signs a URL synchronously (the host's crypto, or Rust in the full build).
    #[wasm_bindgen(js_name = getSignedUrlSync, unchecked_return_type = "string")]
    pub fn get_signed_url_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Result<JsValue, Error> {
        self.sign_now(Signing::prepare(options, false))
    }

    /// Signs cookies synchronously (the host's crypto, or Rust in the full build).
    #[wasm_bindgen(js_name = getSignedCookiesSync, unchecked_return_type = "CloudfrontSignedCookiesOutput")]
    pub fn get_signed_cookies_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Result<JsValue, Error> {
        self.sign_now(Signing::prepare(options, true))
    }

    /// Signs cookies for a policy (built from `{resource, dateLessThan, dateGreaterThan?,
    /// ipAddress?}`, or policy JSON signed as given): canned when the policy allows it (an exact
    /// URL, only an expiry), custom otherwise. Returns the finished `Set-Cookie` values with the
    /// attributes of `cookieOptions`, those deleting the stale CloudFront cookies at the same
    /// Domain and Path, the `Cookie` header, and the policy.
    #[wasm_bindgen(js_name = signCookies, unchecked_return_type = "Promise<SignedCookieHeaders>")]
    pub fn sign_cookies(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PolicyInput | string")] policy: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CookieOptions")] cookie_options: Option<
            JsValue,
        >,
    ) -> Promise {
        self.sign_then(Signing::set_cookies(policy, cookie_options))
    }

    /// `signCookies`, synchronously (the host's crypto, or Rust in the full build).
    #[wasm_bindgen(js_name = signCookiesSync, unchecked_return_type = "SignedCookieHeaders")]
    pub fn sign_cookies_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PolicyInput | string")] policy: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CookieOptions")] cookie_options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, Error> {
        self.sign_now(Signing::set_cookies(policy, cookie_options))
    }

    #[cfg(feature = "prefix")]
    /// Signs one custom policy (`{resource, dateLessThan | expires, dateGreaterThan?, ipAddress?}`) for every URL it covers: its parameters and `urlFor`.
    #[wasm_bindgen(js_name = signPrefix, unchecked_return_type = "Promise<SignedPrefix>")]
    pub fn sign_prefix(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PolicyInput")] policy: JsValue,
    ) -> Promise {
        self.sign_then(Signing::prefix(policy))
    }

    #[cfg(feature = "prefix")]
    /// `signPrefix`, synchronously (the host's crypto, or Rust in the full build).
    #[wasm_bindgen(js_name = signPrefixSync, unchecked_return_type = "SignedPrefix")]
    pub fn sign_prefix_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PolicyInput")] policy: JsValue,
    ) -> Result<JsValue, Error> {
        self.sign_now(Signing::prefix(policy))
    }
}

/// An ECDSA key that signs by RFC 6979 (`deterministic: true`): Rust's P-256, whatever the host
/// (WebCrypto and `node:crypto` sign with a random nonce). RSA (PKCS#1 v1.5) is deterministic
/// with any crypto. Rust's P-256 is in the full build only (the lite build would grow by its
/// arithmetic: see the CHANGELOG's measure).
#[cfg(feature = "rust-crypto")]
fn deterministic_key(pkcs8: &Pkcs8Der) -> Result<SyncKey, Error> {
    Ok(SyncKey::Rust(alloc::rc::Rc::new(
        cfsign::PrivateKey::from_pkcs8_der(pkcs8.der())?,
    )))
}

#[cfg(not(feature = "rust-crypto"))]
fn deterministic_key(_: &Pkcs8Der) -> Result<SyncKey, Error> {
    Err(Error::new(
        Code::Unsupported,
        "deterministic: true with an ECDSA key signs by RFC 6979 with Rust's P-256, which is in the full build only: import \"cfsign/full\" (RSA signatures are deterministic in every build)",
    ))
}

/// The error once `free()` was called.
fn freed() -> Error {
    Error::new(Code::InvalidOption, "this Signer was freed")
}
