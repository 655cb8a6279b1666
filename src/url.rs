//! The URL side of signing: query strings, the signing parameters, and where they go.
//!
//! The signing parameters follow the URL's existing query string after `&`, or start one with
//! `?`; botocore (`_build_url`), the AWS CLI and the JS SDK all decide by whether the URL contains
//! a `?` at all, so a URL ending in `?` gets `?&Expires=...` from botocore and the AWS CLI (which
//! `cfsign` follows), while the JS SDK drops the empty query first.

use alloc::string::String;
use alloc::vec::Vec;

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
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators() {
        assert_eq!(
            append_params("https://a/b", &[("x", "1"), ("y", "2")]),
            "https://a/b?x=1&y=2"
        );
        assert_eq!(
            append_params("https://a/b?q=1", &[("x", "1")]),
            "https://a/b?q=1&x=1"
        );
        assert_eq!(
            append_params("https://a/b?", &[("x", "1")]),
            "https://a/b?&x=1"
        );
    }

    #[test]
    fn finds_signing_params() {
        assert!(signing_params_present("https://a/b?q=1").is_empty());
        assert_eq!(
            signing_params_present("https://a/b?Expires=1&Signature=x"),
            ["Expires", "Signature"]
        );
        assert_eq!(
            signing_params_present("https://a/b?Key%2DPair-Id=x"),
            ["Key-Pair-Id"]
        );
        assert_eq!(signing_params_present("https://a/b?Policy"), ["Policy"]);
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode_lossy("a%20b%2Fc%zz%4"), "a b/c%zz%4");
        assert_eq!(percent_decode_lossy("%"), "%");
        assert_eq!(query("https://a/b?x=1#f"), Some("x=1"));
        assert_eq!(split_fragment("https://a/b#f"), ("https://a/b", Some("f")));
    }
}
