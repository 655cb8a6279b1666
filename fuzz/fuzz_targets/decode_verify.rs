//! Any bytes as URL, cookies or policy: decoding and verification return a verdict or an error,
//! never a panic. `make fuzz` runs it for a bounded time.
#![no_main]

use cfsign::{verify, KeyGroup, PublicKey, Request};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Split the input into a URL and a cookie header at the first newline.
    let (url, cookies) = match text.split_once('\n') {
        Some((u, c)) => (u, Some(c)),
        None => (&*text, None),
    };
    // Parse the key group once: verification never re-parses keys.
    static KEYS: std::sync::OnceLock<KeyGroup> = std::sync::OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        KeyGroup::new()
            .with("K2JCJMDEHXQW5F", PublicKey::from_pem(include_str!("../../tests/keys/rsa2048_pub.pem")).unwrap())
            .with("K4ECDSAKEY", PublicKey::from_pem(include_str!("../../tests/keys/ec_p256_pub.pem")).unwrap())
    });
    let ip = data.first().map(|b| std::net::IpAddr::from([192, 0, 2, *b]));
    // Odd first bytes: the paste repaired first, and decided on without a key as well.
    let repair = data.first().is_some_and(|b| b % 2 == 1);
    let request = Request { url, now: 1_767_225_600, client_ip: ip, cookies, skew: 0, repair };
    let verdict = verify(&request, keys);
    let _ = verdict.to_json();
    let _ = cfsign::verify_without_key(&request).to_json();
    let _ = cfsign::decode_pasted(&text).json_at(Some(1_767_225_600));
    let _ = cfsign::repair::repair_url(&text);
    let _ = cfsign::decode_cookies(&text).to_json();
    let _ = cfsign::policy::PolicyDocument::parse(data);
    let _ = cfsign::CfBase64::decode(&text);
    let _ = cfsign::PublicKey::from_pem(&text);
    let _ = cfsign::PrivateKey::from_pem(&text);
    let _ = cfsign::time::parse_when(&text, 0);
    let _ = cfsign::url::encode_like_js_sdk(&text);
});
