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

/// The references' answers on a few hundred texts (tests/vectors/core_refs.json, written by
/// tests/vectors/gen_core_refs.py): Python's `unquote_to_bytes`, JavaScript's
/// `decodeURIComponent`, and `encodeUrlPath` of `@aws-sdk/cloudfront-signer`.
#[test]
fn as_python_javascript_and_the_js_sdk() {
    let refs: serde_json::Value =
        serde_json::from_str(include_str!("../../tests/vectors/core_refs.json")).unwrap();
    let pairs = |name: &str| refs[name].as_array().unwrap().clone();
    for pair in pairs("percent_decode") {
        let (text, hex) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        let ours: String = percent_decode_bytes(text)
            .iter()
            .map(|b| alloc::format!("{b:02x}"))
            .collect();
        assert_eq!(ours, hex, "{text:?}");
    }
    for pair in pairs("decode_uri_component") {
        let text = pair[0].as_str().unwrap();
        assert_eq!(
            decode_uri_component(text).as_deref(),
            pair[1].as_str(),
            "{text:?}"
        );
    }
    for pair in pairs("encode_like_js_sdk") {
        let text = pair[0].as_str().unwrap();
        assert_eq!(
            encode_like_js_sdk(text),
            pair[1].as_str().unwrap(),
            "{text:?}"
        );
    }
}
