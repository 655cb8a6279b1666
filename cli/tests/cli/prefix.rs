//! `cfsign sign-prefix`: one custom policy signed once; each `--url` it covers gets its
//! parameters, verifies, and is byte for byte what botocore's `CloudFrontSigner` signs for the
//! same policy bytes (RSA with SHA-1 is deterministic); a URL it does not cover is refused.

use std::process::Command;

use crate::common::*;

const ORIGIN: &str = "https://d111111abcdef8.cloudfront.net";

fn prefix(extra: &[&str]) -> Run {
    let k = key("rsa2048_pkcs1.pem");
    let mut args = vec![
        "sign-prefix",
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
        "--date-less-than",
        "2030-01-01",
    ];
    args.extend_from_slice(extra);
    cfsign(&args)
}

#[test]
fn prints_the_query_and_each_signed_url_which_verifies() {
    let resource = format!("{ORIGIN}/videos/123/*");
    let r = prefix(&[
        "--resource",
        &resource,
        "--url",
        "seg-1.ts",
        "--url",
        "hd/seg-2.ts?q=1",
        "--url",
        &format!("{ORIGIN}/videos/123/seg-3.ts"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 4);
    let query = lines[0];
    assert!(query.starts_with("Policy=") && query.ends_with("&Key-Pair-Id=K2JCJMDEHXQW5F"));
    assert_eq!(lines[1], format!("{ORIGIN}/videos/123/seg-1.ts?{query}"));
    assert_eq!(
        lines[2],
        format!("{ORIGIN}/videos/123/hd/seg-2.ts?q=1&{query}")
    );
    assert_eq!(lines[3], format!("{ORIGIN}/videos/123/seg-3.ts?{query}"));
    for url in &lines[1..] {
        let public = format!("K2JCJMDEHXQW5F={}", key("rsa2048_pub.pem"));
        let v = cfsign(&["verify", url, "--public-key", &public]);
        assert_eq!(v.code, 0, "{url}: {}{}", v.stdout, v.stderr);
    }
}

#[test]
fn json_output() {
    let r = prefix(&[
        "--resource",
        &format!("{ORIGIN}/gallery/*"),
        "--ip-address",
        "192.0.2.0/24",
        "--url",
        "a.jpg",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let query = out["query"].as_str().unwrap();
    assert_eq!(out["base"], format!("{ORIGIN}/gallery/"));
    assert_eq!(out["urls"][0], format!("{ORIGIN}/gallery/a.jpg?{query}"));
    assert_eq!(out["params"]["Key-Pair-Id"], "K2JCJMDEHXQW5F");
    assert!(out["policy"].as_str().unwrap().contains("192.0.2.0/24"));
}

#[test]
fn refuses_what_the_policy_does_not_cover() {
    let resource = format!("{ORIGIN}/videos/123/*");
    for url in [
        "../other/x.ts",
        "%2e%2e/other/x.ts",
        "%252e%252e/other/x.ts",
        "..%2Fother",
        "https://evil.example/videos/123/x.ts",
        "a.ts#t=1",
    ] {
        let r = prefix(&["--resource", &resource, "--url", "ok.ts", "--url", url]);
        assert_eq!(r.code, 2, "{url}: {}", r.stdout);
        assert!(r.stdout.is_empty(), "{url}: {}", r.stdout);
        assert!(
            r.stderr.starts_with("cfsign: error: --url"),
            "{url}: {}",
            r.stderr
        );
    }
}

/// botocore's `CloudFrontSigner.generate_presigned_url(url, policy=...)` for the policy
/// `sign-prefix` printed, with the same key: the same URL, byte for byte.
#[test]
fn botocore_signs_the_same_urls_for_the_same_policy() {
    let resource = format!("{ORIGIN}/videos/123/*");
    let r = prefix(&[
        "--resource",
        &resource,
        "--url",
        "a.ts",
        "--url",
        "b.ts?x=1",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let script = r#"
import sys
from botocore.signers import CloudFrontSigner
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
key = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), password=None)
signer = CloudFrontSigner("K2JCJMDEHXQW5F", lambda m: key.sign(m, padding.PKCS1v15(), hashes.SHA1()))
policy = sys.argv[2]
for url in sys.argv[3:]:
    print(signer.generate_presigned_url(url, policy=policy))
"#;
    let py = Command::new("python3")
        .args(["-c", script, &key("rsa2048_pkcs1.pem")])
        .arg(out["policy"].as_str().unwrap())
        .args([
            format!("{ORIGIN}/videos/123/a.ts"),
            format!("{ORIGIN}/videos/123/b.ts?x=1"),
        ])
        .output()
        .unwrap();
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let theirs: Vec<String> = String::from_utf8(py.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(
        theirs,
        [
            out["urls"][0].as_str().unwrap(),
            out["urls"][1].as_str().unwrap()
        ]
    );
}

#[test]
fn expires_in_rounds_the_policy_expiry_to_a_bucket() {
    let k = key("rsa2048_pkcs1.pem");
    let resource = format!("{ORIGIN}/videos/123/*");
    let run = |expiry: &[&str]| {
        let mut args = vec![
            "sign-prefix",
            "--key-pair-id",
            "K2JCJMDEHXQW5F",
            "--private-key",
            &k,
            "--resource",
            &resource,
            "--url",
            "seg-1.ts",
            "--json",
        ];
        args.extend_from_slice(expiry);
        cfsign(&args)
    };
    let at = |now| run(&["--expires-in", "1h", "--round-to", "5m", "--now", now]);
    let first = at("2026-01-01T10:00:01Z");
    assert_eq!(first.code, 0, "{}", first.stderr);
    let out: serde_json::Value = serde_json::from_str(&first.stdout).unwrap();
    let policy = out["policy"].as_str().unwrap();
    assert!(policy.contains("\"AWS:EpochTime\":1767265500"), "{policy}");
    // Every call within the bucket signs the same playlist; the next bucket another.
    assert_eq!(at("2026-01-01T10:04:59Z").stdout, first.stdout);
    assert_ne!(at("2026-01-01T10:05:00Z").stdout, first.stdout);
    // One expiry flag at a time, and one is needed.
    let both = run(&["--expires-in", "1h", "--date-less-than", "2030-01-01"]);
    assert_eq!(both.code, 2, "{}", both.stderr);
    let neither = run(&[]);
    assert_eq!(neither.code, 2, "{}", neither.stderr);
    assert!(
        neither.stderr.contains("--date-less-than"),
        "{}",
        neither.stderr
    );
    let bad = run(&["--expires-in", "0s"]);
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    assert!(bad.stderr.contains("zero_duration"), "{}", bad.stderr);
}
