//! URL encoding and decoding (compiled only with #[cfg(test)], from url.rs).

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

/// `percent_decode_bytes` as it was written before: the oracle of the property below.
#[cfg(not(target_arch = "wasm32"))]
fn lenient_before(text: &str) -> Vec<u8> {
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

/// `decode_uri_component` as it was written before.
#[cfg(not(target_arch = "wasm32"))]
fn strict_before(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let h = bytes.get(i + 1).copied().and_then(hex)?;
            let l = bytes.get(i + 2).copied().and_then(hex)?;
            out.push(h << 4 | l);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn decoding_as_before(text in "([%a-fA-F0-9gé+ ]|%[0-9a-fA-F]{2}|%C3%A9|%E9|%){0,12}") {
            prop_assert_eq!(percent_decode_bytes(&text), lenient_before(&text));
            prop_assert_eq!(decode_uri_component(&text), strict_before(&text));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn js_sdk_encoding_as_before(url in "(https?:)?(//)?[a-z.]{0,4}([/?&=%+' a-fA-F0-9é!()*#-]|%[0-9a-fA-F]{2}|%C3%A9|%E9){0,16}") {
            prop_assert_eq!(encode_like_js_sdk(&url), encode_by_parts(&url));
        }
    }
}
