//! `cfsign sign-batch`: one key parse, a URL or a JSON object per line, every line's result in
//! order, errors per line without stopping (or `--fail-fast`), and no key material in any error.

use std::process::Command;

use cfsign::{CfBase64, HashAlgorithm, PublicKey};

use crate::common::*;

const ORIGIN: &str = "https://d111111abcdef8.cloudfront.net";

fn batch_command(extra: &[&str]) -> Command {
    let mut cmd = command();
    cmd.args(["sign-batch", "--key-pair-id", "K2JCJMDEHXQW5F"]);
    cmd.args(["--private-key", &key("rsa2048_pkcs1.pem")]);
    cmd.args(extra);
    cmd
}

fn batch(extra: &[&str], input: &str) -> Run {
    run_with_stdin(&mut batch_command(extra), input)
}

#[test]
fn each_line_signed_as_sign_signs_it() {
    let urls: Vec<String> = (0..50)
        .map(|i| format!("{ORIGIN}/videos/{i}.mp4"))
        .collect();
    let input = urls.join("\n") + "\n";
    let r = batch(&["--date-less-than", "2030-01-01"], &input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), urls.len());
    // RSA signs deterministically: each line is exactly `cfsign sign`'s URL.
    for i in [0, 17, 49] {
        let one = sign(&["--url", &urls[i], "--date-less-than", "2030-01-01"]);
        assert_eq!(lines[i], one.stdout.trim_end(), "line {}", i + 1);
    }
    // Blank lines and CRLF line ends are fine; no trailing newline either.
    let r = batch(
        &["--date-less-than", "2030-01-01"],
        &format!("\r\n{}\r\n\n{}", urls[0], urls[1]),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.lines().collect::<Vec<_>>(), lines[..2]);
}

#[test]
fn json_lines_set_their_own_window_and_resource() {
    let input = [
        format!(r#"{{"url": "{ORIGIN}/a.mp4"}}"#),
        format!(r#"{{"url": "{ORIGIN}/b.mp4", "date_less_than": 1893456000}}"#),
        format!(
            r#"{{"url": "{ORIGIN}/videos/c.mp4", "date_less_than": "2030-01-01", "date_greater_than": "2020-01-01T00:00:00Z", "ip_address": "192.0.2.0/24", "policy_resource": "{ORIGIN}/videos/*"}}"#
        ),
    ]
    .join("\n");
    let r = batch(&["--date-less-than", "+1h", "--output", "json"], &input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(v.len(), 3);
    assert_eq!(
        (v[0]["line"].as_u64(), v[2]["line"].as_u64()),
        (Some(1), Some(3))
    );
    let url = |i: usize| v[i]["url"].as_str().unwrap().to_string();
    assert!(url(0).starts_with(&format!("{ORIGIN}/a.mp4?Expires=")));
    assert_eq!(query_param(&url(1), "Expires"), Some("1893456000"));
    let policy = CfBase64::decode(query_param(&url(2), "Policy").unwrap()).unwrap();
    let policy = String::from_utf8(policy).unwrap();
    assert_eq!(
        policy,
        format!(
            r#"{{"Statement":[{{"Resource":"{ORIGIN}/videos/*","Condition":{{"DateLessThan":{{"AWS:EpochTime":1893456000}},"IpAddress":{{"AWS:SourceIp":"192.0.2.0/24"}},"DateGreaterThan":{{"AWS:EpochTime":1577836800}}}}}}]}}"#
        )
    );
    let sig = CfBase64::decode(query_param(&url(2), "Signature").unwrap()).unwrap();
    let public = PublicKey::from_pem(&read_key("rsa2048_pub.pem")).unwrap();
    assert!(public.verify(policy.as_bytes(), &sig, HashAlgorithm::Sha1));
}

#[test]
fn a_bad_line_is_reported_and_the_next_signed() {
    let input = format!(
        "{ORIGIN}/ok1.mp4\nnot a url\n{{\"url\": \"{ORIGIN}/x\", \"ip_address\": \"300.1.2.3\"}}\n{{\"url\": 1}}\n{{\"url\": \"{ORIGIN}/x\", \"colour\": \"red\"}}\n{ORIGIN}/ok2.mp4\n"
    );
    let r = batch(&["--date-less-than", "2030-01-01"], &input);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let out: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(out.len(), 2);
    assert!(
        out[0].starts_with(&format!("{ORIGIN}/ok1.mp4?"))
            && out[1].starts_with(&format!("{ORIGIN}/ok2.mp4?"))
    );
    let err: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(err.len(), 5, "{}", r.stderr);
    assert!(
        err[0].starts_with("cfsign: error: line 2: line: not an http:// or https:// URL"),
        "{}",
        err[0]
    );
    assert!(
        err[1].starts_with("cfsign: error: line 3: ip_address: "),
        "{}",
        err[1]
    );
    assert!(
        err[2].starts_with(
            "cfsign: error: line 4: line: a field is unknown, missing or of the wrong type"
        ),
        "{}",
        err[2]
    );
    assert!(err[3].contains("unknown field colour"), "{}", err[3]);
    assert_eq!(err[4], "cfsign: sign-batch: 4 of 6 lines failed");

    // JSON: one object per line, errors included; the field is named.
    let r = batch(&["--date-less-than", "2030-01-01", "--json"], &input);
    assert_eq!(r.code, 1);
    let v: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(v.len(), 6);
    assert_eq!(v[1]["field"], "line");
    assert_eq!(v[2]["field"], "ip_address");
    assert!(v[2]["error"].as_str().unwrap().contains("300.1.2.3"));
    assert!(v[5]["url"].is_string());

    // --fail-fast stops at line 2.
    let r = batch(&["--date-less-than", "2030-01-01", "--fail-fast"], &input);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.lines().count(), 1);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);

    // Without --date-less-than, each line must carry its own.
    let r = batch(
        &[],
        &format!(
            "{ORIGIN}/a.mp4\n{{\"url\": \"{ORIGIN}/b.mp4\", \"date_less_than\": \"2030-01-01\"}}\n"
        ),
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout.lines().count(), 1);
    assert!(
        r.stderr
            .starts_with("cfsign: error: line 1: date_less_than: missing"),
        "{}",
        r.stderr
    );
}

#[test]
fn usage_errors_stop_before_reading() {
    for (extra, needle) in [
        (
            &["--date-less-than", "next tuesday"][..],
            "cfsign: error: --date-less-than: ",
        ),
        (
            &["--date-less-than", "+1h", "--ip-address", "1.2.3.4/40"][..],
            "cfsign: error: --ip-address: ",
        ),
        (
            &["--date-less-than", "+1h", "/no/such/urls.txt"][..],
            "cfsign: error: FILE: cannot read",
        ),
    ] {
        let r = batch(extra, &format!("{ORIGIN}/a.mp4\n"));
        assert_eq!(r.code, 2, "{extra:?}");
        assert!(
            r.stdout.is_empty() && r.stderr.starts_with(needle),
            "{extra:?}: {}",
            r.stderr
        );
    }
    // The key and the URLs cannot both come from standard input.
    let mut cmd = command();
    cmd.args([
        "sign-batch",
        "--key-pair-id",
        "K",
        "--private-key",
        "-",
        "--date-less-than",
        "+1h",
    ]);
    let r = run_with_stdin(&mut cmd, "");
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("standard input carries the URLs"),
        "{}",
        r.stderr
    );
}

/// A key piped in where the URLs belong: every line refused, none of it shown.
#[test]
fn a_key_piped_in_by_mistake_is_never_echoed() {
    for name in ["rsa2048_pkcs1.pem", "ec_p256_pkcs8.pem"] {
        let pem = read_key(name);
        for json in [false, true] {
            let extra: &[&str] = if json {
                &["--date-less-than", "+1h", "--json"]
            } else {
                &["--date-less-than", "+1h"]
            };
            let r = batch(extra, &pem);
            assert_eq!(r.code, 1);
            let all = format!("{}{}", r.stdout, r.stderr);
            assert!(
                !all.contains("BEGIN") && !all.contains("PRIVATE KEY"),
                "{name}"
            );
            for line in pem.lines().filter(|l| !l.starts_with("-----")) {
                let chars: Vec<char> = line.chars().collect();
                for w in chars.windows(24) {
                    let w: String = w.iter().collect();
                    assert!(!all.contains(&w), "{name}: output echoes the key body");
                }
            }
        }
    }
}

/// From a file, with a file-based key: the same output as from standard input.
#[test]
fn input_from_a_file() {
    let dir = std::env::temp_dir().join(format!("cfsign-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("urls.txt");
    let input = format!("{ORIGIN}/a.mp4\n{ORIGIN}/b.mp4\n");
    std::fs::write(&file, &input).unwrap();
    let extra = ["--date-less-than", "2030-01-01"];
    let from_stdin = batch(&extra, &input);
    let out = batch_command(&[&extra[..], &[file.to_str().unwrap()]].concat())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), from_stdin.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn expires_in_is_every_lines_expiry_in_one_bucket() {
    let flags = [
        "--expires-in",
        "1h",
        "--round-to",
        "5m",
        "--now",
        "2026-01-01T10:02:30Z",
    ];
    let urls = [format!("{ORIGIN}/a.mp4"), format!("{ORIGIN}/b.mp4")];
    let input = format!(
        "{}\n{}\n{{\"url\": \"{ORIGIN}/c.mp4\", \"date_less_than\": \"2030-01-01\"}}\n",
        urls[0], urls[1]
    );
    let r = batch(&flags, &input);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    // 10:02:30 + 1h rounded up to 5 minutes: 11:05:00, the bucket `cfsign sign` signs.
    for (i, url) in urls.iter().enumerate() {
        assert!(lines[i].contains("Expires=1767265500&"), "{}", lines[i]);
        let mut one = vec!["--url", url.as_str()];
        one.extend_from_slice(&flags);
        assert_eq!(lines[i], sign(&one).stdout.trim_end());
    }
    // A line's own date_less_than wins.
    assert!(lines[2].contains("Expires=1893456000&"), "{}", lines[2]);
    // Bad durations carry the core's code and name the flag; one expiry flag at a time.
    let r = batch(&["--expires-in", "5m", "--round-to", "1h"], &urls[0]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("--round-to") && r.stderr.contains("round_to_exceeds_in"),
        "{}",
        r.stderr
    );
    let r = batch(
        &["--expires-in", "1h", "--date-less-than", "2030-01-01"],
        &urls[0],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = batch(&["--round-to", "5m"], &urls[0]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--round-to"), "{}", r.stderr);
}
