//! The fast path for plain names (the folder's path checked and its coverage proved once per
//! base, the URL written into a reused buffer) against the full reading: `uri::resolve`,
//! `check_path` and the resource match for each URI on its own.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::{EntryStatus, Found, Rewriter};
use crate::playlist::{uri, SignedQuery};
use crate::CfBase64;

/// Policies' resources: prefix policies (the fast path's proof), and others (matched per URL).
const RESOURCES: [&str; 12] = [
    "https://d111111abcdef8.cloudfront.net/videos/*",
    "https://d111111abcdef8.cloudfront.net/videos/1/*",
    "https://d111111abcdef8.cloudfront.net/videos/1/seg*",
    "https://d111111abcdef8.cloudfront.net/videos/1/a*.m4s",
    "https://d111111abcdef8.cloudfront.net/videos/1/seg.m4s",
    "https://d111111abcdef8.cloudfront.net/videos/1/?*",
    "https://d111111abcdef8.cloudfront.net/videos/*\\?a=1",
    "https://*.cloudfront.net/videos/*",
    "http*://d111111abcdef8.cloudfront.net/videos/*",
    "http://d111111abcdef8.cloudfront.net/*",
    "https://d111111abcdef8.cloudfront.net*",
    "*",
];

/// Playlist and `BaseURL` bases, some with dot segments or encoded separators in their folder.
const BASES: [&str; 8] = [
    "https://d111111abcdef8.cloudfront.net/videos/1/master.mpd",
    "https://D111111ABCDEF8.cloudfront.net:443/videos/1/a/../b/m.m3u8?x=1&y=%2F",
    "https://d111111abcdef8.cloudfront.net/videos/a%2Fb/m.mpd",
    "https://d111111abcdef8.cloudfront.net/videos/%252e%252e/m.mpd",
    "https://d111111abcdef8.cloudfront.net/videos/x%5C/",
    "https://d111111abcdef8.cloudfront.net/videos/..;x/m.mpd",
    "https://other.example.com/videos/1/m.mpd",
    "http://d111111abcdef8.cloudfront.net",
];

fn query(resource: &str) -> SignedQuery {
    let resource = resource.replace('\\', "\\\\");
    let policy = format!(
        r#"{{"Statement":[{{"Resource":"{resource}","Condition":{{"DateLessThan":{{"AWS:EpochTime":1893456000}}}}}}]}}"#
    );
    let text = format!(
        "Policy={}&Signature={}&Key-Pair-Id=K2JCJMDEHXQW5F",
        CfBase64::encode(policy.as_bytes()),
        CfBase64::encode(&[0xfb; 256])
    );
    SignedQuery::parse(&text).unwrap()
}

/// The full reading of one URI, with nothing carried from another.
fn slow(resource: &str, base: &str, reference: &str) -> (EntryStatus, Option<String>) {
    match uri::resolve(base, reference) {
        None => (EntryStatus::NotHttp, None),
        Some(url) if crate::sign::check_path(&url).is_err() => (EntryStatus::UnsafePath, Some(url)),
        Some(url) if crate::policy::resource_matches(resource, &url) => {
            (EntryStatus::Signed, Some(url))
        }
        Some(url) => (EntryStatus::OutsideResource, Some(url)),
    }
}

/// One rewriter judging the URIs in turn, as a playlist's reader calls it (the folder check
/// carried from one to the next while the base stays the same).
fn fast(resource: &str, entries: &[(String, String)]) -> Vec<(EntryStatus, Option<String>)> {
    let query = query(resource);
    assert_eq!(query.resource(), resource);
    let mut rw = Rewriter::new("", BASES[0], &query, true);
    entries
        .iter()
        .map(|(base, reference)| {
            let found = Found {
                line: 1,
                kind: "segment",
                uri: reference,
                sample: None,
                base,
                insert_at: 0,
                xml: false,
                variable: false,
            };
            let (status, has_url) = rw.judge(&found, None);
            (status, has_url.then(|| rw.url.clone()))
        })
        .collect()
}

fn resolved(base: &str) -> String {
    uri::resolve(base, "").unwrap()
}

#[test]
fn plain_names_are_judged_as_the_full_reading_judges_them() {
    let names = [
        "seg.m4s",
        ".",
        "..",
        ".;x",
        "..;x",
        ".x",
        "x.",
        "..x",
        "a;..",
        "$Number$.m4s",
        "@x",
        "a&b=c",
        "%2e",
        "%2e%2e",
        "a%2Fb",
        "a%5cb",
        "a\\b",
        "../x",
        "./x",
        "x?y=1",
        "x#f",
    ];
    let mut entries = Vec::new();
    for base in BASES {
        for name in names {
            entries.push((resolved(base), String::from(name)));
        }
    }
    for resource in RESOURCES {
        let want: Vec<_> = entries.iter().map(|(b, r)| slow(resource, b, r)).collect();
        assert_eq!(fast(resource, &entries), want, "{resource}");
    }
    // The usual case is signed by the fast path, and each unsafe folder refuses its names.
    let want: Vec<_> = entries
        .iter()
        .map(|(b, r)| slow(RESOURCES[0], b, r))
        .collect();
    assert_eq!(want[0].0, EntryStatus::Signed);
    for unsafe_base in 2..6 {
        assert_eq!(want[unsafe_base * names.len()].0, EntryStatus::UnsafePath);
    }
    assert_eq!(want[6 * names.len()].0, EntryStatus::OutsideResource);
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Names built from the pieces of path attacks: dot segments, separators and their
    /// percent-encodings (double and triple too), parameters, and plain text.
    fn name() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(
            &[
                "a", "seg", "0", ".", "..", "%2e", "%2E", "%2F", "%2f", "%5C", "%5c", "%252F",
                "%252e", "%25252e", "%255C", "%", "%2", "\\", "/", ";", ";x", "?", "#", "$", "@",
                "~", "&", "=", ":", "-", "_",
            ][..],
        );
        prop::collection::vec(piece, 1..6).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn fast_path_agrees_with_the_full_reading(
            resource in prop::sample::select(&RESOURCES[..]),
            entries in prop::collection::vec((0..BASES.len(), name()), 1..12),
        ) {
            let entries: Vec<(String, String)> =
                entries.into_iter().map(|(b, n)| (resolved(BASES[b]), n)).collect();
            let want: Vec<_> = entries.iter().map(|(b, r)| slow(resource, b, r)).collect();
            prop_assert_eq!(fast(resource, &entries), want);
        }
    }
}
