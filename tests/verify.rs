//! Verification like CloudFront: every reason code with real signed URLs and cookies made by this
//! crate's signer, key rotation, precedence of URL parameters over cookies.

// Written once, run natively (`cargo test`) and in wasm (`wasm-pack test --node` and in headless
// Chromium): in wasm, `#[test]` is wasm-bindgen-test's.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use cfsign::decode::Source;
use cfsign::{
    verify, HashAlgorithm, IpRange, KeyGroup, Policy, PrivateKey, PublicKey, Reason, Request,
    Signer, UrlOptions,
};

const URL: &str = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4";
const NOW: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const LATER: u64 = NOW + 3600;

fn rsa() -> Signer {
    Signer::new(
        "K2JCJMDEHXQW5F",
        PrivateKey::from_pem(include_str!("keys/rsa2048_pkcs1.pem")).unwrap(),
    )
    .unwrap()
}
fn rsa_b() -> Signer {
    Signer::new(
        "K3ROTATEDKEY2",
        PrivateKey::from_pem(include_str!("keys/rsa2048_b_pkcs1.pem")).unwrap(),
    )
    .unwrap()
}
fn ec() -> Signer {
    Signer::new(
        "K4ECDSAKEY",
        PrivateKey::from_pem(include_str!("keys/ec_p256_sec1.pem")).unwrap(),
    )
    .unwrap()
}
fn group() -> KeyGroup {
    KeyGroup::new()
        .with(
            "K2JCJMDEHXQW5F",
            PublicKey::from_pem(include_str!("keys/rsa2048_pub.pem")).unwrap(),
        )
        .with(
            "K3ROTATEDKEY2",
            PublicKey::from_pem(include_str!("keys/rsa2048_b_pub.pem")).unwrap(),
        )
        .with(
            "K4ECDSAKEY",
            PublicKey::from_pem(include_str!("keys/ec_p256_pub.pem")).unwrap(),
        )
}
fn codes(v: &cfsign::Verdict) -> Vec<&'static str> {
    v.reasons.iter().map(Reason::code).collect()
}

#[test]
fn valid_urls_are_allowed_rsa_and_ecdsa_sha1_and_sha256() {
    for signer in [
        rsa(),
        rsa().with_hash(HashAlgorithm::Sha256),
        ec(),
        ec().with_hash(HashAlgorithm::Sha1),
    ] {
        let canned = signer.sign_url(URL, LATER).unwrap();
        let v = verify(&Request::new(canned.as_str(), NOW), &group());
        assert!(v.allowed(), "{:?}", v.reasons);
        assert_eq!(v.verified().unwrap().key_pair_id(), signer.key_pair_id());
        assert_eq!(v.source(), Source::Url);
        let custom = signer
            .sign_url_with(
                URL,
                &UrlOptions {
                    date_less_than: LATER,
                    date_greater_than: Some(NOW - 10),
                    policy_resource: Some("https://d111111abcdef8.cloudfront.net/videos/*".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        let v = verify(&Request::new(custom.as_str(), NOW), &group());
        assert!(v.allowed(), "{:?}", v.reasons);
        assert_eq!(
            v.verified().unwrap().resource(),
            "https://d111111abcdef8.cloudfront.net/videos/*"
        );
    }
}

#[test]
fn expired_and_not_yet_valid_carry_the_numbers() {
    let url = rsa().sign_url(URL, LATER).unwrap();
    let v = verify(&Request::new(url.as_str(), LATER), &group());
    assert_eq!(
        v.reasons,
        vec![Reason::Expired {
            expires: LATER,
            now: LATER
        }]
    );
    assert_eq!(v.reasons[0].cloudfront_error(), "AccessDenied");
    // Clock skew tolerance.
    let v = verify(
        &Request {
            skew: 5,
            ..Request::new(url.as_str(), LATER + 4)
        },
        &group(),
    );
    assert!(v.allowed());
    let url = rsa()
        .sign_url_with(
            URL,
            &UrlOptions {
                date_less_than: LATER,
                date_greater_than: Some(NOW + 60),
                ..Default::default()
            },
        )
        .unwrap();
    let v = verify(&Request::new(url.as_str(), NOW), &group());
    assert_eq!(
        v.reasons,
        vec![Reason::NotYetValid {
            starts: NOW + 60,
            now: NOW
        }]
    );
    assert!(verify(&Request::new(url.as_str(), NOW + 61), &group()).allowed());
    // Expired and not yet valid both reported, with a bad signature too: all failures, not the first.
    let tampered = url.as_str().replace("intro", "outro");
    let v = verify(&Request::new(&tampered, LATER + 1), &group());
    assert_eq!(codes(&v), ["expired", "resource_mismatch"]);
}

#[test]
fn ip_conditions() {
    let url = rsa()
        .sign_url_with(
            URL,
            &UrlOptions {
                date_less_than: LATER,
                ip_range: Some(IpRange::parse("192.0.2.0/24").unwrap()),
                ..Default::default()
            },
        )
        .unwrap();
    let at = |ip: Option<&str>| {
        verify(
            &Request {
                client_ip: ip.map(|s| s.parse().unwrap()),
                ..Request::new(url.as_str(), NOW)
            },
            &group(),
        )
    };
    assert!(at(Some("192.0.2.77")).allowed());
    assert!(at(Some("::ffff:192.0.2.77")).allowed());
    assert_eq!(
        at(Some("198.51.100.1")).reasons,
        vec![Reason::IpDenied {
            range: "192.0.2.0/24".into(),
            client_ip: Some("198.51.100.1".parse().unwrap())
        }]
    );
    assert_eq!(codes(&at(Some("2001:db8::1"))), ["ip_denied"]);
    assert_eq!(codes(&at(None)), ["ip_denied"]);
}

#[test]
fn tampering_and_unknown_keys() {
    let url = rsa().sign_url(URL, LATER).unwrap().into_string();
    // A changed path: canned policies are rebuilt from the URL, so the signature fails.
    let other = url.replace("intro.mp4", "intro.mp3");
    let v = verify(&Request::new(&other, NOW), &group());
    assert_eq!(codes(&v), ["bad_signature"]);
    assert_eq!(v.reasons[0].cloudfront_error(), "AccessDenied");
    // An unknown key.
    let v = verify(
        &Request::new(&url, NOW),
        &KeyGroup::new().with(
            "KOTHER",
            PublicKey::from_pem(include_str!("keys/rsa2048_b_pub.pem")).unwrap(),
        ),
    );
    assert_eq!(
        v.reasons,
        vec![Reason::UnknownKey {
            key_pair_id: "K2JCJMDEHXQW5F".into(),
            trusted: vec!["KOTHER".into()]
        }]
    );
    assert_eq!(v.reasons[0].cloudfront_error(), "InvalidKey");
    // The right ID with the wrong public key.
    let swapped = KeyGroup::new().with(
        "K2JCJMDEHXQW5F",
        PublicKey::from_pem(include_str!("keys/rsa2048_b_pub.pem")).unwrap(),
    );
    assert_eq!(
        codes(&verify(&Request::new(&url, NOW), &swapped)),
        ["bad_signature"]
    );
    // SHA-256 signature with the Hash-Algorithm parameter removed: checked with SHA-1, fails.
    let sha256 = rsa()
        .with_hash(HashAlgorithm::Sha256)
        .sign_url(URL, LATER)
        .unwrap()
        .into_string();
    assert!(verify(&Request::new(&sha256, NOW), &group()).allowed());
    let stripped = sha256.replace("&Hash-Algorithm=SHA256", "");
    assert_eq!(
        codes(&verify(&Request::new(&stripped, NOW), &group())),
        ["bad_signature"]
    );
}

#[test]
fn missing_and_malformed() {
    let v = verify(&Request::new(URL, NOW), &group());
    assert_eq!(
        v.reasons,
        vec![Reason::MissingSignature {
            missing: vec!["Expires or Policy", "Signature", "Key-Pair-Id"]
        }]
    );
    assert_eq!(v.reasons[0].cloudfront_error(), "MissingKey");
    assert_eq!(v.source(), Source::None);
    let url = rsa().sign_url(URL, LATER).unwrap().into_string();
    let no_key = url.replace("&Key-Pair-Id=K2JCJMDEHXQW5F", "");
    assert_eq!(
        verify(&Request::new(&no_key, NOW), &group()).reasons,
        vec![Reason::MissingSignature {
            missing: vec!["Key-Pair-Id"]
        }]
    );
    // Standard base64 in the signature: MalformedSignature.
    let sig = url
        .split("Signature=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    let standard = url.replace(
        sig,
        &sig.replace('-', "+").replace('~', "/").replace('_', "="),
    );
    if standard != url {
        let v = verify(&Request::new(&standard, NOW), &group());
        assert_eq!(codes(&v), ["malformed"]);
        assert_eq!(v.reasons[0].cloudfront_error(), "MalformedSignature");
    }
    // Garbage policy: MalformedPolicy.
    let v = verify(
        &Request::new(
            &format!("{URL}?Policy=e30_&Signature=AAAA&Key-Pair-Id=K2JCJMDEHXQW5F"),
            NOW,
        ),
        &group(),
    );
    assert_eq!(codes(&v), ["malformed", "bad_signature"]);
    assert_eq!(v.reasons[0].cloudfront_error(), "MalformedPolicy");
    // Both Expires and Policy, a duplicate, a bad Hash-Algorithm.
    let both = format!("{url}&Policy=e30_");
    assert!(codes(&verify(&Request::new(&both, NOW), &group())).contains(&"malformed"));
    let dup = format!("{url}&Key-Pair-Id=K2JCJMDEHXQW5F");
    assert!(codes(&verify(&Request::new(&dup, NOW), &group())).contains(&"malformed"));
    let md5 = format!("{url}&Hash-Algorithm=MD5");
    assert_eq!(
        codes(&verify(&Request::new(&md5, NOW), &group())),
        ["malformed"]
    );
    // Over CloudFront's 8,192-byte limit.
    let long = format!(
        "{URL}?pad={}&{}",
        "a".repeat(8200),
        url.split_once('?').unwrap().1
    );
    assert_eq!(
        codes(&verify(&Request::new(&long, NOW), &group()))[0],
        "malformed"
    );
}

#[test]
fn resource_mismatch_for_a_custom_policy() {
    let url = rsa()
        .sign_url_with(
            URL,
            &UrlOptions {
                date_less_than: LATER,
                policy_resource: Some("https://d111111abcdef8.cloudfront.net/videos/*".into()),
                ..Default::default()
            },
        )
        .unwrap()
        .into_string();
    // Move the signature to another path: the policy still verifies but does not cover it.
    let moved = url.replace("/videos/intro.mp4", "/audio/intro.mp3");
    let v = verify(&Request::new(&moved, NOW), &group());
    assert_eq!(
        v.reasons,
        vec![Reason::ResourceMismatch {
            pattern: "https://d111111abcdef8.cloudfront.net/videos/*".into(),
            url: "https://d111111abcdef8.cloudfront.net/audio/intro.mp3".into()
        }]
    );
}

#[test]
fn cookies_and_precedence() {
    let policy = Policy::new("https://d111111abcdef8.cloudfront.net/videos/*", LATER).unwrap();
    let cookies = rsa().sign_cookies(&policy).unwrap();
    let header = cookies.cookie_header();
    let v = verify(
        &Request {
            cookies: Some(&header),
            ..Request::new(URL, NOW)
        },
        &group(),
    );
    assert!(v.allowed(), "{:?}", v.reasons);
    assert_eq!(v.source(), Source::Cookies);
    // Set-Cookie lines work too.
    let lines: String = cookies
        .set_cookie_headers(&Default::default())
        .unwrap()
        .iter()
        .map(|h| format!("Set-Cookie: {h}\n"))
        .collect();
    assert!(verify(
        &Request {
            cookies: Some(&lines),
            ..Request::new(URL, NOW)
        },
        &group()
    )
    .allowed());
    // Another path is outside the cookie's policy.
    let v = verify(
        &Request {
            cookies: Some(&header),
            ..Request::new("https://d111111abcdef8.cloudfront.net/audio/a.mp3", NOW)
        },
        &group(),
    );
    assert_eq!(codes(&v), ["resource_mismatch"]);
    // URL parameters win: an expired signed URL is denied even with valid cookies.
    let expired = rsa().sign_url(URL, NOW - 1).unwrap();
    let v = verify(
        &Request {
            cookies: Some(&header),
            ..Request::new(expired.as_str(), NOW)
        },
        &group(),
    );
    assert_eq!(codes(&v), ["expired"]);
    assert_eq!(v.source(), Source::Url);
    // A canned cookie covers exactly its URL.
    let canned = rsa()
        .sign_cookies(&Policy::new(URL, LATER).unwrap())
        .unwrap()
        .cookie_header();
    assert!(verify(
        &Request {
            cookies: Some(&canned),
            ..Request::new(URL, NOW)
        },
        &group()
    )
    .allowed());
    let v = verify(
        &Request {
            cookies: Some(&canned),
            ..Request::new(
                "https://d111111abcdef8.cloudfront.net/videos/other.mp4",
                NOW,
            )
        },
        &group(),
    );
    assert_eq!(codes(&v), ["bad_signature"]);
}

#[test]
fn key_rotation() {
    let old = rsa_b().sign_url(URL, LATER).unwrap().into_string();
    let new = rsa().sign_url(URL, LATER).unwrap().into_string();
    let mut keys = group();
    assert!(verify(&Request::new(&old, NOW), &keys).allowed());
    assert!(verify(&Request::new(&new, NOW), &keys).allowed());
    assert!(keys.remove("K3ROTATEDKEY2"));
    assert!(verify(&Request::new(&new, NOW), &keys).allowed());
    let v = verify(&Request::new(&old, NOW), &keys);
    assert_eq!(
        v.reasons,
        vec![Reason::UnknownKey {
            key_pair_id: "K3ROTATEDKEY2".into(),
            trusted: vec!["K2JCJMDEHXQW5F".into(), "K4ECDSAKEY".into()]
        }]
    );
}

#[test]
fn every_reason_explains_itself() {
    let url = rsa().sign_url(URL, LATER).unwrap().into_string();
    let v = verify(
        &Request::new(&url.replace("intro", "x"), LATER + 5),
        &KeyGroup::new(),
    );
    for r in &v.reasons {
        assert!(!r.explanation().is_empty() && !r.fix().is_empty() && !r.to_string().is_empty());
    }
}

/// A signature check that was due but never made (a host's crypto failed) denies.
#[test]
fn an_unchecked_signature_is_never_allowed() {
    let url = rsa().sign_url(URL, LATER).unwrap().into_string();
    let pending = cfsign::Pending::new(&Request::new(&url, NOW), &group());
    assert!(pending.signature_check().is_some());
    let v = pending.finish(None);
    assert!(!v.allowed());
    assert_eq!(codes(&v), ["bad_signature"]);
    assert!(v.verified().is_none());
}

#[test]
fn set_cookie_lines_that_delete_are_not_cookies() {
    let lines = "Set-Cookie: CloudFront-Policy=abc; Path=/; Secure\n\
                 Set-Cookie: CloudFront-Expires=; Path=/; Max-Age=0; Secure\n\
                 Set-Cookie: CloudFront-Hash-Algorithm=; Max-Age=-1";
    let decoded = cfsign::decode_cookies(lines);
    assert_eq!(decoded.present, ["Policy"]);
    assert!(decoded.hash_algorithm_param.is_none());
}

/// A policy with keys CloudFront's guide does not document is signed, as botocore and
/// `@aws-sdk/cloudfront-signer` sign it (docs/research/cloudfront-verification.md §3.3); the
/// verifier decides on the keys it knows and names the others in a note.
#[test]
fn unknown_policy_keys_are_signed_and_noted() {
    let json = format!(
        r#"{{"Statement":[{{"Resource":"{URL}","Condition":{{"DateLessThan":{{"AWS:EpochTime":{LATER}}},"StringLike":{{"aws:Referer":"x"}}}}}}],"Comment":"x"}}"#
    );
    let url = rsa()
        .sign_url_with_policy_json(URL, &json)
        .unwrap()
        .into_string();
    let v = verify(&Request::new(&url, NOW), &group());
    assert!(v.allowed(), "{:?}", v.reasons);
    assert_eq!(v.notes.len(), 1);
    assert_eq!(v.notes[0].code(), "unknown_policy_keys");
    let text = v.notes[0].to_string();
    assert!(
        text.contains("\"Comment\"")
            && text.contains("\"StringLike\"")
            && text.contains("CloudFront's handling is undocumented"),
        "{text}"
    );
    let out: serde_json::Value = serde_json::from_str(&v.to_json()).unwrap();
    assert_eq!(
        out["notes"][0]["unknown_keys"],
        serde_json::json!([
            {"within": "the policy", "key": "Comment"},
            {"within": "Condition", "key": "StringLike"}
        ])
    );
    // Decided on DateLessThan all the same.
    let v = verify(&Request::new(&url, LATER), &group());
    assert_eq!(codes(&v), ["expired"]);
    assert_eq!(v.notes.len(), 1);
    // A policy without unknown keys has no such note.
    let url = rsa().sign_url(URL, LATER).unwrap().into_string();
    assert!(verify(&Request::new(&url, NOW), &group()).notes.is_empty());
}
