//! Playlist benchmarks (`make bench`): a 10,000-segment HLS media playlist and an MPD with
//! 10,000 `SegmentURL`s, signed for one custom policy (one RSA signature, then the rewrite),
//! next to the alternative that signs every segment URL on its own (an RSA signature each: 100 of
//! them measured, times 100 for the playlist).
//! Goal: the rewrite under 5 ms.

use std::fmt::Write as _;
use std::hint::black_box;

use cfsign::playlist::{sign_playlist_with, PlaylistOptions, SignedQuery};
use cfsign::{PrivateKey, Signer, UrlOptions};
use criterion::{criterion_group, criterion_main, Criterion};

const BASE: &str = "https://d111111abcdef8.cloudfront.net/videos/123/index.m3u8";
const RESOURCE: &str = "https://d111111abcdef8.cloudfront.net/videos/123/*";
const EXPIRES: u64 = 1_893_456_000;
const SEGMENTS: usize = 10_000;

fn hls() -> String {
    let mut text = String::from(
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\"\n",
    );
    for i in 0..SEGMENTS {
        writeln!(text, "#EXTINF:4.000,\nsegment_{i:05}.m4s").unwrap();
    }
    text.push_str("#EXT-X-ENDLIST\n");
    text
}

fn mpd() -> String {
    let mut text = String::from("<?xml version=\"1.0\"?>\n<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"static\">\n<Period><AdaptationSet><Representation id=\"v\" bandwidth=\"1\"><SegmentList duration=\"4\">\n<Initialization sourceURL=\"init.mp4\"/>\n");
    for i in 0..SEGMENTS {
        writeln!(text, "<SegmentURL media=\"segment_{i:05}.m4s\"/>").unwrap();
    }
    text.push_str("</SegmentList></Representation></AdaptationSet></Period></MPD>\n");
    text
}

/// This thread's CPU time, nanoseconds (Linux: `/proc/thread-self/schedstat`), if readable.
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// CPU milliseconds per call of `f` over `n` calls: on a loaded machine criterion's wall time
/// counts the time other processes had the core; this does not.
fn cpu_ms(n: u32, mut f: impl FnMut()) -> Option<f64> {
    let start = cpu_ns()?;
    for _ in 0..n {
        f();
    }
    Some((cpu_ns()?.saturating_sub(start)) as f64 / f64::from(n) / 1e6)
}

fn playlists(c: &mut Criterion) {
    let key = PrivateKey::from_pem(include_str!("../tests/keys/rsa2048_pkcs1.pem")).unwrap();
    let signer = Signer::new("K2JCJMDEHXQW5F", key).unwrap();
    let policy = UrlOptions {
        date_less_than: EXPIRES,
        policy_resource: Some(RESOURCE.into()),
        ..UrlOptions::default()
    };
    let (hls, mpd) = (hls(), mpd());
    let options = PlaylistOptions::default();
    let query0 = SignedQuery::parse(signer.sign_url_with(BASE, &policy).unwrap().as_str()).unwrap();
    let hls_cpu = cpu_ms(50, || {
        black_box(sign_playlist_with(hls.as_bytes(), BASE, &query0, &options).unwrap());
    });
    let dash_cpu = cpu_ms(50, || {
        black_box(sign_playlist_with(mpd.as_bytes(), BASE, &query0, &options).unwrap());
    });
    let sign_cpu = cpu_ms(5, || {
        for i in 0..100 {
            let url =
                format!("https://d111111abcdef8.cloudfront.net/videos/123/segment_{i:05}.m4s");
            black_box(signer.sign_url(&url, EXPIRES).unwrap());
        }
    });
    if let (Some(h), Some(d), Some(s)) = (hls_cpu, dash_cpu, sign_cpu) {
        println!(
            "playlist, CPU time per call: HLS rewrite {h:.2} ms, DASH rewrite {d:.2} ms (goal < 5 ms); \
             signing each of 10,000 segments instead: {:.0} ms ({:.0}x the HLS rewrite)",
            s * 100.0,
            s * 100.0 / h
        );
    }
    let mut g = c.benchmark_group("playlist_10000_segments");
    g.sample_size(20);
    // One signature per playlist, then the rewrite.
    g.bench_function("hls_sign_once_and_rewrite", |b| {
        b.iter(|| {
            let signed = signer.sign_url_with(BASE, &policy).unwrap();
            let query = SignedQuery::parse(signed.as_str()).unwrap();
            sign_playlist_with(black_box(hls.as_bytes()), BASE, &query, &options).unwrap()
        })
    });
    // The rewrite alone (the goal: under 5 ms).
    let query = SignedQuery::parse(signer.sign_url_with(BASE, &policy).unwrap().as_str()).unwrap();
    g.bench_function("hls_rewrite", |b| {
        b.iter(|| sign_playlist_with(black_box(hls.as_bytes()), BASE, &query, &options).unwrap())
    });
    g.bench_function("dash_rewrite", |b| {
        b.iter(|| sign_playlist_with(black_box(mpd.as_bytes()), BASE, &query, &options).unwrap())
    });
    // The alternative: every segment URL signed on its own (a canned policy each): 100 of them,
    // the playlist's 10,000 taking 100 times as long.
    g.sample_size(10);
    g.bench_function("alternative_sign_each_of_100_segments", |b| {
        b.iter(|| {
            (0..100)
                .map(|i| {
                    let url = format!(
                        "https://d111111abcdef8.cloudfront.net/videos/123/segment_{i:05}.m4s"
                    );
                    signer.sign_url(black_box(&url), EXPIRES).unwrap()
                })
                .count()
        })
    });
    g.finish();
}

criterion_group!(benches, playlists);
criterion_main!(benches);
