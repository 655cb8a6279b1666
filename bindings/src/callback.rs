//! A `sign` callback instead of a private key: `sign: (data: Uint8Array) => Uint8Array |
//! Promise<Uint8Array>` (a key in AWS KMS, an HSM). The core prepares the bytes, the callback signs
//! them, the core checks the signature ([`cfsign::sign::check_signature`]) and finishes. The result
//! is always a promise.
//!
//! The callback may throw, reject, return junk or never settle: each is an error with a stable
//! `code` (`signer_failed` with the callback's own message, `invalid_signature`, `signer_timeout`),
//! never a URL CloudFront refuses. Promise callbacks, as in [`super::webcrypto`]: no executor.

use alloc::boxed::Box;
use alloc::string::String;

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::error::{Code, Error};
use super::js::{bytes_of, caught_get, from_js};
use super::signing::Signing;
use super::webcrypto::global;
use cfsign::key::{HashAlgorithm, KeyKind};
use cfsign::sign::{check_signature, check_signature_form};

/// The default `signTimeout`: 10 seconds.
const DEFAULT_TIMEOUT_MS: f64 = 10_000.0;
/// `setTimeout`'s largest delay.
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;
/// The most of a callback's error message that is kept.
const MAX_MESSAGE_CHARS: usize = 300;

/// The options that go with `sign`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CallbackOptions {
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    key_type: Option<String>,
    #[serde(default)]
    sign_timeout: Option<f64>,
}

/// A `sign` callback, its key type (when given) and hash, and its timeout.
#[derive(Clone)]
pub(crate) struct Callback {
    function: Function,
    kind: Option<KeyKind>,
    pub(crate) hash: HashAlgorithm,
    timeout_ms: f64,
}

impl Callback {
    /// The `sign` option of `options`, with `algorithm` (required), `keyType` and `signTimeout`;
    /// `None` without `sign`. `privateKey` with `sign` is refused.
    pub(crate) fn read(options: &JsValue) -> Result<Option<Self>, Error> {
        if !options.is_object() {
            return Ok(None);
        }
        let get = |name: &str| {
            caught_get(options, &name.into())
                .map_err(|_| Error::option(name, "could not be read (a getter or Proxy threw)"))
        };
        let sign = get("sign")?;
        if sign.is_undefined() {
            return Ok(None);
        }
        let Some(function) = sign.dyn_ref::<Function>() else {
            return Err(Error::option(
                "sign",
                "must be a function (data: Uint8Array) => Uint8Array | Promise<Uint8Array>",
            ));
        };
        if !get("privateKey")?.is_undefined() {
            return Err(Error::option(
                "privateKey",
                "cannot be given with sign: the callback signs",
            ));
        }
        let options = from_js::<CallbackOptions>(options)?;
        let hash = match options.algorithm.as_deref() {
            Some("SHA1") => HashAlgorithm::Sha1,
            Some("SHA256") => HashAlgorithm::Sha256,
            Some(_) => {
                return Err(Error::option(
                    "algorithm",
                    "is neither \"SHA1\" nor \"SHA256\"",
                ))
            }
            None => {
                return Err(Error::option(
                    "algorithm",
                    "is required with sign: \"SHA256\" (what AWS KMS signs with) or \"SHA1\"",
                ))
            }
        };
        let kind = match options.key_type.as_deref() {
            None => None,
            Some("RSA") => Some(KeyKind::Rsa),
            Some("ECDSA") => Some(KeyKind::EcdsaP256),
            Some(_) => return Err(Error::option("keyType", "is neither \"RSA\" nor \"ECDSA\"")),
        };
        let timeout_ms = options.sign_timeout.unwrap_or(DEFAULT_TIMEOUT_MS);
        if !(timeout_ms > 0.0 && timeout_ms <= MAX_TIMEOUT_MS) {
            return Err(Error::option(
                "signTimeout",
                "must be a number of milliseconds from 1 to 2147483647",
            ));
        }
        Ok(Some(Self {
            function: function.clone(),
            kind,
            hash,
            timeout_ms,
        }))
    }

    /// `"RSA"`, `"ECDSA P-256"`, or `undefined` when `keyType` was not given.
    pub(crate) fn key_type(&self) -> JsValue {
        self.kind.map_or(JsValue::UNDEFINED, |k| {
            JsValue::from_str(&alloc::format!("{k}"))
        })
    }

    /// Calls the callback with the bytes of `signing`, waits (at most the timeout), checks the
    /// signature and finishes: a promise of the result.
    pub(crate) fn sign(&self, signing: Signing, key_pair_id: String) -> Promise {
        let message = Uint8Array::from(&*signing.message());
        let called = match self.function.call1(&JsValue::UNDEFINED, &message) {
            Ok(value) => value,
            Err(thrown) => return Promise::reject(&failed(&thrown).into()),
        };
        let (kind, hash) = (self.kind, self.hash);
        // Whole milliseconds, written as an integer: formatting an `f64` would link core's float
        // printing (about 10 KB of the lite .wasm gzipped).
        let ms = self.timeout_ms as u32;
        let timeout = Error::new(
            Code::SignerTimeout,
            format_args!("the sign callback did not settle within {ms} ms (signTimeout)"),
        );
        let timeout: JsValue = timeout.into();
        let (raced, timer) = race(&called, &timeout, self.timeout_ms);
        let next = Box::new(move |settled: Settled| {
            clear_timer(&timer);
            let signature = match settled {
                Settled::Fulfilled(value) => bytes_of(&value).ok_or_else(|| {
                    Error::new(
                        Code::InvalidSignature,
                        "the sign callback returned something other than a Uint8Array (or Buffer, ArrayBuffer)",
                    )
                })?,
                Settled::Rejected(reason) if reason == timeout => return Err(reason),
                Settled::Rejected(reason) => return Err(failed(&reason).into()),
            };
            match kind {
                Some(kind) => check_signature(kind, 256, &signature),
                None => check_signature_form(&signature).map(|_| ()),
            }
            .map_err(Error::from)?;
            signing
                .finish(&key_pair_id, hash, &signature)
                .map_err(JsValue::from)
        });
        settle(&raced, next)
    }
}

/// How a promise settled.
enum Settled {
    Fulfilled(JsValue),
    Rejected(JsValue),
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = Promise)]
    type Settling;
    #[wasm_bindgen(static_method_of = Settling, js_class = "Promise", js_name = resolve)]
    fn adopt(value: &JsValue) -> Settling;
    #[wasm_bindgen(static_method_of = Settling, js_class = "Promise", js_name = race)]
    fn race_of(values: &Array) -> Settling;
    #[wasm_bindgen(method, js_class = "Promise", js_name = then)]
    fn then_with(this: &Settling, on_fulfilled: &JsValue, on_rejected: &JsValue) -> Settling;
}

/// `Promise.race([value, a timer rejecting with `timeout` after `ms`])`, and the timer's handle.
fn race(value: &JsValue, timeout: &JsValue, ms: f64) -> (Settling, JsValue) {
    let mut timer = JsValue::UNDEFINED;
    let set_timeout = Reflect::get(&global(), &"setTimeout".into()).unwrap_or_default();
    let timed = Promise::new(&mut |_, reject| {
        if let Some(set) = set_timeout.dyn_ref::<Function>() {
            // `setTimeout(reject, ms, timeout)`: no closure of ours to keep alive.
            let args = Array::of3(&reject, &ms.into(), timeout);
            timer = set.apply(&JsValue::UNDEFINED, &args).unwrap_or_default();
        }
    });
    (
        Settling::race_of(&Array::of2(&Settling::adopt(value), &timed)),
        timer,
    )
}

/// `clearTimeout(timer)`, so that a settled callback keeps no timer (nor Node's event loop) alive.
fn clear_timer(timer: &JsValue) {
    if let Ok(clear) = Reflect::get(&global(), &"clearTimeout".into()) {
        if let Some(clear) = clear.dyn_ref::<Function>() {
            let _ = clear.call1(&JsValue::UNDEFINED, timer);
        }
    }
}

/// `promise`, settled, handed to `next` once: `.then(Array.of, Array.of.bind(null, undefined))`
/// makes either outcome a fulfilled array (`[value]`, or `[undefined, reason]`), so that one
/// callback of ours runs exactly once and frees itself.
fn settle(
    promise: &Settling,
    next: Box<dyn FnOnce(Settled) -> Result<JsValue, JsValue>>,
) -> Promise {
    let array = Reflect::get(&global(), &"Array".into()).unwrap_or_default();
    let of = Reflect::get(&array, &"of".into()).unwrap_or_default();
    let of: Function = of.unchecked_into();
    let rejected = of.bind1(&JsValue::NULL, &JsValue::UNDEFINED);
    let tagged = promise.then_with(&of, &rejected);
    let callback = Closure::once_into_js(move |pair: JsValue| {
        let pair: Array = pair.unchecked_into();
        next(if pair.length() == 2 {
            Settled::Rejected(pair.get(1))
        } else {
            Settled::Fulfilled(pair.get(0))
        })
    });
    tagged
        .then_with(&callback, &JsValue::UNDEFINED)
        .unchecked_into()
}

/// `signer_failed`, with what the callback threw or rejected with: its `message` (or the string
/// it threw), cut to 300 characters. Nothing else of it is read.
fn failed(reason: &JsValue) -> Error {
    let message = if reason.is_object() {
        caught_get(reason, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
    } else {
        reason.as_string()
    };
    let message = message.filter(|m| !m.is_empty());
    let said = message.as_deref().unwrap_or("(no message)");
    let end = said
        .char_indices()
        .nth(MAX_MESSAGE_CHARS)
        .map_or(said.len(), |(i, _)| i);
    let (shown, rest) = said.split_at_checked(end).unwrap_or((said, ""));
    let more = if rest.is_empty() { "" } else { "…" };
    Error::new(
        Code::SignerFailed,
        format_args!("the sign callback failed: {shown}{more}"),
    )
}
