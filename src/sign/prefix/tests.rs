//! One policy for many objects: every `url_for` verifies, and nothing outside the prefix is
//! signed, in any encoding (compiled only with `#[cfg(test)]`, from prefix.rs).

use alloc::format;
use alloc::string::String;

use super::{PathProblem, SignedPrefix};
use crate::key::{HashAlgorithm, PrivateKey};
use crate::policy::{IpRange, Policy};
use crate::sign::{SignError, Signer};
use crate::verify::{verify, KeyGroup, Request};

const ORIGIN: &str = "https://d111111abcdef8.cloudfront.net";
const EXPIRES: u64 = 1_893_456_000;
const NOW: u64 = 1_767_225_600;

fn rsa() -> Signer {
    let pem = include_str!("../../../tests/keys/rsa2048_pkcs1.pem");
    Signer::new("K2JCJMDEHXQW5F", PrivateKey::from_pem(pem).unwrap()).unwrap()
}

fn ec() -> Signer {
    let pem = include_str!("../../../tests/keys/ec_p256_sec1.pem");
    Signer::new("K2JCJMDEHXQW5F", PrivateKey::from_pem(pem).unwrap()).unwrap()
}

fn prefix(signer: &Signer) -> SignedPrefix {
    let policy = Policy::new(&format!("{ORIGIN}/videos/123/*"), EXPIRES).unwrap();
    signer.sign_prefix(&policy).unwrap()
}

fn keys(signer: &Signer) -> KeyGroup {
    KeyGroup::new().with("K2JCJMDEHXQW5F", signer.key().public_key())
}

#[test]
fn every_url_for_verifies() {
    for signer in [rsa(), ec(), rsa().with_hash(HashAlgorithm::Sha256)] {
        let p = prefix(&signer);
        let keys = keys(&signer);
        for (given, expected) in [
            ("seg-1.ts", format!("{ORIGIN}/videos/123/seg-1.ts")),
            ("hd/seg-2.ts", format!("{ORIGIN}/videos/123/hd/seg-2.ts")),
            ("./seg-3.ts", format!("{ORIGIN}/videos/123/seg-3.ts")),
            ("x/../seg-4.ts", format!("{ORIGIN}/videos/123/seg-4.ts")),
            ("../123/seg-5.ts", format!("{ORIGIN}/videos/123/seg-5.ts")),
            ("/videos/123/a.ts", format!("{ORIGIN}/videos/123/a.ts")),
            (
                "//d111111abcdef8.cloudfront.net/videos/123/b.ts",
                format!("{ORIGIN}/videos/123/b.ts"),
            ),
            (
                "seg.ts?quality=hd",
                format!("{ORIGIN}/videos/123/seg.ts?quality=hd"),
            ),
            ("", format!("{ORIGIN}/videos/123/")),
            ("?list", format!("{ORIGIN}/videos/123/?list")),
            (
                &format!("{ORIGIN}/videos/123/a%20b.ts"),
                format!("{ORIGIN}/videos/123/a%20b.ts"),
            ),
        ] {
            let url = p.url_for(given).unwrap();
            let separator = if expected.contains('?') { '&' } else { '?' };
            assert_eq!(
                url,
                format!("{expected}{separator}{}", p.query()),
                "{given}"
            );
            let verdict = verify(&Request::new(&url, NOW), &keys);
            assert!(verdict.allowed(), "{given}: {:?}", verdict.reasons);
        }
    }
}

#[test]
fn the_parameters_are_the_aws_clis() {
    let signer = rsa();
    let p = prefix(&signer);
    let names: alloc::vec::Vec<&str> = p.params().map(|(n, _)| n).collect();
    assert_eq!(names, ["Policy", "Signature", "Key-Pair-Id"]);
    assert_eq!(
        p.policy_json(),
        format!(
            r#"{{"Statement":[{{"Resource":"{ORIGIN}/videos/123/*","Condition":{{"DateLessThan":{{"AWS:EpochTime":{EXPIRES}}}}}}}]}}"#
        )
    );
    // The same bytes signed for one URL by the custom-policy path give the same parameters.
    let policy = Policy::new(&format!("{ORIGIN}/videos/123/*"), EXPIRES).unwrap();
    let one = signer
        .sign_url_with_policy(&format!("{ORIGIN}/videos/123/a.ts"), &policy)
        .unwrap();
    assert_eq!(one.as_str(), p.url_for("a.ts").unwrap());
    assert_eq!(p.base(), Some(&*format!("{ORIGIN}/videos/123/")));
    let sha256 = prefix(&rsa().with_hash(HashAlgorithm::Sha256));
    assert!(sha256
        .query()
        .ends_with("&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256"));
}

#[test]
fn conditions_are_kept() {
    let signer = ec();
    let policy = Policy::with_conditions(
        &format!("{ORIGIN}/gallery/*"),
        EXPIRES,
        Some(NOW - 60),
        Some(IpRange::parse("192.0.2.0/24").unwrap()),
    )
    .unwrap();
    let p = signer.sign_prefix(&policy).unwrap();
    assert!(p.policy_json().contains("192.0.2.0/24"));
    let url = p.url_for("a.jpg").unwrap();
    let mut request = Request::new(&url, NOW);
    request.client_ip = Some("192.0.2.7".parse().unwrap());
    assert!(verify(&request, &keys(&signer)).allowed());
    request.client_ip = Some("198.51.100.7".parse().unwrap());
    assert!(!verify(&request, &keys(&signer)).allowed());
}

#[test]
fn what_the_policy_does_not_cover_is_refused() {
    let p = prefix(&rsa());
    for given in [
        "../other/x.ts",
        "../../x.ts",
        "/videos/124/x.ts",
        "/videos/123",
        "//evil.example/videos/123/x.ts",
        "https://d111111abcdef8.cloudfront.net/videos/1234/x.ts",
        "http://d111111abcdef8.cloudfront.net/videos/123/x.ts",
        "https://evil.example/videos/123/x.ts",
    ] {
        match p.url_for(given) {
            Err(SignError::NotCovered { resource, .. }) => {
                assert_eq!(resource, format!("{ORIGIN}/videos/123/*"))
            }
            other => panic!("{given}: {other:?}"),
        }
    }
}

/// Encoded forms of `..` and `/`, once or twice, whether relative or absolute: each matches
/// `/videos/123/*` byte for byte, and each is refused.
#[test]
fn encoded_escapes_are_refused() {
    let p = prefix(&rsa());
    for (given, problem) in [
        ("%2e%2e/other/x.ts", PathProblem::DotSegment),
        ("%2E%2E/other/x.ts", PathProblem::DotSegment),
        (".%2e/other/x.ts", PathProblem::DotSegment),
        ("%2e./other/x.ts", PathProblem::DotSegment),
        ("%252e%252e/other/x.ts", PathProblem::DotSegment),
        ("%25252e%25252e/other/x.ts", PathProblem::DotSegment),
        ("%2e/x.ts", PathProblem::DotSegment),
        ("..;/other/x.ts", PathProblem::DotSegment),
        ("x/..;/..;/other", PathProblem::DotSegment),
        ("..%2Fother%2Fx.ts", PathProblem::EncodedSeparator),
        ("..%2fother", PathProblem::EncodedSeparator),
        ("..%5Cother", PathProblem::EncodedSeparator),
        ("..%252Fother", PathProblem::EncodedSeparator),
        ("a%2Fb.ts", PathProblem::EncodedSeparator),
        (
            "https://d111111abcdef8.cloudfront.net/videos/123/../other/x.ts",
            PathProblem::DotSegment,
        ),
        (
            "https://d111111abcdef8.cloudfront.net/videos/123/./x.ts",
            PathProblem::DotSegment,
        ),
        (
            "https://d111111abcdef8.cloudfront.net/videos/123/%2e%2e/other/x.ts",
            PathProblem::DotSegment,
        ),
    ] {
        assert_eq!(
            p.url_for(given),
            Err(SignError::UnsafePath { problem }),
            "{given}"
        );
    }
    // Dots that are not whole segments, and encoded dots in the query, are fine.
    for given in ["..x/a.ts", "a..b.ts", ".hidden", "a.ts?x=%2e%2e%2F"] {
        assert!(p.url_for(given).is_ok(), "{given}");
    }
}

#[test]
fn what_a_signed_url_refuses_is_refused() {
    let p = prefix(&rsa());
    assert_eq!(
        p.url_for("a.ts#t=10"),
        Err(SignError::UrlHasFragment { position: 5 })
    );
    assert!(matches!(
        p.url_for("a b.ts"),
        Err(SignError::UnsafeUrl { .. })
    ));
    assert!(matches!(
        p.url_for("a\\..\\b.ts"),
        Err(SignError::UnsafeUrl { .. })
    ));
    assert!(matches!(
        p.url_for("a.ts?Signature=x"),
        Err(SignError::UrlHasSigningParams { .. })
    ));
    assert!(matches!(
        p.url_for("javascript:alert(1)"),
        Err(SignError::InvalidUrl { .. })
    ));
    assert!(matches!(
        p.url_for(&"a".repeat(8000)),
        Err(SignError::UrlTooLong { .. })
    ));
}

#[test]
fn a_wildcard_host_takes_absolute_urls_only() {
    let policy = Policy::new("https://*.example.com/media/*", EXPIRES).unwrap();
    let p = rsa().sign_prefix(&policy).unwrap();
    assert_eq!(p.base(), None);
    assert_eq!(p.url_for("a.jpg"), Err(SignError::RelativeWithoutBase));
    assert!(p.url_for("https://cdn.example.com/media/a.jpg").is_ok());
    assert!(matches!(
        p.url_for("https://cdn.example.com/other/a.jpg"),
        Err(SignError::NotCovered { .. })
    ));
}

#[test]
fn a_policy_with_signing_parameters_or_too_long_is_refused() {
    let policy = Policy::new(&format!("{ORIGIN}/a.ts?Signature=*"), EXPIRES).unwrap();
    assert!(matches!(
        rsa().sign_prefix(&policy),
        Err(SignError::UrlHasSigningParams { .. })
    ));
    let long: String = format!("{ORIGIN}/{}*", "a".repeat(8200));
    let policy = Policy::new(&long, EXPIRES).unwrap();
    assert!(matches!(
        rsa().sign_prefix(&policy),
        Err(SignError::PolicyTooLong { .. })
    ));
    assert!(matches!(
        SignedPrefix::for_signature(&policy, "not an id", HashAlgorithm::Sha1, b""),
        Err(SignError::InvalidKeyPairId { .. })
    ));
}
