//! Property tests: for valid signed URLs, any change to one byte of the signature, the policy, the
//! key ID, `Expires` or the path is denied with the right reason; any input never panics, nor do
//! arbitrary or damaged key bytes (DER, PEM).

#![cfg(not(target_arch = "wasm32"))]

use base64::Engine as _;
use cfsign::key::Pkcs8Der;
use cfsign::{verify, KeyGroup, PrivateKey, PublicKey, Request, Signer, UrlOptions};
use proptest::prelude::*;

const NOW: u64 = 1_767_225_600;

fn signer() -> Signer {
    Signer::new(
        "K2JCJMDEHXQW5F",
        PrivateKey::from_pem(include_str!("keys/ec_p256_sec1.pem")).unwrap(),
    )
    .unwrap()
}

fn keys() -> KeyGroup {
    KeyGroup::new().with(
        "K2JCJMDEHXQW5F",
        PublicKey::from_pem(include_str!("keys/ec_p256_pub.pem")).unwrap(),
    )
}

/// The byte range of a parameter's value in `url`.
fn value_range(url: &str, param: &str) -> std::ops::Range<usize> {
    let start = url.find(&format!("{param}=")).unwrap() + param.len() + 1;
    let end = url[start..].find('&').map_or(url.len(), |i| start + i);
    start..end
}

/// Replaces the byte at `i` with a different URL-safe character chosen by `pick`.
fn mutate(url: &str, i: usize, pick: u8) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~.";
    let mut bytes = url.as_bytes().to_vec();
    let mut c = ALPHABET[usize::from(pick) % ALPHABET.len()];
    if c == bytes[i] {
        c = if c == b'A' { b'B' } else { b'A' };
    }
    bytes[i] = c;
    String::from_utf8(bytes).unwrap()
}

fn codes(url: &str) -> Vec<&'static str> {
    verify(&Request::new(url, NOW), &keys())
        .reasons
        .iter()
        .map(|r| r.code())
        .collect()
}

/// `der` as a PEM block labelled `label`.
fn pem(label: &str, der: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    format!("-----BEGIN {label}-----\n{b64}\n-----END {label}-----\n")
}

fn path_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec("[a-zA-Z0-9_.-]{1,12}", 1..4).prop_map(|segs| segs.join("/"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn canned_url_changes_are_denied(path in path_strategy(), which in 0usize..4, at in any::<prop::sample::Index>(), pick in any::<u8>()) {
        let url = format!("https://d111111abcdef8.cloudfront.net/{path}");
        let signed = signer().sign_url(&url, NOW + 3600).unwrap().into_string();
        prop_assert!(codes(&signed).is_empty());
        let (range, allowed): (_, &[&str]) = match which {
            0 => (value_range(&signed, "Signature"), &["bad_signature", "malformed"]),
            1 => (value_range(&signed, "Key-Pair-Id"), &["unknown_key"]),
            2 => (value_range(&signed, "Expires"), &["bad_signature", "malformed", "expired"]),
            _ => ("https://d111111abcdef8.cloudfront.net/".len()..url.len(), &["bad_signature"]),
        };
        let i = range.start + at.index(range.len());
        let changed = mutate(&signed, i, pick);
        let got = codes(&changed);
        prop_assert!(!got.is_empty(), "{changed} was allowed");
        prop_assert!(got.iter().all(|c| allowed.contains(c)), "{changed}: {got:?}");
    }

    #[test]
    fn custom_url_changes_are_denied(path in path_strategy(), which in 0usize..3, at in any::<prop::sample::Index>(), pick in any::<u8>()) {
        let url = format!("https://d111111abcdef8.cloudfront.net/media/{path}");
        let options = UrlOptions { date_less_than: NOW + 3600, date_greater_than: Some(NOW - 60), policy_resource: Some("https://d111111abcdef8.cloudfront.net/media/*".into()), ..UrlOptions::default() };
        let signed = signer().sign_url_with(&url, &options).unwrap().into_string();
        prop_assert!(codes(&signed).is_empty());
        let (range, allowed): (_, &[&str]) = match which {
            // A changed policy may also change what it says (resource, dates), but the signature
            // must fail or the policy must not decode.
            0 => (value_range(&signed, "Policy"), &["bad_signature", "malformed", "resource_mismatch", "expired", "not_yet_valid"]),
            1 => (value_range(&signed, "Signature"), &["bad_signature", "malformed"]),
            // A changed path under /media/ is still covered: change the directory itself.
            _ => ("https://d111111abcdef8.cloudfront.net/".len().."https://d111111abcdef8.cloudfront.net/media".len(), &["resource_mismatch"]),
        };
        let i = range.start + at.index(range.len());
        let changed = mutate(&signed, i, pick);
        let got = codes(&changed);
        prop_assert!(!got.is_empty(), "{changed} was allowed");
        prop_assert!(got.iter().all(|c| allowed.contains(c)), "{changed}: {got:?}");
        if which == 0 {
            prop_assert!(got.contains(&"bad_signature") || got.contains(&"malformed"), "{changed}: {got:?}");
        }
    }

    #[test]
    fn arbitrary_key_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), label in 0usize..6) {
        let label = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "PUBLIC KEY", "RSA PUBLIC KEY", "ENCRYPTED PRIVATE KEY"][label];
        let pem = pem(label, &bytes);
        let _ = PrivateKey::from_pem(&pem);
        #[cfg(feature = "encrypted-keys")]
        let _ = PrivateKey::from_pem_with_passphrase(&pem, b"cfsign-test");
        let _ = PublicKey::from_pem(&pem);
        let _ = Pkcs8Der::from_pem(&pem).map(|k| k.public_key());
        let _ = PrivateKey::from_pkcs8_der(&bytes);
        #[cfg(feature = "encrypted-keys")]
        let _ = PrivateKey::from_encrypted_pkcs8_der(&bytes, b"cfsign-test");
        let _ = Pkcs8Der::from_der(&bytes).map(|k| k.public_key());
        let _ = PublicKey::from_spki_der(&bytes);
    }

    #[test]
    fn changed_key_bytes_never_panic(key in 0usize..5, at in any::<prop::sample::Index>(), byte in any::<u8>(), cut in any::<prop::sample::Index>()) {
        let (label, text) = [
            ("PRIVATE KEY", include_str!("keys/ec_p256_pkcs8.pem")),
            ("EC PRIVATE KEY", include_str!("keys/ec_p256_sec1.pem")),
            ("RSA PRIVATE KEY", include_str!("keys/rsa2048_pkcs1.pem")),
            ("PUBLIC KEY", include_str!("keys/rsa2048_pub.pem")),
            ("PUBLIC KEY", include_str!("keys/ec_p256_pub.pem")),
        ][key];
        let mut der = Pkcs8Der::from_pem(text).map(|k| k.der().to_vec()).unwrap_or_else(|_| {
            PublicKey::from_pem(text).unwrap().spki_der().to_vec()
        });
        let i = at.index(der.len());
        der[i] = byte;
        // Sometimes cut short too, from the changed byte on.
        if byte % 4 == 0 {
            der.truncate(i + cut.index(der.len() - i));
        }
        let _ = Pkcs8Der::from_der(&der).map(|k| k.public_key());
        let _ = PrivateKey::from_pkcs8_der(&der);
        let _ = PublicKey::from_spki_der(&der);
        let _ = PrivateKey::from_pem(&pem(label, &der));
    }

    #[test]
    fn arbitrary_input_never_panics(input in ".{0,300}", cookie in proptest::option::of(".{0,300}"), ip in proptest::option::of(any::<u32>())) {
        let request = Request {
            url: &input,
            now: NOW,
            client_ip: ip.map(|n| std::net::IpAddr::from(n.to_be_bytes())),
            cookies: cookie.as_deref(),
            skew: 0,
            repair: ip.is_some_and(|n| n % 2 == 0),
        };
        let verdict = verify(&request, &keys());
        for json in [verdict.to_json(), cfsign::decode_cookies(&input).to_json()] {
            prop_assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok(), "{json}");
        }
        let _ = cfsign::policy::PolicyDocument::parse(input.as_bytes());
        let _ = cfsign::CfBase64::decode(&input);
    }

    /// Policy text with JSON tokens put in, taken out or repeated: the policy reader never panics,
    /// and refuses as not JSON exactly what serde_json's `Value` refuses (but for numbers beyond
    /// `f64` as a policy's values, which it refuses as of the wrong type).
    #[test]
    fn policy_json_is_not_json_where_serde_json_says_so(edits in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..3, r#"[{}\[\]":,\\ \t\n0-9eE.+-]|\\u[dD][89abAB]00|true|null|é|\u{1}|\u{feff}|[a-zA-Z:]{1,6}"#), 1..4)) {
        let mut text: Vec<char> = POLICY.chars().collect();
        for (at, op, token) in edits {
            let at = at.index(text.len() + 1);
            match op {
                0 if at < text.len() => {
                    text.remove(at);
                }
                1 if at < text.len() => {
                    text.splice(at..=at, token.chars());
                }
                _ => {
                    text.splice(at..at, token.chars());
                }
            }
        }
        let text: String = text.into_iter().collect();
        let ours = cfsign::policy::PolicyDocument::parse(text.as_bytes());
        let not_json = matches!(ours, Err(cfsign::policy::PolicyParseError::NotJson { .. }));
        match serde_json::from_str::<serde_json::Value>(&text) {
            Err(e) if e.to_string().starts_with("number out of range") => prop_assert!(ours.is_err()),
            theirs => prop_assert_eq!(not_json, theirs.is_err(), "{}: {:?}", text, ours),
        }
    }
}

const POLICY: &str = "{\"Statement\":[{\"Resource\":\"https://d.example/a/*\\u00e9\",\n \"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1767290400},\"IpAddress\":{\"AWS:SourceIp\":\"192.0.2.0/24\"},\"DateGreaterThan\":{\"AWS:EpochTime\":0}}}]}";

/// Whatever the signer signs, the verifier allows for the matching request inside its window
/// (issue 29, p05): URLs and cookies by `Signer`, URLs and cookies by the drop-in's rules
/// (`cfsign::js_sdk`), over generated URLs that include what must be refused (controls, quotes,
/// spaces, non-ASCII, fragments, signing parameters, wildcards, long paths).
mod signer_and_verifier_agree {
    use super::*;
    use cfsign::js_sdk::{Input, JsDate, Prepared};
    use cfsign::{HashAlgorithm, IpRange, Policy};

    const ORIGIN: &str = "https://d111111abcdef8.cloudfront.net";
    const CLIENT: [u8; 4] = [192, 0, 2, 7];

    /// A path piece: mostly URL-safe, sometimes percent-encoded, sometimes hostile.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => "[a-zA-Z0-9_.~-]{1,8}",
            1 => "%[0-9A-F]{2}",
            1 => "[*?]",
            1 => prop::sample::select(vec![" ", "\"", "\\", "\u{1}", "\u{1b}", "\n", "\u{7f}", "#", "é", "\u{202e}", "&", "=", ";"]).prop_map(String::from),
            1 => (100usize..3000).prop_map(|n| "a".repeat(n)),
        ]
    }

    fn query() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => Just(String::new()),
            1 => Just("?".to_string()),
            2 => proptest::collection::vec(("[a-z]{1,5}", "[a-zA-Z0-9%]{0,6}"), 1..3).prop_map(|pairs| {
                let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("?{}", pairs.join("&"))
            }),
            1 => prop::sample::select(vec!["?Expires=1", "?a=1&Signature=x", "?Key-Pair-Id=K", "?Policy=x", "?%45xpires=1", "?Hash-Algorithm=SHA256", "?download"]).prop_map(String::from),
        ]
    }

    fn url() -> impl Strategy<Value = String> {
        (proptest::collection::vec(piece(), 1..5), query())
            .prop_map(|(pieces, q)| format!("{ORIGIN}/{}{q}", pieces.concat()))
    }

    /// The verdict's reasons for `url` (and `cookies`) at `now`, the client in 192.0.2.0/24.
    fn reasons(url: &str, cookies: Option<&str>, now: u64) -> Vec<&'static str> {
        let request = Request {
            url,
            now,
            client_ip: Some(std::net::IpAddr::from(CLIENT)),
            cookies,
            skew: 0,
            repair: false,
        };
        verify(&request, &keys())
            .reasons
            .iter()
            .map(|r| r.code())
            .collect()
    }

    /// The largest expiry CloudFront's current guide documents ("a 64-bit integer", at most
    /// 9223372036854775807), and the largest a JS `Date` holds (8.64e15 ms).
    const GUIDE_MAX: u64 = 9_223_372_036_854_775_807;
    const JS_DATE_MAX: u64 = 8_640_000_000_000;
    /// The limit of the guide before 2023 (2038-01-19T03:14:07Z), which the verifier notes.
    const OLD_GUIDE_MAX: u64 = 2_147_483_647;

    /// An expiry after `NOW`: mostly within a few years, else anywhere up to the guide's maximum,
    /// the edges included.
    fn expiry() -> impl Strategy<Value = u64> {
        prop_oneof![
            4 => (1u64..100_000_000).prop_map(|life| NOW + life),
            2 => OLD_GUIDE_MAX - 2..=OLD_GUIDE_MAX + 2,
            2 => (OLD_GUIDE_MAX + 1)..=GUIDE_MAX,
            1 => (OLD_GUIDE_MAX + 1)..=JS_DATE_MAX,
            1 => prop::sample::select(vec![4_102_444_800, 253_402_300_799, JS_DATE_MAX, GUIDE_MAX - 1, GUIDE_MAX]),
        ]
    }

    /// The verdict's notes for `url` (and `cookies`) at `now`.
    fn notes(url: &str, cookies: Option<&str>, now: u64) -> Vec<&'static str> {
        let request = Request {
            cookies,
            ..Request::new(url, now)
        };
        verify(&request, &keys())
            .notes
            .iter()
            .map(|n| n.code())
            .collect()
    }

    /// Allowed inside the window; denied (expired) at its end.
    fn check_window(
        url: &str,
        cookies: Option<&str>,
        start: Option<u64>,
        end: u64,
        at: u64,
    ) -> Result<(), TestCaseError> {
        let first = start.map_or(NOW - 1_000_000, |s| s + 1);
        let now = first + at % (end - first);
        let got = reasons(url, cookies, now);
        prop_assert!(got.is_empty(), "{url} {cookies:?} at {now}: {got:?}");
        let late = reasons(url, cookies, end);
        prop_assert!(late.contains(&"expired"), "{url} at {end}: {late:?}");
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn signed_urls_verify(url in url(), end in expiry(), start in proptest::option::of(1u64..1_000_000), ip in any::<bool>(), wildcard in proptest::option::of(any::<prop::sample::Index>()), sha1 in any::<bool>(), at in any::<u64>()) {
            let start = start.map(|s| NOW - s);
            // A policy resource: the URL cut somewhere in its path, then `*`.
            let resource = wildcard.map(|i| {
                let cut = ORIGIN.len() + 1 + i.index(url.len() - ORIGIN.len());
                format!("{}*", url.get(..cut).unwrap_or(ORIGIN))
            });
            let options = UrlOptions {
                date_less_than: end,
                date_greater_than: start,
                ip_range: ip.then(|| IpRange::parse("192.0.2.0/24").unwrap()),
                policy_resource: resource.clone(),
            };
            let signer = if sha1 { signer().with_hash(HashAlgorithm::Sha1) } else { signer() };
            if let Ok(signed) = signer.sign_url_with(&url, &options) {
                prop_assert!(signed.as_str().len() <= 8192);
                check_window(signed.as_str(), None, start, end, at)?;
            }
        }

        #[test]
        fn signed_cookies_verify(url in url(), end in expiry(), wildcard in any::<bool>(), at in any::<u64>()) {
            let resource = if wildcard { format!("{url}*") } else { url.clone() };
            let Ok(policy) = Policy::new(&resource, end) else { return Ok(()) };
            if let Ok(cookies) = signer().sign_cookies(&policy) {
                // The request: the URL (which `resource` describes), as cfsign would sign it.
                if cfsign::decode_url(&url).problems.is_empty() && !url.contains('#') {
                    check_window(&url, Some(&cookies.cookie_header()), None, end, at)?;
                }
            }
        }

        #[test]
        fn drop_in_urls_verify(url in url(), end in expiry(), start in proptest::option::of(1u64..1_000_000), ip in any::<bool>(), at in any::<u64>()) {
            // What `new Date(ms)` can hold.
            let end = end.min(JS_DATE_MAX);
            let start = start.map(|s| NOW - s);
            let input = Input {
                url: Some(&url),
                date_less_than: JsDate::Millis(end as f64 * 1000.0),
                date_greater_than: start.map_or(JsDate::Falsy, |s| JsDate::Millis(s as f64 * 1000.0)),
                ip_address: ip.then_some("192.0.2.0/24"),
                ..Input::default()
            };
            let key = PrivateKey::from_pem(include_str!("keys/ec_p256_sec1.pem")).unwrap();
            if let Ok(prepared) = Prepared::for_url(&input) {
                let signature = key.sign(prepared.message(), HashAlgorithm::Sha256).unwrap();
                if let Ok(signed) = prepared.signed_url("K2JCJMDEHXQW5F", &signature, HashAlgorithm::Sha256) {
                    check_window(&signed, None, start, end, at)?;
                }
            }
        }

        /// Every expiry up to the guide's maximum is signed, by `Signer` (URLs canned and custom,
        /// cookies) and the drop-in's rules (up to what a JS `Date` holds), as botocore and the JS
        /// SDK sign them; each verifies inside its window, with the note `expiry_after_2038` past
        /// the old guide's limit. One second more than the maximum is refused.
        #[test]
        fn every_documented_expiry_signs_and_verifies(path in "[a-z0-9]{1,12}", end in expiry(), at in any::<u64>()) {
            let url = format!("{ORIGIN}/{path}.mp4");
            let noted = |url: &str, cookies: Option<&str>, end: u64| {
                let want: &[&str] = if end > OLD_GUIDE_MAX { &["expiry_after_2038"] } else { &[] };
                prop_assert_eq!(notes(url, cookies, end - 1), want, "{} {:?}", url, cookies);
                Ok(())
            };
            for options in [
                UrlOptions { date_less_than: end, ..UrlOptions::default() },
                UrlOptions { date_less_than: end, date_greater_than: Some(NOW), ip_range: Some(IpRange::parse("192.0.2.0/24").unwrap()), policy_resource: None },
            ] {
                let signed = signer().sign_url_with(&url, &options);
                prop_assert!(signed.is_ok(), "{} {:?}", end, signed);
                let signed = signed.unwrap();
                check_window(signed.as_str(), None, options.date_greater_than, end, at)?;
                noted(signed.as_str(), None, end)?;
            }
            let cookies = signer().sign_cookies(&Policy::new(&url, end).unwrap()).unwrap().cookie_header();
            check_window(&url, Some(&cookies), None, end, at)?;
            noted(&url, Some(&cookies), end)?;
            let js_end = end.min(JS_DATE_MAX);
            let input = Input { url: Some(&url), date_less_than: JsDate::Millis(js_end as f64 * 1000.0), ..Input::default() };
            let prepared = Prepared::for_url(&input).unwrap();
            prop_assert_eq!(prepared.canned_expires(), Some(js_end));
            let key = PrivateKey::from_pem(include_str!("keys/ec_p256_sec1.pem")).unwrap();
            let signature = key.sign(prepared.message(), HashAlgorithm::Sha1).unwrap();
            let signed = prepared.signed_url("K2JCJMDEHXQW5F", &signature, HashAlgorithm::Sha1).unwrap();
            check_window(&signed, None, None, js_end, at)?;
            noted(&signed, None, js_end)?;
            prop_assert!(Policy::new(&url, GUIDE_MAX + 1).is_err());
        }
    }
}
