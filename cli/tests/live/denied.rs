//! No credentials, a refused CloudFront read, denied S3 reads, against the second moto server,
//! which enforces IAM once the fixtures' first three actions are done (run.sh:
//! INITIAL_NO_AUTH_ACTION_COUNT=3, the three AWS CLI calls of `setup`).
//!
//! moto 5.2.6 cannot check a CloudFront request's signature (it answers SignatureDoesNotMatch to
//! the AWS CLI too) and wraps CloudFront errors in the Query protocol's envelope, which the SDK
//! cannot read a code from: CloudFront's side is a bare HTTP 403 there. S3's AccessDenied is
//! real: CloudFront is read from the open server (AWS_ENDPOINT_URL_CLOUDFRONT), S3 from this one.

use std::sync::OnceLock;

use serde_json::{json, Value};

use super::fixture::one_origin_distribution;
use super::{aws_at, cfsign_at, cfsign_env, moto, stderr, stdout};

struct Denied {
    /// A user with no permission at all.
    user: (String, String),
}

fn moto_iam() -> String {
    std::env::var("CFSIGN_TEST_MOTO_IAM")
        .expect("CFSIGN_TEST_MOTO_IAM is not set: run this suite through `make test-aws`")
}

/// Exactly three actions, before moto starts enforcing IAM.
fn setup() -> &'static Denied {
    static DENIED: OnceLock<Denied> = OnceLock::new();
    DENIED.get_or_init(|| {
        let e = moto_iam();
        let aws = |args: &[&str]| aws_at(&e, ("testing", "testing"), args);
        aws(&["iam", "create-user", "--user-name", "nobody"]);
        let key = aws(&["iam", "create-access-key", "--user-name", "nobody"]);
        aws(&["s3api", "create-bucket", "--bucket", "denied-bucket"]);
        let k = &key["AccessKey"];
        Denied {
            user: (
                k["AccessKeyId"].as_str().unwrap().to_owned(),
                k["SecretAccessKey"].as_str().unwrap().to_owned(),
            ),
        }
    })
}

#[test]
fn denied_s3_reads_are_could_not_check_never_clean() {
    let d = setup();
    let id = one_origin_distribution("denied", "denied-bucket.s3.amazonaws.com");
    let keys = (d.user.0.as_str(), d.user.1.as_str());
    let open = moto();
    let out = cfsign_env(
        &moto_iam(),
        Some(keys),
        &[("AWS_ENDPOINT_URL_CLOUDFRONT", open.as_str())],
        &["fetch-live", "--distribution-id", &id],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let got: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let b = &got["buckets"][0];
    assert_eq!(b["bucket"], "denied-bucket");
    for (member, operation) in [
        ("policy", "GetBucketPolicy"),
        ("policy_is_public", "GetBucketPolicyStatus"),
        ("public_access_block", "GetPublicAccessBlock"),
    ] {
        assert_eq!(
            b[member],
            json!({"could_not_check": {"operation": operation, "reason": "AccessDenied: Access Denied"}}),
            "{b}"
        );
    }
    assert!(!stdout(&out).contains(&d.user.1));

    // The audit: "could not check", a warning, never a clean bucket.
    let out = cfsign_env(
        &moto_iam(),
        Some(keys),
        &[("AWS_ENDPOINT_URL_CLOUDFRONT", open.as_str())],
        &["audit", "--distribution-id", &id, "--json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let audit: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let not_checked: Vec<&Value> = audit["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "bucket_not_checked")
        .collect();
    // One for each read that was denied.
    for operation in [
        "GetBucketPolicy failed",
        "GetBucketPolicyStatus failed",
        "GetPublicAccessBlock failed",
    ] {
        let f = not_checked
            .iter()
            .find(|f| f["message"].as_str().unwrap().contains(operation))
            .unwrap_or_else(|| panic!("{operation}: {audit:#}"));
        assert_eq!(f["severity"], "warning");
    }
}

#[test]
fn a_refused_cloudfront_read_is_a_clear_error() {
    let d = setup();
    let keys = (d.user.0.as_str(), d.user.1.as_str());
    let out = cfsign_at(
        &moto_iam(),
        Some(keys),
        &["fetch-live", "--distribution-id", "EANY"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(
        err,
        "cfsign: error: live mode: CloudFront GetDistribution was denied (HTTP 403); the caller \
         needs the IAM permission cloudfront:GetDistribution\n"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn no_credentials_is_a_clear_error() {
    let out = cfsign_at(&moto(), None, &["fetch-live", "--distribution-id", "EANY"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.starts_with("cfsign: error: live mode: no AWS credentials found"),
        "{err}"
    );
    assert_eq!(stdout(&out), "");
}
