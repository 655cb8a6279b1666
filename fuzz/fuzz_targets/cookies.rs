//! Cookie decoding (`decode_cookies`, and `verify` given a `Cookie:` header or `Set-Cookie`
//! lines) over hostile text, and the signer against the verifier over generated resources.
//! Properties:
//! - any text decodes and verifies (or is refused) without a panic;
//! - cookies cfsign signs for a resource are allowed for the request of that resource inside
//!   their window, as a `Cookie:` header, with other cookies around them, and as the `Set-Cookie`
//!   lines cfsign writes when a browser sends them (a `Path` and `Domain` that cover the
//!   request); with a `Domain` or `Path` elsewhere they are denied, `cookie_not_sent` first;
//! - they are denied after their window, when deleted (`Max-Age=0`), and after a change of one
//!   character of the signature or the policy.
#![no_main]

use std::sync::OnceLock;

use cfsign::decode::MAX_COOKIE_BYTES;
use cfsign::{decode_cookies, verify, CookieOptions, HashAlgorithm, KeyGroup, Policy, PrivateKey, Request, Signer};
use libfuzzer_sys::fuzz_target;

const NOW: u64 = 1_767_225_600;
const ORIGIN: &str = "https://d111111abcdef8.cloudfront.net/";
const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~_";

struct Keys {
    ec: Signer,
    rsa: Signer,
    group: KeyGroup,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let ec = PrivateKey::from_pem(include_str!("../../tests/keys/ec_p256_pkcs8.pem")).unwrap();
        let rsa = PrivateKey::from_pem(include_str!("../../tests/keys/rsa2048_pkcs8.pem")).unwrap();
        let group = KeyGroup::new().with("K4ECDSAKEY", ec.public_key()).with("K2JCJMDEHXQW5F", rsa.public_key());
        Keys {
            ec: Signer::new("K4ECDSAKEY", ec).unwrap(),
            rsa: Signer::new("K2JCJMDEHXQW5F", rsa).unwrap(),
            group,
        }
    })
}

fn check(url: &str, cookies: &str, now: u64) -> cfsign::Verdict {
    let request = Request { url, now, client_ip: None, cookies: Some(cookies), skew: 0, repair: false };
    let verdict = verify(&request, &keys().group);
    let _ = verdict.to_json();
    assert_eq!(verdict.allowed(), verdict.verified().is_some());
    verdict
}

/// `header` with the character at `at` (within the value of cookie `name`) changed.
fn tamper(header: &str, name: &str, at: usize) -> Option<String> {
    let start = header.find(&format!("{name}="))? + name.len() + 1;
    let end = header[start..].find(';').map_or(header.len(), |e| start + e);
    if end == start {
        return None;
    }
    let i = start + at % (end - start);
    let old = header.as_bytes()[i];
    let pool: &[u8] = if name == "CloudFront-Expires" { b"0123456789" } else { ALPHABET };
    let new = pool[(pool.iter().position(|&c| c == old).unwrap_or(0) + 1 + at / 7 % (pool.len() - 1)) % pool.len()];
    let mut out = header.as_bytes().to_vec();
    out[i] = new;
    String::from_utf8(out).ok()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    // 1. Hostile text as a Cookie header or Set-Cookie lines.
    let _ = decode_cookies(&text).to_json();
    check(&format!("{ORIGIN}video.mp4"), &text, NOW);

    // 2. The signer against the verifier. The first bytes choose the key, hash and window; the
    // rest, split at the first NUL, is the resource's path and other cookies (or attributes).
    let [flags, a, b, c, rest @ ..] = data else { return };
    let rest = String::from_utf8_lossy(rest);
    let (path, noise) = rest.split_once('\0').unwrap_or((&rest, ""));
    let k = keys();
    let signer = if flags & 0x1c == 0 { &k.rsa } else { &k.ec };
    let hash = if flags & 1 == 1 { HashAlgorithm::Sha256 } else { HashAlgorithm::Sha1 };
    let signer = signer.clone().with_hash(hash);
    let expires = NOW + 1 + u64::from(u16::from_le_bytes([*a, *b]));
    let resource = format!("{ORIGIN}{path}");
    let Ok(mut policy) = Policy::new(&resource, expires) else { return };
    if flags & 2 == 2 {
        let Ok(p) = policy.valid_from(NOW - 1 - u64::from(*c)) else { return };
        policy = p;
    }
    let Ok(cookies) = signer.sign_cookies(&policy) else { return };
    let header = cookies.cookie_header();

    let decoded = decode_cookies(&header);
    assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
    assert_eq!(decoded.key_pair_id.as_deref(), Some(signer.key_pair_id()));
    assert_eq!(decoded.hash_algorithm, hash);
    let allowed = |cookies: &str, what: &str| {
        let verdict = check(&resource, cookies, NOW);
        if cookies.len() > MAX_COOKIE_BYTES {
            // Refused unread, whatever they carry.
            assert!(!verdict.allowed(), "{what}: cookie text over the limit allowed");
            return;
        }
        assert!(verdict.allowed(), "{what}: signed cookies denied for {resource:?}: {:?}", verdict.reasons);
        let verified = verdict.verified().unwrap();
        assert_eq!(verified.resource(), resource);
        assert_eq!(verified.expires(), expires);
        assert_eq!(verified.key_pair_id(), signer.key_pair_id());
    };
    allowed(&header, "Cookie header");

    // Other cookies around them: no line break, no `CloudFront-` name.
    if !noise.contains('\n') && !noise.contains("CloudFront-") {
        allowed(&format!("Cookie: {noise}; {header}; {noise}"), "among other cookies");
        if let Some((first, others)) = header.split_once("; ") {
            allowed(&format!("{first}; {noise}; {others}"), "with another cookie between");
        }
    }

    // As Set-Cookie lines that a browser sends with the request (Path `/` or the resource's own
    // path, Domain none, the host or its parent), with other lines between; and with a Domain
    // elsewhere or a Path elsewhere, which a browser never sends: denied, cookie_not_sent first.
    let request_path = resource.split_once("://").and_then(|(_, r)| r.find('/').map(|i| &r[i..])).unwrap_or("/");
    let request_path = request_path.split(['?', '#']).next().unwrap_or("/");
    let sent_path = if flags & 0x80 == 0x80 { request_path.to_string() } else { "/".to_string() };
    let options = CookieOptions {
        path: Some(sent_path),
        domain: match flags & 0x60 {
            0x20 => Some("d111111abcdef8.cloudfront.net".into()),
            0x40 => Some(".D111111abcdef8.cloudfront.net".into()),
            _ => None,
        },
        max_age: (flags & 0x60 == 0x60).then_some(u64::from(*c) + 1),
        ..CookieOptions::default()
    };
    if let Ok(lines) = cookies.set_cookie_headers(&options) {
        let lines: Vec<String> = lines.iter().map(|l| format!("Set-Cookie: {l}")).collect();
        allowed(&lines.join("\n"), "Set-Cookie lines");
        if !noise.contains('\n') && !noise.contains("CloudFront-") {
            allowed(&lines.join(&format!("\n{noise}\n")), "Set-Cookie lines with others between");
        }
        // Deleted: a browser keeps none of them.
        let deleted = CookieOptions { max_age: Some(0), ..options.clone() };
        let lines = cookies.set_cookie_headers(&deleted).expect("the same attributes");
        let lines: Vec<String> = lines.iter().map(|l| format!("Set-Cookie: {l}")).collect();
        let decoded = decode_cookies(&lines.join("\n"));
        assert!(decoded.present.is_empty(), "deleted cookies read: {:?}", decoded.present);
        assert!(!check(&resource, &lines.join("\n"), NOW).allowed());
        // Elsewhere: never sent.
        let elsewhere = [
            CookieOptions { domain: Some("example.com".into()), ..options.clone() },
            CookieOptions { domain: Some("cloudfront.net".into()), ..options.clone() },
            CookieOptions { path: Some("/elsewhere/".into()), ..options.clone() },
        ];
        for other in elsewhere {
            if other.path.as_deref().is_some_and(|p| request_path.starts_with(p)) {
                continue;
            }
            let Ok(lines) = cookies.set_cookie_headers(&other) else { continue };
            let text: Vec<String> = lines.iter().map(|l| format!("Set-Cookie: {l}")).collect();
            let verdict = check(&resource, &text.join("\n"), NOW);
            assert!(!verdict.allowed(), "cookies for elsewhere allowed: {other:?}");
            assert_eq!(verdict.reasons[0].code(), "cookie_not_sent", "{:?}", verdict.reasons);
        }
    }

    // Denied after the window, and before it when it has a start.
    assert!(!check(&resource, &header, expires + 1).allowed(), "allowed after its window");
    if let Some(start) = policy.date_greater_than().filter(|&s| s > 0) {
        assert!(!check(&resource, &header, start - 1).allowed(), "allowed before its window");
    }

    // One character changed in the signature, the policy or the expiry: denied.
    let at = usize::from(*c) * 31 + usize::from(*a);
    for name in ["CloudFront-Signature", "CloudFront-Policy", "CloudFront-Expires"] {
        if let Some(changed) = tamper(&header, name, at) {
            if changed != header {
                let verdict = check(&resource, &changed, NOW);
                assert!(!verdict.allowed(), "{name} changed and still allowed: {changed:?}");
            }
        }
    }
});
