//! Issue 12, item 4: a `?` in a policy resource. CloudFront's guide can be read section by section
//! (the first `?` after the domain starts the query) or, as the AWS CLI checks before signing, as
//! one string (every `?` one character). The signer signs when either reading matches; the
//! verifier decides on the section reading and says whenever the two disagree.

// Written once, run natively and in wasm, as tests/verify.rs.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use cfsign::{Policy, PrivateKey, SignError, Signer, UrlOptions};

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
