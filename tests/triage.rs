//! An on-call engineer's triage: damaged pastes repaired (and said so), the time status and key
//! type without a key, and the verdict without a key. URLs signed by this crate's signer, then
//! damaged.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use cfsign::verify::Note;
use cfsign::{
    decode_pasted, verify, verify_without_key, KeyGroup, Policy, PrivateKey, PublicKey, Reason,
    Request, Signer,
};

const NOW: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const URL: &str = "https://d111111abcdef8.cloudfront.net/videos/a%2Fb%20c.mp4?quality=hd&lang=en";

fn rsa() -> Signer {
    let pem = include_str!("keys/rsa2048_pkcs1.pem");
    Signer::new("K2JCJMDEHXQW5F", PrivateKey::from_pem(pem).unwrap()).unwrap()
}
fn ec() -> Signer {
    let pem = include_str!("keys/ec_p256_sec1.pem");
    Signer::new("K4ECDSAKEY", PrivateKey::from_pem(pem).unwrap()).unwrap()
}
fn group() -> KeyGroup {
    KeyGroup::new().with(
        "K2JCJMDEHXQW5F",
        PublicKey::from_pem(include_str!("keys/rsa2048_pub.pem")).unwrap(),
    )
}
fn codes(v: &cfsign::Verdict) -> Vec<&'static str> {
    v.reasons.iter().map(Reason::code).collect()
}
fn damage(d: &cfsign::Unverified) -> Vec<&'static str> {
    d.damage.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn damaged_pastes_are_repaired_only_when_asked_and_always_reported() {
    let signed = rsa().sign_url(URL, NOW + 3600).unwrap();
    let signed = signed.as_str();
    let html = signed.replace('&', "&amp;");
    let encoded = cfsign::url::encode_uri_component(signed);
    let wrapped = [
        &signed[..60],
        "\n  ",
        &signed[60..200],
        "\n",
        &signed[200..],
    ]
    .concat();
    let quoted = ["<", signed, ">"].concat();
    for (paste, kind) in [
        (html.as_str(), "html_escaped"),
        (&encoded, "percent_encoded"),
        (&wrapped, "wrapped"),
        (&quoted, "quoted"),
    ] {
        // As given: denied, as CloudFront would; the damage is named.
        let as_given = verify(&Request::new(paste, NOW), &group());
        assert!(!as_given.allowed(), "{kind}");
        assert_eq!(damage(&as_given.decoded), [kind]);
        assert_eq!(as_given.decoded.repaired_url, None);
        // Repaired: decided on the repaired URL, which the verdict names.
        let repaired = verify(
            &Request {
                repair: true,
                ..Request::new(paste, NOW)
            },
            &group(),
        );
        assert!(repaired.allowed(), "{kind}: {:?}", repaired.reasons);
        assert_eq!(repaired.decoded.repaired_url.as_deref(), Some(signed));
        let json = repaired.to_json();
        assert!(
            json.contains(&format!(r#""damage":[{{"code":"{kind}""#)),
            "{json}"
        );
        assert!(json.contains(r#""repaired_url":"https://"#), "{json}");
        // And decoding a paste repairs it.
        let decoded = decode_pasted(paste);
        assert_eq!(damage(&decoded), [kind]);
        assert_eq!(decoded.key_pair_id.as_deref(), Some("K2JCJMDEHXQW5F"));
    }
    // The URL as signed (a percent-encoded path and query) is not touched.
    let v = verify(
        &Request {
            repair: true,
            ..Request::new(signed, NOW)
        },
        &group(),
    );
    assert!(v.allowed() && v.decoded.damage.is_empty() && v.decoded.repaired_url.is_none());
    // A repair never allows what the repaired URL would not: expired stays expired.
    let old = rsa()
        .sign_url(URL, NOW - 60)
        .unwrap()
        .as_str()
        .replace('&', "&amp;");
    let v = verify(
        &Request {
            repair: true,
            ..Request::new(&old, NOW)
        },
        &group(),
    );
    assert_eq!(codes(&v), ["expired"]);
    // Cut at the first '&': not repairable, the hint to quote it.
    let cut = signed.split('&').next().unwrap();
    let cut = cut.replace("?quality=hd", "?Expires=1767229200");
    let decoded = decode_pasted(&cut);
    assert_eq!(damage(&decoded), ["truncated"]);
    assert!(decoded.damage[0]
        .message
        .contains("Quote the URL in your shell"));
}

#[test]
fn decode_tells_the_time_status_and_the_key_type_without_a_key() {
    let expired = rsa().sign_url(URL, NOW - 5 * 86_400).unwrap();
    let decoded = decode_pasted(expired.as_str());
    let json = decoded.json_at(Some(NOW));
    let status = json.time_status.unwrap();
    assert_eq!(
        (status.state, status.message.as_str()),
        ("expired", "expired 5 days ago")
    );
    assert_eq!(json.signature_key_type.as_deref(), Some("RSA"));
    let policy = Policy::new(URL, NOW + 3600)
        .unwrap()
        .valid_from(NOW + 600)
        .unwrap();
    let later = ec().sign_url_with_policy(URL, &policy).unwrap();
    let json_text = decode_pasted(later.as_str())
        .json_at(Some(NOW))
        .time_status
        .unwrap();
    assert_eq!(json_text.message, "not valid for another 10 min 1 s");
    let d = decode_pasted(later.as_str());
    assert_eq!(d.json().signature_key_type.as_deref(), Some("ECDSA P-256"));
    assert!(d.json().time_status.is_none());
}

#[test]
fn without_a_key_everything_but_the_signature_is_decided() {
    let good = rsa().sign_url(URL, NOW + 3600).unwrap();
    let v = verify_without_key(&Request::new(good.as_str(), NOW));
    assert!(v.allowed() && !v.signature_checked && v.verified().is_none());
    assert!(matches!(v.notes.first(), Some(Note::SignatureNotChecked)));
    assert!(v.to_json().contains(r#""signature_checked":false"#));
    // A forged signature is not seen, and says so.
    let forged = good.as_str().replace("Signature=", "Signature=AAAA");
    assert!(verify_without_key(&Request::new(&forged, NOW)).allowed());
    // Expired, a wrong IP, another resource: denied.
    assert_eq!(
        codes(&verify_without_key(&Request::new(
            good.as_str(),
            NOW + 3600
        ))),
        ["expired"]
    );
    let policy = Policy::new("https://d111111abcdef8.cloudfront.net/images/*", NOW + 3600)
        .unwrap()
        .ip_range(cfsign::IpRange::parse("192.0.2.0/24").unwrap());
    let images = "https://d111111abcdef8.cloudfront.net/images/x.jpg";
    let signed = rsa().sign_url_with_policy(images, &policy).unwrap();
    let params = signed.as_str().split_once('?').unwrap().1;
    let other = [URL, "&", params].concat();
    let v = verify_without_key(&Request {
        client_ip: Some("198.51.100.1".parse().unwrap()),
        ..Request::new(&other, NOW)
    });
    assert_eq!(codes(&v), ["ip_denied", "resource_mismatch"]);
    // With a key, the same verdict checks it.
    assert!(verify(&Request::new(good.as_str(), NOW), &group()).signature_checked);
}
