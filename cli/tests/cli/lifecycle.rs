//! `clear-cookies` against `sign-cookies` (the same flags give the same attributes), the cookies'
//! lifetime, and the cache-stable expiry flags (`--expires-in`, `--round-to`, `--now`).

use crate::common::{cfsign, key, sign, sign_cookies};

/// The attributes of a `Set-Cookie:` line, without its lifetime (`Expires`, `Max-Age`).
fn attributes(line: &str) -> String {
    let (_, attributes) = line.split_once("; ").unwrap();
    attributes
        .split("; ")
        .filter(|a| !a.starts_with("Expires=") && !a.starts_with("Max-Age="))
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn clear_cookies_carry_the_attributes_sign_cookies_wrote() {
    let flag_sets: [&[&str]; 6] = [
        &[],
        &["--domain", ".example.com", "--path", "/videos/"],
        &["--same-site", "strict", "--no-http-only"],
        &["--same-site", "none"],
        &["--same-site", "omit", "--no-secure", "--path", "/a"],
        &["--domain", "media.example.com", "--max-age", "60"],
    ];
    for flags in flag_sets {
        let set = sign_cookies("+1d", flags);
        assert_eq!(set.code, 0, "{flags:?}: {}", set.stderr);
        // The lifetime flags are sign-cookies' own; the attribute flags are the same.
        let clear_flags = flags.split(|f| *f == "--max-age").next().unwrap();
        let mut args = vec!["clear-cookies"];
        args.extend_from_slice(clear_flags);
        let clear = cfsign(&args);
        assert_eq!(clear.code, 0, "{flags:?}: {}", clear.stderr);
        let set_lines: Vec<&str> = set.stdout.lines().collect();
        let clear_lines: Vec<&str> = clear.stdout.lines().collect();
        assert_eq!(clear_lines.len(), 5, "{}", clear.stdout);
        for line in &clear_lines {
            assert!(line.contains("; Max-Age=0"), "{line}");
            assert!(!line.contains("; Expires="), "{line}");
            assert_eq!(attributes(line), attributes(set_lines[0]), "{flags:?}");
        }
        // Every cookie the set wrote has its deletion.
        for line in &set_lines {
            let name = line
                .trim_start_matches("Set-Cookie: ")
                .split('=')
                .next()
                .unwrap();
            assert!(
                clear_lines
                    .iter()
                    .any(|c| c.starts_with(&format!("Set-Cookie: {name}=;"))),
                "{name}"
            );
        }
    }
    // What a header cannot carry is refused, naming the flag.
    let r = cfsign(&["clear-cookies", "--domain", "a;b"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--domain"), "{}", r.stderr);
    assert!(!r.stderr.contains("a;b"), "{}", r.stderr);
}

#[test]
fn cookies_live_until_the_policy_expires() {
    let r = sign_cookies("2026-01-01T01:00:00Z", &["--now", "2026-01-01T00:00:00Z"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for line in r.stdout.lines() {
        assert!(
            line.contains("; Path=/; Expires=Thu, 01 Jan 2026 01:00:00 GMT; Max-Age=3600; Secure"),
            "{line}"
        );
    }
}

const URL: &str = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4";

fn stable(key_file: &str, now: &str) -> String {
    let k = key(key_file);
    let r = cfsign(&[
        "sign",
        "--url",
        URL,
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
        "--expires-in",
        "1h",
        "--round-to",
        "5m",
        "--now",
        now,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

#[test]
fn one_url_per_bucket_rsa_and_ecdsa() {
    for key_file in ["rsa2048_pkcs1.pem", "ec_p256_sec1.pem"] {
        // 10:00:00 to 10:04:59 is one bucket; 10:05:00 the next.
        let first = stable(key_file, "2026-01-01T10:00:00Z");
        for now in ["2026-01-01T10:00:01Z", "2026-01-01T10:02:30Z", "1767261899"] {
            assert_eq!(stable(key_file, now), first, "{key_file} {now}");
        }
        assert!(first.contains("Expires=1767265500&"), "{first}");
        let next = stable(key_file, "2026-01-01T10:05:00Z");
        assert_ne!(next, first, "{key_file}");
        assert!(next.contains("Expires=1767265800&"), "{next}");
    }
}

#[test]
fn expiry_flags_refuse_nonsense_with_codes() {
    let cases: [(&[&str], &str, &str); 6] = [
        (
            &["--expires-in", "5m", "--round-to", "1h"],
            "--round-to",
            "round_to_exceeds_in",
        ),
        (&["--expires-in", "0s"], "--expires-in", "zero_duration"),
        (
            &["--expires-in", "1h", "--round-to", "0m"],
            "--round-to",
            "zero_duration",
        ),
        (
            &["--expires-in", "1 fortnight"],
            "--expires-in",
            "invalid_duration",
        ),
        (
            &["--expires-in", "500000w"],
            "--expires-in",
            "expiry_too_late",
        ),
        (
            &["--date-less-than", "+2h", "--round-to", "5m"],
            "--round-to",
            "give --expires-in",
        ),
    ];
    for (flags, flag, code) in cases {
        let mut args = vec!["--url", URL];
        args.extend_from_slice(flags);
        let r = sign(&args);
        assert_eq!(r.code, 2, "{flags:?}");
        assert!(
            r.stderr.contains(flag) && r.stderr.contains(code),
            "{flags:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("fortnight"), "{}", r.stderr);
    }
    // --expires-in or --date-less-than, not both.
    let r = sign(&[
        "--url",
        URL,
        "--expires-in",
        "1h",
        "--date-less-than",
        "+2h",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
}
