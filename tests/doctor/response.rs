//! `explain_response`: who answered, from the parsed response and, with the inputs, the behavior
//! and live mode's bucket facts.

use super::fixtures::*;
use cfsign::doctor::{
    explain_response, BucketFacts, Checked, ErrorDocument, Inputs, Response, Source,
};

fn response(status: u16, headers: &[(&str, &str)], error: Option<(&str, &str, bool)>) -> Response {
    Response {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        error: error.map(|(code, message, ids)| ErrorDocument {
            code: Some(code.into()),
            message: Some(message.into()),
            request_id: ids,
            host_id: ids,
        }),
        cloudfront_html: false,
        empty_body: error.is_none(),
    }
}

#[test]
fn cloudfront_s3_and_the_rest() {
    let cf = response(
        403,
        &[
            ("Server", "CloudFront"),
            ("X-Cache", "Error from cloudfront"),
        ],
        Some(("AccessDenied", "Access denied", false)),
    );
    assert_eq!(explain_response(&cf, None).source, Source::Cloudfront);
    for code in [
        "MissingKey",
        "InvalidKey",
        "MalformedSignature",
        "MalformedPolicy",
    ] {
        let r = response(403, &[("Server", "CloudFront")], Some((code, "x", false)));
        assert_eq!(
            explain_response(&r, None).source,
            Source::Cloudfront,
            "{code}"
        );
    }
    let s3 = response(
        403,
        &[("Server", "AmazonS3"), ("x-amz-request-id", "R1")],
        Some(("AccessDenied", "Access Denied", true)),
    );
    let e = explain_response(&s3, None);
    assert_eq!(e.source, Source::S3);
    assert!(e.evidence.iter().any(|l| l == "x-amz-request-id: R1"));
    assert_eq!(e.cause, None);
    let kms = response(
        400,
        &[],
        Some(("KMS.UnrecognizedClientException", "No account found", true)),
    );
    assert!(explain_response(&kms, None).meaning.contains("SSE-KMS"));
    let html = Response {
        cloudfront_html: true,
        ..response(403, &[("Server", "CloudFront")], None)
    };
    let e = explain_response(&html, None);
    assert_eq!(e.source, Source::Cloudfront);
    assert!(e.meaning.contains("not a signature check"));
    assert_eq!(
        explain_response(&response(200, &[], None), None).source,
        Source::Unknown
    );
}

#[test]
fn names_the_behavior_and_the_bucket_policy_missing_this_distribution() {
    let mut v: serde_json::Value = serde_json::from_str(GET_DISTRIBUTION).unwrap();
    // moto drops OriginAccessControlId (tests/fixtures/aws/README.md): put it back, as AWS prints it.
    v["Distribution"]["DistributionConfig"]["Origins"]["Items"][0]["OriginAccessControlId"] =
        "E2OAC".into();
    let d = cfsign::doctor::read_distribution("d.json", &v.to_string()).unwrap();
    let facts = [BucketFacts {
        bucket: "media".into(),
        policy: Checked::Known(None),
        policy_is_public: Checked::Known(None),
        public_access_block: Checked::Known(None),
    }];
    let inputs = Inputs {
        distribution: &d,
        key_groups: &[],
        public_keys: &[],
        buckets: Some(&facts),
    };
    let s3 = response(
        403,
        &[("Server", "AmazonS3")],
        Some(("AccessDenied", "Access Denied", true)),
    );
    let e = explain_response(
        &s3,
        Some((&inputs, "https://media.example.com/videos/a.webm")),
    );
    assert_eq!(e.source, Source::S3);
    assert_eq!(e.behavior.as_deref(), Some("#2 /videos/*"));
    assert_eq!(e.cause, Some("bucket_policy_missing_distribution"));
    assert!(e.meaning.contains("bucket_policy_missing_distribution"));
    // Offline (no facts): the behavior, no cause.
    let offline = Inputs {
        buckets: None,
        ..inputs
    };
    let e = explain_response(
        &s3,
        Some((&offline, "https://media.example.com/videos/a.webm")),
    );
    assert_eq!(
        (e.behavior.as_deref(), e.cause),
        (Some("#2 /videos/*"), None)
    );
    // The fixture's custom error response for 403: an HTML body under "Error from cloudfront".
    let page = Response {
        empty_body: false,
        ..response(403, &[("X-Cache", "Error from cloudfront")], None)
    };
    assert_eq!(
        explain_response(&page, Some((&offline, "https://media.example.com/x"))).source,
        Source::CustomErrorPage
    );
}
