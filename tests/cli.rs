//! The `cfsign` command, run as a process: outputs, exit codes and one-line errors.

#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::process::Command;

use cfsign::{CfBase64, HashAlgorithm, PublicKey};

const URL: &str = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4";

fn key(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/keys")
        .join(name)
        .display()
        .to_string()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn cfsign(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_cfsign"))
        .args(args)
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn sign(extra: &[&str]) -> Run {
    let k = key("rsa2048_pkcs1.pem");
    let mut args = vec![
        "sign",
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
    ];
    args.extend_from_slice(extra);
    cfsign(&args)
}

fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    url.split_once('?')?
        .1
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
}

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
    let public = PublicKey::from_pem(include_str!("keys/rsa2048_pub.pem")).unwrap();
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
    let public = PublicKey::from_pem(include_str!("keys/rsa2048_pub.pem")).unwrap();
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
    let k = key("rsa2048_pkcs1.pem");
    let base = [
        "sign-cookies",
        "--resource",
        "https://d111111abcdef8.cloudfront.net/videos/*",
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
        "--date-less-than",
        "+1d",
    ];
    let r = cfsign(&[&base[..], &["--domain", "d111111abcdef8.cloudfront.net"]].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("Set-Cookie: CloudFront-Policy="));
    assert!(lines[1].starts_with("Set-Cookie: CloudFront-Signature="));
    assert!(lines[2].starts_with("Set-Cookie: CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F; "));
    for l in &lines {
        assert!(
            l.ends_with(
                "; Domain=d111111abcdef8.cloudfront.net; Path=/; Secure; HttpOnly; SameSite=Lax"
            ),
            "{l}"
        );
        assert!(!l.contains("Max-Age") && !l.contains("Expires="));
    }
    let r = cfsign(&[&base[..], &["--max-age", "3600"]].concat());
    assert!(r.stdout.lines().all(|l| l.contains("; Max-Age=3600")));
    let r = cfsign(&[&base[..], &["--json"]].concat());
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
            vec!["--date-less-than".into(), "2147483648".into()],
            "--date-less-than",
            "2038",
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
    let k = key("rsa2048_pkcs1.pem");
    let cookies = cfsign(&[
        "sign-cookies",
        "--resource",
        "https://d111111abcdef8.cloudfront.net/videos/*",
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
        "--date-less-than",
        "+1h",
    ]);
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

/// Issue 14: `--private-key -` reads the PEM from standard input.
#[test]
fn private_key_from_standard_input() {
    let pem = std::fs::read_to_string(key("rsa2048_pkcs1.pem")).unwrap();
    let run = |stdin: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cfsign"))
            .args([
                "sign",
                "--url",
                URL,
                "--key-pair-id",
                "K2JCJMDEHXQW5F",
                "--private-key",
                "-",
                "--date-less-than",
                "2030-01-01",
            ])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), stdin.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
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

/// The AWS CLI's own functional tests of `aws cloudfront sign` and `sign-cookies` that use
/// dates like `2016-1-1` (aws/aws-cli, tests/functional/cloudfront/test_sign.py: TestSign,
/// TestSignPKCS8, TestSignECDSASEC1, TestSignECDSAWithECParameters, TestSignQueryParameterOrder,
/// TestSignPolicySelection, TestSignInputValidation, TestSignCookies and
/// TestSignCookiesInputValidation), with their keys (tests/keys/awscli_*.pem) and expected
/// signatures. 2016 is past, hence --allow-past.
mod aws_cli_functional_tests {
    use super::*;

    const AWS_URL: &str = "http://example.com/hi";

    fn aws_sign(private_key: &str, extra: &[&str]) -> Run {
        let k = format!("file://{}", key(private_key));
        let mut args = vec![
            "sign",
            "--key-pair-id",
            "MYID",
            "--private-key",
            &k,
            "--date-less-than",
            "2016-1-1",
            "--allow-past",
        ];
        if !extra.contains(&"--url") {
            args.extend(["--url", AWS_URL]);
        }
        args.extend_from_slice(extra);
        cfsign(&args)
    }

    /// TestSign and TestSignPKCS8: the exact signatures (RSA signs deterministically).
    #[test]
    fn rsa_signatures_equal_the_aws_clis() {
        for (private_key, extra, expected) in [
            (
                "awscli_rsa2048_pkcs1.pem",
                &[][..],
                "UiEmtMsInU-gXoa1O7-bTRJmZ~ocphB0ONMxyEHs2r8Y9dwzeB~DkbgzPMX3jbdbwIwVX3f4VcY4HBLdPSkbF~D6KbUlxPw1ju8mlXeu2C436XxZdrJrrJaiEDaTpKslXpn9ngaCzVfCVPfkC3a0NBWBySi5ezCG2yzb0c-djNgI1wkogwtmtZuOxAoKF1sRTyFX9ZitUiUIl~65nkJ94s~GGwxzTf1kMi7Wdm~9rFrJpx0O7nJEBy5O578s2UHrejtwyedUR5BqXTkgu~A51NcjAN9LErATV7SVBYicoZ76AOfB-TKay7g6-MWCK6-T-4Q5x6XH4yzII3JpbCmVwA__",
            ),
            (
                "awscli_rsa2048_pkcs1.pem",
                &["--ip-address", "12.34.56.78"][..],
                "Vw-WG18WJJXim7YSGWS-zW~XmFB9MjCDOvgC~2Gz-1wiMQzCrXzYYbSE7-aF6JGOOb5ewArpMqmu2g5mohnqgieZX1NY6IOteDoXYgqaNj1DafHWQD6UJ3IKVfkxISU9OmFPoG7H~VSPWEzOxdjOqdIPvAU2pW2mJ5oWu2aL62s0VVtLGCAm-DahiSQisl0JbzpPyG1pofvPbT75qc71r9uiqSAbPjUF5nmLCZazVnFjDkj3zIgMRYa5aV54VDa6-wEizzmjQ3-m6UMoYgcGHQXEjoFIWTfpZvbZBYkmK9lk3d16cgvaHafTJ-CPegn1bKxfgNEjSAoPWS0OvBkRmg__",
            ),
            (
                "awscli_rsa2048_pkcs8.pem",
                &[][..],
                "cIOcUXezjLknta66EiRX7rk3viXv20F01OwZa1X2QWxhnWnBVno~mg0Gcyfzvfgo-oXCvZC3bdsfTJXiBcnC1XyxCxBa03bouAae4A0ajP4ey~TKKwPHikOmu2Rc1NEu-c6wr8DbMZrm~1WIWG4kFG1jhSRoEk2W82NkGEh4xEPq3gaNjQPfF7zIAwcZUUkgGkIbT-cQ5UZ6rTqTiFGdXD2z8kjulgmtu8Quo6hplch~9ltmKTOt9blswd6hMfCMNJ~tUj77j8fz968adb9w43jBtl~~5seb8ys01cg5IGWV44LKMWaLmEgzWQAjg-Jg9wx-HYwuqH4Klds03WZzRQ__",
            ),
            (
                "awscli_rsa2048_pkcs8.pem",
                &["--ip-address", "12.34.56.78"][..],
                "beEwE8ZmSX71e79a5dxupiE0zHxahe1IFzuTExKxV0InQnKFlT0wj0tardAlGKFLLdX9HMGiVjIjvMBdUZQJ-9mMXBtFsQ5nLDEoRH29H8AATzaf4Nx4n29XtVp-jPVFGFtmdaGJedjJRMV-IzBQcJ19VPl3R8t3Fp~8eP9-P8KpvkJXH2UvJ2H8nMBt2OgvbrCT2hl~91UtEOgmxeA6twWNpziH0uEdpDOHgnYer5ScdFoo02rPjRXIqPuQcjwPT2wu~A5T~zomcghjMcIdLeJeS9nscTkjON69xBB-t4lclK3mfzsXTumcx-FzLgOBbP2Z1d~ZU6X0rkeL~w1BlQ__",
            ),
        ] {
            let r = aws_sign(private_key, extra);
            assert_eq!(r.code, 0, "{private_key} {extra:?}: {}", r.stderr);
            let url = r.stdout.trim_end();
            let tail = format!("&Signature={expected}&Key-Pair-Id=MYID");
            if extra.is_empty() {
                assert_eq!(url, format!("{AWS_URL}?Expires=1451606400{tail}"));
            } else {
                let policy = CfBase64::decode(query_param(url, "Policy").unwrap()).unwrap();
                assert_eq!(
                    String::from_utf8(policy).unwrap(),
                    r#"{"Statement":[{"Resource":"http://example.com/hi","Condition":{"DateLessThan":{"AWS:EpochTime":1451606400},"IpAddress":{"AWS:SourceIp":"12.34.56.78/32"}}}]}"#
                );
                assert!(url.starts_with(&format!("{AWS_URL}?Policy=")) && url.ends_with(&tail));
            }
        }
    }

    /// TestSignECDSASEC1 and TestSignECDSAWithECParameters: ECDSA signatures are random, so
    /// they are verified against the policy, with Hash-Algorithm=SHA256.
    #[test]
    fn ecdsa_signatures_verify() {
        for private_key in ["awscli_ec_p256_sec1.pem", "awscli_ec_p256_with_params.pem"] {
            let pem = std::fs::read_to_string(key(private_key)).unwrap();
            let public = cfsign::PrivateKey::from_pem(&pem).unwrap().public_key();
            for extra in [&[][..], &["--ip-address", "12.34.56.78"][..]] {
                let r = aws_sign(private_key, extra);
                assert_eq!(r.code, 0, "{private_key} {extra:?}: {}", r.stderr);
                let url = r.stdout.trim_end();
                assert_eq!(query_param(url, "Key-Pair-Id"), Some("MYID"));
                assert_eq!(query_param(url, "Hash-Algorithm"), Some("SHA256"));
                let policy = if extra.is_empty() {
                    assert_eq!(query_param(url, "Expires"), Some("1451606400"));
                    assert_eq!(query_param(url, "Policy"), None);
                    br#"{"Statement":[{"Resource":"http://example.com/hi","Condition":{"DateLessThan":{"AWS:EpochTime":1451606400}}}]}"#.to_vec()
                } else {
                    assert_eq!(query_param(url, "Expires"), None);
                    CfBase64::decode(query_param(url, "Policy").unwrap()).unwrap()
                };
                let sig = CfBase64::decode(query_param(url, "Signature").unwrap()).unwrap();
                assert!(
                    public.verify(&policy, &sig, HashAlgorithm::Sha256),
                    "{private_key}"
                );
            }
        }
    }

    /// TestSignQueryParameterOrder and TestSignPolicySelection / TestSignInputValidation.
    #[test]
    fn parameter_order_and_policy_choice() {
        let pkcs1 = "awscli_rsa2048_pkcs1.pem";
        for (extra, names) in [
            (&[][..], &["Expires", "Signature", "Key-Pair-Id"][..]),
            (
                &["--hash-algorithm", "SHA256"][..],
                &["Expires", "Signature", "Key-Pair-Id", "Hash-Algorithm"][..],
            ),
            (
                &["--ip-address", "12.34.56.78"][..],
                &["Policy", "Signature", "Key-Pair-Id"][..],
            ),
            (
                &["--ip-address", "12.34.56.78", "--hash-algorithm", "SHA256"][..],
                &["Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"][..],
            ),
            (
                &[
                    "--url",
                    "http://example.com/hi?size=large",
                    "--hash-algorithm",
                    "SHA256",
                ][..],
                &[
                    "size",
                    "Expires",
                    "Signature",
                    "Key-Pair-Id",
                    "Hash-Algorithm",
                ][..],
            ),
        ] {
            let r = aws_sign(pkcs1, extra);
            assert_eq!(r.code, 0, "{extra:?}: {}", r.stderr);
            let query = r.stdout.trim_end().split_once('?').unwrap().1;
            let got: Vec<&str> = query
                .split('&')
                .map(|p| p.split_once('=').unwrap().0)
                .collect();
            assert_eq!(got, names, "{extra:?}");
        }
        // `?` is the query's, never a wildcard; query parameter names are case-sensitive.
        for url in [
            "http://example.com/hi?size=1",
            "http://example.com/hi?expires=1&size=large",
        ] {
            let r = aws_sign(pkcs1, &["--url", url]);
            assert_eq!(r.code, 0, "{url}: {}", r.stderr);
            assert!(
                r.stdout.starts_with(&format!("{url}&Expires=1451606400&")),
                "{}",
                r.stdout
            );
        }
    }

    /// TestSignCookies.test_custom_policy_with_active_date_and_ip_address: the exact policy, and
    /// the cookie's signature equals the URL's.
    #[test]
    fn cookies_with_an_active_date() {
        let k = format!("file://{}", key("awscli_rsa2048_pkcs1.pem"));
        let common = [
            "--key-pair-id",
            "myid",
            "--private-key",
            &k,
            "--date-less-than",
            "2016-1-1",
            "--date-greater-than",
            "2015-12-1",
            "--ip-address",
            "10.0.0.0/8",
            "--allow-past",
        ];
        let r = cfsign(
            &[
                &["sign-cookies", "--resource", AWS_URL, "--json"][..],
                &common,
            ]
            .concat(),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        let cookies: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        let policy = CfBase64::decode(cookies["CloudFront-Policy"].as_str().unwrap()).unwrap();
        assert_eq!(
            String::from_utf8(policy).unwrap(),
            r#"{"Statement":[{"Resource":"http://example.com/hi","Condition":{"DateLessThan":{"AWS:EpochTime":1451606400},"IpAddress":{"AWS:SourceIp":"10.0.0.0/8"},"DateGreaterThan":{"AWS:EpochTime":1448928000}}}]}"#
        );
        let r = cfsign(&[&["sign", "--url", AWS_URL][..], &common].concat());
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert_eq!(
            cookies["CloudFront-Signature"].as_str(),
            query_param(r.stdout.trim_end(), "Signature")
        );
    }

    /// test_rejects_active_date_not_before_expiration, test_invalid_date_error and
    /// test_rejects_invalid_dates (a millisecond epoch among them).
    #[test]
    fn date_errors() {
        let k = format!("file://{}", key("awscli_rsa2048_pkcs1.pem"));
        for (command, resource) in [("sign", "--url"), ("sign-cookies", "--resource")] {
            let run = |flag: &str, value: &str| {
                let mut args = vec![
                    command,
                    resource,
                    AWS_URL,
                    "--key-pair-id",
                    "myid",
                    "--private-key",
                    &k,
                    "--allow-past",
                ];
                if flag != "--date-less-than" {
                    args.extend(["--date-less-than", "2016-1-1"]);
                }
                args.extend([flag, value]);
                cfsign(&args)
            };
            for start in ["2016-2-1", "2016-1-1"] {
                let r = run("--date-greater-than", start);
                assert_eq!(r.code, 2, "{command} {start}");
                assert!(
                    r.stderr.contains("must be before --date-less-than"),
                    "{}",
                    r.stderr
                );
            }
            for (flag, value) in [
                ("--date-less-than", "not-a-date"),
                ("--date-greater-than", "not-a-date"),
                ("--date-less-than", "1893456000000"),
            ] {
                let r = run(flag, value);
                assert_eq!(r.code, 2, "{command} {flag} {value}");
                assert!(
                    r.stderr
                        .starts_with(&format!("cfsign: error: {flag}: \"{value}\": ")),
                    "{}",
                    r.stderr
                );
            }
        }
    }
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
