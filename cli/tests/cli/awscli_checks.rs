//! Issue 12, item 5: what `aws cloudfront sign` refuses and accepts, side by side with
//! `cfsign sign`.
//!
//! The AWS CLI column is read from `awscli/customizations/cloudfront/sign.py` (aws/aws-cli, commit
//! 0162b2aa, the version `docs/research/cloudfront-verification.md` cites), on a recent Python
//! (3.11.4 or later: `ipaddress` refuses octets with leading zeros, `urlsplit` checks bracketed
//! hosts); each group names the function that decides. Another stored version of the file
//! (e2598fc5) is laxer in `sign` alone: without `--policy-resource` it checks `--url` only for a
//! `#`, and `--ip-address` only for IPv6; it also requires a key pair ID of letters and digits.
//!
//! The cfsign column is what the command does, run here. Where the two differ, `why` says why:
//! cfsign is stricter only where CloudFront would refuse the result anyway (or its guide forbids
//! it); it is laxer where the result still works.
//! README.md ("Choices where the tools disagree") has the same table. The cases are in
//! awscli_cases.rs.

use cfsign::CfBase64;

use crate::awscli_cases::{Outcome, Refuses, Signs, CASES};
use crate::common::{command, key};

const ORIGIN: &str = "https://d111111abcdef8.cloudfront.net";

/// `cfsign sign` with the case's arguments: its outcome, the signed URL or the error.
fn run(args: &[&str]) -> (Outcome, String) {
    let expand = |a: &&str| match a.strip_prefix('@') {
        Some(name) => key(name),
        None => a.replacen('~', ORIGIN, 1),
    };
    let mut argv: Vec<String> = vec!["sign".into()];
    argv.extend(args.iter().map(expand));
    let has = |flag: &str| args.contains(&flag);
    for (flag, default) in [
        ("--url", format!("{ORIGIN}/a.mp4")),
        ("--key-pair-id", "K2JCJMDEHXQW5F".into()),
        ("--private-key", key("rsa2048_pkcs1.pem")),
        ("--date-less-than", "2030-01-02".into()),
    ] {
        if !has(flag) {
            argv.extend([flag.to_string(), default]);
        }
    }
    let mut cmd = command();
    cmd.args(&argv);
    if args.iter().any(|a| a.contains("aes256")) {
        cmd.env("CFSIGN_PASSPHRASE", "cfsign-test");
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(if out.status.success() {
        &out.stdout
    } else {
        &out.stderr
    });
    match out.status.code() {
        Some(0) => (Signs, text.trim_end().to_string()),
        Some(2) => (Refuses, text.trim_end().to_string()),
        other => panic!("{argv:?}: exit {other:?}: {text}"),
    }
}

#[test]
fn each_case_side_by_side() {
    let mut wrong = Vec::new();
    for case in CASES {
        let (got, output) = run(case.args);
        if got != case.cfsign {
            wrong.push(format!(
                "{}: cfsign {got:?}, table {:?}: {output}",
                case.what, case.cfsign
            ));
        }
        // Every difference from the AWS CLI is explained, and only differences are.
        assert_eq!(
            case.aws_cli != case.cfsign,
            !case.why.is_empty(),
            "{}",
            case.what
        );
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The cases where cfsign refuses what the AWS CLI signs: each one listed, none added unnoticed.
#[test]
fn stricter_only_where_listed() {
    let stricter: Vec<&str> = CASES
        .iter()
        .filter(|c| c.aws_cli == Signs && c.cfsign == Refuses)
        .map(|c| c.what)
        .collect();
    assert_eq!(
        stricter,
        [
            "a signing parameter with no value",
            "an expiry in the past",
            "an RSA-1024 key",
            "a key pair ID with a &",
        ]
    );
}

/// What gets signed where both sign: the policy as the AWS CLI (botocore) writes it.
#[test]
fn what_gets_signed() {
    let policy = |args: &[&str]| {
        let (outcome, url) = run(args);
        assert_eq!(outcome, Signs, "{url}");
        let value = url
            .split("Policy=")
            .nth(1)
            .unwrap()
            .split('&')
            .next()
            .unwrap();
        String::from_utf8(CfBase64::decode(value).unwrap()).unwrap()
    };
    assert!(policy(&["--ip-address", "192.0.2.1"]).contains(r#""AWS:SourceIp":"192.0.2.1/32""#));
    assert!(policy(&["--ip-address", "192.0.2.0/08"]).contains(r#""AWS:SourceIp":"192.0.2.0/08""#));
    let season = policy(&[
        "--url",
        "~/season1/ep7.mp4",
        "--policy-resource",
        "~/season?/ep?.mp4",
    ]);
    assert!(season.contains(&format!(r#""Resource":"{ORIGIN}/season?/ep?.mp4""#)));
    assert!(
        policy(&["--url", "~/videos/*"]).contains(&format!(r#""Resource":"{ORIGIN}/videos/*""#))
    );
    // An expiry in 2100 (and at the end of the year 9999): the bytes botocore 1.44.8 signs.
    let vectors: serde_json::Value =
        serde_json::from_str(include_str!("../../../tests/vectors/sdk_vectors.json")).unwrap();
    for (id, expires) in [
        ("botocore/expires-after-2038", "4102444800"),
        ("botocore/expires-year-9999", "9999-12-31T23:59:59Z"),
    ] {
        let case = vectors["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id);
        let theirs = case.unwrap()["output"]["url"].as_str().unwrap();
        let (outcome, ours) = run(&[
            "--url",
            "~/image.jpg",
            "--date-less-than",
            expires,
            "--hash-algorithm",
            "SHA1",
        ]);
        assert_eq!((outcome, ours.as_str()), (Signs, theirs), "{id}");
    }
    // A canned policy for a URL with a port or an IPv6 host: the resource is the URL itself.
    for url in [
        format!("{ORIGIN}:8443/a.mp4"),
        "https://[2001:db8::1]/a.mp4".to_string(),
    ] {
        let (outcome, signed) = run(&["--url", &url]);
        assert_eq!(outcome, Signs);
        assert!(
            signed.starts_with(&format!("{url}?Expires=1893542400&Signature=")),
            "{signed}"
        );
    }
}
