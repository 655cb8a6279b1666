use super::*;
use crate::decode::DecodeProblem;
use alloc::string::{String, ToString};

#[test]
fn refuses_a_url_over_the_limit_whatever_the_cookies_say() {
    let url: String = ["https://d111111abcdef8.cloudfront.net/", &"a".repeat(9000)].concat();
    let cookies =
        "CloudFront-Expires=1893456000; CloudFront-Signature=AAAA; CloudFront-Key-Pair-Id=K";
    let request = Request {
        cookies: Some(cookies),
        ..Request::new(&url, 1_767_225_600)
    };
    let verdict = Pending::new(&request, &KeyGroup::new()).finish(None);
    assert_eq!(verdict.source(), Source::Url);
    assert!(verdict.decoded.key_pair_id.is_none());
    assert!(verdict.reasons.iter().any(|r| matches!(
        r,
        Reason::Malformed {
            problem: Malformed::Decode(DecodeProblem::TooLong { what: "URL", .. })
        }
    )));
    assert!(!verdict.allowed());
}

/// Two valid cookies of one name at `Path=/` and `Path=/private/`: a browser sends both, so
/// the verdict is CloudFront's on that header (the name twice: refused as a duplicate), and
/// the shadowed note says the cookie is sent too, never that the first one is read.
#[test]
fn a_shadowed_cookie_is_sent_and_denied_as_a_duplicate() {
    let lines = "Set-Cookie: CloudFront-Expires=1893456000; Path=/\n\
        Set-Cookie: CloudFront-Signature=AAAA; Path=/\n\
        Set-Cookie: CloudFront-Signature=BBBB; Path=/private/\n\
        Set-Cookie: CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F; Path=/";
    let request = Request {
        cookies: Some(lines),
        ..Request::new("https://h.example/private/x", 1_767_225_600)
    };
    let verdict = verify(&request, &KeyGroup::new());
    assert!(!verdict.allowed());
    assert!(verdict.reasons.iter().any(|r| matches!(
        r,
        Reason::Malformed {
            problem: Malformed::Decode(DecodeProblem::Duplicate { param: "Signature" })
        }
    )));
    assert!(
        !verdict
            .reasons
            .iter()
            .any(|r| r.code() == "cookie_not_sent"),
        "{:?}",
        verdict.reasons
    );
    let note = verdict
        .notes
        .iter()
        .map(|n| n.to_string())
        .find(|n| n.contains("line 2"))
        .unwrap_or_default();
    assert!(note.contains("sends it too"), "{note}");
    assert!(note.contains("more than once"), "{note}");
    assert!(!note.contains("the one read"), "{note}");
}

/// A `Key-Pair-Id` (or `CloudFront-Key-Pair-Id`) that is not a key ID, such as a private key
/// pasted in the wrong place, is never echoed by a verdict: reasons, their messages, the JSON.
#[test]
fn never_echoes_a_key_pair_id_that_is_not_one() {
    let pem = include_str!("../../tests/keys/rsa2048_pkcs1.pem");
    let body: Vec<&str> = pem
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with("-----"))
        .collect();
    let url = "https://d111111abcdef8.cloudfront.net/v.mp4?Expires=1893456000&Signature=AAAA&Key-Pair-Id=";
    let long = "x".repeat(300);
    for id in [
        pem,
        long.as_str(),
        "K1; Domain=evil.example\u{1b}[1A",
        "\u{202e}K1",
    ] {
        let encoded = crate::url::extended_encode_uri_component(id);
        let in_url = [url, encoded.as_str()].concat();
        let cookies = [
            "CloudFront-Expires=1893456000; CloudFront-Signature=AAAA; CloudFront-Key-Pair-Id=",
            encoded.as_str(),
        ]
        .concat();
        let keys = KeyGroup::new();
        let by_url = verify(&Request::new(&in_url, 1_767_225_600), &keys);
        let by_cookies = verify(
            &Request {
                cookies: Some(&cookies),
                ..Request::new("https://d111111abcdef8.cloudfront.net/v.mp4", 1_767_225_600)
            },
            &keys,
        );
        for verdict in [by_url, by_cookies] {
            assert!(!verdict.allowed());
            let shown = verdict.decoded.key_pair_id.clone().unwrap_or_default();
            assert!(shown.starts_with("(not a key ID"), "{shown}");
            let mut text = verdict.to_json();
            for reason in &verdict.reasons {
                text.push_str(&reason.to_string());
            }
            assert!(verdict.reasons.iter().any(|r| r.code() == "unknown_key"));
            assert!(!text.contains("BEGIN"), "{text}");
            assert!(!text.contains("xxxxxxxxxx"), "{text}");
            assert!(!text.contains("Domain"), "{text}");
            assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
            for line in &body {
                assert!(!text.contains(&line[..24]), "{text}");
            }
        }
    }
    // A key ID is shown as it is.
    let other = [url, "K3UNKNOWNKEY"].concat();
    let verdict = verify(&Request::new(&other, 1_767_225_600), &KeyGroup::new());
    assert_eq!(verdict.decoded.key_pair_id.as_deref(), Some("K3UNKNOWNKEY"));
}
