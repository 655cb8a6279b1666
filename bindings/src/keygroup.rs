//! `KeyGroup`: the public keys CloudFront trusts, and the verifier as its methods. Everything but
//! the signature is decided in Rust ([`Pending`]); the signature is checked by the host's
//! synchronous crypto where there is one (`node:crypto`), else by Rust (the full build), and in
//! `verifyAsync` also by WebCrypto. Public keys are imported once per key (and hash, for
//! WebCrypto) and kept with the group.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::crypto::{no_sync_crypto, verify_sync, Imports};
use super::diagnose::check_async;
#[cfg(feature = "on-call")]
use super::diagnose::{diagnose_async, diagnose_sync};
use super::error::{Code, Error};
use super::js::{from_js, json_to_js, key_arg, string_arg, to_js, KeyArg};
use super::options::{VerifyOptions, VerifyRequest};
use super::webcrypto;
use cfsign::key::PublicKey;
#[cfg(feature = "on-call")]
use cfsign::verify::diagnose::Plan;
use cfsign::verify::Pending;

/// The public keys CloudFront trusts, by ID: parse them once, verify many requests.
#[wasm_bindgen]
pub struct KeyGroup {
    /// Shared with a `verifyAsync` still diagnosing.
    keys: Rc<RefCell<cfsign::KeyGroup>>,
    imports: Rc<RefCell<Imports>>,
    /// `free()` was called.
    freed: Cell<bool>,
}

#[wasm_bindgen]
impl KeyGroup {
    /// An empty key group.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> KeyGroup {
        KeyGroup {
            keys: Rc::new(RefCell::new(cfsign::KeyGroup::new())),
            imports: Rc::new(RefCell::new(Vec::new())),
            freed: Cell::new(false),
        }
    }

    /// Drops the keys at once; every later call throws `invalid_option`. (wasm-bindgen's own
    /// `free()`, which this replaces, left a pointer that made every later call throw from inside
    /// the WebAssembly, leaking its stack: a thousand calls broke the instance. The object itself
    /// is freed when it is garbage-collected.)
    pub fn free(&self) {
        self.freed.set(true);
        *self.keys.borrow_mut() = cfsign::KeyGroup::new();
        self.forget_imports();
    }

    /// An error once `free()` was called.
    fn live(&self) -> Result<(), Error> {
        if self.freed.get() {
            return Err(Error::new(Code::InvalidOption, "this KeyGroup was freed"));
        }
        Ok(())
    }

    /// Adds (or replaces) a public key: its ID and SPKI PEM (`BEGIN PUBLIC KEY`), as text or
    /// bytes, or SPKI DER bytes.
    pub fn add(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] pem: JsValue,
    ) -> Result<(), Error> {
        self.live()?;
        let id = string_arg(&id, "id")?;
        let pem = key_arg(&pem, "the public key")?;
        if id.is_empty() {
            return Err(Error::new(Code::InvalidOption, "a key ID is required"));
        }
        // A CloudFront key ID, so that the messages below can name it (never a key pasted into
        // the wrong argument).
        cfsign::sign::check_key_pair_id(&id)?;
        let key = match &pem {
            KeyArg::Pem(pem) => PublicKey::from_pem(pem),
            KeyArg::Der(der) => PublicKey::from_spki_der(der),
        }
        .map_err(|e| Error::from(e).context(&["public key ", &id]))?;
        self.keys.borrow_mut().insert(&id, key);
        self.forget_imports();
        Ok(())
    }

    /// Removes a key; whether it was there.
    pub fn remove(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<bool, Error> {
        self.live()?;
        let id = string_arg(&id, "id")?;
        self.forget_imports();
        Ok(self.keys.borrow_mut().remove(&id))
    }

    /// The key IDs.
    #[wasm_bindgen(getter, unchecked_return_type = "string[]")]
    pub fn ids(&self) -> Result<JsValue, Error> {
        self.live()?;
        to_js(&self.keys.borrow().ids())
    }

    /// The number of keys.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> Result<usize, Error> {
        self.live()?;
        Ok(self.keys.borrow().len())
    }

    /// Decides as CloudFront would whether `url` (with `options.cookies`) is allowed, and why not.
    #[wasm_bindgen(unchecked_return_type = "Verdict")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, Error> {
        self.decide(&url, options)?.map_err(|_| no_sync_crypto())
    }

    /// Like `verify`, with the signature checked by the host's WebCrypto when it has one; falls
    /// back to Rust otherwise. Same verdicts.
    #[wasm_bindgen(js_name = verifyAsync, unchecked_return_type = "Promise<Verdict>")]
    pub fn verify_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "VerifyOptions")] options: Option<JsValue>,
    ) -> Promise {
        match self.decide(&url, options) {
            Ok(Ok(verdict)) => Promise::resolve(&verdict),
            Ok(Err((pending, request))) => self.verify_native(pending, request),
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// `verify` and `verifyAsync`'s one path: the verdict, with the signature checked
    /// synchronously (or none to check) and a bad one diagnosed with `diagnose: true`, else
    /// the decision pending on a signature that only WebCrypto can check.
    fn decide(&self, url: &JsValue, options: Option<JsValue>) -> Result<Decided, Error> {
        self.live()?;
        let url = string_arg(url, "url")?;
        let request = read_options(options)?;
        let pending = Pending::new(&request.for_url(&url), &self.keys.borrow());
        let valid = match pending.signature_check() {
            None => None,
            Some(check) => match verify_sync(&check, &self.imports) {
                Some(v) => Some(v),
                None => return Ok(Err((pending, request))),
            },
        };
        #[cfg_attr(not(feature = "on-call"), allow(unused_mut))]
        let mut verdict = pending.finish(valid);
        #[cfg(feature = "on-call")]
        if request.diagnose {
            let keys = self.keys.borrow();
            diagnose_sync(&mut verdict, &keys, &request.hints(), &self.imports);
        }
        json_to_js(&verdict.to_json()).map(Ok)
    }

    fn forget_imports(&self) {
        self.imports.borrow_mut().clear();
    }

    /// The verdict of `pending` with its signature checked by WebCrypto (its public key imported
    /// once per key and hash; `None`, denied, if WebCrypto cannot tell), and a bad one diagnosed
    /// with `diagnose: true`.
    fn verify_native(&self, pending: Pending, request: VerifyRequest) -> Promise {
        let Some(check) = pending.signature_check() else {
            return Promise::resolve(&JsValue::UNDEFINED);
        };
        let checked = check_async(&check, &self.imports);
        let keys = Rc::clone(&self.keys);
        let imports = Rc::clone(&self.imports);
        webcrypto::then(
            &checked,
            Box::new(move |valid| {
                let verdict = pending.finish(valid.and_then(|v| v.as_bool()));
                #[cfg(feature = "on-call")]
                {
                    let plan = match request.diagnose {
                        true => Plan::new(&verdict, &keys.borrow(), &request.hints()),
                        false => None,
                    };
                    Ok(diagnose_async(verdict, plan, imports, 0))
                }
                #[cfg(not(feature = "on-call"))]
                {
                    let _ = (request, keys, imports);
                    json_to_js(&verdict.to_json()).map_err(JsValue::from)
                }
            }),
        )
    }
}

/// A verdict as JS, or a request whose signature only WebCrypto can check.
type Decided = Result<JsValue, (Pending, VerifyRequest)>;

fn read_options(options: Option<JsValue>) -> Result<VerifyRequest, Error> {
    // `undefined` and `null` are no options.
    from_js::<VerifyOptions>(&options.unwrap_or(JsValue::UNDEFINED))?.request()
}
