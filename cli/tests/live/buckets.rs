//! The facts read about each S3 origin's bucket: a policy or none, S3's IsPublic, the Public
//! Access Block or none; a bucket S3 cannot answer for is "could not check", never clean.

use serde_json::{json, Value};

use super::fixture::{bucket, one_origin_distribution, Fixture};
use super::{aws, fetch_live};

fn facts<'a>(got: &'a Value, name: &str) -> &'a Value {
    got["buckets"]
        .as_array()
        .and_then(|b| b.iter().find(|b| b["bucket"] == name))
        .unwrap_or_else(|| panic!("no facts for {name} in {got}"))
}

#[test]
fn each_s3_origins_bucket_is_read() {
    let f = Fixture::new("facts");
    aws(&[
        "s3api",
        "put-public-access-block",
        "--bucket",
        &bucket(&f.tag, "oac"),
        "--public-access-block-configuration",
        "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=false",
    ]);
    let got = fetch_live(&["--distribution-id", &f.id]);
    // Four S3 origins, four buckets; the custom origin has none.
    assert_eq!(got["buckets"].as_array().map(Vec::len), Some(4), "{got}");

    let oac = facts(&got, &bucket(&f.tag, "oac"));
    let policy: Value =
        serde_json::from_str(oac["policy"]["known"].as_str().expect("a policy")).unwrap();
    assert_eq!(
        policy["Statement"][0]["Condition"]["StringEquals"]["AWS:SourceArn"],
        f.arn.as_str()
    );
    assert_eq!(oac["policy_is_public"], json!({"known": false}));
    assert_eq!(
        oac["public_access_block"],
        json!({"known": {"block_public_acls": true, "ignore_public_acls": true,
                         "block_public_policy": true, "restrict_public_buckets": false}})
    );

    let public = facts(&got, &bucket(&f.tag, "public"));
    assert!(
        public["policy"]["known"]
            .as_str()
            .is_some_and(|p| p.contains("\"*\"")),
        "{public}"
    );
    assert_eq!(public["policy_is_public"], json!({"known": true}));
    assert_eq!(public["public_access_block"], json!({"known": null}));

    // No policy: S3's NoSuchBucketPolicy is a known "none", for the policy and its status.
    let none = facts(&got, &bucket(&f.tag, "none"));
    assert_eq!(none["policy"], json!({"known": null}));
    assert_eq!(none["policy_is_public"], json!({"known": null}));
    assert_eq!(none["public_access_block"], json!({"known": null}));
}

#[test]
fn a_bucket_s3_cannot_answer_for_is_not_checked() {
    // The origin names a bucket that does not exist: every read fails with S3's NoSuchBucket.
    let id = one_origin_distribution("gone", "facts-gone-bucket.s3.amazonaws.com");
    let got = fetch_live(&["--distribution-id", &id]);
    let gone = facts(&got, "facts-gone-bucket");
    for (member, operation) in [
        ("policy", "GetBucketPolicy"),
        ("policy_is_public", "GetBucketPolicyStatus"),
        ("public_access_block", "GetPublicAccessBlock"),
    ] {
        assert_eq!(
            gone[member],
            json!({"could_not_check": {"operation": operation, "reason": "NoSuchBucket"}}),
            "{gone}"
        );
    }
}
