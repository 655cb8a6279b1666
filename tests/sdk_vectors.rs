//! The AWS SDKs' own outputs (`tests/vectors/sdk_vectors.json`, made by `tests/vectors/generate.sh`
//! with botocore 1.44 and `@aws-sdk/cloudfront-signer` 3.1166) against cfsign, byte for byte.
//!
//! For every case: the SDK's RSA signature equals cfsign's over the same policy bytes (ECDSA:
//! theirs verifies under our verifier); cfsign's verifier allows the SDK's URL or cookies before
//! expiry (or names the documented reason it would not). For botocore cases, cfsign's signer (the
//! AWS CLI's rules) produces the identical URL or cookies, or refuses the input for a documented
//! reason. For JS SDK cases, cfsign's JS-SDK URL encoding reproduces the SDK's base URL.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use cfsign::{
    verify, CfBase64, HashAlgorithm, IpRange, KeyGroup, Policy, PrivateKey, Request, SignError,
    Signer, UrlOptions,
};
use serde_json::Value;

const VECTORS: &str = include_str!("vectors/sdk_vectors.json");

fn key(name: &str) -> PrivateKey {
    let pem = match name {
        "rsa2048_pkcs1.pem" => include_str!("keys/rsa2048_pkcs1.pem"),
        "rsa2048_pkcs8.pem" => include_str!("keys/rsa2048_pkcs8.pem"),
        "rsa2048_b_pkcs1.pem" => include_str!("keys/rsa2048_b_pkcs1.pem"),
        "ec_p256_pkcs8.pem" => include_str!("keys/ec_p256_pkcs8.pem"),
        "ec_p256_sec1.pem" => include_str!("keys/ec_p256_sec1.pem"),
        other => panic!("unknown key {other}"),
    };
    PrivateKey::from_pem(pem).unwrap()
}

fn param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    url.split_once('?')?
        .1
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
}

/// What cfsign's verifier says of the SDK's own output, where it is not "allowed".
fn expected_denial(id: &str) -> Option<&'static str> {
    Some(match id {
        // botocore puts the parameters after the fragment, where browsers never send them.
        "botocore/fragment" => "malformed",
        // CloudFront policies take IPv4 only.
        "botocore/ipv6-range" => "malformed",
        // botocore escapes non-ASCII as \u00e9 in the canned policy; CloudFront rebuilds it from
        // the URL as sent, which never matches those bytes.
        "botocore/encode-unicode" => "bad_signature",
        // A canned cookie is rebuilt from the request URL, which never contains a literal "*".
        "js-sdk/cookies-wildcard" => "bad_signature",
        _ => return None,
    })
}

/// Inputs cfsign's signer (the AWS CLI's rules) refuses while botocore signs them.
fn expected_refusal(id: &str) -> Option<&'static str> {
    Some(match id {
        "botocore/encode-space" | "botocore/cookies-space" | "botocore/encode-unicode" => {
            "non-ASCII"
        }
        "botocore/custom-ip-non-ascii" | "botocore/cookies-non-ascii-ip" => "non-ASCII",
        // The JS SDK encodes the `#` into the path (`%23t%3D10`), a name the origin lacks.
        "botocore/fragment" | "js-sdk/fragment" => "fragment",
        "botocore/ipv6-range" => "IPv6",
        _ => return None,
    })
}

/// A JS SDK case's options as `cfsign::js_sdk` takes them (dates as `new Date(...)` gives them).
fn js_input(input: &Value) -> cfsign::js_sdk::Input<'_> {
    use cfsign::js_sdk::JsDate;
    // The generator passes the dates only without a policy; `new Date(ms)` of each form is `ms`.
    let date = |v: &Value| match v.as_f64() {
        Some(s) if input["policy"].is_null() => JsDate::Millis((s * 1000.0).round()),
        _ => JsDate::Falsy,
    };
    cfsign::js_sdk::Input {
        url: input["url"].as_str(),
        policy: input["policy"].as_str(),
        date_less_than: date(&input["date_less_than"]),
        date_greater_than: date(&input["date_greater_than"]),
        ip_address: input["ip_address"].as_str(),
    }
}

/// What `getSignedUrl` (a string) or `getSignedCookies` (an object) gives, by cfsign's JS SDK rules.
fn js_sdk_output(
    input: &Value,
    is_url: bool,
    key: &PrivateKey,
) -> Result<Value, cfsign::js_sdk::Error> {
    use cfsign::js_sdk::{hash_algorithm, Prepared};
    let options = js_input(input);
    let hash = hash_algorithm(input["hash_algorithm"].as_str());
    let id = input["key_pair_id"].as_str().unwrap();
    let prepared = if is_url {
        Prepared::for_url(&options)
    } else {
        Prepared::for_cookies(&options)
    }?;
    let signature = key.sign(prepared.message(), hash).unwrap();
    Ok(if is_url {
        Value::String(prepared.signed_url(id, &signature, hash)?)
    } else {
        serde_json::to_value(prepared.cookies(id, &signature, hash)).unwrap()
    })
}

#[test]
fn sdk_vectors() {
    let doc: Value = serde_json::from_str(VECTORS).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 60, "{} cases", cases.len());
    let (mut identical, mut refused, mut verified, mut js_identical) = (0, 0, 0, 0);
    // Cases expiring after 2038-01-19T03:14:07Z that cfsign reproduces byte for byte.
    let mut past_2038 = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let input = &case["input"];
        let output = &case["output"];
        if !output["error"].is_null() {
            continue; // the SDK refused it (checked against our refusals in tests/js)
        }
        let private = key(input["key"].as_str().unwrap());
        let public = private.public_key();
        let key_pair_id = input["key_pair_id"].as_str().unwrap();
        let policy_json = output["policy_json"].as_str().unwrap();
        let is_url = case["kind"] == "url";
        let cookies = output["cookies"].as_object();
        let get = |name: &str| -> Option<String> {
            if is_url {
                param(output["url"].as_str()?, name).map(String::from)
            } else {
                let v = cookies?.get(&format!("CloudFront-{name}"))?;
                v.as_str()
                    .map(String::from)
                    .or_else(|| v.as_u64().map(|n| n.to_string()))
            }
        };
        let hash = if get("Hash-Algorithm").as_deref() == Some("SHA256") {
            HashAlgorithm::Sha256
        } else {
            HashAlgorithm::Sha1
        };

        // 1. The signature: byte-identical for RSA, verifiable for ECDSA.
        let theirs = CfBase64::decode(&get("Signature").unwrap()).unwrap();
        if private.kind() == cfsign::key::KeyKind::Rsa {
            assert_eq!(
                private.sign(policy_json.as_bytes(), hash).unwrap(),
                theirs,
                "{id}: signature bytes"
            );
        } else {
            assert!(
                public.verify(policy_json.as_bytes(), &theirs, hash),
                "{id}: their ECDSA signature"
            );
        }
        if let Some(p) = get("Policy") {
            assert_eq!(
                CfBase64::decode(&p).unwrap(),
                policy_json.as_bytes(),
                "{id}: Policy carries the signed bytes"
            );
        }

        // 2. cfsign's verifier on the SDK's output, just before expiry.
        let expires = input["date_less_than"].as_f64().unwrap() as u64;
        let keys = KeyGroup::new().with(key_pair_id, public.clone());
        let client_ip = cfsign::PolicyDocument::parse(policy_json.as_bytes())
            .ok()
            .and_then(|d| d.source_ip)
            .and_then(|ip| IpRange::parse(&ip).ok())
            .map(|r| core::net::IpAddr::from(r.addr()));
        let cookie_header: Option<String> = cookies.map(|c| {
            c.iter()
                .map(|(k, v)| {
                    format!(
                        "{k}={}",
                        v.as_str()
                            .map(String::from)
                            .unwrap_or_else(|| v.to_string())
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        });
        let request_url = if is_url {
            output["url"].as_str().unwrap().to_string()
        } else {
            input["url"].as_str().unwrap().replace('*', "x")
        };
        let verdict = verify(
            &Request {
                url: &request_url,
                now: expires - 60,
                client_ip,
                cookies: cookie_header.as_deref(),
                skew: 0,
                repair: false,
            },
            &keys,
        );
        let codes: Vec<&str> = verdict.reasons.iter().map(|r| r.code()).collect();
        // An expiry past the 2038 limit of CloudFront's guide before 2023 is allowed, with a note
        // (docs/research/cloudfront-verification.md, 3.4); any other expiry without one.
        let noted = verdict
            .notes
            .iter()
            .any(|n| n.code() == "expiry_after_2038");
        assert_eq!(noted, expires > 2_147_483_647, "{id}: {:?}", verdict.notes);
        match expected_denial(id) {
            None => assert!(verdict.allowed(), "{id}: {:?}", verdict.reasons),
            Some(code) => assert!(
                codes.contains(&code),
                "{id}: expected {code}, got {codes:?}"
            ),
        }
        verified += 1;

        // 3. The signer: botocore cases follow the AWS CLI's rules, which cfsign's CLI follows.
        if case["tool"] == "botocore" {
            let hash_flag = if input["hash_algorithm"] == "SHA256" {
                HashAlgorithm::Sha256
            } else {
                HashAlgorithm::Sha1
            };
            let signer = Signer::new(key_pair_id, private.clone())
                .unwrap()
                .with_hash(hash_flag);
            let url = input["url"].as_str().unwrap();
            let start = input["date_greater_than"].as_f64().map(|t| t as u64);
            let ip = input["ip_address"].as_str();
            let result: Result<String, SignError> = (|| {
                if let Some(policy) = input["policy"].as_str() {
                    return Ok(if is_url {
                        signer.sign_url_with_policy_json(url, policy)?.into_string()
                    } else {
                        signer
                            .sign_cookies_with_policy_json(policy)?
                            .cookie_header()
                    });
                }
                let ip_range = ip.map(IpRange::parse).transpose()?;
                if is_url {
                    let options = UrlOptions {
                        date_less_than: expires,
                        date_greater_than: start,
                        ip_range,
                        policy_resource: input["policy_resource"].as_str().map(String::from),
                    };
                    Ok(signer.sign_url_with(url, &options)?.into_string())
                } else {
                    let mut policy = Policy::new(url, expires)?;
                    if let Some(s) = start {
                        policy = policy.valid_from(s)?;
                    }
                    if let Some(r) = ip_range {
                        policy = policy.ip_range(r);
                    }
                    Ok(signer.sign_cookies(&policy)?.cookie_header())
                }
            })();
            match (expected_refusal(id), result) {
                (None, Ok(ours)) => {
                    let theirs = if is_url {
                        output["url"].as_str().unwrap().to_string()
                    } else {
                        cookie_header.clone().unwrap()
                    };
                    if private.kind() == cfsign::key::KeyKind::Rsa {
                        if is_url {
                            assert_eq!(ours, theirs, "{id}");
                        } else {
                            let mut a: Vec<&str> = ours.split("; ").collect();
                            let mut b: Vec<&str> = theirs.split("; ").collect();
                            a.sort();
                            b.sort();
                            assert_eq!(a, b, "{id}");
                        }
                        identical += 1;
                        if expires > 2_147_483_647 {
                            past_2038.push(id);
                        }
                    }
                }
                (None, Err(e)) => panic!("{id}: cfsign refused: {e}"),
                (Some(why), Ok(_)) => panic!("{id}: expected a refusal ({why})"),
                (Some(why), Err(e)) => {
                    assert!(e.to_string().contains(why), "{id}: {e}");
                    refused += 1;
                }
            }
        } else {
            // 4. JS SDK cases: cfsign's JS SDK rules (`cfsign::js_sdk`) give the SDK's bytes.
            let ours = match (js_sdk_output(input, is_url, &private), expected_refusal(id)) {
                (Ok(ours), None) => ours,
                (Err(e), Some(why)) => {
                    assert!(e.to_string().contains(why), "{id}: {e}");
                    refused += 1;
                    continue;
                }
                (result, why) => panic!("{id}: {result:?}, expected refusal: {why:?}"),
            };
            let theirs = if is_url {
                output["url"].clone()
            } else {
                output["cookies"].clone()
            };
            if private.kind() == cfsign::key::KeyKind::Rsa {
                assert_eq!(ours, theirs, "{id}");
                js_identical += 1;
                if expires > 2_147_483_647 {
                    past_2038.push(id);
                }
            } else {
                let strip = |v: &Value| {
                    let text = v.to_string();
                    text.split("Signature").next().unwrap().to_string()
                };
                assert_eq!(strip(&ours), strip(&theirs), "{id}: all but the signature");
            }
        }
    }
    for case in cases
        .iter()
        .filter(|c| c["tool"] == "js-sdk" && !c["output"]["error"].is_null())
    {
        // Where the SDK throws, so do cfsign's JS SDK rules.
        let input = &case["input"];
        let error = cfsign::js_sdk::Prepared::for_url(&js_input(input)).unwrap_err();
        assert_eq!(
            error.to_string(),
            case["output"]["error"].as_str().unwrap(),
            "{}: the SDK's message",
            case["id"]
        );
    }
    assert!(
        js_identical >= 30,
        "{js_identical} byte-identical JS SDK cases"
    );
    println!("{verified} SDK outputs verified, {identical} botocore and {js_identical} JS SDK outputs reproduced byte for byte, {refused} documented refusals");
    assert!(identical >= 20, "{identical} byte-identical botocore cases");
    // botocore 1.44.8 and @aws-sdk/cloudfront-signer 3.1166.0 sign expiries in 2100, 9999 and (the
    // JS SDK) +275760 unchanged; so does cfsign, URLs, cookies and custom policies alike.
    past_2038.sort_unstable();
    assert_eq!(
        past_2038,
        [
            "botocore/cookies-after-2038",
            "botocore/custom-after-2038",
            "botocore/expires-after-2038",
            "botocore/expires-year-9999",
            "js-sdk/cookies-after-2038",
            "js-sdk/custom-after-2038",
            "js-sdk/expires-after-2038",
            "js-sdk/expires-js-date-max",
            "js-sdk/expires-year-9999",
        ]
    );
    assert!(refused >= 5, "{refused} documented refusals");
    assert!(verified >= 60, "{verified} verified");
}
