//! Any bytes as an HLS playlist or a DASH MPD: the rewriter returns a rewritten playlist or an
//! error with a code, never a panic; and a rewritten playlist differs from its input only by the
//! signing parameters it gained. `make fuzz` runs it for a bounded time (seeds: the fixtures).
#![no_main]

use cfsign::playlist::{sign_playlist_with, PlaylistOptions, SignedQuery};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static QUERY: std::sync::OnceLock<SignedQuery> = std::sync::OnceLock::new();
    let query = QUERY.get_or_init(|| {
        let policy = r#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/videos/1/*","Condition":{"DateLessThan":{"AWS:EpochTime":1893456000}}}]}"#;
        let q = format!(
            "Policy={}&Signature={}&Key-Pair-Id=K2JCJMDEHXQW5F",
            cfsign::CfBase64::encode(policy.as_bytes()),
            cfsign::CfBase64::encode(&[7u8; 256])
        );
        SignedQuery::parse(&q).unwrap()
    });
    // The first byte picks the options: entries listed or not, a small cap.
    let list_signed = data.first().is_some_and(|b| b % 2 == 1);
    let max_bytes = if data.first().is_some_and(|b| b % 7 == 0) { 64 } else { 1 << 20 };
    let options = PlaylistOptions { max_bytes, list_signed };
    let base = "https://d111111abcdef8.cloudfront.net/videos/1/a/master.m3u8";
    if let Ok(signed) = sign_playlist_with(data, base, query, &options) {
        let xml = query.as_str().replace('&', "&amp;");
        let back = signed
            .text
            .replace(&format!("&amp;{xml}"), "")
            .replace(&format!("?{xml}"), "")
            .replace(&format!("&{}", query.as_str()), "")
            .replace(&format!("?{}", query.as_str()), "");
        assert_eq!(back.as_bytes(), data, "only the parameters were added");
        for e in &signed.entries {
            let _ = (e.status.code(), e.status.explanation(), e.kind);
        }
    }
});
