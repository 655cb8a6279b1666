//! The playlist rewriter on saved playlists (tests/fixtures/playlists/, sources in its README):
//! each rewritten output and report compared with the one checked in (`CFSIGN_BLESS=1` writes
//! them anew, to be read before committing), and properties over generated HLS playlists and MPDs:
//! the rewrite changes nothing but the URIs, and no input panics.

#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write as _;
use std::path::PathBuf;

use cfsign::playlist::{sign_playlist_with, PlaylistOptions, SignedPlaylist, SignedQuery};
use cfsign::CfBase64;
use proptest::prelude::*;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/playlists")
}

/// The signing parameters of a custom policy for `resource` (the signature is not checked here:
/// 256 bytes, the size of an RSA one).
fn query_for(resource: &str) -> String {
    let policy = format!(
        r#"{{"Statement":[{{"Resource":"{resource}","Condition":{{"DateLessThan":{{"AWS:EpochTime":1893456000}}}}}}]}}"#
    );
    let signature: Vec<u8> = (0..=255u8).collect();
    format!(
        "Policy={}&Signature={}&Key-Pair-Id=K2JCJMDEHXQW5F",
        CfBase64::encode(policy.as_bytes()),
        CfBase64::encode(&signature)
    )
}

fn sign(text: &[u8], base: &str, resource: &str) -> SignedPlaylist {
    let query = SignedQuery::parse(&query_for(resource)).unwrap();
    let options = PlaylistOptions {
        list_signed: true,
        ..PlaylistOptions::default()
    };
    sign_playlist_with(text, base, &query, &options).unwrap()
}

/// One line per entry and warning.
fn report(s: &SignedPlaylist) -> String {
    let mut out = format!("format {} rewritten {}\n", s.format.as_str(), s.rewritten);
    for e in &s.entries {
        let url = e.url.as_deref().unwrap_or("-");
        writeln!(out, "line {} {} {} {url}", e.line, e.kind, e.status.code()).unwrap();
    }
    for w in &s.warnings {
        writeln!(out, "line {} warning {}", w.line, w.kind.code()).unwrap();
    }
    out
}

/// `signed` with the parameters taken out again: what it was before.
fn unsigned(signed: &str, query: &str) -> String {
    let xml = query.replace('&', "&amp;");
    signed
        .replace(&format!("&amp;{xml}"), "")
        .replace(&format!("?{xml}"), "")
        .replace(&format!("&{query}"), "")
        .replace(&format!("?{query}"), "")
}

#[derive(serde::Deserialize)]
struct Case {
    file: String,
    base_url: String,
    resource: String,
}

#[test]
fn fixtures_match_their_expected_output() {
    let cases: Vec<Case> =
        serde_json::from_str(&std::fs::read_to_string(dir().join("cases.json")).unwrap()).unwrap();
    let bless = std::env::var_os("CFSIGN_BLESS").is_some();
    let mut failed = Vec::new();
    for case in &cases {
        let input = std::fs::read(dir().join(&case.file)).unwrap();
        let signed = sign(&input, &case.base_url, &case.resource);
        let query = query_for(&case.resource);
        assert_eq!(
            unsigned(&signed.text, &query).as_bytes(),
            input,
            "{}: only URIs change",
            case.file
        );
        let got = [
            (format!("expected/{}", case.file), signed.text.clone()),
            (format!("expected/{}.report", case.file), report(&signed)),
        ];
        for (path, text) in got {
            let path = dir().join(path);
            if bless {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &text).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(&text) {
                failed.push(path.display().to_string());
            }
        }
    }
    assert!(
        failed.is_empty(),
        "differ from the checked-in output: {failed:?}"
    );
}

/// Lines of an HLS playlist: tags, comments, blank lines and URIs of every kind.
fn hls_line() -> impl Strategy<Value = String> {
    let path = "[a-z0-9_./-]{1,12}";
    prop_oneof![
        path.prop_map(|p| p.to_string()),
        (path, "[a-z0-9=&]{0,8}", "[a-z0-9=.]{0,5}").prop_map(|(p, q, f)| format!("{p}?{q}#{f}")),
        Just("https://other.example.com/x.ts".to_string()),
        Just("data:text/plain,AAAA".to_string()),
        Just("#EXTINF:4.0,".to_string()),
        Just("#EXT-X-KEY:METHOD=NONE".to_string()),
        Just(String::new()),
        Just("# a comment, URI=\"no.ts\"".to_string()),
        "[ -~]{0,20}".prop_map(|s| format!("#EXT-X-UNKNOWN:{s}")),
        (path, 0usize..3).prop_map(|(p, t)| {
            let tag = [
                "EXT-X-KEY:METHOD=AES-128,",
                "EXT-X-MAP:",
                "EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"x, y\",",
            ][t];
            format!("#{tag}URI=\"{p}\",X=1")
        }),
        "[ -~]{0,30}".prop_map(|s| format!("#EXT-X-PART:{s}")),
    ]
}

fn mpd_piece() -> impl Strategy<Value = String> {
    let path = "[a-z0-9_./$-]{1,12}";
    prop_oneof![
        path.prop_map(|p| format!("<SegmentURL media=\"{p}\"/>")),
        (path, "[a-z0-9=]{0,6}").prop_map(|(p, q)| format!("<SegmentTemplate media='{p}?{q}&amp;z=1' initialization=\"i.mp4\"/>")),
        path.prop_map(|p| format!("<BaseURL>{p}</BaseURL>")),
        path.prop_map(|p| format!("<BaseURL>{p}/</BaseURL>")),
        path.prop_map(|p| format!("<Representation id=\"r\"><BaseURL>{p}</BaseURL><SegmentBase><Initialization sourceURL=\"{p}\"/></SegmentBase></Representation>")),
        Just("<!-- media=\"x\" -->".to_string()),
        Just("\r\n  ".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn hls_rewrite_changes_only_uris(lines in prop::collection::vec(hls_line(), 0..40), crlf in any::<bool>()) {
        let end = if crlf { "\r\n" } else { "\n" };
        let text = format!("#EXTM3U{end}{}", lines.iter().map(|l| format!("{l}{end}")).collect::<String>());
        let resource = "https://d111111abcdef8.cloudfront.net/videos/1/*";
        let s = sign(text.as_bytes(), "https://d111111abcdef8.cloudfront.net/videos/1/a/b.m3u8", resource);
        let query = query_for(resource);
        prop_assert_eq!(unsigned(&s.text, &query), text.clone());
        prop_assert_eq!(s.text.matches(&query).count(), s.rewritten);
        // Line for line, a line changes only by the parameters, and tags keep their name.
        for (before, after) in text.split(end).zip(s.text.split(end)) {
            prop_assert_eq!(before.starts_with('#'), after.starts_with('#'));
        }
        prop_assert_eq!(text.split(end).count(), s.text.split(end).count());
    }

    #[test]
    fn mpd_rewrite_changes_only_uris(pieces in prop::collection::vec(mpd_piece(), 0..30)) {
        let text = format!("<?xml version=\"1.0\"?><MPD><Period><AdaptationSet>{}</AdaptationSet></Period></MPD>", pieces.concat());
        let resource = "https://d111111abcdef8.cloudfront.net/videos/*";
        let s = sign(text.as_bytes(), "https://d111111abcdef8.cloudfront.net/videos/1/m.mpd", resource);
        let query = query_for(resource);
        prop_assert_eq!(unsigned(&s.text, &query), text);
        prop_assert_eq!(s.text.matches(&query.replace('&', "&amp;")).count(), s.rewritten);
    }

    #[test]
    fn no_input_panics(bytes in prop::collection::vec(any::<u8>(), 0..400), prefix in 0usize..3) {
        let mut text = [&b"#EXTM3U\n"[..], b"<MPD>", b""][prefix].to_vec();
        text.extend(bytes);
        let query = SignedQuery::parse(&query_for("https://d/*")).unwrap();
        let _ = sign_playlist_with(&text, "https://d/v/m.m3u8", &query, &PlaylistOptions::default());
    }

    #[test]
    fn no_text_input_panics(text in "[ -~\r\n\t]{0,300}", prefix in 0usize..3) {
        let text = format!("{}{text}", ["#EXTM3U\n", "<MPD>", ""][prefix]);
        let query = SignedQuery::parse(&query_for("https://d/*")).unwrap();
        let _ = sign_playlist_with(text.as_bytes(), "https://d/v/m.m3u8", &query, &PlaylistOptions::default());
    }
}
