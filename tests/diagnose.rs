//! The goal of issue 21, item 1: for URLs and cookie sets signed (by cfsign's signer with the keys
//! in `tests/keys`, and by botocore and `@aws-sdk/cloudfront-signer`, whose outputs are in
//! `tests/vectors/sdk_vectors.json`) and then broken in each way an on-call engineer meets, the
//! diagnosis of `bad_signature` names the right `likely_cause` first for at least 28 of them.
//! Where no single change explains the break (a changed path, an untrusted private key), the
//! right answer is none, with what was ruled out.

use cfsign::verify::diagnose::MAX_CHECKS;
use cfsign::verify::{Diagnosis, Hints};
use cfsign::{
    verify, verify_and_diagnose, HashAlgorithm, KeyGroup, Policy, PrivateKey, PublicKey, Reason,
    Request, Signer, UrlOptions,
};
use serde_json::Value;

const HOST: &str = "https://d111111abcdef8.cloudfront.net";
const NOW: u64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const LATER: u64 = NOW + 3600;

const K2: &str = "K2JCJMDEHXQW5F";
const K3: &str = "K3ROTATEDKEY2";
const K4: &str = "K4ECDSAKEY";
const K5: &str = "K5ECDSAOTHER";

fn private(pem: &str) -> PrivateKey {
    PrivateKey::from_pem(pem).unwrap()
}
fn rsa_a() -> PrivateKey {
    private(include_str!("keys/rsa2048_pkcs1.pem"))
}
fn rsa_b() -> PrivateKey {
    private(include_str!("keys/rsa2048_b_pkcs1.pem"))
}
fn ec_a() -> PrivateKey {
    private(include_str!("keys/ec_p256_sec1.pem"))
}
fn ec_b() -> PrivateKey {
    private(include_str!("keys/awscli_ec_p256_sec1.pem"))
}
fn signer(id: &str, key: PrivateKey) -> Signer {
    Signer::new(id, key).unwrap()
}
/// Trusted keys by ID: K2 (RSA a), K3 (RSA b), K4 (ECDSA a), K5 (ECDSA b), as listed.
fn group(ids: &[&str]) -> KeyGroup {
    let mut g = KeyGroup::new();
    for id in ids {
        let key: PublicKey = match *id {
            K2 => rsa_a().public_key(),
            K3 => rsa_b().public_key(),
            K4 => ec_a().public_key(),
            K5 => ec_b().public_key(),
            _ => unreachable!(),
        };
        g.insert(id, key);
    }
    g
}
fn all() -> KeyGroup {
    group(&[K2, K4])
}

/// A signed URL or cookie set, broken one way, and the cause that broke it.
struct Case {
    name: String,
    url: String,
    cookies: Option<String>,
    keys: KeyGroup,
    expect_host: Option<&'static str>,
    want: Option<&'static str>,
}

fn case(name: &str, url: String, keys: KeyGroup, want: Option<&'static str>) -> Case {
    Case {
        name: name.into(),
        url,
        cookies: None,
        keys,
        expect_host: None,
        want,
    }
}

fn sign(s: &Signer, url: &str) -> String {
    s.sign_url(url, LATER).unwrap().into_string()
}

/// `url` with its `Key-Pair-Id` value replaced by `id`.
fn with_key_id(url: &str, id: &str) -> String {
    let (head, tail) = url.split_once("Key-Pair-Id=").unwrap();
    let rest = tail.find('&').map_or("", |i| &tail[i..]);
    format!("{head}Key-Pair-Id={id}{rest}")
}

/// A signed URL with its base (before `?Expires`/`&Expires`/`?Policy`) rewritten by `f`.
fn rebase(signed: &str, f: impl Fn(&str) -> String) -> String {
    let at = ["?Expires=", "&Expires=", "?Policy=", "&Policy="]
        .iter()
        .find_map(|p| signed.find(p))
        .unwrap();
    let (base, params) = signed.split_at(at);
    let new = f(base);
    let sep = if new.contains('?') { '&' } else { '?' };
    format!("{new}{sep}{}", &params[1..])
}

fn sdk_vectors() -> Vec<Value> {
    let doc: Value = serde_json::from_str(include_str!("vectors/sdk_vectors.json")).unwrap();
    doc["cases"].as_array().unwrap().clone()
}
fn sdk_url(id: &str) -> String {
    let c = sdk_vectors().into_iter().find(|c| c["id"] == id).unwrap();
    c["output"]["url"].as_str().unwrap().to_string()
}
fn sdk_cookies(id: &str) -> Vec<(String, String)> {
    let c = sdk_vectors().into_iter().find(|c| c["id"] == id).unwrap();
    c["output"]["cookies"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect()
}
fn cookie_header(pairs: &[(String, String)], skip: &str) -> String {
    pairs
        .iter()
        .filter(|(k, _)| k != skip)
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

fn cases() -> Vec<Case> {
    let rsa = signer(K2, rsa_a());
    let rsa256 = signer(K2, rsa_a()).with_hash(HashAlgorithm::Sha256);
    let ec = signer(K4, ec_a());
    let mut out = Vec::new();
    let v = format!("{HOST}/videos/intro.mp4");

    // Keys.
    out.push(case(
        "rotation: signed with K3's private key under K2's ID",
        with_key_id(&sign(&signer(K3, rsa_b()), &v), K2),
        group(&[K2, K3]),
        Some("signed_by_other_key"),
    ));
    out.push(case(
        "rotation, ECDSA: signed with K5's private key under K4's ID",
        with_key_id(&sign(&signer(K5, ec_b()), &v), K4),
        group(&[K2, K4, K5]),
        Some("signed_by_other_key"),
    ));
    out.push(case(
        "ECDSA signature under an RSA key's ID",
        with_key_id(&sign(&ec, &v), K2),
        group(&[K2]),
        Some("key_type_mismatch"),
    ));
    out.push(case(
        "RSA signature under an ECDSA key's ID",
        with_key_id(&sign(&signer(K3, rsa_b()), &v), K4),
        group(&[K4]),
        Some("key_type_mismatch"),
    ));
    out.push(case(
        "ECDSA signature under an RSA key's ID, the ECDSA key trusted too",
        with_key_id(&sign(&ec, &v), K2),
        all(),
        Some("signed_by_other_key"),
    ));
    out.push(case(
        "signed with a private key no trusted key matches",
        with_key_id(&sign(&signer(K3, rsa_b()), &v), K2),
        group(&[K2]),
        None,
    ));
    let js_second = sdk_url("js-sdk/canned-second-key");
    out.push(case(
        "@aws-sdk/cloudfront-signer: K3's URL with K2's ID",
        with_key_id(&js_second, K2),
        group(&[K2, K3]),
        Some("signed_by_other_key"),
    ));

    // Hash.
    let s256 = sign(&rsa256, &v);
    out.push(case(
        "Hash-Algorithm=SHA256 stripped",
        s256.replace("&Hash-Algorithm=SHA256", ""),
        all(),
        Some("hash_algorithm_removed"),
    ));
    out.push(case(
        "Hash-Algorithm=SHA256 changed to SHA1",
        s256.replace("Hash-Algorithm=SHA256", "Hash-Algorithm=SHA1"),
        all(),
        Some("hash_algorithm_removed"),
    ));
    out.push(case(
        "ECDSA (SHA-256) with Hash-Algorithm stripped",
        sign(&ec, &v).replace("&Hash-Algorithm=SHA256", ""),
        all(),
        Some("hash_algorithm_removed"),
    ));
    out.push(case(
        "Hash-Algorithm=SHA256 added to a SHA-1 signature",
        format!("{}&Hash-Algorithm=SHA256", sign(&rsa, &v)),
        all(),
        Some("hash_algorithm_added"),
    ));
    out.push(case(
        "botocore SHA-256 URL with Hash-Algorithm stripped",
        sdk_url("botocore/canned-sha256").replace("&Hash-Algorithm=SHA256", ""),
        all(),
        Some("hash_algorithm_removed"),
    ));

    // Scheme and host.
    out.push(case(
        "https signed, requested over http",
        sign(&rsa, &v).replacen("https://", "http://", 1),
        all(),
        Some("scheme_changed"),
    ));
    out.push(case(
        "http signed, requested over https",
        sign(&rsa, &v.replacen("https://", "http://", 1)).replacen("http://", "https://", 1),
        all(),
        Some("scheme_changed"),
    ));
    out.push(case(
        "ECDSA, https signed, requested over http",
        sign(&ec, &v).replacen("https://", "http://", 1),
        all(),
        Some("scheme_changed"),
    ));
    out.push(case(
        "botocore URL requested over http",
        sdk_url("botocore/canned-basic").replacen("https://", "http://", 1),
        all(),
        Some("scheme_changed"),
    ));
    let mut host = case(
        "signed for the alternate domain, requested on the distribution's domain",
        sign(&rsa, "https://cdn.example.com/videos/intro.mp4").replacen(
            "cdn.example.com",
            "d111111abcdef8.cloudfront.net",
            1,
        ),
        all(),
        Some("host_changed"),
    );
    host.expect_host = Some("cdn.example.com");
    out.push(host);

    // Path.
    out.push(case(
        "path changed",
        sign(&rsa, &v).replacen("intro.mp4", "outro.mp4", 1),
        all(),
        None,
    ));
    out.push(case(
        "path escaped twice by a proxy",
        rebase(&sign(&rsa, &format!("{HOST}/my%20file.mp4")), |b| {
            b.replace("%20", "%2520")
        }),
        all(),
        Some("path_reencoded"),
    ));
    out.push(case(
        "%7E signed, ~ requested",
        rebase(&sign(&rsa, &format!("{HOST}/%7Euser/v.mp4")), |b| {
            b.replace("%7E", "~")
        }),
        all(),
        Some("path_reencoded"),
    ));
    out.push(case(
        "lowercase hex signed, uppercase requested",
        rebase(&sign(&rsa, &format!("{HOST}/a%2fb.mp4")), |b| {
            b.replace("%2f", "%2F")
        }),
        all(),
        Some("path_reencoded"),
    ));
    out.push(case(
        "(1) signed escaped, requested raw",
        rebase(&sign(&rsa, &format!("{HOST}/file%281%29.mp4")), |b| {
            b.replace("%28", "(").replace("%29", ")")
        }),
        all(),
        Some("path_reencoded"),
    ));
    out.push(case(
        "@aws-sdk/cloudfront-signer: é signed escaped, requested raw",
        rebase(&sdk_url("js-sdk/encode-unicode"), |b| {
            b.replace("%C3%A9", "é").replace("%C3%AF", "ï")
        }),
        all(),
        Some("path_reencoded"),
    ));
    out.push(case(
        "@aws-sdk/cloudfront-signer: + signed as %2B, requested raw",
        rebase(&sdk_url("js-sdk/encode-plus"), |b| b.replace("%2B", "+")),
        all(),
        Some("path_reencoded"),
    ));

    // Query.
    let q = format!("{HOST}/search.mp4?b=2&a=1");
    out.push(case(
        "query sorted by a cache",
        rebase(&sign(&rsa, &q), |b| b.replace("b=2&a=1", "a=1&b=2")),
        all(),
        Some("query_reordered"),
    ));
    out.push(case(
        "botocore: two parameters swapped",
        rebase(&sdk_url("botocore/canned-existing-query"), |b| {
            b.replace("size=large&v=2", "v=2&size=large")
        }),
        all(),
        Some("query_reordered"),
    ));
    out.push(case(
        "three parameters, one pair swapped",
        rebase(&sign(&rsa, &format!("{HOST}/v.mp4?x=1&y=2&z=3")), |b| {
            b.replace("x=1&y=2&z=3", "x=1&z=3&y=2")
        }),
        all(),
        Some("query_reordered"),
    ));
    out.push(case(
        "&utm=1 appended",
        format!("{}&utm=1", sign(&rsa, &v)),
        all(),
        Some("query_added"),
    ));
    out.push(case(
        "utm_source and utm_medium appended (ECDSA)",
        format!("{}&utm_source=mail&utm_medium=x", sign(&ec, &v)),
        all(),
        Some("query_added"),
    ));
    out.push(case(
        "fbclid inserted before the signing parameters",
        rebase(&sign(&rsa, &q), |b| format!("{b}&fbclid=IwAR0")),
        all(),
        Some("query_added"),
    ));
    out.push(case(
        "botocore: a parameter appended",
        format!("{}&lang=en", sdk_url("botocore/canned-existing-query")),
        all(),
        Some("query_added"),
    ));
    let sp = format!("{HOST}/s.mp4?q=a%20b");
    out.push(case(
        "%20 signed, + requested",
        rebase(&sign(&rsa, &sp), |b| b.replace("%20", "+")),
        all(),
        Some("query_reencoded"),
    ));
    out.push(case(
        "+ signed, %20 requested",
        rebase(&sign(&rsa, &format!("{HOST}/s.mp4?q=a+b")), |b| {
            b.replace('+', "%20")
        }),
        all(),
        Some("query_reencoded"),
    ));
    out.push(case(
        "~ signed, %7E requested",
        rebase(&sign(&rsa, &format!("{HOST}/s.mp4?u=~me")), |b| {
            b.replace('~', "%7E")
        }),
        all(),
        Some("query_reencoded"),
    ));
    out.push(case(
        "uppercase hex signed, lowercase requested",
        rebase(&sign(&rsa, &format!("{HOST}/s.mp4?p=a%2Fb")), |b| {
            b.replace("%2F", "%2f")
        }),
        all(),
        Some("query_reencoded"),
    ));

    // Custom policies: the URL is not signed, the policy is.
    let custom = rsa
        .sign_url_with(
            &v,
            &UrlOptions {
                date_less_than: LATER,
                policy_resource: Some(format!("{HOST}/videos/*")),
                ..UrlOptions::default()
            },
        )
        .unwrap()
        .into_string();
    out.push(case(
        "custom policy under another trusted key's ID",
        with_key_id(
            &signer(K3, rsa_b())
                .sign_url_with(
                    &v,
                    &UrlOptions {
                        date_less_than: LATER,
                        policy_resource: Some(format!("{HOST}/videos/*")),
                        ..UrlOptions::default()
                    },
                )
                .unwrap()
                .into_string(),
            K2,
        ),
        group(&[K2, K3]),
        Some("signed_by_other_key"),
    ));
    out.push(case(
        "custom policy with Hash-Algorithm=SHA256 added",
        format!("{custom}&Hash-Algorithm=SHA256"),
        all(),
        Some("hash_algorithm_added"),
    ));

    // Cookies.
    let policy = Policy::new(&v, LATER).unwrap();
    let cookies = signer(K3, rsa_b()).sign_cookies(&policy).unwrap();
    let header = cookies.cookie_header().replace(K3, K2);
    out.push(Case {
        cookies: Some(header),
        ..case(
            "cookies signed with K3's private key under K2's ID",
            v.clone(),
            group(&[K2, K3]),
            Some("signed_by_other_key"),
        )
    });
    let cookies = rsa.sign_cookies(&policy).unwrap().cookie_header();
    out.push(Case {
        cookies: Some(cookies.clone()),
        ..case(
            "canned cookies for https, requested over http",
            v.replacen("https://", "http://", 1),
            all(),
            Some("scheme_changed"),
        )
    });
    out.push(Case {
        cookies: Some(cookies),
        ..case(
            "canned cookies, &utm=1 on the request",
            format!("{v}?utm_campaign=x"),
            all(),
            Some("query_added"),
        )
    });
    let boto = sdk_cookies("botocore/cookies-canned-sha256");
    out.push(Case {
        cookies: Some(cookie_header(&boto, "CloudFront-Hash-Algorithm")),
        ..case(
            "botocore SHA-256 cookies without CloudFront-Hash-Algorithm",
            v.clone(),
            all(),
            Some("hash_algorithm_removed"),
        )
    });
    out
}

fn diagnosis(reason: &Reason) -> Option<&Diagnosis> {
    match reason {
        Reason::BadSignature { diagnosis, .. } => diagnosis.as_deref(),
        _ => None,
    }
}

#[test]
fn names_the_right_cause_first_for_28_of_at_least_30() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut right = 0;
    let mut misses = Vec::new();
    for c in &cases {
        let request = Request {
            cookies: c.cookies.as_deref(),
            ..Request::new(&c.url, NOW)
        };
        let hints = Hints {
            expect_host: c.expect_host,
        };
        let verdict = verify_and_diagnose(&request, &c.keys, &hints);
        let Some(d) = verdict.reasons.iter().find_map(diagnosis) else {
            misses.push(format!(
                "{}: no diagnosis; reasons {:?}",
                c.name, verdict.reasons
            ));
            continue;
        };
        assert!(d.checks <= MAX_CHECKS, "{}: {} checks", c.name, d.checks);
        let got = d.likely_cause.as_ref().map(|l| l.code);
        if got == c.want {
            right += 1;
            if got.is_none() {
                assert!(!d.ruled_out.is_empty(), "{}: nothing ruled out", c.name);
                assert!(
                    d.note.as_deref().unwrap_or("").contains("ruled out"),
                    "{}",
                    c.name
                );
            }
        } else {
            misses.push(format!(
                "{}: want {:?}, got {:?} ({:?})",
                c.name, c.want, got, d
            ));
        }
    }
    println!("diagnosis: {right} of {} right first", cases.len());
    for m in &misses {
        println!("miss: {m}");
    }
    assert!(
        right >= 28,
        "{right} of {} right; misses:\n{}",
        cases.len(),
        misses.join("\n")
    );
}

#[test]
fn a_valid_signature_is_not_diagnosed() {
    let url = sign(&signer(K2, rsa_a()), &format!("{HOST}/v.mp4?a=1"));
    let request = Request::new(&url, NOW);
    let plain = verify(&request, &all());
    let diagnosed = verify_and_diagnose(&request, &all(), &Hints::default());
    assert!(plain.allowed() && diagnosed.allowed());
    assert_eq!(plain, diagnosed);
    assert!(cfsign::verify::diagnose::Plan::new(&plain, &all(), &Hints::default()).is_none());
}

#[test]
fn a_custom_policy_says_the_url_is_not_signed_and_checks_the_resource() {
    let url = signer(K3, rsa_b())
        .sign_url_with(
            &format!("{HOST}/videos/intro.mp4"),
            &UrlOptions {
                date_less_than: LATER,
                policy_resource: Some(format!("{HOST}/videos/*")),
                ..UrlOptions::default()
            },
        )
        .unwrap()
        .into_string();
    let url = with_key_id(&url, K2).replacen("/videos/intro.mp4", "/music/a.mp3", 1);
    let verdict = verify_and_diagnose(&Request::new(&url, NOW), &group(&[K2]), &Hints::default());
    let d = verdict.reasons.iter().find_map(diagnosis).unwrap();
    assert_eq!(d.likely_cause, None);
    let note = d.note.as_deref().unwrap();
    assert!(note.contains("custom policy"), "{note}");
    assert!(
        note.contains("does not match the policy's resource"),
        "{note}"
    );
    // The URL changes are not tried: only the hash and the key.
    assert!(d.checks <= 2, "{d:?}");
    let json = verdict.to_json();
    assert!(json.contains("\"likely_cause\":null"), "{json}");
    assert!(
        json.contains("\"ruled_out\":[\"signed_by_other_key\""),
        "{json}"
    );
}

#[test]
fn the_json_carries_the_cause() {
    let url = format!(
        "{}&utm=1",
        sign(&signer(K2, rsa_a()), &format!("{HOST}/v.mp4"))
    );
    let verdict = verify_and_diagnose(&Request::new(&url, NOW), &all(), &Hints::default());
    let json: Value = serde_json::from_str(&verdict.to_json()).unwrap();
    let reason = &json["reasons"][0];
    assert_eq!(reason["code"], "bad_signature");
    assert_eq!(reason["likely_cause"]["code"], "query_added");
    assert!(reason["likely_cause"]["evidence"]
        .as_str()
        .unwrap()
        .contains("utm"));
    assert!(reason["message"]
        .as_str()
        .unwrap()
        .contains("likely cause: query_added"));
    assert_eq!(reason["diagnosis"]["ruled_out"][0], "signed_by_other_key");
}

/// Bad input: a URL of many parameters and escapes (at the size limit) gives a bounded number of
/// checks, each built in linear time.
#[test]
fn bounded_on_many_parameters_and_escapes() {
    let query: Vec<String> = (0..600).map(|i| format!("p{i}=%7e+")).collect();
    let base = format!("{HOST}/{}?{}", "%2f~".repeat(200), query.join("&"));
    let url = rebase(
        &sign(&signer(K2, rsa_a()), &format!("{HOST}/v.mp4")),
        |_| base.clone(),
    );
    assert!(url.len() < 8192, "{}", url.len());
    let start = std::time::Instant::now();
    let verdict = verify_and_diagnose(
        &Request::new(&url, NOW),
        &group(&[K2, K3]),
        &Hints::default(),
    );
    let d = verdict.reasons.iter().find_map(diagnosis).unwrap();
    assert!(d.checks <= MAX_CHECKS);
    // Not a timing test: a generous bound that only exponential work would break.
    assert!(start.elapsed().as_secs() < 20);
}
