//! The resource matcher against the guide's examples and exceptions, and both readings (compiled
//! only with #[cfg(test)], from resource.rs).

use super::resource_matches as m;
use alloc::format;

#[test]
fn cookie_path_is_the_folder_before_the_first_wildcard() {
    let p = |pattern: &str| super::cookie_path(pattern);
    assert_eq!(p("https://media.example.com/videos/*").unwrap(), "/videos/");
    assert_eq!(
        p("https://media.example.com/videos/free/*").unwrap(),
        "/videos/free/"
    );
    assert_eq!(
        p("https://media.example.com/videos/ep*.mp4").unwrap(),
        "/videos/"
    );
    assert_eq!(p("https://media.example.com/v?/a.mp4").unwrap(), "/");
    assert_eq!(p("https://*.example.com/videos/*").unwrap(), "/");
    assert_eq!(p("https://media.example.com*").unwrap(), "/");
    assert_eq!(p("https://media.example.com/a.mp4").unwrap(), "/");
    assert_eq!(p("https:///videos/*"), None);
    assert_eq!(p("videos/*"), None);
}

const D: &str = "https://d111111abcdef8.cloudfront.net";

#[test]
fn the_guides_examples() {
    assert!(m(
        "https://www.example.com/hello*world",
        "https://www.example.com/helloworld"
    ));
    assert!(m(
        "https://www.example.com/hello*world",
        "https://www.example.com/hello-world"
    ));
    assert!(!m(
        "https://www.example.com/hello*world",
        "https://www.example.net/hello?world"
    ));
    let game = format!("{D}/*game_download.zip*");
    assert!(m(&game, &format!("{D}/game_download.zip")));
    assert!(m(
        &game,
        &format!("{D}/example_game_download.zip?license=yes")
    ));
    assert!(m(
        &game,
        &format!("{D}/test_game_download.zip?license=temp")
    ));
    assert!(m(
        &format!("{D}/training/*"),
        &format!("{D}/training/orientation.pdf")
    ));
    assert!(m("https://*", &format!("{D}/training/orientation.pdf")));
    assert!(!m(
        "https://*",
        "http://d111111abcdef8.cloudfront.net/training/orientation.pdf"
    ));
    assert!(m("*", "http://anything.example/x?y=1"));
    assert!(m(
        &format!("{D}/images/horizon.jpg?size=large&license=yes"),
        &format!("{D}/images/horizon.jpg?size=large&license=yes")
    ));
    assert!(m(
        &format!("{D}/images/horizon.jpg\\?size=large&license=yes"),
        &format!("{D}/images/horizon.jpg?size=large&license=yes")
    ));
}

#[test]
fn the_guides_exceptions() {
    // 1. A trailing * in the path covers the query.
    assert!(m(
        "http://example.com/hello*",
        "http://example.com/hello/a?b=c"
    ));
    // Without it, a query is not covered.
    assert!(!m(
        "http://example.com/hello*x",
        "http://example.com/hellox?b=c"
    ));
    assert!(!m(
        "http://example.com/a.jpg",
        "http://example.com/a.jpg?b=c"
    ));
    // 2. A trailing * in the domain covers path and query.
    assert!(m("http://example.com*", "http://example.com.evil/x?y"));
    assert!(m("http://example.com*", "http://example.com/x?y"));
    // 3. No protocol, starting with *: the root path only.
    assert!(m("*example.com", "https://www.example.com/"));
    assert!(m("*example.com", "http://example.com"));
    assert!(!m("*example.com", "https://www.example.com/x.jpg"));
    // 4. A lone * matches anything.
    assert!(m("*", ""));
}

#[test]
fn wildcards_stay_in_their_section() {
    // * in the path does not cross into the query.
    assert!(!m(&format!("{D}/a*b"), &format!("{D}/a?x=b")));
    assert!(m(&format!("{D}/a*b"), &format!("{D}/a/c/b")));
    // * in the domain does not cross into the path.
    assert!(!m(
        "https://*.example.com/a",
        "https://x.example.com/evil/a"
    ));
    assert!(m("https://*.example.com/a", "https://cdn.example.com/a"));
    assert!(m("http*://example.com/a", "https://example.com/a"));
    assert!(m("http*://example.com/a", "http://example.com/a"));
    // ? is one character; in the path only once the query separator is written `\?`.
    assert!(m(&format!("{D}/v?.mp4\\?"), &format!("{D}/v1.mp4")));
    assert!(!m(&format!("{D}/v?.mp4\\?"), &format!("{D}/v12.mp4")));
    assert!(m(&format!("{D}/v?.mp4\\?*"), &format!("{D}/v1.mp4?a=b")));
    // Without `\?`, the first `?` starts the query.
    assert!(!m(&format!("{D}/v?.mp4"), &format!("{D}/v1.mp4")));
    assert!(m(&format!("{D}/v?.mp4"), &format!("{D}/v?.mp4")));
    // Query wildcards.
    assert!(m(
        &format!("{D}/a.jpg?size=*"),
        &format!("{D}/a.jpg?size=large")
    ));
    assert!(!m(
        &format!("{D}/a.jpg?size=*"),
        &format!("{D}/a.jpg?width=1")
    ));
    assert!(m(&format!("{D}/a.jpg?*"), &format!("{D}/a.jpg")));
    // Exact bytes: no decoding, no case folding.
    assert!(!m(&format!("{D}/a%20b"), &format!("{D}/a b")));
    assert!(!m(&format!("{D}/A.jpg"), &format!("{D}/a.jpg")));
}

#[test]
fn pathological_patterns_stay_fast() {
    let url = format!("{D}/{}b", "a".repeat(8000));
    assert!(!m(&format!("{D}/{}", "*a".repeat(200)), &url));
}

#[test]
fn the_two_readings() {
    use super::{whole_string_matches as w, ResourceReadings};
    let r = |p: &str, u: &str| ResourceReadings::of(p, u);
    // Issue 12: the AWS CLI signs this; the section reading takes the first `?` as the query.
    let season = "https://host/season?/ep?.mp4";
    assert!(w(season, "https://host/season1/ep7.mp4"));
    assert!(!m(season, "https://host/season1/ep7.mp4"));
    let got = r(season, "https://host/season1/ep7.mp4");
    assert!(got.either() && !got.agree());
    assert!(!w(season, "https://host/season12/ep7.mp4"));
    // `*` crosses sections in the whole-string reading only.
    let sub = r(
        "https://*.example.com/a",
        "https://evil.example/x.example.com/a",
    );
    assert_eq!((sub.section, sub.whole_string), (false, true));
    // The guide's exceptions hold in the section reading only.
    let bare = r("*example.com", "https://www.example.com/");
    assert_eq!((bare.section, bare.whole_string), (true, false));
    let empty_query = r(&format!("{D}/a.jpg?*"), &format!("{D}/a.jpg"));
    assert_eq!(
        (empty_query.section, empty_query.whole_string),
        (true, false)
    );
    // The usual patterns: both readings agree.
    for (p, u, both) in [
        (
            format!("{D}/videos/*"),
            format!("{D}/videos/a.mp4?x=1"),
            true,
        ),
        (format!("{D}/videos/*"), format!("{D}/audio/a.mp3"), false),
        (
            format!("{D}/a.jpg?size=large"),
            format!("{D}/a.jpg?size=large"),
            true,
        ),
        (format!("{D}/a.jpg"), format!("{D}/a.jpg?b=c"), false),
        ("*".into(), format!("{D}/x"), true),
        ("https://*".into(), format!("{D}/x?y"), true),
    ] {
        let got = r(&p, &u);
        assert!(got.agree(), "{p} {u}: {got:?}");
        assert_eq!(got.section, both, "{p} {u}");
    }
    // Exact bytes in both readings.
    assert!(!w(&format!("{D}/A.jpg"), &format!("{D}/a.jpg")));
    assert!(w(&format!("{D}/v?.mp4\\?*"), &format!("{D}/v1.mp4?a")));
}

#[test]
fn the_whole_string_reading_stays_fast() {
    let url = format!("{D}/{}b", "a".repeat(8000));
    assert!(!super::whole_string_matches(
        &format!("{D}/{}", "*a".repeat(200)),
        &url
    ));
}

/// The sections of a URL are its text cut at `://`, the first `/` or `?` after it, and the first
/// `?`, an empty path read as `/`; a pattern with neither `*` nor `\` is read as a URL is.
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::super::Sections;
    use alloc::vec::Vec;
    use proptest::prelude::*;

    /// Protocol, domain, path and query, owned.
    type Parts = (Vec<u8>, Vec<u8>, Vec<u8>, Option<Vec<u8>>);

    fn parts(s: Option<Sections<'_>>) -> Option<Parts> {
        s.map(|s| {
            (
                s.protocol.to_vec(),
                s.domain.to_vec(),
                s.path.to_vec(),
                s.query.map(<[u8]>::to_vec),
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn sections_are_the_text_cut(text in "(\\*|https?://|:/)?([a-z*?/\\\\.:]|\\\\\\?|://){0,12}") {
            let url = parts(Sections::of_url(&text));
            prop_assert_eq!(url.is_some(), text.contains("://"));
            if let Some((protocol, domain, path, query)) = url.clone() {
                prop_assert!(!domain.iter().any(|c| matches!(c, b'/' | b'?')));
                prop_assert!(!path.contains(&b'?'));
                prop_assert!(path.first() == Some(&b'/'));
                let tail = query.map(|q| [&b"?"[..], &q].concat()).unwrap_or_default();
                let whole = [&protocol[..], b"://", &domain, &path, &tail].concat();
                let no_path = [&protocol[..], b"://", &domain, &tail].concat();
                prop_assert!(whole == text.as_bytes() || (path == b"/" && no_path == text.as_bytes()), "{:?}", text);
            }
            if !text.contains(['*', '\\']) {
                prop_assert_eq!(parts(Sections::of_pattern(&text)), url);
            }
        }
    }
}

/// A wildcard under the section reading: `*`, or a `?` that neither starts the query nor is
/// escaped (the page labels a resource with it; issue 21).
#[test]
fn wildcards_as_the_section_reading_reads_them() {
    let d = "https://d111111abcdef8.cloudfront.net";
    for (pattern, wild) in [
        (format!("{d}/image.jpg?size=large"), false),
        (format!("{d}/image.jpg"), false),
        (format!("{d}/videos/*"), true),
        (format!("{d}/v?.mp4\\?a=1"), true),
        (format!("{d}/a.mp4\\?q=1"), false),
        (format!("{d}/a.mp4?q=?"), true),
        ("*".into(), true),
        ("https://*.example.com/a".into(), true),
        ("not a url".into(), false),
    ] {
        assert_eq!(super::has_wildcard(&pattern), wild, "{pattern}");
    }
}
