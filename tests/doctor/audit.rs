//! `audit`: every finding of the fixture distribution, and none for the clean one.

use super::fixtures::*;
use cfsign::doctor::{
    any_warning, audit, audit_json, read_distribution, Finding, Inputs, Severity,
};

fn run(d: &cfsign::doctor::Distribution) -> Vec<Finding> {
    let (g, k) = (key_groups(), public_keys());
    audit(&Inputs {
        distribution: d,
        key_groups: &g,
        public_keys: &k,
        buckets: None,
    })
}

fn find<'a>(f: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    f.iter().filter(|f| f.code == code).collect()
}

#[test]
fn finds_every_hole_of_the_fixture() {
    let f = run(&distribution());
    let shadowed = find(&f, "shadowed_by_unrestricted");
    let videos = shadowed
        .iter()
        .find(|f| f.behaviors == ["#1 /videos/*.mp4", "#2 /videos/*"])
        .unwrap();
    assert_eq!(videos.severity, Severity::Error);
    assert_eq!(videos.example_path.as_deref(), Some("/videos/x.mp4"));
    // Unrestricted behaviors before the restricted default: info, not an error.
    let api = shadowed
        .iter()
        .find(|f| f.behaviors == ["#5 /api/*", "default (*)"])
        .unwrap();
    assert_eq!(api.severity, Severity::Info);
    let unreachable = find(&f, "unreachable_behavior");
    assert_eq!(unreachable.len(), 1, "{unreachable:?}");
    assert_eq!(
        unreachable[0].behaviors,
        ["#2 /videos/*", "#4 /videos/trailers/*"]
    );
    assert_eq!(
        find(&f, "key_group_not_found")[0].behaviors,
        ["#7 /ghost/*"]
    );
    assert!(find(&f, "key_group_not_found")[0]
        .message
        .contains("K0000000000GHOST"));
    assert_eq!(
        find(&f, "legacy_trusted_signers")[0].behaviors,
        ["#6 /legacy/*"]
    );
    assert_eq!(
        find(&f, "allow_all_protocol_on_restricted")[0].behaviors,
        ["#2 /videos/*"]
    );
    let weak = find(&f, "unsupported_public_key");
    assert_eq!(weak.len(), 1);
    assert!(weak[0].message.contains(&key_id("rsa3072")));
    assert_eq!(weak[0].behaviors, ["#8 /weak/*"]);
    let unlocked = find(&f, "origin_not_locked");
    assert_eq!(unlocked.len(), 2);
    assert!(unlocked[0]
        .message
        .contains("media.s3.us-east-1.amazonaws.com"));
    assert_eq!(
        find(&f, "custom_origin_reachable")[0].behaviors,
        ["#5 /api/*"]
    );
    assert!(any_warning(&f));
    // Ordered by severity.
    assert!(f.windows(2).all(|w| w[0].severity <= w[1].severity));
    let json: serde_json::Value = serde_json::from_str(&audit_json(&distribution(), &f)).unwrap();
    assert_eq!(json["behaviors"][0]["path_pattern"], "/videos/*.mp4");
    assert_eq!(json["behaviors"][8]["name"], "default (*)");
    let first = &json["findings"][0];
    for member in [
        "code",
        "severity",
        "behaviors",
        "example_path",
        "message",
        "fix",
    ] {
        assert!(
            !first[member].is_null() || member == "example_path",
            "{member}"
        );
    }
}

#[test]
fn the_clean_distribution_has_only_the_lock_moto_cannot_show() {
    let clean = read_distribution("clean.json", GET_DISTRIBUTION_CLEAN).unwrap();
    let f = run(&clean);
    assert_eq!(
        f.iter().map(|f| f.code).collect::<Vec<_>>(),
        ["origin_not_locked"]
    );
    // moto drops OriginAccessControlId (tests/fixtures/aws/README.md): put it back, as AWS prints it.
    let mut v: serde_json::Value = serde_json::from_str(GET_DISTRIBUTION_CLEAN).unwrap();
    v["Distribution"]["DistributionConfig"]["Origins"]["Items"][0]["OriginAccessControlId"] =
        "E2OAC".into();
    let locked = read_distribution("clean.json", &v.to_string()).unwrap();
    let f = run(&locked);
    assert!(f.is_empty(), "{f:?}");
    assert!(!any_warning(&f));
}

#[test]
fn bucket_facts_from_live_mode_are_judged_by_the_core() {
    use cfsign::doctor::{s3_buckets, BucketFacts, Checked};
    let mut v: serde_json::Value = serde_json::from_str(GET_DISTRIBUTION_CLEAN).unwrap();
    v["Distribution"]["DistributionConfig"]["Origins"]["Items"][0]["OriginAccessControlId"] =
        "E2OAC".into();
    let d = read_distribution("clean.json", &v.to_string()).unwrap();
    assert_eq!(s3_buckets(&d), [("media".to_string(), "media".to_string())]);
    let arn = d.arn.clone().unwrap();
    let (g, k) = (key_groups(), public_keys());
    let with = |policy: Option<String>| {
        let facts = [BucketFacts {
            bucket: "media".into(),
            policy: Checked::Known(policy),
            policy_is_public: Checked::Known(Some(false)),
            public_access_block: Checked::Known(None),
        }];
        audit(&Inputs {
            distribution: &d,
            key_groups: &g,
            public_keys: &k,
            buckets: Some(&facts),
        })
    };
    let f = with(None);
    assert_eq!(
        f.iter().map(|f| f.code).collect::<Vec<_>>(),
        ["bucket_policy_missing_distribution"]
    );
    assert_eq!(f[0].behaviors, ["default (*)"]);
    let policy = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":{{"Service":"cloudfront.amazonaws.com"}},"Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*","Condition":{{"StringEquals":{{"AWS:SourceArn":"{arn}"}}}}}}]}}"#
    );
    assert!(with(Some(policy)).is_empty());
}

/// 75 hostile patterns of 255 characters (`*?*?...`, `?*a?*a...`): a bounded run that says the
/// checks stopped, as a warning, never a hang.
#[test]
fn hostile_patterns_get_a_bounded_run() {
    let mut v: serde_json::Value = serde_json::from_str(GET_DISTRIBUTION).unwrap();
    let item = v["Distribution"]["DistributionConfig"]["CacheBehaviors"]["Items"][1].clone();
    let items: Vec<serde_json::Value> = (0..75)
        .map(|i| {
            let unit = if i % 2 == 0 { "*?" } else { "?*a" };
            let mut p = unit.repeat(255 / unit.len());
            p.truncate(255);
            let mut b = item.clone();
            b["PathPattern"] = p.into();
            b
        })
        .collect();
    v["Distribution"]["DistributionConfig"]["CacheBehaviors"]["Items"] = items.into();
    let d = read_distribution("hostile.json", &v.to_string()).unwrap();
    let f = run(&d);
    let stopped = find(&f, "pattern_not_decided");
    let warnings: Vec<_> = stopped
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .collect();
    assert_eq!(warnings.len(), 1, "the checks stopped once");
    assert!(warnings[0].message.contains("stopped"));
    assert!(any_warning(&f));
}
