//! `Signer`: a key parsed once. It signs with the host's synchronous crypto where there is one
//! (`node:crypto`: the fastest), else `await Signer.create(...)` imports it into WebCrypto, else
//! Rust signs (the full build). What is signed, and how it is encoded, comes from the core
//! either way.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::convert::{from_js, to_js, PolicyInput, SignInput, SignerOptions};
use super::error::Error;
use super::host::host;
use super::keys::{pkcs8_from_pem, SyncKey};
use super::webcrypto;
use crate::js_sdk::Prepared;
use crate::key::{HashAlgorithm, KeyKind, Pkcs8Der};
use crate::policy::PolicyDocument;
use crate::sign::{CookieOptions, SignedCookies};

/// A key parsed once. `await Signer.create(...)` signs with the host's WebCrypto when it has one.
#[wasm_bindgen]
pub struct Signer {
    key_pair_id: String,
    kind: KeyKind,
    hash: HashAlgorithm,
    /// The WebCrypto `CryptoKey`, when imported.
    webcrypto: Option<JsValue>,
    /// The checked key in PKCS#8.
    pkcs8: Pkcs8Der,
    /// The key for synchronous signing: the host's, or Rust's (loaded on first use).
    sync: RefCell<Option<SyncKey>>,
}

/// What `signCookies` returns.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SignedCookieHeaders<'a> {
    set_cookie: Vec<String>,
    clear_stale: Vec<String>,
    cookie: String,
    policy: &'a str,
}

/// What `signCookies` signs: a policy built from options, or policy JSON signed as given.
enum CookiePolicy {
    Built(crate::Policy),
    Json(String),
}

impl CookiePolicy {
    fn read(value: JsValue) -> Result<Self, Error> {
        match value.as_string() {
            Some(json) => {
                PolicyDocument::parse_for_signing(json.as_bytes())?;
                Ok(Self::Json(json))
            }
            None => Ok(Self::Built(from_js::<PolicyInput>(value)?.policy()?)),
        }
    }

    fn message(&self) -> Vec<u8> {
        match self {
            Self::Built(p) => p.to_json().into_bytes(),
            Self::Json(json) => json.as_bytes().to_vec(),
        }
    }
}

#[wasm_bindgen]
impl Signer {
    /// Parses the key once: with the host's synchronous crypto where there is one, else (unless
    /// `native: false`) imported into WebCrypto, else for Rust.
    pub async fn create(
        #[wasm_bindgen(unchecked_param_type = "SignerOptions")] options: JsValue,
    ) -> Result<Signer, Error> {
        let parsed: SignerOptions = from_js(options)?;
        let mut signer = Self::from_options(&parsed)?;
        if parsed.native != Some(false) && signer.sync.borrow().is_none() {
            // A host that has WebCrypto but refuses the key or algorithm: keep the Rust path.
            signer.webcrypto = webcrypto::import(
                "pkcs8",
                signer.pkcs8.der(),
                signer.kind,
                signer.hash,
                "sign",
            )
            .await;
        }
        Ok(signer)
    }

    /// Parses the key for synchronous signing only: the host's crypto, or Rust (the full build).
    #[wasm_bindgen(js_name = createSync)]
    pub fn create_sync(
        #[wasm_bindgen(unchecked_param_type = "SignerOptions")] options: JsValue,
    ) -> Result<Signer, Error> {
        Self::from_options(&from_js(options)?)
    }

    /// Reads the key: with the host's crypto when there is one (which decrypts it), else in Rust.
    fn from_options(options: &SignerOptions) -> Result<Signer, Error> {
        let key_pair_id = options.key_pair_id()?.to_string();
        let pem = options.pem()?;
        let (pkcs8, sync) = match host() {
            Some(host) => {
                let (handle, pkcs8) = host
                    .private_key(&pem, options.passphrase())
                    .map_err(|e| e.context("privateKey"))?;
                (pkcs8, Some(SyncKey::Host(host, handle)))
            }
            None => (pkcs8_from_pem(&pem, options.passphrase())?, None),
        };
        let kind = pkcs8.kind();
        Ok(Signer {
            key_pair_id,
            kind,
            hash: options.hash()?.unwrap_or(kind.default_hash()),
            webcrypto: None,
            pkcs8,
            sync: RefCell::new(sync),
        })
    }

    /// Whether signatures are made by the host's own crypto (`node:crypto` or WebCrypto).
    #[wasm_bindgen(getter)]
    pub fn native(&self) -> bool {
        self.webcrypto.is_some() || matches!(*self.sync.borrow(), Some(SyncKey::Host(..)))
    }

    /// `"RSA"` or `"ECDSA P-256"`.
    #[wasm_bindgen(getter, js_name = keyType)]
    pub fn key_type(&self) -> String {
        self.kind.to_string()
    }

    /// The key ID.
    #[wasm_bindgen(getter, js_name = keyPairId)]
    pub fn key_pair_id(&self) -> String {
        self.key_pair_id.clone()
    }

    /// `"SHA1"` or `"SHA256"`.
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> String {
        self.hash.as_str().to_string()
    }

    /// Signs synchronously: the host's crypto, else Rust (loaded on first use).
    fn sign_sync(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let key = {
            let mut slot = self.sync.borrow_mut();
            match slot.as_ref() {
                Some(k) => k.clone(),
                None => {
                    let k = SyncKey::from_pkcs8(&self.pkcs8)?;
                    *slot = Some(k.clone());
                    k
                }
            }
        };
        key.sign(self.hash, message)
    }

    async fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        let has_sync = self.sync.borrow().is_some();
        match (&self.webcrypto, has_sync) {
            (Some(key), false) => webcrypto::sign(key, self.kind, self.hash, message)
                .await
                .ok_or_else(|| {
                    Error::new(super::error::Code::SigningFailed, "WebCrypto could not sign")
                }),
            _ => self.sign_sync(message),
        }
    }

    fn url(&self, prepared: &Prepared, signature: &[u8]) -> Result<String, Error> {
        Ok(prepared.signed_url(&self.key_pair_id, signature, self.hash)?)
    }

    fn cookies(&self, prepared: &Prepared, signature: &[u8]) -> Result<JsValue, Error> {
        to_js(&prepared.cookies(&self.key_pair_id, signature, self.hash))
    }

    fn set_cookies(
        &self,
        policy: &CookiePolicy,
        signature: &[u8],
        options: JsValue,
    ) -> Result<JsValue, Error> {
        let cookies = match policy {
            CookiePolicy::Built(p) => {
                SignedCookies::for_signature(p, &self.key_pair_id, self.hash, signature)
            }
            CookiePolicy::Json(json) => SignedCookies::for_policy_json_signature(
                json,
                &self.key_pair_id,
                self.hash,
                signature,
            ),
        };
        let options: CookieOptions = if options.is_undefined() || options.is_null() {
            CookieOptions::default()
        } else {
            from_js(options)?
        };
        to_js(&SignedCookieHeaders {
            set_cookie: cookies.set_cookie_headers(&options)?,
            clear_stale: cookies.stale_cookie_headers(&options)?,
            cookie: cookies.cookie_header(),
            policy: cookies.policy_json(),
        })
    }

    /// Signs a URL (options as `getSignedUrl`, without the key): same bytes as the drop-in.
    #[wasm_bindgen(js_name = getSignedUrl)]
    pub async fn get_signed_url(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Result<String, Error> {
        let prepared = Prepared::for_url(&from_js::<SignInput>(options)?.js_sdk())?;
        let signature = self.sign(prepared.message()).await?;
        self.url(&prepared, &signature)
    }

    /// Signs cookies (options as `getSignedCookies`, without the key).
    #[wasm_bindgen(js_name = getSignedCookies, unchecked_return_type = "CloudfrontSignedCookiesOutput")]
    pub async fn get_signed_cookies(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Result<JsValue, Error> {
        let prepared = Prepared::for_cookies(&from_js::<SignInput>(options)?.js_sdk())?;
        let signature = self.sign(prepared.message()).await?;
        self.cookies(&prepared, &signature)
    }

    /// Signs a URL synchronously (the host's crypto, or Rust in the full build).
    #[wasm_bindgen(js_name = getSignedUrlSync)]
    pub fn get_signed_url_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Result<String, Error> {
        let prepared = Prepared::for_url(&from_js::<SignInput>(options)?.js_sdk())?;
        self.url(&prepared, &self.sign_sync(prepared.message())?)
    }

    /// Signs cookies synchronously (the host's crypto, or Rust in the full build).
    #[wasm_bindgen(js_name = getSignedCookiesSync, unchecked_return_type = "CloudfrontSignedCookiesOutput")]
    pub fn get_signed_cookies_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignerSignInput")] options: JsValue,
    ) -> Result<JsValue, Error> {
        let prepared = Prepared::for_cookies(&from_js::<SignInput>(options)?.js_sdk())?;
        self.cookies(&prepared, &self.sign_sync(prepared.message())?)
    }

    /// Signs cookies for a policy (built from `{resource, dateLessThan, dateGreaterThan?,
    /// ipAddress?}`, or policy JSON signed as given): canned when the policy allows it (an exact
    /// URL, only an expiry), custom otherwise. Returns the finished `Set-Cookie` values with the
    /// attributes of `cookieOptions`, those deleting the stale CloudFront cookies at the same
    /// Domain and Path, the `Cookie` header, and the policy.
    #[wasm_bindgen(js_name = signCookies, unchecked_return_type = "SignedCookieHeaders")]
    pub async fn sign_cookies(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PolicyInput | string")] policy: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CookieOptions | undefined")] cookie_options: JsValue,
    ) -> Result<JsValue, Error> {
        let policy = CookiePolicy::read(policy)?;
        let signature = self.sign(&policy.message()).await?;
        self.set_cookies(&policy, &signature, cookie_options)
    }

    /// `signCookies`, synchronously (the host's crypto, or Rust in the full build).
    #[wasm_bindgen(js_name = signCookiesSync, unchecked_return_type = "SignedCookieHeaders")]
    pub fn sign_cookies_sync(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PolicyInput | string")] policy: JsValue,
        #[wasm_bindgen(unchecked_param_type = "CookieOptions | undefined")] cookie_options: JsValue,
    ) -> Result<JsValue, Error> {
        let policy = CookiePolicy::read(policy)?;
        let signature = self.sign_sync(&policy.message())?;
        self.set_cookies(&policy, &signature, cookie_options)
    }
}
