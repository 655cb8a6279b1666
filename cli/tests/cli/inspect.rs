//! `verify` and `decode`: exit codes, text and JSON.

use crate::common::*;

#[test]
fn verify_exit_codes_and_json() {
    let signed = sign(&["--url", URL, "--date-less-than", "+1h"]);
    let url = signed.stdout.trim_end();
    let public = format!("K2JCJMDEHXQW5F={}", key("rsa2048_pub.pem"));
    let ok = cfsign(&["verify", url, "--public-key", &public]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.starts_with("ALLOWED"));
    let late = cfsign(&[
        "verify",
        url,
        "--public-key",
        &public,
        "--now",
        "+2h",
        "--json",
    ]);
    assert_eq!(late.code, 1);
    let v: serde_json::Value = serde_json::from_str(&late.stdout).unwrap();
    assert_eq!(v["allowed"], false);
    assert_eq!(v["key_pair_id"], "K2JCJMDEHXQW5F");
    assert_eq!(v["reasons"][0]["code"], "expired");
    assert_eq!(v["reasons"][0]["cloudfront_error"], "AccessDenied");
    assert!(
        v["reasons"][0]["expires"].as_u64().is_some() && v["reasons"][0]["now"].as_u64().is_some()
    );
    assert_eq!(v["policy"]["resource"], URL);
    // Key rotation: with only another key trusted, unknown_key.
    let other = format!("K3ROTATEDKEY2={}", key("rsa2048_b_pub.pem"));
    let r = cfsign(&["verify", url, "--public-key", &other, "--json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["reasons"][0]["code"], "unknown_key");
    assert_eq!(v["reasons"][0]["trusted"][0], "K3ROTATEDKEY2");
    // Cookies.
    let cookies = sign_cookies("+1h", &[]);
    let r = cfsign(&[
        "verify",
        URL,
        "--public-key",
        &public,
        "--cookie",
        &cookies.stdout,
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // Bad usage: exit 2, one line.
    for args in [
        vec!["verify", url, "--public-key", "nokey"],
        vec!["verify", url, "--public-key", "K=/no/such/file.pem"],
        vec![
            "verify",
            url,
            "--public-key",
            &public,
            "--client-ip",
            "300.0.0.1",
        ],
        vec![
            "verify",
            url,
            "--public-key",
            &public,
            "--now",
            "yesterday-ish",
        ],
    ] {
        let r = cfsign(&args);
        assert_eq!(r.code, 2, "{args:?}");
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    }
    let priv_as_pub = format!("K={}", key("rsa2048_pkcs1.pem"));
    let r = cfsign(&["verify", url, "--public-key", &priv_as_pub]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("private key") && !r.stderr.contains("BEGIN"),
        "{}",
        r.stderr
    );
}

#[test]
fn decode_prints_json_for_urls_and_cookies() {
    let signed = sign(&["--url", URL, "--date-less-than", "+1h"]);
    let r = cfsign(&["decode", signed.stdout.trim_end()]);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["policy_type"], "canned");
    assert_eq!(v["policy"]["resource"], URL);
    assert_eq!(v["signature_bytes"], 256);
    let r = cfsign(&[
        "decode",
        "CloudFront-Policy=e30_; CloudFront-Signature=AAAA; CloudFront-Key-Pair-Id=K1",
    ]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["source"], "cookies");
    assert_eq!(v["policy_json"], "{}");
    assert!(v["problems"][0].as_str().unwrap().contains("Statement"));
    let r = cfsign(&["decode", "\u{1}garbage"]);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["source"], "none");
}

/// `cfsign verify` prints the resource note (tests/resource_readings.rs) in text and JSON.
#[test]
fn verify_prints_the_ambiguous_resource_note() {
    const NOW: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z
    let signer = cfsign::Signer::new(
        "K2JCJMDEHXQW5F",
        cfsign::PrivateKey::from_pem(&read_key("rsa2048_pkcs1.pem")).unwrap(),
    )
    .unwrap();
    let options = cfsign::UrlOptions {
        date_less_than: NOW + 3600,
        policy_resource: Some("https://host/season?/ep?.mp4".into()),
        ..cfsign::UrlOptions::default()
    };
    let signed = signer
        .sign_url_with("https://host/season1/ep7.mp4", &options)
        .unwrap();
    let public = format!("K2JCJMDEHXQW5F={}", key("rsa2048_pub.pem"));
    let now = NOW.to_string();
    let args = [
        "verify",
        signed.as_str(),
        "--public-key",
        &public,
        "--now",
        &now,
    ];
    let r = cfsign(&args);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("- resource_ambiguous: "), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "note: ambiguous_resource_match: CloudFront's documentation can be read two ways here"
        ),
        "{}",
        r.stdout
    );
    let r = cfsign(&[&args[..], &["--output", "json"]].concat());
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["notes"][0]["whole_string_reading"], true);
}

/// A bad signature names its likely cause (issue 21, item 1): in the text, in `--json`, and with
/// `--expect-host` for a URL signed on another host.
#[test]
fn verify_names_the_likely_cause_of_a_bad_signature() {
    let public = format!("K2JCJMDEHXQW5F={}", key("rsa2048_pub.pem"));
    let signed = sign(&["--url", URL, "--date-less-than", "+1h"]);
    let url = format!("{}&utm_source=mail", signed.stdout.trim_end());
    let r = cfsign(&["verify", &url, "--public-key", &public]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("likely cause: query_added"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("added after signing: utm_source"),
        "{}",
        r.stdout
    );
    let r = cfsign(&["verify", &url, "--public-key", &public, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["reasons"][0]["code"], "bad_signature");
    assert_eq!(v["reasons"][0]["likely_cause"]["code"], "query_added");
    assert_eq!(
        v["reasons"][0]["diagnosis"]["ruled_out"][0],
        "signed_by_other_key"
    );

    let alt = "https://cdn.example.com/videos/intro.mp4";
    let signed = sign(&["--url", alt, "--date-less-than", "+1h"]);
    let moved =
        signed
            .stdout
            .trim_end()
            .replacen("cdn.example.com", "d111111abcdef8.cloudfront.net", 1);
    let r = cfsign(&["verify", &moved, "--public-key", &public, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["reasons"][0]["likely_cause"], serde_json::Value::Null);
    assert!(v["reasons"][0]["diagnosis"]["note"]
        .as_str()
        .unwrap()
        .contains("--expect-host"));
    let r = cfsign(&[
        "verify",
        &moved,
        "--public-key",
        &public,
        "--expect-host",
        "cdn.example.com",
    ]);
    assert!(
        r.stdout.contains("likely cause: host_changed"),
        "{}",
        r.stdout
    );
    // Not a host: usage error, the value not echoed.
    let r = cfsign(&[
        "verify",
        &moved,
        "--public-key",
        &public,
        "--expect-host",
        "https://evil.example/x",
    ]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("evil"), "{}", r.stderr);
}

/// `--public-key FILE` takes what the AWS CLI prints (`get-public-key`, `list-public-keys`, as
/// moto's server gave it through the real AWS CLI: tests/fixtures/aws), every key in it; with
/// `ID=FILE` only that ID's key. The key ID comes from the file, never from the flag.
#[test]
fn verify_reads_the_aws_cli_public_key_output() {
    let fixtures = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws");
    let file = |name: &str| fixtures.join(name).display().to_string();
    let text = std::fs::read_to_string(file("get-public-key-rsa.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let id = v["PublicKey"]["Id"].as_str().unwrap().to_string();
    let k = key("rsa2048_pkcs1.pem");
    let signed = cfsign(&[
        "sign",
        "--url",
        URL,
        "--date-less-than",
        "+1h",
        "--key-pair-id",
        &id,
        "--private-key",
        &k,
    ]);
    let url = signed.stdout.trim_end();
    let one = cfsign(&[
        "verify",
        url,
        "--public-key",
        &file("get-public-key-rsa.json"),
    ]);
    assert_eq!(one.code, 0, "{}{}", one.stdout, one.stderr);
    // The RSA key of the list, picked by its ID (the list also holds an RSA-3072 key cfsign refuses).
    let picked = format!("{id}={}", file("list-public-keys.json"));
    let listed = cfsign(&["verify", url, "--public-key", &picked]);
    assert_eq!(listed.code, 0, "{}{}", listed.stdout, listed.stderr);
    // Another key's file: the URL's key is not trusted.
    let other = cfsign(&[
        "verify",
        url,
        "--public-key",
        &file("get-public-key-ec.json"),
        "--json",
    ]);
    assert_eq!(other.code, 1, "{}{}", other.stdout, other.stderr);
    let v: serde_json::Value = serde_json::from_str(&other.stdout).unwrap();
    assert_eq!(v["reasons"][0]["code"], "unknown_key");
    // A file of another kind is named, with what was expected.
    let wrong = cfsign(&["verify", url, "--public-key", &file("get-key-group-a.json")]);
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("get-key-group-a.json"),
        "{}",
        wrong.stderr
    );
    // The whole list: its RSA-3072 key is refused, named by its ID.
    let all = cfsign(&[
        "verify",
        url,
        "--public-key",
        &file("list-public-keys.json"),
    ]);
    assert_eq!(all.code, 2, "{}{}", all.stdout, all.stderr);
    assert!(all.stderr.contains("(key "), "{}", all.stderr);
}
