//! The URL side of signing: query strings, the signing parameters, and where they go.
//!
//! The signing parameters follow the URL's existing query string after `&`, or start one with
//! `?`; botocore (`_build_url`), the AWS CLI and the JS SDK all decide by whether the URL contains
//! a `?` at all, so a URL ending in `?` gets `?&Expires=...` from botocore and the AWS CLI (which
//! `cfsign` follows), while the JS SDK drops the empty query first.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// CloudFront's limit on the length of a request URL.
pub const MAX_URL_BYTES: usize = 8192;

/// The query parameters CloudFront reads as signing parameters.
pub const SIGNING_PARAMS: [&str; 5] = [
    "Expires",
    "Policy",
    "Signature",
    "Key-Pair-Id",
    "Hash-Algorithm",
];

/// The URL without its `#fragment`, and the fragment (without `#`) if there is one.
pub fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match url.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (url, None),
    }
}

/// The query string of `url` (after the first `?`, before any `#`), if it has one.
pub fn query(url: &str) -> Option<&str> {
    split_fragment(url).0.split_once('?').map(|(_, q)| q)
}

/// The `name=value` pairs of a query string, split on `&`, names and values left percent-encoded.
/// Empty pieces (`a=1&&b=2`) are skipped; a piece without `=` has an empty value.
pub fn query_pairs(query: &str) -> impl Iterator<Item = (&str, &str)> {
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| piece.split_once('=').unwrap_or((piece, "")))
}

/// The signing parameters `url` already carries (by percent-decoded name), in the order of
/// [`SIGNING_PARAMS`]. A URL that carries any cannot be signed again.
pub fn signing_params_present(url: &str) -> Vec<&'static str> {
    let Some(q) = query(url) else {
        return Vec::new();
    };
    let names: Vec<String> = query_pairs(q)
        .map(|(name, _)| percent_decode_lossy(name))
        .collect();
    SIGNING_PARAMS
        .iter()
        .copied()
        .filter(|p| names.iter().any(|n| n == p))
        .collect()
}

/// Appends `name=value` pairs to `url` after `&` if it already contains a `?`, else after `?`.
/// Names and values are written as given (the callers pass URL-safe text).
pub fn append_params(url: &str, params: &[(&str, &str)]) -> String {
    let extra: usize = params.iter().map(|(n, v)| n.len() + v.len() + 2).sum();
    let mut out = String::with_capacity(url.len() + extra);
    out.push_str(url);
    let mut separator = if url.contains('?') { '&' } else { '?' };
    for (name, value) in params {
        out.push(separator);
        out.push_str(name);
        out.push('=');
        out.push_str(value);
        separator = '&';
    }
    out
}

/// Percent-decodes `text` (`+` stays `+`); invalid escapes and invalid UTF-8 are kept or replaced
/// rather than refused.
pub fn percent_decode_lossy(text: &str) -> String {
    String::from_utf8_lossy(&percent_decode_bytes(text)).into_owned()
}

/// Percent-decodes `text` into bytes; a `%` not followed by two hex digits is kept as is.
pub fn percent_decode_bytes(text: &str) -> Vec<u8> {
    percent_decode(text, false).unwrap_or_default()
}

/// What `encodeURIComponent` leaves as it is, besides ASCII letters and digits.
const URI_COMPONENT_KEEP: &[u8] = b"-_.!~*'()";

/// `encodeURIComponent`: percent-encodes UTF-8 bytes except `A-Z a-z 0-9 - _ . ! ~ * ' ( )`.
pub fn encode_uri_component(text: &str) -> String {
    percent_encode_except(text, URI_COMPONENT_KEEP)
}

/// The AWS SDK's `extendedEncodeURIComponent`: `encodeURIComponent` that also escapes `! ' ( ) *`.
pub fn extended_encode_uri_component(text: &str) -> String {
    percent_encode_except(text, b"-_.~")
}

/// Percent-encodes every UTF-8 byte but ASCII letters, digits and `keep`.
fn percent_encode_except(text: &str, keep: &[u8]) -> String {
    let mut out = String::with_capacity(text.len());
    push_percent_encoded(&mut out, text, keep);
    out
}

/// Appends `text` with every UTF-8 byte but ASCII letters, digits and `keep` (all ASCII)
/// percent-encoded, in upper-case hex.
fn push_percent_encoded(out: &mut String, text: &str, keep: &[u8]) {
    push_escaped(out, text, &|b| {
        let plain = b.is_ascii_alphanumeric() || keep.contains(&b);
        (!plain).then_some(("%", Some(b"0123456789ABCDEF")))
    });
}

/// How [`push_escaped`] writes a byte: the text that replaces it, then, with a table of hex
/// digits, the byte in two of them.
pub(crate) type Escape = Option<(&'static str, Option<&'static [u8; 16]>)>;

/// Appends `text` with each byte for which `escape` gives a replacement (always an ASCII byte)
/// replaced: one loop for percent-encoding and JSON strings.
pub(crate) fn push_escaped(out: &mut String, text: &str, escape: &dyn Fn(u8) -> Escape) {
    // Runs of bytes kept are copied whole: every escaped byte is ASCII, so each run ends on a
    // character boundary.
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let Some((replacement, hex)) = escape(b) else {
            continue;
        };
        out.push_str(text.get(plain..i).unwrap_or_default());
        out.push_str(replacement);
        if let Some(hex) = hex {
            out.push(char::from(hex[usize::from(b >> 4)]));
            out.push(char::from(hex[usize::from(b & 15)]));
        }
        plain = i + 1;
    }
    out.push_str(text.get(plain..).unwrap_or_default());
}

/// `decodeURIComponent`: `None` where JavaScript throws (a `%` without two hex digits, or escapes
/// that do not form UTF-8).
pub fn decode_uri_component(text: &str) -> Option<String> {
    String::from_utf8(percent_decode(text, true)?).ok()
}

/// Percent-decodes `text` into bytes. A `%` not followed by two hex digits is kept as is, or
/// with `strict` makes it `None` (as `decodeURIComponent` throws).
fn percent_decode(text: &str, strict: bool) -> Option<Vec<u8>> {
    percent_decode_slice(text.as_bytes(), strict)
}

/// [`percent_decode`] of bytes (the result of an earlier decoding, which need not be UTF-8).
pub(crate) fn percent_decode_slice(bytes: &[u8], strict: bool) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let digit = |at: usize| bytes.get(at).copied().and_then(hex);
        let escaped = match (b, digit(i + 1), digit(i + 2)) {
            (b'%', Some(h), Some(l)) => Some(h << 4 | l),
            _ => None,
        };
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None if strict && b == b'%' => return None,
            None => {
                out.push(b);
                i += 1;
            }
        }
    }
    Some(out)
}

/// Encodes a URL exactly as `@aws-sdk/cloudfront-signer` 3.x (`encodeUrlPath`) does before
/// signing it: each path segment becomes `encodeURIComponent(decodeURIComponent(segment))` (or
/// `encodeURIComponent(segment)` when it does not decode), and each query key and value keeps its
/// `%XX` escapes (upper-cased) and `+` and has everything else `encodeURIComponent`-ed plus `'`.
/// Empty query pieces are dropped, a piece without `=` gets one, and an empty query loses its `?`.
/// A URL without `//`, or without a `/` after the host, is returned unchanged. A `#` is not treated
/// specially: the SDK encodes it into the path or query.
pub fn encode_like_js_sdk(url: &str) -> String {
    let Some(protocol_end) = url.find("//") else {
        return url.to_string();
    };
    let Some(path_start) = url[protocol_end + 2..]
        .find('/')
        .map(|i| i + protocol_end + 2)
    else {
        return url.to_string();
    };
    let (origin, rest) = url.split_at(path_start);
    let (raw_path, raw_query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    let mut out = String::with_capacity(url.len() * 2);
    out.push_str(origin);
    // Each segment between slashes, encoded (an empty one stays empty).
    for (i, segment) in raw_path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        // `encodeURIComponent(decodeURIComponent(segment))`, or of the segment when it does not
        // decode.
        let decoded = percent_decode(segment, true);
        let text = decoded
            .as_deref()
            .and_then(|d| core::str::from_utf8(d).ok());
        push_percent_encoded(&mut out, text.unwrap_or(segment), URI_COMPONENT_KEEP);
    }
    // No query and an empty one alike: no pairs.
    let pairs = raw_query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty());
    let mut separator = '?';
    for pair in pairs {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        out.push(separator);
        push_query_component(&mut out, k);
        out.push('=');
        push_query_component(&mut out, v);
        separator = '&';
    }
    out
}

/// Appends the JS SDK's `encodeQueryComponent`: `%XX` escapes kept (upper-cased), `+` kept, the
/// rest `encodeURIComponent`-ed with `'` as `%27`.
fn push_query_component(out: &mut String, component: &str) {
    // `encodeURIComponent` then `'` replaced by `%27`: `'` encoded like any other byte.
    const KEEP: &[u8] = b"-_.!~*()";
    let bytes = component.as_bytes();
    let mut plain_start = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let escape = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if escape || b == b'+' {
            push_percent_encoded(out, component.get(plain_start..i).unwrap_or_default(), KEEP);
            let len = if escape { 3 } else { 1 };
            for &c in bytes.get(i..i + len).unwrap_or_default() {
                out.push(char::from(c.to_ascii_uppercase()));
            }
            i += len;
            plain_start = i;
        } else {
            i += 1;
        }
    }
    push_percent_encoded(out, component.get(plain_start..).unwrap_or_default(), KEEP);
}

fn hex(b: u8) -> Option<u8> {
    // Only ASCII hex digits are digits in radix 16.
    char::from(b).to_digit(16).map(|d| d as u8)
}

#[cfg(test)]
mod tests;
