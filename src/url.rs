//! The URL side of signing: query strings, the signing parameters, and where they go.
//!
//! The signing parameters follow the URL's existing query string after `&`, or start one with
//! `?`; botocore (`_build_url`), the AWS CLI and the JS SDK all decide by whether the URL contains
//! a `?` at all, so a URL ending in `?` gets `?&Expires=...` from botocore and the AWS CLI (which
//! `cfsign` follows), while the JS SDK drops the empty query first.

use alloc::string::{String, ToString};
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
    crate::encoding::utf8_lossy(&percent_decode_bytes(text))
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
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Runs of bytes kept are copied whole: they are ASCII, so each run ends on a character
    // boundary.
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        if b.is_ascii_alphanumeric() || keep.contains(&b) {
            continue;
        }
        out.push_str(text.get(plain..i).unwrap_or_default());
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
        plain = i + 1;
    }
    out.push_str(text.get(plain..).unwrap_or_default());
}

/// `decodeURIComponent`: `None` where JavaScript throws (a `%` without two hex digits, or escapes
/// that do not form UTF-8).
pub fn decode_uri_component(text: &str) -> Option<String> {
    String::from_utf8(percent_decode_strict(text)?).ok()
}

/// The bytes `decodeURIComponent` decodes, before the UTF-8 check: `None` for a `%` without two
/// hex digits.
fn percent_decode_strict(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let h = bytes.get(i + 1).copied().and_then(hex)?;
            let l = bytes.get(i + 2).copied().and_then(hex)?;
            out.push(h << 4 | l);
            i += 3;
        } else {
            out.push(b);
            i += 1;
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
    let Some(protocol_end) = crate::search::find(url, "//") else {
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
        let decoded = percent_decode_strict(segment);
        let text = decoded.as_deref().and_then(|d| core::str::from_utf8(d).ok());
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
    fn js_sdk_encoding() {
        let e = encode_like_js_sdk;
        assert_eq!(e("https://h/my file.mp4"), "https://h/my%20file.mp4");
        assert_eq!(
            e("https://h/caf\u{e9}/na\u{ef}ve.mp4"),
            "https://h/caf%C3%A9/na%C3%AFve.mp4"
        );
        assert_eq!(e("https://h/a%2Fb.mp4"), "https://h/a%2Fb.mp4");
        assert_eq!(e("https://h/a%41b"), "https://h/aAb");
        assert_eq!(e("https://h/100%"), "https://h/100%25");
        assert_eq!(e("https://h/a+b.mp4?q=a+b"), "https://h/a%2Bb.mp4?q=a+b");
        assert_eq!(e("https://h/f?download&a=1"), "https://h/f?download=&a=1");
        assert_eq!(e("https://h/f?"), "https://h/f");
        assert_eq!(
            e("https://h/f?a=it's%2f(x)*!"),
            "https://h/f?a=it%27s%2F(x)*!"
        );
        assert_eq!(e("https://h"), "https://h");
        assert_eq!(e("https://h?a b"), "https://h?a b");
        assert_eq!(e("https://h/f.mp4#t=10"), "https://h/f.mp4%23t%3D10");
        assert_eq!(e("https://h//a//"), "https://h//a//");
        assert_eq!(extended_encode_uri_component("K1(x)!"), "K1%28x%29%21");
    }

    #[test]
    fn decoding() {
        assert_eq!(percent_decode_lossy("a%20b%2Fc%zz%4"), "a b/c%zz%4");
        assert_eq!(percent_decode_lossy("%"), "%");
        assert_eq!(query("https://a/b?x=1#f"), Some("x=1"));
        assert_eq!(split_fragment("https://a/b#f"), ("https://a/b", Some("f")));
    }

    /// `encode_like_js_sdk` as it was written before, with temporary strings: the oracle of the
    /// property below.
    #[cfg(not(target_arch = "wasm32"))]
    fn encode_by_parts(url: &str) -> String {
        let Some(protocol_end) = url.find("//") else {
            return url.to_string();
        };
        let Some(path_start) = url[protocol_end + 2..]
            .find('/')
            .map(|i| i + protocol_end + 2)
        else {
            return url.to_string();
        };
        let segment = |s: &str| match decode_uri_component(s) {
            Some(decoded) => encode_uri_component(&decoded),
            None => encode_uri_component(s),
        };
        let component = |c: &str| {
            let mut out = String::new();
            let (mut plain_start, mut i) = (0, 0);
            let b = c.as_bytes();
            while i < b.len() {
                let escape = b[i] == b'%'
                    && b.get(i + 1).is_some_and(|b| b.is_ascii_hexdigit())
                    && b.get(i + 2).is_some_and(|b| b.is_ascii_hexdigit());
                if escape || b[i] == b'+' {
                    out += &encode_uri_component(&c[plain_start..i]).replace('\'', "%27");
                    let len = if escape { 3 } else { 1 };
                    out += &c[i..i + len].to_ascii_uppercase();
                    i += len;
                    plain_start = i;
                } else {
                    i += 1;
                }
            }
            out + &encode_uri_component(&c[plain_start..]).replace('\'', "%27")
        };
        let (origin, rest) = url.split_at(path_start);
        let (path, query) = match rest.find('?') {
            Some(q) => (&rest[..q], Some(&rest[q + 1..])),
            None => (rest, None),
        };
        let path: Vec<String> = path.split('/').map(segment).collect();
        let mut out = [origin, &path.join("/")].concat();
        if let Some(query) = query {
            let pairs: Vec<String> = query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                    [component(k), component(v)].join("=")
                })
                .collect();
            if !pairs.is_empty() {
                out = out + "?" + &pairs.join("&");
            }
        }
        out
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn js_sdk_encoding_as_before(url in "(https?:)?(//)?[a-z.]{0,4}([/?&=%+' a-fA-F0-9é!()*#-]|%[0-9a-fA-F]{2}|%C3%A9|%E9){0,16}") {
                prop_assert_eq!(encode_like_js_sdk(&url), encode_by_parts(&url));
            }
        }
    }
}
