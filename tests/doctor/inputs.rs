//! Reading the AWS CLI's output: every shape, unknown members, wrong files, hostile inputs.

use super::fixtures::*;
use cfsign::doctor::{read, read_distribution, read_key_groups, read_public_keys, Input};

#[test]
fn reads_get_distribution() {
    let d = distribution();
    assert_eq!(d.behaviors.len(), 9);
    assert_eq!(d.behaviors[0].pattern.text, "/videos/*.mp4");
    assert_eq!(d.behaviors[0].index, Some(0));
    assert!(!d.behaviors[0].restricted());
    assert_eq!(d.behaviors[1].trusted_key_groups, [group_id("kg-a")]);
    assert_eq!(d.behaviors[1].viewer_protocol_policy, "allow-all");
    assert_eq!(d.behaviors[5].trusted_signers, ["self"]);
    assert_eq!(d.behaviors[5].restriction(), "trusted_signers");
    let default = d.behaviors.last().unwrap();
    assert_eq!(default.index, None);
    assert_eq!(default.name(), "default (*)");
    assert!(default.pattern.is_everything());
    assert!(d.arn.as_deref().unwrap().contains(":distribution/"));
    assert!(d
        .domain_name
        .as_deref()
        .unwrap()
        .ends_with(".cloudfront.net"));
    assert_eq!(d.aliases, ["media.example.com"]);
    assert_eq!(d.origins.len(), 3);
    assert!(d.origins[0].is_s3() && !d.origins[0].locked());
    assert!(d.origins[2].custom_origin_config && !d.origins[2].is_s3());
    // moto leaves ActiveTrustedKeyGroups empty (Enabled false): not in force, so None.
    assert_eq!(d.active_trusted_key_groups, None);
    assert_eq!(d.custom_error_responses[0].error_code, 403);
}

#[test]
fn get_distribution_config_has_the_same_behaviors() {
    let c = read_distribution("c.json", GET_DISTRIBUTION_CONFIG).unwrap();
    let d = distribution();
    assert_eq!(c.behaviors, d.behaviors);
    assert_eq!(c.origins, d.origins);
    assert_eq!(c.arn, None);
}

#[test]
fn reads_key_groups_and_public_keys_in_every_shape() {
    let listed = read_key_groups("l.json", LIST_KEY_GROUPS, None).unwrap();
    assert_eq!(listed, key_groups());
    let b = key_groups().into_iter().find(|g| g.name == "kg-b").unwrap();
    assert_eq!(b.key_ids, [key_id("ec-p256"), key_id("rsa2048-b")]);
    let listed = read_public_keys("l.json", LIST_PUBLIC_KEYS, None).unwrap();
    assert_eq!(listed, public_keys());
    assert!(public_keys()[0]
        .encoded_key
        .starts_with("-----BEGIN PUBLIC KEY-----"));
    let pem = include_str!("../keys/ec_p256_pub.pem");
    let k = read_public_keys("K1=pem", pem, Some("K1")).unwrap();
    assert_eq!((k[0].id.as_str(), k[0].encoded_key.as_str()), ("K1", pem));
    match read("d.json", LIST_DISTRIBUTIONS, None).unwrap() {
        Input::Distributions(d) => {
            // moto's summaries carry no Aliases.
            assert_eq!(d.len(), 2);
            assert_eq!(d[0].id, distribution().id);
            assert_eq!(d[0].domain_name, distribution().domain_name);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn ignores_unknown_members_and_refuses_wrong_files_by_name() {
    let mut v: serde_json::Value = serde_json::from_str(GET_DISTRIBUTION).unwrap();
    v["Distribution"]["SomethingNew"] = serde_json::json!({"Deep": [1, 2, 3]});
    v["Distribution"]["DistributionConfig"]["CacheBehaviors"]["Items"][0]["NewMember"] =
        true.into();
    assert_eq!(
        read_distribution("x.json", &v.to_string()).unwrap(),
        distribution()
    );

    let e = read_distribution("kg-a.json", KEY_GROUPS[0]).unwrap_err();
    assert_eq!(e.code, "wrong_input");
    assert!(
        e.to_string()
            .starts_with("kg-a.json: this file holds key groups; expected"),
        "{e}"
    );
    assert!(e.to_string().contains("get-distribution"));
    let e = read_key_groups("dist.json", GET_DISTRIBUTION, None).unwrap_err();
    assert!(
        e.to_string().contains("holds a distribution") && e.to_string().contains("get-key-group"),
        "{e}"
    );
    let e = read_public_keys("k.json", r#"{"Something": 1}"#, None).unwrap_err();
    assert_eq!(e.code, "wrong_input");
    let e = read_public_keys("k.json", "-----BEGIN PUBLIC KEY-----", None).unwrap_err();
    assert_eq!(e.code, "not_json");
}

#[test]
fn hostile_inputs_get_clear_errors() {
    let truncated = &GET_DISTRIBUTION[..GET_DISTRIBUTION.len() / 2];
    let e = read_distribution("t.json", truncated).unwrap_err();
    assert_eq!(e.code, "not_json");
    assert!(e.message.starts_with("truncated JSON"), "{e}");
    let deep = [
        "{\"Distribution\":",
        &"[".repeat(100_000),
        &"]".repeat(100_000),
        "}",
    ]
    .concat();
    assert_eq!(
        read_distribution("deep.json", &deep).unwrap_err().code,
        "not_json"
    );
    let wrong_type = GET_DISTRIBUTION.replacen(
        "\"PathPattern\": \"/videos/*.mp4\"",
        "\"PathPattern\": 42",
        1,
    );
    let e = read_distribution("w.json", &wrong_type).unwrap_err();
    assert!(e.message.starts_with("JSON of the wrong shape"), "{e}");
    assert!(!e.message.contains("42"));
    let huge = " ".repeat(cfsign::doctor::MAX_INPUT_BYTES + 1);
    assert_eq!(
        read_distribution("h.json", &huge).unwrap_err().code,
        "input_too_large"
    );
    let stars = GET_DISTRIBUTION.replacen("/videos/*.mp4", &"*".repeat(10_000), 1);
    let e = read_distribution("s.json", &stars).unwrap_err();
    assert_eq!(e.code, "pattern_too_long");
    assert!(e.message.contains("#1"), "{e}");
    let mut v: serde_json::Value = serde_json::from_str(GET_DISTRIBUTION_CONFIG).unwrap();
    let item = v["DistributionConfig"]["CacheBehaviors"]["Items"][0].clone();
    v["DistributionConfig"]["CacheBehaviors"]["Items"] = vec![item; 1001].into();
    assert_eq!(
        read_distribution("m.json", &v.to_string())
            .unwrap_err()
            .code,
        "too_many_behaviors"
    );
}

#[test]
fn finds_the_distribution_by_host() {
    let d = distribution();
    let host = d.domain_name.clone().unwrap();
    assert!(d.serves_host(&host.to_uppercase()));
    assert!(d.serves_host("media.example.com"));
    assert!(!d.serves_host("other.example.com"));
    let clean = read_distribution("c.json", GET_DISTRIBUTION_CLEAN).unwrap();
    let all = [clean.summary(), d.summary()];
    assert_eq!(
        cfsign::doctor::find_distribution(&all, "media.example.com"),
        Some(1)
    );
    assert_eq!(
        cfsign::doctor::find_distribution(&all, "nope.example"),
        None
    );
}
