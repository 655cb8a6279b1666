//! `--kms-key-id` before any request: SHA-1 refused (KMS signs for CloudFront with SHA-256 only),
//! a key file refused with it, and (in a build without the `aws` feature) a clear error. The KMS
//! signing itself runs against moto's server: tests/live/kms.rs (`make test-aws`).

use crate::common::*;

const ID: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

#[test]
fn sha1_with_kms_is_refused_before_any_request() {
    for command in [
        vec!["sign", "--url", URL, "--date-less-than", "2100-01-01"],
        vec![
            "sign-cookies",
            "--resource",
            URL,
            "--date-less-than",
            "2100-01-01",
        ],
    ] {
        let mut args = command.clone();
        args.extend([
            "--key-pair-id",
            "K2JCJMDEHXQW5F",
            "--kms-key-id",
            ID,
            "--hash-algorithm",
            "SHA1",
        ]);
        let run = cfsign(&args);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stdout.is_empty());
        assert!(run.stderr.contains("--hash-algorithm"), "{}", run.stderr);
        assert!(run.stderr.contains("SHA256 only"), "{}", run.stderr);
    }
}

#[test]
fn a_key_file_and_kms_are_one_or_the_other() {
    let rsa = key("rsa2048_pkcs1.pem");
    let run = cfsign(&[
        "sign",
        "--url",
        URL,
        "--date-less-than",
        "2100-01-01",
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--kms-key-id",
        ID,
        "--private-key",
        &rsa,
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--kms-key-id") && run.stderr.contains("--private-key"),
        "{}",
        run.stderr
    );
}

/// This binary is built without `aws` (`cargo test -p cfsign-cli`): the flag says so.
#[cfg(not(feature = "aws"))]
#[test]
fn without_the_aws_feature_the_flag_says_so() {
    let run = cfsign(&[
        "sign",
        "--url",
        URL,
        "--date-less-than",
        "2100-01-01",
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--kms-key-id",
        ID,
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--kms-key-id") && run.stderr.contains("`aws` feature"),
        "{}",
        run.stderr
    );
}
