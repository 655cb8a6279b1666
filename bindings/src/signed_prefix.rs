//! `SignedPrefix`, what `signPrefix` (the function, and a `Signer`'s method) returns: one custom
//! policy over a wildcard resource, signed once, and `urlFor` appending its parameters to every
//! object URL the policy covers. Every rule (which URLs are covered, how a relative path
//! resolves, what is refused) is the core's, [`cfsign::sign::SignedPrefix`]. A result type only:
//! it imports nothing of the signing, which makes it ([`super::signing`]).

use alloc::string::String;

use wasm_bindgen::prelude::*;

use super::error::{Code, Error};

/// A policy signed once for many objects: its parameters, and `urlFor`.
#[wasm_bindgen(js_name = SignedPrefix)]
pub struct JsSignedPrefix {
    inner: cfsign::SignedPrefix,
}

#[wasm_bindgen(js_class = SignedPrefix)]
impl JsSignedPrefix {
    /// The parameters as a query string, without `?` (`Policy=...&Signature=...&Key-Pair-Id=...`).
    #[wasm_bindgen(getter)]
    pub fn query(&self) -> String {
        self.inner.query().into()
    }

    /// The parameters by name, in the order of `query`.
    #[wasm_bindgen(getter, unchecked_return_type = "SignedPrefixParams")]
    pub fn params(&self) -> Result<JsValue, Error> {
        let object = js_sys::Object::new();
        for (name, value) in self.inner.params() {
            js_sys::Reflect::set(&object, &name.into(), &value.into()).map_err(|_| {
                Error::new(Code::InvalidOption, "the result has no JavaScript form")
            })?;
        }
        Ok(object.into())
    }

    /// The policy JSON that was signed.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> String {
        self.inner.policy_json().into()
    }

    /// The signed URL of `pathOrUrl` (an absolute URL, or a path relative to the resource's folder), or an
    /// error (`not_covered`, `unsafe_path`, `invalid_url`) when the policy does not cover it.
    #[wasm_bindgen(js_name = urlFor)]
    pub fn url_for(
        &self,
        #[wasm_bindgen(js_name = pathOrUrl)] path_or_url: JsValue,
    ) -> Result<String, Error> {
        let text = path_or_url
            .as_string()
            .ok_or_else(|| Error::option("pathOrUrl", "must be a string"))?;
        Ok(self.inner.url_for(&text)?)
    }
}

impl JsSignedPrefix {
    pub(crate) fn new(inner: cfsign::SignedPrefix) -> Self {
        Self { inner }
    }
}
