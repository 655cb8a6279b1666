//! Triage on call (issue 21): Set-Cookie lines judged as a browser sends them, damaged pastes
//! repaired and said so, and `decode` / `verify --no-key` without the key.

use crate::common::*;

fn public() -> String {
    format!("K2JCJMDEHXQW5F={}", key("rsa2048_pub.pem"))
}

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap()
}

#[test]
fn set_cookie_lines_are_judged_as_a_browser_sends_them() {
    let public = public();
    // cfsign's own Set-Cookie lines, for the host they cover: allowed.
    let set = sign_cookies("+1h", &[]).stdout;
    assert!(set.contains("Set-Cookie: "), "{set}");
    let ok = cfsign(&["verify", URL, "--public-key", &public, "--cookie", &set]);
    assert_eq!(ok.code, 0, "{}", ok.stdout);
    // The case: Domain=example.com for the cloudfront.net host: denied, and why first.
    let elsewhere = sign_cookies("+1h", &["--domain", "example.com"]).stdout;
    let r = cfsign(&[
        "verify",
        URL,
        "--public-key",
        &public,
        "--cookie",
        &elsewhere,
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.starts_with("DENIED"), "{}", r.stdout);
    let first = r.stdout.lines().find(|l| l.starts_with("- ")).unwrap();
    assert!(
        first.starts_with("- cookie_not_sent: CloudFront-"),
        "{first}"
    );
    assert!(
        first.contains("Domain=example.com") && first.contains("d111111abcdef8.cloudfront.net"),
        "{first}"
    );
    let r = cfsign(&[
        "verify",
        URL,
        "--public-key",
        &public,
        "--cookie",
        &elsewhere,
        "--json",
    ]);
    let v = json(&r.stdout);
    assert_eq!(v["reasons"][0]["code"], "cookie_not_sent");
    assert_eq!(v["reasons"][0]["why"], "domain");
    assert!(v["reasons"][0]["name"]
        .as_str()
        .unwrap()
        .starts_with("CloudFront-"));
    // Path elsewhere, and http for Secure cookies.
    let images = sign_cookies("+1h", &["--path", "/images/"]).stdout;
    let r = cfsign(&[
        "verify",
        URL,
        "--public-key",
        &public,
        "--cookie",
        &images,
        "--json",
    ]);
    assert_eq!(json(&r.stdout)["reasons"][0]["why"], "path");
    let http = URL.replace("https://", "http://");
    let r = cfsign(&[
        "verify",
        &http,
        "--public-key",
        &public,
        "--cookie",
        &set,
        "--json",
    ]);
    assert_eq!(json(&r.stdout)["reasons"][0]["why"], "secure");
    // A bare Cookie header is taken as sent.
    let header = sign_cookies("+1h", &["--output", "json"]).stdout;
    let pairs: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&header).unwrap();
    let cookie: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", v.as_str().map_or(v.to_string(), str::to_string)))
        .collect();
    let r = cfsign(&[
        "verify",
        URL,
        "--public-key",
        &public,
        "--cookie",
        &cookie.join("; "),
    ]);
    assert_eq!(r.code, 0, "{}", r.stdout);
}

#[test]
fn hostile_set_cookie_lines_get_a_note_or_an_error_never_a_panic() {
    let public = public();
    let set = sign_cookies("+1h", &[]).stdout;
    let mut lines = String::new();
    for i in 0..40 {
        lines.push_str(&format!("Set-Cookie: junk{i}\nSet-Cookie: CloudFront-Policy=x; Expires=never; Max-Age=soon; Domain=\n"));
    }
    let noisy = [set.as_str(), &lines].concat();
    let r = cfsign(&[
        "verify",
        URL,
        "--public-key",
        &public,
        "--cookie",
        &noisy,
        "--json",
    ]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v = json(&r.stdout);
    let notes = v["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n["code"] == "set_cookie_ignored"),
        "{notes:?}"
    );
    // Thousands of lines: refused as over the size limit, with its reason.
    let huge = "Set-Cookie: CloudFront-Policy=x; Path=/\n".repeat(1000);
    let r = cfsign(&[
        "verify",
        URL,
        "--public-key",
        &public,
        "--cookie",
        &huge,
        "--json",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(json(&r.stdout)["reasons"][0]["code"], "malformed");
}

#[test]
fn damaged_pastes_are_repaired_and_said_so() {
    let public = public();
    let url = sign(&["--url", URL, "--date-less-than", "+1h"])
        .stdout
        .trim_end()
        .to_string();
    let html = url.replace('&', "&amp;");
    let r = cfsign(&["verify", &html, "--public-key", &public]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .starts_with("ALLOWED: CloudFront would serve the repaired URL"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("REPAIRED") && r.stdout.contains("damage:     html_escaped"),
        "{}",
        r.stdout
    );
    // --no-repair: decided on the URL as given, the damage still named.
    let r = cfsign(&[
        "verify",
        &html,
        "--public-key",
        &public,
        "--no-repair",
        "--json",
    ]);
    assert_eq!(r.code, 1);
    let v = json(&r.stdout);
    assert_eq!(
        (v["damage"][0]["code"].as_str(), v["repaired_url"].is_null()),
        (Some("html_escaped"), true)
    );
    // A whole URL percent-encoded, wrapped, from standard input.
    let encoded: String = url
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
    let wrapped = format!("\"{}\n{}\"\n", &encoded[..70], &encoded[70..]);
    let r = run_with_stdin(
        command().args(["verify", "-", "--public-key", &public, "--json"]),
        &wrapped,
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = json(&r.stdout);
    let codes: Vec<&str> = v["damage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["quoted", "wrapped", "percent_encoded"]);
    assert_eq!(v["repaired_url"], url.as_str());
    // Cut at '&' by a shell: the hint.
    let cut = url.split('&').next().unwrap();
    let r = cfsign(&["decode", cut]);
    let v = json(&r.stdout);
    assert_eq!(v["damage"][0]["code"], "truncated");
    assert!(v["damage"][0]["message"]
        .as_str()
        .unwrap()
        .contains("Quote the URL in your shell"));
}

#[test]
fn triage_without_the_key() {
    let url = sign(&["--url", URL, "--date-less-than", "+1h"])
        .stdout
        .trim_end()
        .to_string();
    // decode: the time status at --now (past and relative forms), the key type.
    for (now, message) in [
        ("+1d 1h", "expired 1 day ago"),
        ("-2h", "not valid"),
        ("2h ago", "not valid"),
        ("5d 3h ago", "not valid"),
    ] {
        let r = cfsign(&["decode", &url, "--now", now]);
        assert_eq!(r.code, 0, "{now}: {}", r.stderr);
        let v = json(&r.stdout);
        if message == "not valid" {
            // A canned policy has no start: still valid before its expiry.
            assert_eq!(v["time_status"]["state"], "valid", "{now}");
        } else {
            assert_eq!(v["time_status"]["message"], message, "{now}");
        }
        assert_eq!(v["signature_key_type"], "RSA");
    }
    let r = cfsign(&["decode", &url, "--now=-2h", "--output", "text"]);
    let line = "time_status.message: valid for another ";
    assert!(
        r.stdout.contains(&format!("{line}3 h\n"))
            || r.stdout.contains(&format!("{line}2 h 59 min")),
        "{}",
        r.stdout
    );
    // verify --no-key: everything but the signature; says so; exit 1 only when something denies.
    let forged = url.replace("Signature=", "Signature=AAAA");
    let r = cfsign(&["verify", &forged, "--no-key"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("SIGNATURE NOT CHECKED"), "{}", r.stdout);
    let r = cfsign(&["verify", &url, "--no-key", "--now", "+2h", "--json"]);
    assert_eq!(r.code, 1);
    let v = json(&r.stdout);
    assert_eq!(
        (
            v["signature_checked"].as_bool(),
            v["reasons"][0]["code"].as_str()
        ),
        (Some(false), Some("expired"))
    );
    assert_eq!(v["notes"][0]["code"], "signature_not_checked");
    // Usage errors stay exit 2: neither key nor --no-key, both, a bad --now.
    for args in [
        vec!["verify", url.as_str()],
        vec![
            "verify",
            url.as_str(),
            "--no-key",
            "--public-key",
            "K=x.pem",
        ],
        vec![
            "verify",
            url.as_str(),
            "--no-key",
            "--now",
            "2 fortnights ago",
        ],
        vec!["decode", url.as_str(), "--now", "-2"],
    ] {
        let r = cfsign(&args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stdout);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    }
}
