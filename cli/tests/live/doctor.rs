//! `doctor`, `audit` and `explain-response` in live mode, end to end: the fixture's distribution
//! read from moto through the SDK, judged by the doctor's core, buckets included.

use serde_json::Value;

use super::fixture::{bucket, Fixture};
use super::{cfsign, stderr, stdout};

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

/// The findings with `code`, each as (behaviors, message).
fn with_code<'a>(findings: &'a Value, code: &str) -> Vec<&'a Value> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

#[test]
fn live_audit_reports_the_buckets_behind_the_origins() {
    let f = Fixture::new("audit");
    let out = cfsign(&["audit", "--distribution-id", &f.id, "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let findings = json(&out)["findings"].clone();

    // The public bucket: read around CloudFront, and no OAC or OAI on its origin.
    let public = with_code(&findings, "bucket_public");
    assert_eq!(public.len(), 1, "{findings:#}");
    assert_eq!(public[0]["severity"], "error");
    assert!(public[0]["message"]
        .as_str()
        .unwrap()
        .contains(&bucket(&f.tag, "public")));
    let not_locked = with_code(&findings, "origin_not_locked");
    assert_eq!(not_locked.len(), 1, "{findings:#}");
    assert!(not_locked[0]["message"]
        .as_str()
        .unwrap()
        .contains("public"));

    // OAC without a grant for this distribution: the other ARN's policy, and no policy at all.
    let missing = with_code(&findings, "bucket_policy_missing_distribution");
    let named: Vec<bool> = ["other", "none", "oac"]
        .iter()
        .map(|b| {
            missing
                .iter()
                .any(|m| m["message"].as_str().unwrap().contains(&bucket(&f.tag, b)))
        })
        .collect();
    assert_eq!(named, [true, true, false], "{findings:#}");
    assert!(
        with_code(&findings, "bucket_not_checked").is_empty(),
        "{findings:#}"
    );
    assert_eq!(
        with_code(&findings, "custom_origin_reachable").len(),
        1,
        "{findings:#}"
    );

    // The text form says the same.
    let out = cfsign(&["audit", "--distribution-id", &f.id]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("bucket_public"), "{}", stdout(&out));
}

#[test]
fn live_doctor_finds_the_distribution_from_the_url() {
    let f = Fixture::new("doctor");
    // An unrestricted path: served (exit 0), and its origin's bucket is public.
    let url = format!("https://{}/public/a.jpg", f.alias);
    let out = cfsign(&["doctor", &url, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let d = json(&out);
    assert_eq!(d["behavior"]["path_pattern"], "/public/*");
    assert_eq!(d["behavior"]["restricted"], false);
    let codes: Vec<&str> = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"bucket_public") && codes.contains(&"origin_not_locked"),
        "{codes:?}"
    );

    // A signed URL for the default behavior, by the key in its trusted key group: served.
    let target = format!("https://{}/videos/a.mp4", f.alias);
    let key = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/keys/rsa2048_pkcs8.pem");
    let signed = cfsign(&[
        "sign",
        "--url",
        &target,
        "--key-pair-id",
        &f.key_id,
        "--private-key",
        key,
        "--date-less-than",
        "+1h",
    ]);
    assert_eq!(signed.status.code(), Some(0), "{}", stderr(&signed));
    let out = cfsign(&["doctor", stdout(&signed).trim(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let d = json(&out);
    assert_eq!(d["behavior"]["index"], Value::Null);
    assert_eq!(
        d["behavior"]["trusted_key_groups"][0]["id"],
        f.key_group.as_str()
    );
    assert_eq!(
        d["behavior"]["trusted_key_groups"][0]["key_ids"][0],
        f.key_id.as_str()
    );

    // Unsigned on a restricted path whose bucket lacks the grant: 403, and the bucket is named.
    let out = cfsign(&[
        "doctor",
        &format!("https://{}/none/a.mp4", f.domain),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let d = json(&out);
    assert_eq!(d["behavior"]["path_pattern"], "/none/*");
    let codes: Vec<&str> = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["code"].as_str())
        .collect();
    assert!(
        codes.contains(&"bucket_policy_missing_distribution"),
        "{codes:?}"
    );

    // By ID, the same distribution.
    let out = cfsign(&["doctor", &url, "--distribution-id", &f.id, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn live_explain_response_names_the_missing_grant() {
    let f = Fixture::new("explain");
    let dir = std::env::temp_dir().join(format!("cfsign-live-explain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let response = dir.join("response.txt");
    std::fs::write(
        &response,
        "HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nServer: AmazonS3\r\n\
         X-Cache: Error from cloudfront\r\nx-amz-request-id: 4B4F0F6C2E4A5B3C\r\n\
         x-amz-id-2: aGVsbG8gd29ybGQ=\r\n\r\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Error><Code>AccessDenied</Code><Message>Access Denied</Message>\
         <RequestId>4B4F0F6C2E4A5B3C</RequestId><HostId>aGVsbG8gd29ybGQ=</HostId></Error>",
    )
    .unwrap();
    let url = format!("https://{}/other/a.mp4", f.alias);
    let out = cfsign(&[
        "explain-response",
        response.to_str().unwrap(),
        "--url",
        &url,
        "--distribution-id",
        &f.id,
        "--json",
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let e = json(&out);
    assert_eq!(e["source"], "s3", "{e:#}");
    let text = e.to_string();
    assert!(text.contains("bucket_policy_missing_distribution"), "{e:#}");
}
