//! `cfsign sign-playlist`: a playlist from a file, standard input or a local HTTP server (with a
//! redirect), signed once for the stream's prefix; every rewritten entry verifies with the public
//! key, the query is `cfsign sign --policy-resource`'s own, CRLF is kept byte for byte, and bad
//! input is one line naming its code, never the URL.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use cfsign::{KeyGroup, PublicKey, Request};

use crate::common::*;

const BASE: &str = "https://d111111abcdef8.cloudfront.net/videos/1/media.m3u8";
const RESOURCE: &str = "https://d111111abcdef8.cloudfront.net/videos/1/*";
const PLAYLIST: &str = "#EXTM3U\r\n#EXT-X-MAP:URI=\"init.mp4\"\r\n#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin?k=1\"\r\n#EXTINF:4,\r\nseg1.m4s\r\n#EXTINF:4,\r\nhttps://ads.example.com/ad.ts\r\n#EXTINF:4,\r\nseg2.m4s#t=1\r\n";

fn keys() -> KeyGroup {
    KeyGroup::new().with(
        "K2JCJMDEHXQW5F",
        PublicKey::from_pem(&read_key("rsa2048_pub.pem")).unwrap(),
    )
}

fn sign_playlist(input: &str, extra: &[&str], stdin: &str) -> Run {
    let k = key("rsa2048_pkcs1.pem");
    let mut args = vec![
        "sign-playlist",
        input,
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
        "--policy-resource",
        RESOURCE,
        "--date-less-than",
        "2030-01-01",
    ];
    args.extend_from_slice(extra);
    run_with_stdin(command().args(&args), stdin)
}

/// The URIs of an HLS playlist (URI lines and `URI="…"`), as written.
fn uris(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| match l.strip_prefix('#') {
            Some(tag) => tag
                .split_once("URI=\"")
                .map(|(_, r)| r.split('"').next().unwrap().to_string()),
            None => Some(l.to_string()),
        })
        .collect()
}

/// `uri` resolved against `base` (the simple relative references these tests use).
fn absolute(base: &str, uri: &str) -> String {
    if uri.contains("://") {
        return uri.to_string();
    }
    format!("{}{}", &base[..=base.rfind('/').unwrap()], uri)
}

#[test]
fn every_covered_entry_verifies_and_the_rest_is_reported() {
    let run = sign_playlist("-", &["--base-url", BASE], PLAYLIST);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The one query is what `cfsign sign` signs for the same custom policy (RSA is deterministic).
    let signed = sign(&[
        "--url",
        BASE,
        "--policy-resource",
        RESOURCE,
        "--date-less-than",
        "2030-01-01",
    ]);
    let query = signed.stdout.trim().split_once('?').unwrap().1.to_string();
    assert_eq!(run.stdout.matches(&query).count(), 4, "{}", run.stdout);
    // Only the URIs changed, CRLF kept.
    let original = run
        .stdout
        .replace(&format!("?{query}"), "")
        .replace(&format!("&{query}"), "");
    assert_eq!(original, PLAYLIST);
    let group = keys();
    for uri in uris(&run.stdout).iter().filter(|u| u.contains(&query)) {
        let url = absolute(BASE, uri.split('#').next().unwrap());
        let verdict = cfsign::verify(&Request::new(&url, 1_767_225_600), &group);
        assert!(verdict.allowed(), "{url}: {verdict:?}");
    }
    assert!(
        run.stderr.contains(
            "line 7: segment left alone (outside_resource): https://ads.example.com/ad.ts"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("hls playlist: 4 entries signed, 1 left alone"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_lists_every_entry_in_snake_case() {
    let run = sign_playlist("-", &["--base-url", BASE, "--json"], PLAYLIST);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["format"], "hls");
    assert_eq!(v["rewritten"], 4);
    assert_eq!(v["resource"], RESOURCE);
    assert_eq!(v["date_less_than"], 1_893_456_000u64);
    let statuses: Vec<_> = v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["signed", "signed", "signed", "outside_resource", "signed"]
    );
    assert_eq!(
        v["entries"][1]["url"],
        "https://d111111abcdef8.cloudfront.net/videos/1/key.bin?k=1"
    );
    assert!(v["text"].as_str().unwrap().starts_with("#EXTM3U\r\n"));
}

/// Serves `playlist` at /videos/1/real.m3u8, after a redirect from /videos/1/short, or 404.
fn serve(playlist: &'static str, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            reader.read_line(&mut line).unwrap();
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).unwrap() <= 2 {
                    break;
                }
            }
            let response = if line.starts_with("GET /videos/1/short ") {
                "HTTP/1.1 302 Found\r\nLocation: /videos/1/real.m3u8\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
            } else if line.starts_with("GET /videos/1/real.m3u8 ") {
                format!("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.apple.mpegurl\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{playlist}", playlist.len())
            } else {
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_string()
            };
            stream.write_all(response.as_bytes()).unwrap();
        }
    });
    format!("http://127.0.0.1:{port}")
}

#[test]
fn a_url_is_fetched_and_its_final_url_is_the_base() {
    let server = serve("#EXTM3U\n#EXTINF:4,\nseg1.ts\n", 2);
    let k = key("rsa2048_pkcs1.pem");
    let resource = format!("{server}/videos/1/*");
    let run = cfsign(&[
        "sign-playlist",
        &format!("{server}/videos/1/short"),
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
        "--policy-resource",
        &resource,
        "--date-less-than",
        "2030-01-01",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["entries"][0]["url"], format!("{server}/videos/1/seg1.ts"));
    assert_eq!(v["rewritten"], 1);
}

#[test]
fn bad_input_is_one_line_with_its_code() {
    let k = key("rsa2048_pkcs1.pem");
    let base = ["--base-url", BASE];
    let cases: [(&str, &[&str], &str, &str); 5] = [
        ("-", &base, "#EXTM3U\n\u{1b}[2J", "(not_text)"),
        ("-", &base, "hello", "(unknown_format)"),
        ("-", &base, "<MPD><Period></MPD>", "(bad_xml)"),
        (
            "-",
            &["--base-url", BASE, "--max-bytes", "10"],
            "#EXTM3U\nseg1.ts\n",
            "over --max-bytes (10)",
        ),
        ("-", &[], "#EXTM3U\n", "--base-url: is required"),
    ];
    for (input, extra, stdin, want) in cases {
        let run = sign_playlist(input, extra, stdin);
        assert_eq!(run.code, 2, "{want}: {}", run.stderr);
        assert!(run.stderr.contains(want), "{want}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stdout.is_empty());
    }
    // A 404 names the status, not the URL (which may carry a token).
    let server = serve("", 1);
    let url = format!("{server}/secret-token/x.m3u8");
    let run = cfsign(&[
        "sign-playlist",
        &url,
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
        "--policy-resource",
        RESOURCE,
        "--date-less-than",
        "2030-01-01",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cannot fetch the playlist: the server answered HTTP 404"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("secret-token"));
}
