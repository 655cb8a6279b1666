//! What cfsign signs, `cfsign verify` allows for the matching request inside its window; what
//! CloudFront (and so the verifier) would refuse is refused at signing (issue 29, p05, p04).

use crate::common::*;

const ORIGIN: &str = "https://d111111abcdef8.cloudfront.net";

fn public() -> String {
    format!("K2JCJMDEHXQW5F={}", key("rsa2048_pub.pem"))
}

fn verify_url(url: &str) -> Run {
    cfsign(&["verify", url, "--public-key", &public()])
}

/// p05: the signed URL, parameters included, must fit CloudFront's 8,192 bytes.
#[test]
fn urls_over_8192_bytes_are_refused_and_the_rest_verify() {
    for (path_len, fits) in [(7000, true), (7800, false), (8150, false), (9000, false)] {
        let url = format!("{ORIGIN}/{}", "a".repeat(path_len));
        for extra in [
            vec!["--date-less-than", "+1h"],
            vec!["--date-less-than", "+1h", "--ip-address", "192.0.2.0/24"],
            vec!["--date-less-than", "+1h", "--hash-algorithm", "SHA256"],
        ] {
            let mut args = vec!["--url", url.as_str()];
            args.extend(&extra);
            let r = sign(&args);
            if fits && extra.len() == 2 {
                assert_eq!(r.code, 0, "{path_len}: {}", r.stderr);
                let signed = r.stdout.trim_end();
                assert!(signed.len() <= 8192);
                let v = verify_url(signed);
                assert_eq!(v.code, 0, "{path_len}: {}", v.stdout);
            } else if r.code == 0 {
                let signed = r.stdout.trim_end();
                assert!(
                    signed.len() <= 8192,
                    "{path_len} {extra:?}: signed {} bytes",
                    signed.len()
                );
            } else {
                assert_eq!(r.code, 2, "{path_len}: {}", r.stderr);
                assert!(r.stdout.is_empty());
                assert!(r.stderr.contains("--url"), "{}", r.stderr);
            }
            if !fits {
                assert_ne!(
                    r.code, 0,
                    "{path_len} {extra:?}: signed a URL over 8192 bytes"
                );
            }
        }
        // sign-batch: the line fails, the next is signed.
        let mut cmd = command();
        cmd.args([
            "sign-batch",
            "--key-pair-id",
            "K2JCJMDEHXQW5F",
            "--private-key",
        ])
        .arg(key("rsa2048_pkcs1.pem"))
        .args(["--date-less-than", "+1h", "--output", "json"]);
        let r = run_with_stdin(&mut cmd, &format!("{url}\n{URL}\n"));
        let lines: Vec<serde_json::Value> = r
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].get("url").is_some(), fits, "{}", lines[0]);
        assert!(lines[1]["url"].is_string());
    }
}

/// p05: cookies whose policy is over 8,192 bytes (CloudFront's and the verifier's limit).
#[test]
fn cookie_policies_over_8192_bytes_are_refused() {
    for (len, fits) in [(7000, true), (8150, false), (12000, false)] {
        let resource = format!("{ORIGIN}/{}*", "a".repeat(len));
        let k = key("rsa2048_pkcs1.pem");
        let r = cfsign(&[
            "sign-cookies",
            "--resource",
            &resource,
            "--key-pair-id",
            "K2JCJMDEHXQW5F",
            "--private-key",
            &k,
            "--date-less-than",
            "+1h",
        ]);
        if fits {
            assert_eq!(r.code, 0, "{}", r.stderr);
            let url = format!("{ORIGIN}/{}", "a".repeat(len));
            // Sent as a Cookie header, CloudFront allows them.
            let header: Vec<&str> = r
                .stdout
                .lines()
                .filter_map(|l| l.strip_prefix("Set-Cookie: ")?.split(';').next())
                .collect();
            let v = cfsign(&[
                "verify",
                &url,
                "--public-key",
                &public(),
                "--cookie",
                &header.join("; "),
            ]);
            assert_eq!(v.code, 0, "{}", v.stdout);
            // But a browser drops a cookie over 4,096 bytes: as Set-Cookie lines, never sent.
            let v = cfsign(&[
                "verify",
                &url,
                "--public-key",
                &public(),
                "--cookie",
                &r.stdout,
                "--json",
            ]);
            assert_eq!(v.code, 1, "{}", v.stdout);
            let v: serde_json::Value = serde_json::from_str(&v.stdout).unwrap();
            assert_eq!(v["reasons"][0]["why"], "too_large");
        } else {
            assert_eq!(r.code, 2, "{len}: signed a policy over 8192 bytes");
            assert!(r.stdout.is_empty());
        }
    }
    // A policy file over the limit, for URLs and cookies.
    let dir = std::env::temp_dir().join(format!("cfsign-agree-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let resource = format!("{ORIGIN}/{}*", "b".repeat(8200));
    let policy = format!(
        r#"{{"Statement":[{{"Resource":"{resource}","Condition":{{"DateLessThan":{{"AWS:EpochTime":1893456000}}}}}}]}}"#
    );
    let file = dir.join("policy.json");
    std::fs::write(&file, policy).unwrap();
    let k = key("rsa2048_pkcs1.pem");
    let r = cfsign(&[
        "sign-cookies",
        "--policy",
        file.to_str().unwrap(),
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
    ]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

/// p05: signing parameters already in the URL, in any encoding, are refused; so is a fragment.
#[test]
fn urls_carrying_signing_parameters_or_a_fragment_are_refused() {
    for query in [
        "?Expires=1",
        "?a=1&Signature=x",
        "?Key-Pair-Id=K",
        "?Policy=x",
        "?Hash-Algorithm=SHA256",
        "?%45xpires=1",
        "?Key%2DPair%2DId=K",
        "?a=1&%50olicy=x",
        "#Expires=1",
        "?a=1#x",
    ] {
        let url = format!("{ORIGIN}/a.mp4{query}");
        let r = sign(&["--url", &url, "--date-less-than", "+1h"]);
        assert_eq!(r.code, 2, "{url}: {}", r.stdout);
        let r = sign(&[
            "--url",
            &url,
            "--date-less-than",
            "+1h",
            "--policy-resource",
            &format!("{ORIGIN}/*"),
        ]);
        assert_eq!(r.code, 2, "{url}: {}", r.stdout);
    }
}

/// Whatever `sign` signs, `verify` allows inside the window (and denies outside it).
#[test]
fn signed_urls_verify_inside_their_window() {
    let urls = [
        format!("{ORIGIN}/a.mp4"),
        format!("{ORIGIN}/a.mp4?x=1&y=%20z"),
        format!("{ORIGIN}/a.mp4?"),
        format!("{ORIGIN}/caf%C3%A9/a%2Fb.mp4"),
        format!("{ORIGIN}/a*b.mp4"),
        format!("{ORIGIN}/a?b=c?d"),
        format!("{ORIGIN}:443/a.mp4"),
    ];
    for url in &urls {
        for extra in [
            vec![],
            vec!["--date-greater-than", "-1h", "--ip-address", "192.0.2.0/24"],
            vec![
                "--policy-resource",
                "https://d111111abcdef8.cloudfront.net*",
            ],
            vec!["--hash-algorithm", "SHA256"],
        ] {
            let mut args = vec!["--url", url.as_str(), "--date-less-than", "+1h"];
            // `-1h` is not a form cfsign reads: use a date in the past.
            let extra: Vec<&str> = extra
                .iter()
                .map(|a| if *a == "-1h" { "2020-01-01" } else { a })
                .collect();
            args.extend(&extra);
            let r = sign(&args);
            assert_eq!(r.code, 0, "{url} {extra:?}: {}", r.stderr);
            let signed = r.stdout.trim_end();
            let v = cfsign(&[
                "verify",
                signed,
                "--public-key",
                &public(),
                "--client-ip",
                "192.0.2.7",
            ]);
            assert_eq!(v.code, 0, "{url} {extra:?}: {}", v.stdout);
            let late = cfsign(&[
                "verify",
                signed,
                "--public-key",
                &public(),
                "--client-ip",
                "192.0.2.7",
                "--now",
                "+2h",
            ]);
            assert_eq!(late.code, 1, "{url} {extra:?}");
        }
    }
}

/// p04: a resource whose only wildcard is `?` gets a custom policy, and the cookies work for
/// the URLs it describes.
#[test]
fn question_mark_resources_get_custom_cookies() {
    let k = key("rsa2048_pkcs1.pem");
    for (resource, url) in [
        (
            format!("{ORIGIN}/v?deos/ep1.mp4"),
            format!("{ORIGIN}/videos/ep1.mp4"),
        ),
        (
            format!("{ORIGIN}/videos/ep?.mp4"),
            format!("{ORIGIN}/videos/ep7.mp4"),
        ),
    ] {
        let r = cfsign(&[
            "sign-cookies",
            "--resource",
            &resource,
            "--key-pair-id",
            "K2JCJMDEHXQW5F",
            "--private-key",
            &k,
            "--date-less-than",
            "+1h",
            "--output",
            "json",
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert!(
            v.get("CloudFront-Expires").is_none(),
            "{resource}: canned cookies: {v}"
        );
        assert!(v["CloudFront-Policy"].is_string(), "{v}");
        let cookie = format!(
            "CloudFront-Policy={}; CloudFront-Signature={}; CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F",
            v["CloudFront-Policy"].as_str().unwrap(),
            v["CloudFront-Signature"].as_str().unwrap()
        );
        let ok = cfsign(&[
            "verify",
            &url,
            "--public-key",
            &public(),
            "--cookie",
            &cookie,
            "--json",
        ]);
        let verdict: serde_json::Value = serde_json::from_str(&ok.stdout).unwrap();
        let codes: Vec<&str> = verdict["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap())
            .collect();
        // Allowed, or denied only because CloudFront's reading of `?` in a path is unconfirmed.
        assert!(
            ok.code == 0 || codes == ["resource_ambiguous"],
            "{resource} {url}: {}",
            ok.stdout
        );
    }
}
