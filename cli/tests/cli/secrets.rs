//! Issue 11, finding 3: key material given in the wrong place is refused and never echoed,
//! whichever flag it was given to and whichever layer (cfsign's or clap's) reports it.

use crate::common::*;

/// Key material that must never reach stderr: the PEM text and its base64 body.
struct Secret {
    pem: String,
    lines: Vec<String>,
}

fn secret(name: &str) -> Secret {
    let pem = std::fs::read_to_string(key(name)).unwrap();
    let lines = pem
        .lines()
        .filter(|l| !l.starts_with("-----") && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect();
    Secret { pem, lines }
}

impl Secret {
    /// The base64 body on one line, without armour.
    fn body(&self) -> String {
        self.lines.concat()
    }
}

/// Fails, without printing stderr (it may hold the key), when stderr shows the PEM armour or any
/// 40 characters of the key's base64 body.
fn assert_no_leak(r: &Run, secret: &Secret, what: &str) {
    assert!(
        !r.stderr.contains("BEGIN"),
        "{what}: stderr shows PEM armour"
    );
    assert!(
        !r.stderr.contains("PRIVATE KEY"),
        "{what}: stderr shows PEM armour"
    );
    let body = secret.body();
    for text in secret.lines.iter().chain(std::iter::once(&body)) {
        let chars: Vec<char> = text.chars().collect();
        for w in chars.windows(40) {
            let w: String = w.iter().collect();
            assert!(
                !r.stderr.contains(&w),
                "{what}: stderr echoes 40 characters of the key body ({} bytes of stderr)",
                r.stderr.len()
            );
        }
    }
}

/// A valid command line per subcommand, as (flag, value) pairs; "" is the positional argument.
fn valid_args(command: &str) -> Vec<(String, String)> {
    let pairs: Vec<(&str, String)> = match command {
        "sign" => vec![
            ("--url", URL.into()),
            ("--key-pair-id", "K2JCJMDEHXQW5F".into()),
            ("--private-key", key("rsa2048_pkcs1.pem")),
            ("--date-less-than", "+1h".into()),
        ],
        "sign-cookies" => vec![
            (
                "--resource",
                "https://d111111abcdef8.cloudfront.net/videos/*".into(),
            ),
            ("--key-pair-id", "K2JCJMDEHXQW5F".into()),
            ("--private-key", key("rsa2048_pkcs1.pem")),
            ("--date-less-than", "+1h".into()),
        ],
        "verify" => vec![
            (
                "",
                format!("{URL}?Expires=2000000000&Signature=AAAA&Key-Pair-Id=K2JCJMDEHXQW5F"),
            ),
            (
                "--public-key",
                format!("K2JCJMDEHXQW5F={}", key("rsa2048_pub.pem")),
            ),
        ],
        "decode" => vec![("", URL.into())],
        other => panic!("no valid arguments for {other}"),
    };
    pairs.into_iter().map(|(f, v)| (f.to_string(), v)).collect()
}

/// The command line with `flag` set to `value`, given as `--flag=value` or `--flag value`.
fn argv_with(command: &str, flag: &str, value: &str, equals: bool) -> Vec<String> {
    let mut pairs = valid_args(command);
    match pairs.iter_mut().find(|(f, _)| f == flag) {
        Some(slot) => slot.1 = value.to_string(),
        None => pairs.push((flag.to_string(), value.to_string())),
    }
    let mut argv = vec![command.to_string()];
    for (f, v) in pairs {
        if f.is_empty() {
            argv.push(v);
        } else if equals {
            argv.push(format!("{f}={v}"));
        } else {
            argv.push(f);
            argv.push(v);
        }
    }
    argv
}

/// Every flag that takes a value, per subcommand ("" is the positional argument), plus
/// misspelt flags, which clap reports as unexpected arguments.
const VALUE_FLAGS: &[(&str, &[&str])] = &[
    (
        "sign",
        &[
            "--url",
            "--key-pair-id",
            "--private-key",
            "--date-less-than",
            "--date-greater-than",
            "--ip-address",
            "--policy-resource",
            "--policy",
            "--hash-algorithm",
            "--privatekey",
        ],
    ),
    (
        "sign-cookies",
        &[
            "--resource",
            "--domain",
            "--path",
            "--max-age",
            "--key-pair-id",
            "--private-key",
            "--date-less-than",
            "--date-greater-than",
            "--ip-address",
            "--policy",
            "--hash-algorithm",
        ],
    ),
    (
        "verify",
        &[
            "",
            "--public-key",
            "--cookie",
            "--now",
            "--client-ip",
            "--skew",
            "--privatekey",
        ],
    ),
    ("decode", &["", "--privatekey"]),
];

fn run_argv(argv: &[String]) -> Run {
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    cfsign(&argv)
}

/// Issue 11, finding 3: a PEM given as the value of any flag, with `=` or as the next argument,
/// is refused (exit 2) without echoing the key on stderr.
#[test]
fn pem_values_are_refused_and_never_echoed() {
    for name in ["rsa2048_pkcs1.pem", "ec_p256_sec1.pem", "rsa2048_pkcs8.pem"] {
        let s = secret(name);
        // As pasted with "$(cat key.pem)", and with its newlines escaped as in JSON or .env files.
        let escaped = s.pem.trim_end().replace('\n', "\\n");
        for pem in [s.pem.as_str(), s.pem.trim_end(), escaped.as_str()] {
            for (command, flags) in VALUE_FLAGS {
                for flag in *flags {
                    let mut values = vec![pem.to_string()];
                    if *flag == "--public-key" {
                        values.push(format!("K2JCJMDEHXQW5F={pem}"));
                    }
                    for value in &values {
                        for equals in [false, true] {
                            if flag.is_empty() && equals {
                                continue;
                            }
                            let argv = argv_with(command, flag, value, equals);
                            let what = format!(
                                "{command} {flag}{} with {name}{}",
                                if equals { "=PEM" } else { " PEM" },
                                if value.starts_with('K') {
                                    " after K="
                                } else {
                                    ""
                                }
                            );
                            let r = run_argv(&argv);
                            assert_no_leak(&r, &s, &what);
                            assert_eq!(r.code, 2, "{what}: exit code");
                            assert!(r.stdout.is_empty(), "{what}: stdout");
                            assert_eq!(r.stderr.lines().count(), 1, "{what}: one line");
                        }
                    }
                }
            }
        }
    }
}

/// A key's base64 body without armour (one line) is not echoed either, whichever path reports
/// it: clap's own errors (unexpected argument, invalid value, invalid number) or cfsign's.
#[test]
fn key_bodies_are_never_echoed() {
    for name in ["rsa2048_pkcs8.pem", "ec_p256_pkcs8.pem"] {
        let s = secret(name);
        let body = s.body();
        for (command, flags) in VALUE_FLAGS {
            for flag in *flags {
                for equals in [false, true] {
                    if flag.is_empty() && equals {
                        continue;
                    }
                    let argv = argv_with(command, flag, &body, equals);
                    let what = format!(
                        "{command} {flag}{}BODY with {name}",
                        if equals { "=" } else { " " }
                    );
                    let r = run_argv(&argv);
                    assert_no_leak(&r, &s, &what);
                }
            }
        }
        // Values clap itself refuses: exit 2, one line.
        for argv in [
            vec!["sign".to_string(), body.clone()],
            vec![body.clone()],
            argv_with("sign", "--hash-algorithm", &body, false),
            argv_with("sign-cookies", "--max-age", &body, true),
            argv_with("verify", "--skew", &body, false),
            vec!["keygen".into(), "--type".into(), body.clone()],
        ] {
            let what = format!("{} ... with {name}", argv[0].get(..8).unwrap_or("?"));
            let r = run_argv(&argv);
            assert_no_leak(&r, &s, &what);
            assert_eq!(r.code, 2, "{what}: exit code");
            assert_eq!(r.stderr.lines().count(), 1, "{what}: one line");
        }
    }
}

/// The refusal says what to do instead when the key itself is given where a file is expected.
#[test]
fn a_pem_in_place_of_a_file_names_the_fix() {
    let s = secret("rsa2048_pkcs1.pem");
    let r = run_argv(&argv_with("sign", "--private-key", &s.pem, false));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("cfsign: error: --private-key: ")
            && r.stderr.contains("file path")
            && r.stderr.contains("chmod 600")
            && r.stderr.contains("--private-key -"),
        "{}",
        r.stderr
    );
    // The base64 body alone, without armour.
    let r = run_argv(&argv_with("sign", "--private-key", &s.body(), true));
    assert_eq!(r.code, 2);
    assert_no_leak(&r, &s, "--private-key=BODY");
    assert!(
        r.stderr.starts_with("cfsign: error: --private-key: ") && r.stderr.contains("file path"),
        "{}",
        r.stderr
    );
    let pub_pem = std::fs::read_to_string(key("rsa2048_pub.pem")).unwrap();
    let r = run_argv(&argv_with(
        "verify",
        "--public-key",
        &format!("K2JCJMDEHXQW5F={pub_pem}"),
        true,
    ));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("cfsign: error: --public-key: ") && r.stderr.contains("ID=FILE"),
        "{}",
        r.stderr
    );
    let r = run_argv(&argv_with("sign", "--policy", &s.pem, true));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.starts_with("cfsign: error: --policy: ") && r.stderr.contains("file path"),
        "{}",
        r.stderr
    );
}

/// Long values are cut short in errors; short ones are shown to help.
#[test]
fn long_values_are_truncated_in_errors() {
    let long = "1".repeat(5000);
    for argv in [
        argv_with("sign", "--ip-address", &long, false),
        argv_with("sign", "--url", &format!("https://{long}/a b"), true),
        argv_with("verify", "--client-ip", &long, false),
        argv_with("sign", "--private-key", &format!("/tmp/{long}"), false),
        vec!["sign".into(), format!("--{long}")],
    ] {
        let r = run_argv(&argv);
        assert_eq!(r.code, 2, "{}", r.stderr.get(..200).unwrap_or(&r.stderr));
        assert!(
            r.stderr.len() < 400 && r.stderr.lines().count() == 1,
            "{}",
            r.stderr.get(..400).unwrap_or(&r.stderr)
        );
    }
    let r = run_argv(&argv_with("sign", "--ip-address", "300.1.2.3", false));
    assert!(r.stderr.contains("300.1.2.3"), "{}", r.stderr);
}

/// A private key given as the URL's `Key-Pair-Id` (or the cookie's) is never echoed by `verify`,
/// in text or JSON: the verdict shows a stand-in for a key ID that is not one.
#[test]
fn verify_never_echoes_a_key_given_as_the_key_pair_id() {
    let secret = secret("rsa2048_pkcs1.pem");
    let encoded: String = secret
        .pem
        .bytes()
        .map(|b| match b.is_ascii_alphanumeric() {
            true => (b as char).to_string(),
            false => format!("%{b:02X}"),
        })
        .collect();
    let url = format!("{URL}?Expires=2000000000&Signature=AAAA&Key-Pair-Id={encoded}");
    let cookie = format!(
        "CloudFront-Expires=2000000000; CloudFront-Signature=AAAA; CloudFront-Key-Pair-Id={encoded}"
    );
    let public = format!("K2JCJMDEHXQW5F={}", key("rsa2048_pub.pem"));
    for output in ["text", "json"] {
        for extra in [vec![url.as_str()], vec![URL, "--cookie", cookie.as_str()]] {
            let mut args = vec!["verify"];
            args.extend(&extra);
            args.extend(["--public-key", &public, "--output", output]);
            let r = cfsign(&args);
            assert_eq!(r.code, 1, "{}", r.stderr);
            assert!(r.stdout.contains("not a key ID"), "{}", r.stdout);
            let as_stderr = Run {
                stderr: [r.stdout.as_str(), r.stderr.as_str()].concat(),
                ..r
            };
            assert_no_leak(&as_stderr, &secret, "verify");
        }
    }
}
