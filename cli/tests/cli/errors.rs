//! Bad input: exit 2, one line on stderr naming the flag and the fix, "did you mean" for a
//! misspelt flag or command.

use crate::common::*;

/// Each bad input: exit 2, one line on stderr naming the flag, nothing on stdout.
#[test]
fn bad_inputs_exit_2_with_one_line_naming_the_flag() {
    let dir = std::env::temp_dir();
    let missing = dir.join("cfsign-no-such-key.pem");
    let cases: Vec<(Vec<String>, &str, &str)> = vec![
        (
            vec!["--private-key".into(), missing.display().to_string()],
            "--private-key",
            "no such file",
        ),
        (
            vec!["--private-key".into(), key("bad_rsa_encrypted_pkcs1.pem")],
            "--private-key",
            "encrypted",
        ),
        (
            vec!["--private-key".into(), key("bad_ec_p384_sec1.pem")],
            "--private-key",
            "P-256",
        ),
        (
            vec!["--private-key".into(), key("bad_rsa1024.pem")],
            "--private-key",
            "1024 bits",
        ),
        (
            vec![
                "--private-key".into(),
                key("ec_p256_sec1.pem"),
                "--hash-algorithm".into(),
                "SHA1".into(),
            ],
            "--hash-algorithm",
            "ECDSA",
        ),
        (
            vec!["--date-less-than".into(), "next tuesday".into()],
            "--date-less-than",
            "not a time",
        ),
        (
            vec!["--date-less-than".into(), "2001-01-01".into()],
            "--date-less-than",
            "--allow-past",
        ),
        (
            vec!["--date-less-than".into(), "253402300800".into()],
            "--date-less-than",
            "after the year 9999",
        ),
        (
            vec!["--date-greater-than".into(), "2031-01-01".into()],
            "--date-greater-than",
            "before",
        ),
        (
            vec!["--ip-address".into(), "2001:db8::/32".into()],
            "--ip-address",
            "IPv6",
        ),
        (
            vec!["--ip-address".into(), "300.1.2.3".into()],
            "--ip-address",
            "not an IPv4",
        ),
        (
            vec!["--url".into(), "not a url".into()],
            "--url",
            "not an absolute",
        ),
        (
            vec!["--url".into(), format!("{URL}#t=10")],
            "--url",
            "fragment",
        ),
        (
            vec!["--url".into(), format!("{URL}?Expires=1")],
            "--url",
            "Expires",
        ),
        (
            vec![
                "--url".into(),
                "https://d111111abcdef8.cloudfront.net/a\"b".into(),
            ],
            "--url",
            "double quote",
        ),
        (
            vec![
                "--url".into(),
                "https://d111111abcdef8.cloudfront.net/a\\b".into(),
            ],
            "--url",
            "backslash",
        ),
        (
            vec![
                "--url".into(),
                "https://d111111abcdef8.cloudfront.net/a\tb".into(),
            ],
            "--url",
            "control character",
        ),
        (
            vec![
                "--url".into(),
                "https://d111111abcdef8.cloudfront.net/caf\u{e9}".into(),
            ],
            "--url",
            "non-ASCII",
        ),
        (
            vec![
                "--policy-resource".into(),
                "https://d111111abcdef8.cloudfront.net/audio/*".into(),
            ],
            "--url",
            "does not match",
        ),
        (
            vec!["--key-pair-id".into(), "K2 JCJ".into()],
            "--key-pair-id",
            "not a CloudFront key ID",
        ),
    ];
    for (overrides, flag, needle) in cases {
        // Start from a valid command and replace the flags the case sets.
        let mut args: Vec<(String, String)> = vec![
            ("--url".into(), URL.into()),
            ("--key-pair-id".into(), "K2JCJMDEHXQW5F".into()),
            ("--private-key".into(), key("rsa2048_pkcs1.pem")),
            ("--date-less-than".into(), "2030-01-01".into()),
        ];
        for pair in overrides.chunks(2) {
            match args.iter_mut().find(|(f, _)| *f == pair[0]) {
                Some(slot) => slot.1 = pair[1].clone(),
                None => args.push((pair[0].clone(), pair[1].clone())),
            }
        }
        let mut argv = vec!["sign".to_string()];
        for (f, v) in args {
            argv.push(f);
            argv.push(v);
        }
        let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
        let r = cfsign(&argv);
        assert_eq!(r.code, 2, "{argv:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{argv:?}");
        assert_eq!(r.stderr.lines().count(), 1, "{argv:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with(&format!("cfsign: error: {flag}: ")),
            "{argv:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains(needle),
            "{argv:?}: {} lacks {needle}",
            r.stderr
        );
        assert!(!r.stderr.contains("BEGIN") && !r.stderr.contains("panicked"));
    }
}

#[test]
fn usage_errors_are_one_line_too() {
    let r = cfsign(&["sign", "--url", URL]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("--key-pair-id"), "{}", r.stderr);
    let r = cfsign(&[
        "sign",
        "--url",
        URL,
        "--key-pair-id",
        "K",
        "--private-key",
        "x",
        "--date-less-than",
        "+1h",
        "--hash-algorithm",
        "MD5",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("MD5"), "{}", r.stderr);
    let r = cfsign(&["--help"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("sign-cookies"));
}

/// Misspelt flags and commands get a suggestion, never a value.
#[test]
fn did_you_mean() {
    let k = key("rsa2048_pkcs1.pem");
    let r = cfsign(&[
        "sign",
        "--url",
        URL,
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--privatekey",
        &k,
        "--date-less-than",
        "+1h",
    ]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("--privatekey") && r.stderr.contains("did you mean --private-key?"),
        "{}",
        r.stderr
    );
    let r = cfsign(&["sign", "--date-less-then=+1h"]);
    assert!(
        r.stderr.contains("did you mean --date-less-than?") && !r.stderr.contains("+1h"),
        "{}",
        r.stderr
    );
    let r = cfsign(&["sing", "--url", URL]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("did you mean sign?"), "{}", r.stderr);
    let r = cfsign(&["verify", "--public-keys", "K=x.pem", URL]);
    assert!(
        r.stderr.contains("did you mean --public-key?"),
        "{}",
        r.stderr
    );
}
