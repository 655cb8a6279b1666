//! An expiry in the past, signed by the drop-in or a `Signer`: warned about once per module
//! instance (`console.warn`), unless `allowPast: true`; never refused. Refusing would change what
//! code written for `@aws-sdk/cloudfront-signer` gets, the SDK's own test vectors included (their
//! dates, such as 2026-01-01, are now past), while a URL that expired is harmless: CloudFront
//! refuses it, as it would the SDK's. The rule (the expiry against now) is the core's
//! ([`cfsign::js_sdk::Prepared::check_expiry`]); the clock is the host's.

use wasm_bindgen::prelude::*;

use super::local::Local;
use cfsign::js_sdk::Prepared;

#[wasm_bindgen]
extern "C" {
    /// `console.warn`, caught: a host may have replaced it with something that throws.
    #[wasm_bindgen(js_namespace = console, js_name = warn, catch)]
    fn console_warn(message: &str) -> Result<(), JsValue>;
}

/// Whether the warning was given.
static WARNED: Local<bool> = Local::new(false);

/// Warns once when `prepared` expires at or before now (the host's clock).
pub(crate) fn warn_once(prepared: &Prepared) {
    if WARNED.with(|w| *w.borrow()) {
        return;
    }
    let now = js_sys::Date::now() / 1000.0;
    if !now.is_finite() || now < 0.0 {
        return;
    }
    if let Err(e) = prepared.check_expiry(now as u64) {
        WARNED.with(|w| *w.borrow_mut() = true);
        let message = alloc::format!("cfsign [past_expiry]: {e} (this warning is given once)");
        let _ = console_warn(&message);
    }
}
