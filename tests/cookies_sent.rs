//! Cookies as a browser sends them: cookie sets signed by this crate's signer, then broken the
//! ways a deployment breaks them (a Domain elsewhere, a Path elsewhere, Secure over http, an
//! expired Max-Age, a past Expires, a stale duplicate), each named first by `cookie_not_sent`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use cfsign::verify::Note;
use cfsign::{
    verify, CookieOptions, KeyGroup, Policy, PrivateKey, PublicKey, Reason, Request, Signer,
};

const HOST: &str = "d111111abcdef8.cloudfront.net";
const URL: &str = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4";
const NOW: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn signer() -> Signer {
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

/// `Set-Cookie:` lines of a cookie set for `resource` valid until `expires`, with `options`.
fn lines(resource: &str, expires: u64, options: &CookieOptions) -> Vec<String> {
    let policy = Policy::new(resource, expires).unwrap();
    let cookies = signer().sign_cookies(&policy).unwrap();
    let headers = cookies.set_cookie_headers(options).unwrap();
    headers
        .iter()
        .map(|h| ["Set-Cookie: ", h].concat())
        .collect()
}

fn check(url: &str, cookies: &str) -> cfsign::Verdict {
    verify(
        &Request {
            cookies: Some(cookies),
            ..Request::new(url, NOW)
        },
        &group(),
    )
}

fn first(v: &cfsign::Verdict) -> (&'static str, Option<&'static str>) {
    match v.reasons.first() {
        Some(Reason::CookieNotSent(n)) => ("cookie_not_sent", Some(n.why.code())),
        Some(r) => (r.code(), None),
        None => ("allowed", None),
    }
}

const WIDE: &str = "https://d111111abcdef8.cloudfront.net/videos/*";

#[test]
fn the_cookies_signed_are_sent_and_allowed() {
    let set = lines(WIDE, NOW + 3600, &CookieOptions::default()).join("\n");
    let v = check(URL, &set);
    assert!(v.allowed(), "{:?}", v.reasons);
    assert!(v.notes.is_empty(), "{:?}", v.notes);
    let domain = CookieOptions {
        domain: Some(".d111111abcdef8.cloudfront.net".into()),
        path: Some("/videos/".into()),
        ..CookieOptions::default()
    };
    assert!(check(URL, &lines(WIDE, NOW + 3600, &domain).join("\n")).allowed());
}

#[test]
fn each_broken_attribute_is_named_first() {
    let http = "http://d111111abcdef8.cloudfront.net/videos/intro.mp4";
    let base = CookieOptions::default();
    let cases: Vec<(&str, &str, Vec<String>, &str)> = vec![
        (
            "Domain elsewhere",
            URL,
            lines(
                WIDE,
                NOW + 3600,
                &CookieOptions {
                    domain: Some("example.com".into()),
                    ..base.clone()
                },
            ),
            "domain",
        ),
        (
            "Domain=cloudfront.net, a public suffix",
            URL,
            lines(
                WIDE,
                NOW + 3600,
                &CookieOptions {
                    domain: Some("cloudfront.net".into()),
                    ..base.clone()
                },
            ),
            "public_suffix",
        ),
        (
            "Path elsewhere",
            URL,
            lines(
                WIDE,
                NOW + 3600,
                &CookieOptions {
                    path: Some("/images/".into()),
                    ..base.clone()
                },
            ),
            "path",
        ),
        (
            "Secure over http",
            http,
            lines(
                "http://d111111abcdef8.cloudfront.net/videos/*",
                NOW + 3600,
                &base,
            ),
            "secure",
        ),
        (
            "expired Max-Age",
            URL,
            lines(WIDE, NOW + 3600, &base)
                .into_iter()
                .map(|l| l.replace("; Secure", "; Max-Age=0; Secure"))
                .collect(),
            "max_age",
        ),
        (
            "Expires past",
            URL,
            lines(WIDE, NOW + 3600, &base)
                .into_iter()
                .map(|l| [l.as_str(), "; Expires=Wed, 31 Dec 2025 23:00:00 GMT"].concat())
                .collect(),
            "expires",
        ),
        (
            "one cookie with a Domain elsewhere",
            URL,
            lines(WIDE, NOW + 3600, &base)
                .into_iter()
                .map(|l| match l.contains("CloudFront-Signature") {
                    true => [l.as_str(), "; Domain=media.example.com"].concat(),
                    false => l,
                })
                .collect(),
            "domain",
        ),
        (
            "a stale set at a longer Path shadows the new one",
            URL,
            [
                lines(WIDE, NOW + 7200, &base),
                lines(
                    WIDE,
                    NOW - 60,
                    // Session cookies (as cfsign wrote them by default before their lifetime
                    // followed the policy): the browser keeps them past their policy's expiry.
                    &CookieOptions {
                        path: Some("/videos/".into()),
                        session: true,
                        ..base.clone()
                    },
                ),
            ]
            .concat(),
            "shadowed",
        ),
        (
            "a stale set at a longer Path, set first",
            URL,
            [
                lines(
                    "https://d111111abcdef8.cloudfront.net/old/*",
                    NOW + 7200,
                    &CookieOptions {
                        path: Some("/videos".into()),
                        ..base.clone()
                    },
                ),
                lines(WIDE, NOW + 7200, &base),
            ]
            .concat(),
            "shadowed",
        ),
    ];
    assert!(cases.len() >= 6);
    for (what, url, set, why) in cases {
        let set = set.join("\n");
        let v = check(url, &set);
        assert!(!v.allowed(), "{what}: allowed");
        if why == "shadowed" {
            // Both cookies of the name are sent: CloudFront refuses the header (a duplicate), and
            // the shadowing is a note that says so.
            assert_eq!(first(&v), ("malformed", None), "{what}: {:?}", v.reasons);
            assert!(
                v.reasons[0].to_string().contains("more than once"),
                "{what}"
            );
            let note = v
                .notes
                .iter()
                .map(|n| n.to_string())
                .find(|n| n.contains("sends it too"))
                .unwrap_or_default();
            assert!(note.contains("refuses"), "{what}: {:?}", v.notes);
            continue;
        }
        assert_eq!(
            first(&v),
            ("cookie_not_sent", Some(why)),
            "{what}: {:?}",
            v.reasons
        );
        let text = v.reasons[0].to_string();
        assert!(text.contains("is not sent"), "{what}: {text}");
        let json = v.to_json();
        assert!(
            json.contains(r#""code":"cookie_not_sent""#)
                && json.contains(&format!(r#""why":"{why}""#)),
            "{json}"
        );
    }
    // The host in the message is the request's.
    let set = lines(
        WIDE,
        NOW + 3600,
        &CookieOptions {
            domain: Some("example.com".into()),
            ..base
        },
    )
    .join("\n");
    assert!(check(URL, &set).reasons[0].to_string().contains(HOST));
}

#[test]
fn cookies_not_sent_are_notes_when_the_rest_suffices_and_cookie_headers_are_taken_as_sent() {
    let base = CookieOptions::default();
    let mut set = lines(WIDE, NOW + 3600, &base);
    set.push("Set-Cookie: CloudFront-Policy=stale; Path=/; Domain=example.com".into());
    set.push("Set-Cookie: CloudFront-Policy=x; Expires=someday".into());
    let v = check(URL, &set.join("\n"));
    // The last Policy line (a session cookie: its Expires is ignored) replaces the signed one.
    assert!(!v.allowed());
    let mut set = lines(WIDE, NOW + 3600, &base);
    set.push("Set-Cookie: CloudFront-Policy=stale; Path=/; Domain=example.com".into());
    let v = check(URL, &set.join("\n"));
    assert!(v.allowed(), "{:?}", v.reasons);
    assert!(matches!(&v.notes[..], [Note::CookieNotSent(n)] if n.why.code() == "domain"));
    // A Cookie header is what the browser sent: no judgement of attributes.
    let policy = Policy::new(WIDE, NOW + 3600).unwrap();
    let header = signer().sign_cookies(&policy).unwrap().cookie_header();
    assert!(check(URL, &header).allowed());
    assert!(check(URL, &["Cookie: ", &header].concat()).allowed());
}
