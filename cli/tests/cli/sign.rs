//! `sign`, `sign-cookies` and `keygen`: what they print, checked by the library and by OpenSSL.

use std::process::Command;

use cfsign::{CfBase64, HashAlgorithm, PublicKey};

use crate::common::*;

#[test]
fn sign_prints_the_url_and_nothing_else() {
    let r = sign(&["--url", URL, "--date-less-than", "2030-01-01"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty());
    assert!(r.stdout.ends_with('\n') && r.stdout.lines().count() == 1);
    let url = r.stdout.trim_end();
    assert!(
        url.starts_with(&format!("{URL}?Expires=1893456000&Signature=")),
        "{url}"
    );
    assert!(url.ends_with("&Key-Pair-Id=K2JCJMDEHXQW5F"));
    let policy = format!(
        r#"{{"Statement":[{{"Resource":"{URL}","Condition":{{"DateLessThan":{{"AWS:EpochTime":1893456000}}}}}}]}}"#
    );
    let sig = CfBase64::decode(query_param(url, "Signature").unwrap()).unwrap();
    let public = PublicKey::from_pem(&read_key("rsa2048_pub.pem")).unwrap();
    assert!(public.verify(policy.as_bytes(), &sig, HashAlgorithm::Sha1));
}

#[test]
fn custom_policies_and_hashes() {
    let r = sign(&[
        "--url",
        URL,
        "--date-less-than",
        "+2h",
        "--date-greater-than",
        "2020-01-01T00:00:00Z",
        "--ip-address",
        "192.0.2.0/24",
        "--hash-algorithm",
        "SHA256",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let url = r.stdout.trim_end();
    let policy = CfBase64::decode(query_param(url, "Policy").unwrap()).unwrap();
    let policy = String::from_utf8(policy).unwrap();
    assert!(policy.contains(r#""IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateGreaterThan":{"AWS:EpochTime":1577836800}"#), "{policy}");
    assert!(url.ends_with("&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256"));
    let sig = CfBase64::decode(query_param(url, "Signature").unwrap()).unwrap();
    let public = PublicKey::from_pem(&read_key("rsa2048_pub.pem")).unwrap();
    assert!(public.verify(policy.as_bytes(), &sig, HashAlgorithm::Sha256));

    // A wildcard policy resource applied to one URL.
    let r = sign(&[
        "--url",
        URL,
        "--date-less-than",
        "+1d",
        "--policy-resource",
        "https://d111111abcdef8.cloudfront.net/videos/*",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("?Policy="));

    // ECDSA signs with SHA-256 by default, as the AWS CLI does.
    let ec = key("ec_p256_sec1.pem");
    let r = cfsign(&[
        "sign",
        "--url",
        URL,
        "--key-pair-id",
        "K2EC",
        "--private-key",
        &ec,
        "--date-less-than",
        "+1h",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.trim_end().ends_with("&Hash-Algorithm=SHA256"));
}

/// A policy with keys CloudFront's guide does not document is signed as written, as the AWS CLI
/// signs it, with one warning per key on stderr (control characters in a key shown escaped).
#[test]
fn policy_file_with_unknown_keys_is_signed_with_warnings() {
    let dir = std::env::temp_dir().join(format!("cfsign-cli-unknown-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("policy.json");
    let json = "{\"Statement\":[{\"Resource\":\"https://d111111abcdef8.cloudfront.net/videos/*\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":2000000000},\"StringLike\":{}}}],\"Comment\\u001b[1A\":\"x\"}";
    std::fs::write(&file, json).unwrap();
    let r = sign(&["--url", URL, "--policy", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let policy = CfBase64::decode(query_param(r.stdout.trim_end(), "Policy").unwrap()).unwrap();
    assert_eq!(policy, json.as_bytes());
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stderr);
    assert!(
        lines[0].starts_with(
            "cfsign: warning: --policy: unknown key \"Comment\\u{1b}[1A\" in the policy"
        ) && lines[1]
            .starts_with("cfsign: warning: --policy: unknown key \"StringLike\" in Condition")
            && lines
                .iter()
                .all(|l| l.ends_with("CloudFront's handling is undocumented")),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains('\u{1b}'));
    // Cookies too.
    let k = key("rsa2048_pkcs1.pem");
    let r = cfsign(&[
        "sign-cookies",
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
        "--policy",
        file.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 2, "{}", r.stderr);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn policy_file_is_signed_as_written() {
    let dir = std::env::temp_dir().join(format!("cfsign-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("policy.json");
    let json = "{\n  \"Statement\": [{\n    \"Resource\": \"https://d111111abcdef8.cloudfront.net/videos/*\",\n    \"Condition\": {\"DateLessThan\": {\"AWS:EpochTime\": 2000000000}}\n  }]\n}\n";
    std::fs::write(&file, json).unwrap();
    let r = sign(&["--url", URL, "--policy", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let policy = CfBase64::decode(query_param(r.stdout.trim_end(), "Policy").unwrap()).unwrap();
    assert_eq!(policy, json.as_bytes());
    let r = sign(&[
        "--url",
        "https://other.example/x",
        "--policy",
        file.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("does not match the policy resource"),
        "{}",
        r.stderr
    );
}

#[test]
fn sign_cookies_headers_and_json() {
    let r = sign_cookies("+1d", &["--domain", "d111111abcdef8.cloudfront.net"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("Set-Cookie: CloudFront-Policy="));
    assert!(lines[1].starts_with("Set-Cookie: CloudFront-Signature="));
    assert!(lines[2].starts_with("Set-Cookie: CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F; "));
    // The lifetime is the policy's (a day): Expires, and Max-Age from the same clock.
    for l in &lines {
        let (_, attributes) = l.split_once("; Domain=").unwrap();
        assert!(
            attributes.starts_with("d111111abcdef8.cloudfront.net; Path=/; Expires="),
            "{l}"
        );
        let max_age: u64 = attributes
            .split("; Max-Age=")
            .nth(1)
            .and_then(|a| a.split(';').next())
            .unwrap()
            .parse()
            .unwrap();
        assert!((86_390..=86_400).contains(&max_age), "{l}");
        assert!(l.ends_with("; Secure; HttpOnly; SameSite=Lax"), "{l}");
    }
    let r = sign_cookies("+1d", &["--max-age", "3600"]);
    assert!(r
        .stdout
        .lines()
        .all(|l| l.contains("; Max-Age=3600") && !l.contains("Expires=")));
    let r = sign_cookies("+1d", &["--session"]);
    assert!(r
        .stdout
        .lines()
        .all(|l| !l.contains("Max-Age") && !l.contains("Expires=")));
    let r = sign_cookies("+1d", &["--json"]);
    assert_eq!(r.code, 0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let names: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        [
            "CloudFront-Key-Pair-Id",
            "CloudFront-Policy",
            "CloudFront-Signature"
        ]
    );
}

#[test]
fn keygen_writes_a_private_key_only_its_owner_reads() {
    let dir = std::env::temp_dir().join(format!("cfsign-keygen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for kind in ["rsa", "ecdsa"] {
        let sub = dir.join(kind);
        let r = cfsign(&["keygen", "--type", kind, "--out-dir", sub.to_str().unwrap()]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let private = sub.join("private_key.pem");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&private).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let public = std::fs::read_to_string(sub.join("public_key.pem")).unwrap();
        assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"));
        // The new key signs a URL that its public key verifies.
        let r = cfsign(&[
            "sign",
            "--url",
            URL,
            "--key-pair-id",
            "KNEW",
            "--private-key",
            private.to_str().unwrap(),
            "--date-less-than",
            "+1h",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        // Refuses to overwrite.
        let again = cfsign(&["keygen", "--type", kind, "--out-dir", sub.to_str().unwrap()]);
        assert_eq!(again.code, 2);
        assert!(again.stderr.contains("--force"), "{}", again.stderr);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// cfsign's ECDSA signatures, checked by an independent verifier: OpenSSL's `dgst -verify`.
#[test]
fn openssl_verifies_ecdsa_signatures() {
    let dir = std::env::temp_dir().join(format!("cfsign-openssl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ec = key("ec_p256_pkcs8.pem");
    let r = cfsign(&[
        "sign",
        "--url",
        URL,
        "--key-pair-id",
        "K4EC",
        "--private-key",
        &ec,
        "--date-less-than",
        "2030-01-01",
        "--ip-address",
        "192.0.2.0/24",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let url = r.stdout.trim_end();
    let policy = CfBase64::decode(query_param(url, "Policy").unwrap()).unwrap();
    let sig = CfBase64::decode(query_param(url, "Signature").unwrap()).unwrap();
    std::fs::write(dir.join("sig.der"), &sig).unwrap();
    let openssl_verifies = |message: &[u8]| {
        std::fs::write(dir.join("policy.json"), message).unwrap();
        let out = Command::new("openssl")
            .args([
                "dgst",
                "-sha256",
                "-verify",
                &key("ec_p256_pub.pem"),
                "-signature",
            ])
            .arg(dir.join("sig.der"))
            .arg(dir.join("policy.json"))
            .output()
            .expect("openssl (Debian package openssl) is needed for this test");
        out.status.success() && String::from_utf8_lossy(&out.stdout).trim() == "Verified OK"
    };
    assert!(openssl_verifies(&policy));
    // A changed policy byte fails under OpenSSL too.
    let mut bad = policy.clone();
    bad[10] ^= 1;
    assert!(!openssl_verifies(&bad));
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--private-key -` reads the PEM from standard input.
#[test]
fn private_key_from_standard_input() {
    let pem = read_key("rsa2048_pkcs1.pem");
    let run = |stdin: &str| {
        let mut cmd = command();
        cmd.args([
            "sign",
            "--url",
            URL,
            "--key-pair-id",
            "K2JCJMDEHXQW5F",
            "--private-key",
            "-",
            "--date-less-than",
            "2030-01-01",
        ]);
        run_with_stdin(&mut cmd, stdin)
    };
    let from_stdin = run(&pem);
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    let from_file = sign(&["--url", URL, "--date-less-than", "2030-01-01"]);
    assert_eq!(from_stdin.stdout, from_file.stdout);
    let empty = run("");
    assert_eq!(empty.code, 2);
    assert!(
        empty.stderr.starts_with("cfsign: error: --private-key: ")
            && empty.stderr.contains("standard input"),
        "{}",
        empty.stderr
    );
}

/// The AWS CLI's date forms, through the command (src/time.rs tests every form).
#[test]
fn dates_as_the_aws_cli_reads_them() {
    for (when, expires) in [
        ("2016-1-1", "1451606400"),
        ("12/31/2029", "1893369600"),
        ("31.12.2029", "1893369600"),
        ("Tue, 01 Dec 2026 10:00:00 GMT", "1796119200"),
        ("2026-01-01T20:00:00.5+0200", "1767290400"),
        ("1767290400.9", "1767290400"),
    ] {
        let r = sign(&["--url", URL, "--date-less-than", when, "--allow-past"]);
        assert_eq!(r.code, 0, "{when}: {}", r.stderr);
        assert_eq!(
            query_param(r.stdout.trim_end(), "Expires"),
            Some(expires),
            "{when}"
        );
    }
    for (when, needle) in [
        (
            "01/02/2026",
            "month/day (2026-01-02) or day/month (2026-02-01)",
        ),
        ("1/1/30", "two-digit year"),
        ("+90", "+90s"),
        ("2026-12-01T10:00:00 EST", "offset"),
    ] {
        let r = sign(&["--url", URL, "--date-less-than", when]);
        assert_eq!(r.code, 2, "{when}");
        assert!(
            r.stderr.starts_with("cfsign: error: --date-less-than: ") && r.stderr.contains(needle),
            "{when}: {}",
            r.stderr
        );
    }
}
