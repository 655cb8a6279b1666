//! `signPlaylist`: an HLS playlist or DASH manifest with one custom policy's signing parameters
//! on every entry its resource covers (`cfsign::playlist`'s rules; this converts arguments and
//! results).

use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::error::{Code, Error};
use super::js::{from_js, to_js, CaughtBytes};
use cfsign::playlist::{self, PlaylistError, PlaylistOptions, SignedQuery};

/// The options of `signPlaylist`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SignPlaylistOptions {
    base_url: Option<String>,
    signed_query: Option<String>,
    max_bytes: Option<u32>,
    list_signed: Option<bool>,
}

/// What `signPlaylist` returns.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignedPlaylist<'a> {
    text: &'a str,
    format: &'static str,
    rewritten: usize,
    resource: &'a str,
    date_less_than: u64,
    entries: Vec<Entry<'a>>,
    warnings: Vec<Warning>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    line: usize,
    kind: &'static str,
    uri: &'a str,
    url: Option<&'a str>,
    status: &'static str,
    reason: &'static str,
}

#[derive(Serialize)]
struct Warning {
    line: usize,
    code: &'static str,
}

/// Rewrites `playlist` (text, or its bytes) served at `options.baseUrl`, appending
/// `options.signedQuery` (the signing parameters of a custom policy, or a URL carrying them) to
/// every entry the policy's resource covers.
#[wasm_bindgen(js_name = signPlaylist, unchecked_return_type = "SignedPlaylist")]
pub fn sign_playlist(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] playlist: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SignPlaylistOptions")] options: JsValue,
) -> Result<JsValue, Error> {
    let o = from_js::<SignPlaylistOptions>(&options)?;
    let base_url = o
        .base_url
        .ok_or_else(|| Error::option("baseUrl", "is required"))?;
    let signed_query = o
        .signed_query
        .ok_or_else(|| Error::option("signedQuery", "is required"))?;
    let options = PlaylistOptions {
        max_bytes: o
            .max_bytes
            .map_or(playlist::DEFAULT_MAX_PLAYLIST_BYTES, |m| m as usize),
        list_signed: o.list_signed.unwrap_or(false),
    };
    let query = SignedQuery::parse(&signed_query).map_err(error)?;
    let bytes = playlist_bytes(&playlist, options.max_bytes)?;
    let signed =
        playlist::sign_playlist_with(&bytes, &base_url, &query, &options).map_err(error)?;
    to_js(&SignedPlaylist {
        text: &signed.text,
        format: signed.format.as_str(),
        rewritten: signed.rewritten,
        resource: query.resource(),
        date_less_than: query.date_less_than(),
        entries: signed
            .entries
            .iter()
            .map(|e| Entry {
                line: e.line,
                kind: e.kind,
                uri: &e.uri,
                url: e.url.as_deref(),
                status: e.status.code(),
                reason: e.status.explanation(),
            })
            .collect(),
        warnings: signed
            .warnings
            .iter()
            .map(|w| Warning {
                line: w.line,
                code: w.kind.code(),
            })
            .collect(),
    })
}

/// The playlist's bytes: a string's UTF-8, or a copy of a Uint8Array's. Over `max` (a string
/// whose UTF-16 length alone is over it, or bytes whose length is) it is refused before it is
/// copied into the WebAssembly memory.
fn playlist_bytes(value: &JsValue, max: usize) -> Result<Vec<u8>, Error> {
    let too_large = |bytes: usize| error(PlaylistError::TooLarge { bytes, max });
    if let Some(s) = value.dyn_ref::<js_sys::JsString>() {
        let units = s.length() as usize;
        if units > max {
            return Err(too_large(units));
        }
        return Ok(String::from(s).into_bytes());
    }
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        let length = bytes.length() as usize;
        if length > max {
            return Err(too_large(length));
        }
        // A copy made by `new Uint8Array(value)` (a getter on a subclass cannot throw through).
        let copy =
            CaughtBytes::new(value).map_err(|_| Error::option("playlist", "cannot be read"))?;
        return Ok(copy.unchecked_into::<js_sys::Uint8Array>().to_vec());
    }
    Err(Error::new(
        Code::InvalidOption,
        "playlist must be a string or a Uint8Array",
    ))
}

/// A playlist error as JS sees it: `invalid_playlist` for the playlist itself, `invalid_url` for
/// its URL, `invalid_option` for the signed query; `reason` is the core's code either way.
fn error(e: PlaylistError) -> Error {
    let code = match e {
        PlaylistError::BadBaseUrl => Code::InvalidUrl,
        PlaylistError::BadSignedQuery { .. } | PlaylistError::CannedPolicy => Code::InvalidOption,
        _ => Code::InvalidPlaylist,
    };
    Error::new(code, e).reason(e.code())
}
