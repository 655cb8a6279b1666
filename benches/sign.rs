//! Signing benchmarks: `make bench` runs them next to `openssl speed rsa2048 ecdsap256`.
//!
//! Parse once, sign many: every signing benchmark uses a key parsed before the loop, and key
//! parsing is measured on its own.

use std::hint::black_box;

use cfsign::{HashAlgorithm, Policy, PrivateKey, Signer, UrlOptions};
use criterion::{criterion_group, criterion_main, Criterion};

const RSA_PEM: &str = include_str!("../tests/keys/rsa2048_pkcs1.pem");
const RSA_PKCS8_PEM: &str = include_str!("../tests/keys/rsa2048_pkcs8.pem");
const EC_PEM: &str = include_str!("../tests/keys/ec_p256_sec1.pem");
const URL: &str = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4";
const EXPIRES: u64 = 1_893_456_000;

fn signing(c: &mut Criterion) {
    let custom = UrlOptions {
        date_less_than: EXPIRES,
        date_greater_than: Some(1_767_225_600),
        ip_range: Some(cfsign::IpRange::parse("192.0.2.0/24").unwrap()),
        policy_resource: Some("https://d111111abcdef8.cloudfront.net/videos/*".into()),
    };
    let cookie_policy =
        Policy::new("https://d111111abcdef8.cloudfront.net/videos/*", EXPIRES).unwrap();
    for (name, pem) in [("rsa2048", RSA_PEM), ("ecdsa_p256", EC_PEM)] {
        let signer = Signer::new("K2JCJMDEHXQW5F", PrivateKey::from_pem(pem).unwrap()).unwrap();
        let mut g = c.benchmark_group(format!("sign/{name}"));
        g.bench_function("canned_url", |b| {
            b.iter(|| signer.sign_url(black_box(URL), EXPIRES).unwrap())
        });
        g.bench_function("custom_url", |b| {
            b.iter(|| signer.sign_url_with(black_box(URL), &custom).unwrap())
        });
        g.bench_function("cookies", |b| {
            b.iter(|| signer.sign_cookies(black_box(&cookie_policy)).unwrap())
        });
        g.finish();
    }
    let key = PrivateKey::from_pem(RSA_PEM).unwrap();
    let mut g = c.benchmark_group("rsa2048_raw");
    g.bench_function("sign_sha1", |b| {
        b.iter(|| key.sign(black_box(b"policy"), HashAlgorithm::Sha1).unwrap())
    });
    g.bench_function("sign_sha1_blinded", |b| {
        b.iter(|| {
            key.sign_blinded(
                black_box(b"policy"),
                HashAlgorithm::Sha1,
                &mut getrandom::SysRng,
            )
            .unwrap()
        })
    });
    g.finish();
}

/// Full verification of a signed URL (parse, decode, verify, evaluate) with a parsed key group.
fn verifying(c: &mut Criterion) {
    let keys = cfsign::KeyGroup::new()
        .with(
            "KRSA",
            cfsign::PublicKey::from_pem(include_str!("../tests/keys/rsa2048_pub.pem")).unwrap(),
        )
        .with(
            "KEC",
            cfsign::PublicKey::from_pem(include_str!("../tests/keys/ec_p256_pub.pem")).unwrap(),
        );
    let mut g = c.benchmark_group("verify_url");
    for (name, id, pem) in [("rsa2048", "KRSA", RSA_PEM), ("ecdsa_p256", "KEC", EC_PEM)] {
        let signer = Signer::new(id, PrivateKey::from_pem(pem).unwrap()).unwrap();
        let canned = signer.sign_url(URL, EXPIRES).unwrap().into_string();
        let custom = signer
            .sign_url_with(
                URL,
                &UrlOptions {
                    date_less_than: EXPIRES,
                    policy_resource: Some("https://d111111abcdef8.cloudfront.net/videos/*".into()),
                    ..UrlOptions::default()
                },
            )
            .unwrap()
            .into_string();
        for (kind, url) in [("canned", &canned), ("custom", &custom)] {
            g.bench_function(format!("{name}/{kind}"), |b| {
                b.iter(|| {
                    let v =
                        cfsign::verify(&cfsign::Request::new(black_box(url), 1_767_225_600), &keys);
                    assert!(v.allowed());
                })
            });
        }
    }
    g.finish();
}

/// The diagnosis of a bad signature (issue 21): verification alone, then verification with the
/// diagnosis, for a URL broken by an appended parameter (found after a few checks) and by a
/// changed path (nothing found: every candidate checked). Goal: under 5 ms.
fn diagnosing(c: &mut Criterion) {
    let keys = cfsign::KeyGroup::new()
        .with(
            "KRSA",
            cfsign::PublicKey::from_pem(include_str!("../tests/keys/rsa2048_pub.pem")).unwrap(),
        )
        .with(
            "KEC",
            cfsign::PublicKey::from_pem(include_str!("../tests/keys/ec_p256_pub.pem")).unwrap(),
        );
    let hints = cfsign::verify::Hints::default();
    let url = "https://d111111abcdef8.cloudfront.net/videos/intro%20(1).mp4?b=2&a=1&u=%7Eme+x";
    // Many checks (31, every family: many parameters, escapes of every kind; 64, the cap, needs
    // other trusted keys of the same type too).
    let worst = "https://d111111abcdef8.cloudfront.net/v/caf%C3%A9%20(1)~%2fx+y.mp4?h=8&g=7&f=%2f&e=%7E&d=a+b&c=%20&b=2&a=1";
    let mut g = c.benchmark_group("diagnose_bad_signature");
    for (name, id, pem) in [("rsa2048", "KRSA", RSA_PEM), ("ecdsa_p256", "KEC", EC_PEM)] {
        let signer = Signer::new(id, PrivateKey::from_pem(pem).unwrap()).unwrap();
        let signed = signer.sign_url(url, EXPIRES).unwrap().into_string();
        let appended = format!("{signed}&utm_source=mail");
        let moved = signed.replacen("intro", "outro", 1);
        let most = signer
            .sign_url(worst, EXPIRES)
            .unwrap()
            .into_string()
            .replacen("/v/", "/w/", 1);
        for (kind, broken) in [
            ("query_added", &appended),
            ("none_found", &moved),
            ("none_found_31_checks", &most),
        ] {
            let request = cfsign::Request::new(broken, 1_767_225_600);
            let checks = cfsign::verify_and_diagnose(&request, &keys, &hints)
                .reasons
                .iter()
                .find_map(|r| match r {
                    cfsign::Reason::BadSignature {
                        diagnosis: Some(d), ..
                    } => Some(d.checks),
                    _ => None,
                })
                .unwrap();
            assert!(
                kind != "none_found_31_checks" || checks == 31,
                "{checks} checks"
            );
            g.bench_function(format!("{name}/{kind}/verify_only"), |b| {
                b.iter(|| {
                    let v = cfsign::verify(black_box(&request), &keys);
                    assert!(!v.allowed());
                })
            });
            g.bench_function(format!("{name}/{kind}/verify_and_diagnose"), |b| {
                b.iter(|| {
                    let v = cfsign::verify_and_diagnose(black_box(&request), &keys, &hints);
                    assert!(!v.allowed());
                })
            });
        }
    }
    g.finish();
}

fn parsing(c: &mut Criterion) {
    let mut g = c.benchmark_group("parse_key");
    g.bench_function("rsa2048_pkcs1", |b| {
        b.iter(|| PrivateKey::from_pem(black_box(RSA_PEM)).unwrap())
    });
    g.bench_function("rsa2048_pkcs8", |b| {
        b.iter(|| PrivateKey::from_pem(black_box(RSA_PKCS8_PEM)).unwrap())
    });
    g.bench_function("ecdsa_p256_sec1", |b| {
        b.iter(|| PrivateKey::from_pem(black_box(EC_PEM)).unwrap())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = signing, verifying, diagnosing, parsing
}
criterion_main!(benches);
