//! A signature checked by WebCrypto ([`check_async`], `verifyAsync`'s), and the diagnosis of a bad
//! signature in JS (feature `on-call`, the full build only): the core's `Plan` of checks, each
//! run by the host's synchronous crypto (`verify`) or one after the other by WebCrypto
//! (`verifyAsync`), stopping at the first that verifies.

use alloc::boxed::Box;
use alloc::rc::Rc;
use core::cell::RefCell;

use js_sys::Promise;
use wasm_bindgen::JsValue;

#[cfg(feature = "on-call")]
use super::crypto::verify_sync;
use super::crypto::{imported, Imports};
#[cfg(feature = "on-call")]
use super::js::json_to_js;
use super::webcrypto;
#[cfg(feature = "on-call")]
use cfsign::verify::diagnose::{Hints, Plan};
use cfsign::verify::SignatureCheck;
#[cfg(feature = "on-call")]
use cfsign::verify::Verdict;

/// `verdict` with its bad signature diagnosed by synchronous crypto (nothing for a verdict
/// without one).
#[cfg(feature = "on-call")]
pub(crate) fn diagnose_sync(
    verdict: &mut Verdict,
    keys: &cfsign::KeyGroup,
    hints: &Hints<'_>,
    imports: &RefCell<Imports>,
) {
    if let Some(plan) = Plan::new(verdict, keys, hints) {
        let diagnosis = plan.run(|check| verify_sync(check, imports));
        verdict.set_diagnosis(diagnosis);
    }
}

/// A promise of `verdict`'s JSON (as JS), with its bad signature diagnosed by WebCrypto if it has
/// one: the checks from `i` on, one after the other.
#[cfg(feature = "on-call")]
pub(crate) fn diagnose_async(
    verdict: Verdict,
    plan: Option<Plan>,
    imports: Rc<RefCell<Imports>>,
    i: usize,
) -> JsValue {
    let done = |verdict: &Verdict| match json_to_js(&verdict.to_json()) {
        Ok(json) => Promise::resolve(&json).into(),
        Err(e) => Promise::reject(&e.into()).into(),
    };
    let Some(plan) = plan else {
        return done(&verdict);
    };
    let Some(check) = plan.check(i) else {
        let mut verdict = verdict;
        verdict.set_diagnosis(plan.conclude(None, i));
        return done(&verdict);
    };
    let checked = check_async(&check, &imports);
    webcrypto::then(
        &checked,
        Box::new(move |valid| {
            if valid.and_then(|v| v.as_bool()) == Some(true) {
                let mut verdict = verdict;
                verdict.set_diagnosis(plan.conclude(Some(i), i + 1));
                return json_to_js(&verdict.to_json()).map_err(JsValue::from);
            }
            Ok(diagnose_async(verdict, Some(plan), imports, i + 1))
        }),
    )
    .into()
}

/// `check` by WebCrypto, its public key imported once per key and hash into `imports`: a promise
/// of `true` or `false`, or of `undefined` where WebCrypto cannot tell.
pub(crate) fn check_async(check: &SignatureCheck<'_>, imports: &Rc<RefCell<Imports>>) -> JsValue {
    let (kind, hash) = (check.key.kind(), check.hash);
    let (signature, message) = (check.signature.to_vec(), check.message.to_vec());
    let Ok(spki) = check.key.to_spki_der() else {
        return Promise::resolve(&JsValue::UNDEFINED).into();
    };
    let verify = move |key: &JsValue| webcrypto::verify(key, kind, hash, &signature, &message);
    match imported(imports, &spki, Some(hash)) {
        Some(key) => verify(&key),
        None => {
            let native = Rc::clone(imports);
            let import = webcrypto::import("spki", &spki, kind, hash, "verify");
            webcrypto::then(
                &import,
                Box::new(move |key| {
                    let Some(key) = key else {
                        return Ok(JsValue::UNDEFINED);
                    };
                    let mut native = native.borrow_mut();
                    if !native
                        .iter()
                        .any(|(der, h, _)| *der == spki && *h == Some(hash))
                    {
                        native.push((spki, Some(hash), key.clone()));
                    }
                    Ok(verify(&key))
                }),
            )
            .into()
        }
    }
}
