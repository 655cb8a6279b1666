//! Issue 12, item 4: a `?` in a policy resource. CloudFront's guide can be read section by section
//! (the first `?` after the domain starts the query) or, as the AWS CLI checks before signing, as
//! one string (every `?` one character). The signer signs when either reading matches; the
//! verifier decides on the section reading and says whenever the two disagree.

// Written once, run natively and in wasm, as tests/verify.rs.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use cfsign::policy::ResourceReadings;
use cfsign::verify::Note;
use cfsign::{
    verify, KeyGroup, Policy, PrivateKey, PublicKey, Reason, Request, SignError, Signer,
    UrlOptions, Verdict,
};

const SEASON: &str = "https://host/season?/ep?.mp4";
const EPISODE: &str = "https://host/season1/ep7.mp4";
const NOW: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const LATER: u64 = NOW + 3600;

fn rsa() -> Signer {
    Signer::new(
        "K2JCJMDEHXQW5F",
        PrivateKey::from_pem(include_str!("keys/rsa2048_pkcs1.pem")).unwrap(),
    )
    .unwrap()
}

fn group() -> KeyGroup {
    KeyGroup::new().with(
        "K2JCJMDEHXQW5F",
        PublicKey::from_pem(include_str!("keys/rsa2048_pub.pem")).unwrap(),
    )
}

fn codes(v: &Verdict) -> Vec<&'static str> {
    v.reasons.iter().map(Reason::code).collect()
}

/// `url` signed for `resource`, then verified at `NOW`.
/// The verdict's JSON text, read.
fn json(v: &Verdict) -> serde_json::Value {
    serde_json::from_str(&v.to_json()).unwrap()
}

fn signed_and_verified(url: &str, resource: &str) -> (String, Verdict) {
    let signed = rsa().sign_url_with(url, &options(resource)).unwrap();
    let v = verify(&Request::new(signed.as_str(), NOW), &group());
    (signed.into_string(), v)
}

fn options(resource: &str) -> UrlOptions {
    UrlOptions {
        date_less_than: LATER,
        policy_resource: Some(resource.into()),
        ..UrlOptions::default()
    }
}

#[test]
fn the_signer_signs_what_the_aws_cli_signs() {
    // `aws cloudfront sign --url https://host/season1/ep7.mp4 --policy-resource
    // 'https://host/season?/ep?.mp4'` signs: its check reads `?` as one character everywhere.
    let signed = rsa().sign_url_with(EPISODE, &options(SEASON)).unwrap();
    assert!(!signed.is_canned());
    assert!(signed
        .as_str()
        .starts_with("https://host/season1/ep7.mp4?Policy="));
    assert!(signed
        .policy_json()
        .contains(r#""Resource":"https://host/season?/ep?.mp4""#));
    // The same with a policy built by the caller, and with policy JSON.
    let policy = Policy::new(SEASON, LATER).unwrap();
    assert!(rsa().sign_url_with_policy(EPISODE, &policy).is_ok());
    assert!(rsa()
        .sign_url_with_policy_json(EPISODE, &policy.to_json())
        .is_ok());
    // `*` across sections, as the AWS CLI allows it.
    assert!(rsa()
        .sign_url_with(
            "https://evil.example/x.example.com/a",
            &options("https://*.example.com/a")
        )
        .is_ok());
    // The section reading still signs on its own (the guide's exceptions): `*example.com` is
    // `*://*example.com/`, which the AWS CLI's check refuses for lack of the `/`.
    assert!(rsa()
        .sign_url_with("https://www.example.com/", &options("*example.com"))
        .is_ok());
}

#[test]
fn the_signer_refuses_what_neither_reading_matches() {
    for url in [
        "https://host/season12/ep7.mp4",
        "https://host/season1/ep7.mp3",
        "https://other/season1/ep7.mp4",
    ] {
        assert_eq!(
            rsa().sign_url_with(url, &options(SEASON)).unwrap_err(),
            SignError::UrlMismatch {
                url: url.into(),
                resource: SEASON.into()
            }
        );
    }
}

#[test]
fn the_verifier_says_when_the_readings_disagree() {
    let (_, v) = signed_and_verified(EPISODE, SEASON);
    // Decided on the section reading: denied, but as `resource_ambiguous`, not a flat mismatch.
    assert!(!v.allowed());
    assert_eq!(
        v.reasons,
        vec![Reason::ResourceAmbiguous {
            pattern: SEASON.into(),
            url: EPISODE.into()
        }]
    );
    assert_eq!(v.reasons[0].cloudfront_error(), "AccessDenied");
    assert_eq!(
        v.notes,
        vec![Note::AmbiguousResourceMatch {
            pattern: SEASON.into(),
            url: EPISODE.into(),
            readings: ResourceReadings {
                section: false,
                whole_string: true
            }
        }]
    );
    let json = json(&v);
    assert_eq!(json["allowed"], false);
    assert_eq!(json["reasons"][0]["code"], "resource_ambiguous");
    assert_eq!(json["reasons"][0]["pattern"], SEASON);
    let note = &json["notes"][0];
    assert_eq!(note["code"], "ambiguous_resource_match");
    assert_eq!(note["section_reading"], false);
    assert_eq!(note["whole_string_reading"], true);
    assert_eq!(note["decided_by"], "section_reading");
    assert_eq!(note["url"], EPISODE);
    let message = note["message"].as_str().unwrap();
    assert!(
        message.starts_with("CloudFront's documentation can be read two ways here")
            && message.contains("section reading: no match / whole-string reading: match"),
        "{message}"
    );
}

#[test]
fn a_match_under_the_section_reading_only_is_allowed_with_the_note() {
    // The guide's exception 3: `*example.com` is `*://*example.com/`; the AWS CLI's one-string
    // check would want the URL to end in `example.com`.
    let (_, v) = signed_and_verified("https://www.example.com/", "*example.com");
    assert!(v.allowed(), "{:?}", v.reasons);
    assert_eq!(v.notes.len(), 1);
    let note = &json(&v)["notes"][0];
    assert_eq!(
        (
            note["section_reading"].clone(),
            note["whole_string_reading"].clone()
        ),
        (true.into(), false.into())
    );
    assert!(note["message"]
        .as_str()
        .unwrap()
        .contains("section reading: match / whole-string reading: no match"));
}

#[test]
fn no_note_when_the_readings_agree() {
    let videos = "https://d111111abcdef8.cloudfront.net/videos/*";
    let (signed, v) =
        signed_and_verified("https://d111111abcdef8.cloudfront.net/videos/a.mp4", videos);
    assert!(v.allowed() && v.notes.is_empty());
    assert_eq!(json(&v)["notes"], serde_json::json!([]));
    // Neither reading matches: a plain mismatch, no note.
    let moved = signed.replace("/videos/a.mp4", "/audio/a.mp3");
    let v = verify(&Request::new(&moved, NOW), &group());
    assert_eq!(codes(&v), ["resource_mismatch"]);
    assert!(v.notes.is_empty());
    // A canned policy is rebuilt from the URL: nothing to read two ways.
    let canned = rsa()
        .sign_url("https://host/season1/ep7.mp4?a=b", LATER)
        .unwrap();
    let v = verify(&Request::new(canned.as_str(), NOW), &group());
    assert!(v.allowed() && v.notes.is_empty());
}

#[test]
fn no_resource_reading_without_a_valid_signature() {
    // The match waits for a valid signature: a forged request learns nothing and costs nothing.
    let (signed, _) = signed_and_verified(EPISODE, SEASON);
    let at = signed.find("Signature=").unwrap() + "Signature=".len();
    let mut forged = signed.into_bytes();
    forged[at] = if forged[at] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    let v = verify(&Request::new(&forged, NOW), &group());
    assert_eq!(codes(&v), ["bad_signature"]);
    assert!(v.notes.is_empty());
}

#[test]
fn cookies_get_the_same_note() {
    // Without a `*` or another condition the policy is canned, as in the AWS CLI, and a canned
    // resource is the request URL itself: a start time makes it custom.
    let policy = Policy::new(SEASON, LATER)
        .unwrap()
        .valid_from(NOW - 60)
        .unwrap();
    let cookies = rsa().sign_cookies(&policy).unwrap();
    let header = cookies.cookie_header();
    let v = verify(
        &Request {
            cookies: Some(&header),
            ..Request::new(EPISODE, NOW)
        },
        &group(),
    );
    assert_eq!(codes(&v), ["resource_ambiguous"]);
    assert_eq!(v.notes[0].code(), "ambiguous_resource_match");
}
