//! `doctor`: the behavior reached, the verdict against its keys, the diagnosis.

use super::fixtures::*;
use cfsign::doctor::{diagnose, Diagnosis, Inputs};
use cfsign::{PrivateKey, Request, Signer};

const NOW: u64 = 1_767_225_600; // 2026-01-01
const HOST: &str = "https://media.example.com";

fn signer(name: &str, pem: &str) -> Signer {
    Signer::new(&key_id(name), PrivateKey::from_pem(pem).unwrap()).unwrap()
}

fn rsa() -> Signer {
    signer("rsa2048", include_str!("../keys/rsa2048_pkcs1.pem"))
}

fn ec() -> Signer {
    signer("ec-p256", include_str!("../keys/ec_p256_pkcs8.pem"))
}

fn doctor(url: &str) -> Diagnosis {
    let (d, g, k) = (distribution(), key_groups(), public_keys());
    let inputs = Inputs {
        distribution: &d,
        key_groups: &g,
        public_keys: &k,
        buckets: None,
    };
    diagnose(&inputs, &Request::new(url, NOW))
}

fn codes(d: &Diagnosis) -> Vec<&'static str> {
    d.findings.iter().map(|f| f.code).collect()
}

#[test]
fn a_url_signed_for_the_behavior_that_matched_is_served() {
    let url = rsa()
        .sign_url(&[HOST, "/videos/a.webm"].concat(), NOW + 3600)
        .unwrap();
    let d = doctor(url.as_str());
    assert!(d.served(), "{:?}", d.findings);
    assert_eq!(d.behavior.index, Some(1));
    assert_eq!(d.behavior.pattern.text, "/videos/*");
    assert_eq!(d.not_matched, ["#1 /videos/*.mp4"]);
    assert_eq!(d.trusted_key_groups[0].id, group_id("kg-a"));
    assert_eq!(d.trusted_key_groups[0].key_ids, [key_id("rsa2048")]);
    assert!(d.verdict.as_ref().unwrap().allowed());
    let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(json["behavior"]["index"], 1);
    assert_eq!(json["behavior"]["path_pattern"], "/videos/*");
    assert_eq!(json["behavior"]["restricted"], true);
    assert_eq!(
        json["behavior"]["trusted_key_groups"][0]["key_ids"][0],
        key_id("rsa2048")
    );
    assert_eq!(json["verdict"]["allowed"], true);
    assert!(json["findings"].is_array());
}

#[test]
fn a_key_of_another_behaviors_group_is_named() {
    let url = ec()
        .sign_url(&[HOST, "/videos/a.webm"].concat(), NOW + 3600)
        .unwrap();
    let d = doctor(url.as_str());
    assert!(!d.served());
    let v = d.verdict.as_ref().unwrap();
    assert_eq!(v.reasons[0].code(), "unknown_key");
    let f = d
        .findings
        .iter()
        .find(|f| f.code == "key_not_trusted_by_behavior")
        .unwrap();
    assert_eq!(
        f.message,
        format!(
            "Signed by {}, which is in key group {} trusted by #3 /downloads/*, not by #2 /videos/* that matched.",
            key_id("ec-p256"),
            group_id("kg-b")
        )
    );
    // The same key where its group is trusted.
    let url = ec()
        .sign_url(&[HOST, "/downloads/a.zip"].concat(), NOW + 3600)
        .unwrap();
    let d = doctor(url.as_str());
    assert!(d.served(), "{:?}", d.findings);
    assert_eq!(d.behavior.index, Some(2));
}

#[test]
fn an_unrestricted_behavior_first_serves_private_paths() {
    let d = doctor(&[HOST, "/videos/a.mp4"].concat());
    assert!(d.served());
    assert!(d.verdict.is_none());
    assert_eq!(d.behavior.index, Some(0));
    let f = d
        .findings
        .iter()
        .find(|f| f.code == "shadowed_by_unrestricted")
        .unwrap();
    assert!(f.message.starts_with("This path needs no signature: behavior #1 /videos/*.mp4 is unrestricted and comes first"), "{}", f.message);
    assert_eq!(f.example_path.as_deref(), Some("/videos/a.mp4"));
    let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert!(json["verdict"].is_null());
    // Signed anyway: the parameters go to the origin.
    let url = rsa()
        .sign_url(&[HOST, "/videos/a.mp4"].concat(), NOW + 3600)
        .unwrap();
    assert!(codes(&doctor(url.as_str())).contains(&"signature_not_checked"));
    // The S3 origin behind it is not locked (moto drops OAC: see the fixtures' README).
    assert!(codes(&d).contains(&"origin_not_locked"));
}

#[test]
fn denials_carry_the_verify_verdict() {
    let url = rsa()
        .sign_url(&[HOST, "/private/a.txt"].concat(), NOW - 1)
        .unwrap();
    let d = doctor(url.as_str());
    assert!(!d.served());
    assert_eq!(d.behavior.index, None);
    assert_eq!(d.not_matched.len(), 8);
    assert_eq!(d.verdict.as_ref().unwrap().reasons[0].code(), "expired");
    let unsigned = doctor(&[HOST, "/private/a.txt"].concat());
    assert!(!unsigned.served());
    assert_eq!(
        unsigned.verdict.as_ref().unwrap().reasons[0].code(),
        "missing_signature"
    );
    // Legacy signers: no key group, no APKA key given, so nothing can pass.
    let url = rsa()
        .sign_url(&[HOST, "/legacy/a"].concat(), NOW + 60)
        .unwrap();
    let d = doctor(url.as_str());
    assert_eq!(d.behavior.restriction(), "trusted_signers");
    assert!(!d.served());
    // A key group that is not among the inputs.
    let d = doctor(&[HOST, "/ghost/a"].concat());
    assert!(codes(&d).contains(&"key_group_not_found"));
    // An RSA-3072 key is named by its ID.
    let d = doctor(&[HOST, "/weak/a"].concat());
    let f = d
        .findings
        .iter()
        .find(|f| f.code == "unsupported_public_key")
        .unwrap();
    assert!(f.message.contains(&key_id("rsa3072")), "{}", f.message);
}
