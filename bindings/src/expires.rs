//! `expires: {in, roundTo?, now?}`: a cache-stable expiry, the core's rule
//! (`cfsign::time::expires_in`), as the `dateLessThan` of `getSignedUrl`, `getSignedCookies`,
//! a `Signer`'s methods, `signCookies`' policy and `signPrefix`'s.

use alloc::string::String;

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::error::{Code, Error};
use super::js::{caught_get, from_js, millis, name};
use js_sys::Date;

/// `expires`' fields: `in` and `roundTo` in the duration grammar (`"1h"`, `"5m"`), `now` a
/// `DateLike` (default: the clock).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExpiresInput {
    #[serde(default, rename = "in")]
    lifetime: Option<String>,
    #[serde(default)]
    round_to: Option<String>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    now: JsValue,
}

/// When the options object carries `expires`, the `dateLessThan` it computes (milliseconds, as a
/// `DateLike`), in place of `date_less_than`, which must then be absent. `expires` is read here,
/// once, from the caller's object (the options' plain copy turns objects into dates), and its
/// own fields through the same plain copy as every options object.
pub(crate) fn resolve(options: &JsValue, date_less_than: &mut JsValue) -> Result<(), Error> {
    if !options.is_object() {
        return Ok(());
    }
    let expires = caught_get(options, name("expires"))
        .map_err(|_| Error::option("expires", "could not be read (a getter or Proxy threw)"))?;
    if expires.is_undefined() || expires.is_null() {
        return Ok(());
    }
    if !(date_less_than.is_undefined() || date_less_than.is_null()) {
        return Err(Error::option(
            "expires",
            "cannot be given with dateLessThan: give one of them",
        ));
    }
    if !expires.is_object() {
        return Err(Error::option(
            "expires",
            "must be an object such as {in: \"1h\", roundTo: \"5m\"}",
        ));
    }
    let seconds = expiry(&expires)?;
    *date_less_than = JsValue::from_f64(seconds as f64 * 1000.0);
    Ok(())
}

/// The expiry (epoch seconds) an `expires` object names: the core's rule.
fn expiry(expires: &JsValue) -> Result<u64, Error> {
    let input: ExpiresInput = from_js(expires).map_err(|e| e.context(&["expires"]))?;
    let lifetime = input
        .lifetime
        .as_deref()
        .ok_or_else(|| Error::option("expires.in", "is required (a duration such as \"1h\")"))?;
    let now = request_time(&input.now)?;
    cfsign::time::expires_in(now, lifetime, input.round_to.as_deref())
        .map_err(|e| Error::new(Code::InvalidDate, format_args!("expires: {e}")))
}

/// `expiresIn({in, roundTo?, now?})`: the expiry (Unix seconds) that `expires` gives
/// `getSignedUrl` and the others, without signing anything: what a caller that keys a cache on
/// the expiry (cfsign/edge's signed playlists) needs. Throws as `expires` does (`invalid_date`,
/// `invalid_option`).
#[wasm_bindgen(js_name = expiresIn)]
pub fn expires_in(
    #[wasm_bindgen(unchecked_param_type = "ExpiresIn")] expires: JsValue,
) -> Result<f64, Error> {
    if !expires.is_object() {
        return Err(Error::option(
            "expires",
            "must be an object such as {in: \"1h\", roundTo: \"5m\"}",
        ));
    }
    Ok(expiry(&expires)? as f64)
}

/// `now` as a request time (a Date, a date string or milliseconds; the clock's when absent), in
/// epoch seconds.
pub(crate) fn request_time(now: &JsValue) -> Result<u64, Error> {
    let now_ms = if now.is_undefined() || now.is_null() {
        Date::now()
    } else {
        millis(now)
    };
    if now_ms.is_nan() || now_ms < 0.0 {
        return Err(Error::new(
            Code::InvalidDate,
            "now must be a Date, a date string or milliseconds since 1970",
        ));
    }
    Ok((now_ms / 1000.0) as u64)
}
