//! `sign-batch` fed by others (issue 29, p10, p06): every URL passes the resource checks whatever
//! the policy resource, every input line gives exactly one result, and a private key piped in
//! by mistake has no fragment of it in any output.

use std::process::Command;

use crate::common::*;

const ORIGIN: &str = "https://d111111abcdef8.cloudfront.net";

fn batch(extra: &[&str], input: &str) -> Run {
    let mut cmd: Command = command();
    cmd.args(["sign-batch", "--key-pair-id", "K2JCJMDEHXQW5F"]);
    cmd.args(["--private-key", &key("rsa2048_pkcs1.pem")]);
    cmd.args(["--date-less-than", "+1h"]);
    cmd.args(extra);
    run_with_stdin(&mut cmd, input)
}

/// URLs that must never be signed, whatever the policy resource: control characters, quotes,
/// backslashes, spaces, non-ASCII, a fragment, a line feed that would add an output line.
fn hostile_urls() -> Vec<String> {
    [
        "/a\u{1}b",
        "/a\u{1b}[2Jb",
        "/a\rb",
        "/a\u{7f}",
        "/a\"b",
        "/a\\b",
        "/a b",
        "/a\tb",
        "/caf\u{e9}",
        "/a\u{202e}b",
        "/a#frag",
        "/a\nhttps://evil.example/x",
    ]
    .iter()
    .map(|p| format!("{ORIGIN}{p}"))
    .collect()
}

/// p10: with a wildcard policy resource (a flag, or the line's own), the URL is still checked.
#[test]
fn wildcard_policies_do_not_let_hostile_urls_through() {
    let wildcard = format!("{ORIGIN}/*");
    for (flags, own) in [
        (vec!["--policy-resource", wildcard.as_str()], false),
        (vec![], true),
    ] {
        let lines: Vec<String> = hostile_urls()
            .iter()
            .map(|url| {
                let mut line = serde_json::json!({ "url": url });
                if own {
                    line["policy_resource"] = serde_json::Value::String(wildcard.clone());
                }
                line.to_string()
            })
            .collect();
        let mut extra = flags.clone();
        extra.extend(["--output", "json"]);
        let r = batch(&extra, &(lines.join("\n") + "\n"));
        assert_eq!(r.code, 1, "{}", r.stdout);
        let out: Vec<serde_json::Value> = r
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(out.len(), lines.len(), "one result per line:\n{}", r.stdout);
        for (i, v) in out.iter().enumerate() {
            assert_eq!(v["line"], i + 1);
            assert!(
                v.get("url").is_none(),
                "signed {:?}: {v}",
                hostile_urls()[i]
            );
            assert!(v["error"].is_string(), "{v}");
        }
        // Text: no URL printed; one error line per input line.
        let r = batch(&flags, &(lines.join("\n") + "\n"));
        assert_eq!(r.code, 1);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        let errors = r
            .stderr
            .lines()
            .filter(|l| l.starts_with("cfsign: error: line "))
            .count();
        assert_eq!(errors, lines.len(), "{}", r.stderr);
    }
    // The same for `cfsign sign`.
    for url in hostile_urls() {
        let r = sign(&[
            "--url",
            &url,
            "--policy-resource",
            &wildcard,
            "--date-less-than",
            "+1h",
        ]);
        assert_eq!(r.code, 2, "{url:?}: {}", r.stdout);
        assert!(r.stdout.is_empty());
    }
}

/// p10: mixed good and bad lines, text and JSON: exactly one result per input line, in order.
#[test]
fn one_result_per_input_line() {
    let wildcard = format!("{ORIGIN}/*");
    let mut lines = Vec::new();
    for (i, url) in hostile_urls().iter().enumerate() {
        lines.push(serde_json::json!({ "url": format!("{ORIGIN}/ok/{i}.mp4") }).to_string());
        lines.push(serde_json::json!({ "url": url }).to_string());
    }
    let input = lines.join("\n") + "\n";
    let r = batch(
        &["--policy-resource", &wildcard, "--output", "json"],
        &input,
    );
    let out: Vec<serde_json::Value> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(out.len(), lines.len(), "{}", r.stdout);
    for (i, v) in out.iter().enumerate() {
        assert_eq!(v["line"], i + 1);
        assert_eq!(v.get("url").is_some(), i % 2 == 0, "{v}");
    }
    let r = batch(&["--policy-resource", &wildcard], &input);
    assert_eq!(
        r.stdout.lines().count(),
        hostile_urls().len(),
        "{}",
        r.stdout
    );
    for line in r.stdout.lines() {
        assert!(line.starts_with(&format!("{ORIGIN}/ok/")), "{line:?}");
    }
    let errors = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("cfsign: error: line "))
        .count();
    assert_eq!(errors, hostile_urls().len(), "{}", r.stderr);
}

/// A plain line is trimmed of ASCII white space only: a URL ending in another white space
/// character (U+2028, U+0085, U+00A0) is refused, not signed without it.
#[test]
fn only_ascii_white_space_is_trimmed() {
    for end in ["\u{2028}", "\u{85}", "\u{a0}", "\u{3000}"] {
        let r = batch(
            &["--output", "json"],
            &format!("{ORIGIN}/a.mp4{end}\n{ORIGIN}/b.mp4 \r\n"),
        );
        let out: Vec<serde_json::Value> = r
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(out.len(), 2, "{}", r.stdout);
        assert!(out[0].get("url").is_none(), "{end:?}: {}", out[0]);
        assert!(out[1]["url"].is_string(), "{}", out[1]);
    }
}

/// p06: no fragment of a key piped in (any of the test keys, encrypted ones included), not even
/// its short last line, in text or JSON output.
#[test]
fn no_fragment_of_a_piped_key_is_echoed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pem") || n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() > 10);
    for name in names {
        let pem = std::fs::read_to_string(dir.join(&name)).unwrap();
        for extra in [&[][..], &["--output", "json"][..]] {
            let r = batch(extra, &pem);
            let all = format!("{}{}", r.stdout, r.stderr);
            assert!(!all.contains("-----"), "{name}: armour echoed:\n{all}");
            for line in pem.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if line.starts_with("-----") {
                    continue;
                }
                // Header lines of legacy encrypted PEM (Proc-Type: 4,ENCRYPTED, DEK-Info: ...).
                let body: String = line
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric() || "+/=".contains(*c))
                    .collect();
                let chars: Vec<char> = body.chars().collect();
                let width = chars.len().min(8);
                if width < 4 {
                    continue;
                }
                for w in chars.windows(width) {
                    let w: String = w.iter().collect();
                    assert!(
                        !all.contains(&w),
                        "{name} {extra:?}: echoes {w:?} of {line:?}:\n{all}"
                    );
                }
            }
        }
    }
}
