//! The AWS CLI's own functional tests of `aws cloudfront sign` and `sign-cookies` that use
//! dates like `2016-1-1` (aws/aws-cli, tests/functional/cloudfront/test_sign.py: TestSign,
//! TestSignPKCS8, TestSignECDSASEC1, TestSignECDSAWithECParameters, TestSignQueryParameterOrder,
//! TestSignPolicySelection, TestSignInputValidation, TestSignCookies and
//! TestSignCookiesInputValidation), with their keys (tests/keys/awscli_*.pem) and expected
//! signatures. 2016 is past, hence --allow-past.

use cfsign::{CfBase64, HashAlgorithm};

use crate::common::*;

const AWS_URL: &str = "http://example.com/hi";

fn aws_sign(private_key: &str, extra: &[&str]) -> Run {
    let k = format!("file://{}", key(private_key));
    let mut args = vec![
        "sign",
        "--key-pair-id",
        "MYID",
        "--private-key",
        &k,
        "--date-less-than",
        "2016-1-1",
        "--allow-past",
    ];
    if !extra.contains(&"--url") {
        args.extend(["--url", AWS_URL]);
    }
    args.extend_from_slice(extra);
    cfsign(&args)
}

/// TestSign and TestSignPKCS8: the exact signatures (RSA signs deterministically).
#[test]
fn rsa_signatures_equal_the_aws_clis() {
    for (private_key, extra, expected) in [
        (
            "awscli_rsa2048_pkcs1.pem",
            &[][..],
            "UiEmtMsInU-gXoa1O7-bTRJmZ~ocphB0ONMxyEHs2r8Y9dwzeB~DkbgzPMX3jbdbwIwVX3f4VcY4HBLdPSkbF~D6KbUlxPw1ju8mlXeu2C436XxZdrJrrJaiEDaTpKslXpn9ngaCzVfCVPfkC3a0NBWBySi5ezCG2yzb0c-djNgI1wkogwtmtZuOxAoKF1sRTyFX9ZitUiUIl~65nkJ94s~GGwxzTf1kMi7Wdm~9rFrJpx0O7nJEBy5O578s2UHrejtwyedUR5BqXTkgu~A51NcjAN9LErATV7SVBYicoZ76AOfB-TKay7g6-MWCK6-T-4Q5x6XH4yzII3JpbCmVwA__",
        ),
        (
            "awscli_rsa2048_pkcs1.pem",
            &["--ip-address", "12.34.56.78"][..],
            "Vw-WG18WJJXim7YSGWS-zW~XmFB9MjCDOvgC~2Gz-1wiMQzCrXzYYbSE7-aF6JGOOb5ewArpMqmu2g5mohnqgieZX1NY6IOteDoXYgqaNj1DafHWQD6UJ3IKVfkxISU9OmFPoG7H~VSPWEzOxdjOqdIPvAU2pW2mJ5oWu2aL62s0VVtLGCAm-DahiSQisl0JbzpPyG1pofvPbT75qc71r9uiqSAbPjUF5nmLCZazVnFjDkj3zIgMRYa5aV54VDa6-wEizzmjQ3-m6UMoYgcGHQXEjoFIWTfpZvbZBYkmK9lk3d16cgvaHafTJ-CPegn1bKxfgNEjSAoPWS0OvBkRmg__",
        ),
        (
            "awscli_rsa2048_pkcs8.pem",
            &[][..],
            "cIOcUXezjLknta66EiRX7rk3viXv20F01OwZa1X2QWxhnWnBVno~mg0Gcyfzvfgo-oXCvZC3bdsfTJXiBcnC1XyxCxBa03bouAae4A0ajP4ey~TKKwPHikOmu2Rc1NEu-c6wr8DbMZrm~1WIWG4kFG1jhSRoEk2W82NkGEh4xEPq3gaNjQPfF7zIAwcZUUkgGkIbT-cQ5UZ6rTqTiFGdXD2z8kjulgmtu8Quo6hplch~9ltmKTOt9blswd6hMfCMNJ~tUj77j8fz968adb9w43jBtl~~5seb8ys01cg5IGWV44LKMWaLmEgzWQAjg-Jg9wx-HYwuqH4Klds03WZzRQ__",
        ),
        (
            "awscli_rsa2048_pkcs8.pem",
            &["--ip-address", "12.34.56.78"][..],
            "beEwE8ZmSX71e79a5dxupiE0zHxahe1IFzuTExKxV0InQnKFlT0wj0tardAlGKFLLdX9HMGiVjIjvMBdUZQJ-9mMXBtFsQ5nLDEoRH29H8AATzaf4Nx4n29XtVp-jPVFGFtmdaGJedjJRMV-IzBQcJ19VPl3R8t3Fp~8eP9-P8KpvkJXH2UvJ2H8nMBt2OgvbrCT2hl~91UtEOgmxeA6twWNpziH0uEdpDOHgnYer5ScdFoo02rPjRXIqPuQcjwPT2wu~A5T~zomcghjMcIdLeJeS9nscTkjON69xBB-t4lclK3mfzsXTumcx-FzLgOBbP2Z1d~ZU6X0rkeL~w1BlQ__",
        ),
    ] {
        let r = aws_sign(private_key, extra);
        assert_eq!(r.code, 0, "{private_key} {extra:?}: {}", r.stderr);
        let url = r.stdout.trim_end();
        let tail = format!("&Signature={expected}&Key-Pair-Id=MYID");
        if extra.is_empty() {
            assert_eq!(url, format!("{AWS_URL}?Expires=1451606400{tail}"));
        } else {
            let policy = CfBase64::decode(query_param(url, "Policy").unwrap()).unwrap();
            assert_eq!(
                String::from_utf8(policy).unwrap(),
                r#"{"Statement":[{"Resource":"http://example.com/hi","Condition":{"DateLessThan":{"AWS:EpochTime":1451606400},"IpAddress":{"AWS:SourceIp":"12.34.56.78/32"}}}]}"#
            );
            assert!(url.starts_with(&format!("{AWS_URL}?Policy=")) && url.ends_with(&tail));
        }
    }
}

/// TestSignECDSASEC1 and TestSignECDSAWithECParameters: ECDSA signatures are random, so
/// they are verified against the policy, with Hash-Algorithm=SHA256.
#[test]
fn ecdsa_signatures_verify() {
    for private_key in ["awscli_ec_p256_sec1.pem", "awscli_ec_p256_with_params.pem"] {
        let pem = std::fs::read_to_string(key(private_key)).unwrap();
        let public = cfsign::PrivateKey::from_pem(&pem).unwrap().public_key();
        for extra in [&[][..], &["--ip-address", "12.34.56.78"][..]] {
            let r = aws_sign(private_key, extra);
            assert_eq!(r.code, 0, "{private_key} {extra:?}: {}", r.stderr);
            let url = r.stdout.trim_end();
            assert_eq!(query_param(url, "Key-Pair-Id"), Some("MYID"));
            assert_eq!(query_param(url, "Hash-Algorithm"), Some("SHA256"));
            let policy = if extra.is_empty() {
                assert_eq!(query_param(url, "Expires"), Some("1451606400"));
                assert_eq!(query_param(url, "Policy"), None);
                br#"{"Statement":[{"Resource":"http://example.com/hi","Condition":{"DateLessThan":{"AWS:EpochTime":1451606400}}}]}"#.to_vec()
            } else {
                assert_eq!(query_param(url, "Expires"), None);
                CfBase64::decode(query_param(url, "Policy").unwrap()).unwrap()
            };
            let sig = CfBase64::decode(query_param(url, "Signature").unwrap()).unwrap();
            assert!(
                public.verify(&policy, &sig, HashAlgorithm::Sha256),
                "{private_key}"
            );
        }
    }
}

/// TestSignQueryParameterOrder and TestSignPolicySelection / TestSignInputValidation.
#[test]
fn parameter_order_and_policy_choice() {
    let pkcs1 = "awscli_rsa2048_pkcs1.pem";
    for (extra, names) in [
        (&[][..], &["Expires", "Signature", "Key-Pair-Id"][..]),
        (
            &["--hash-algorithm", "SHA256"][..],
            &["Expires", "Signature", "Key-Pair-Id", "Hash-Algorithm"][..],
        ),
        (
            &["--ip-address", "12.34.56.78"][..],
            &["Policy", "Signature", "Key-Pair-Id"][..],
        ),
        (
            &["--ip-address", "12.34.56.78", "--hash-algorithm", "SHA256"][..],
            &["Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"][..],
        ),
        (
            &[
                "--url",
                "http://example.com/hi?size=large",
                "--hash-algorithm",
                "SHA256",
            ][..],
            &[
                "size",
                "Expires",
                "Signature",
                "Key-Pair-Id",
                "Hash-Algorithm",
            ][..],
        ),
    ] {
        let r = aws_sign(pkcs1, extra);
        assert_eq!(r.code, 0, "{extra:?}: {}", r.stderr);
        let query = r.stdout.trim_end().split_once('?').unwrap().1;
        let got: Vec<&str> = query
            .split('&')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        assert_eq!(got, names, "{extra:?}");
    }
    // `?` is the query's, never a wildcard; query parameter names are case-sensitive.
    for url in [
        "http://example.com/hi?size=1",
        "http://example.com/hi?expires=1&size=large",
    ] {
        let r = aws_sign(pkcs1, &["--url", url]);
        assert_eq!(r.code, 0, "{url}: {}", r.stderr);
        assert!(
            r.stdout.starts_with(&format!("{url}&Expires=1451606400&")),
            "{}",
            r.stdout
        );
    }
}

/// TestSignCookies.test_custom_policy_with_active_date_and_ip_address: the exact policy, and
/// the cookie's signature equals the URL's.
#[test]
fn cookies_with_an_active_date() {
    let k = format!("file://{}", key("awscli_rsa2048_pkcs1.pem"));
    let common = [
        "--key-pair-id",
        "myid",
        "--private-key",
        &k,
        "--date-less-than",
        "2016-1-1",
        "--date-greater-than",
        "2015-12-1",
        "--ip-address",
        "10.0.0.0/8",
        "--allow-past",
    ];
    let r = cfsign(
        &[
            &["sign-cookies", "--resource", AWS_URL, "--json"][..],
            &common,
        ]
        .concat(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cookies: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let policy = CfBase64::decode(cookies["CloudFront-Policy"].as_str().unwrap()).unwrap();
    assert_eq!(
        String::from_utf8(policy).unwrap(),
        r#"{"Statement":[{"Resource":"http://example.com/hi","Condition":{"DateLessThan":{"AWS:EpochTime":1451606400},"IpAddress":{"AWS:SourceIp":"10.0.0.0/8"},"DateGreaterThan":{"AWS:EpochTime":1448928000}}}]}"#
    );
    let r = cfsign(&[&["sign", "--url", AWS_URL][..], &common].concat());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        cookies["CloudFront-Signature"].as_str(),
        query_param(r.stdout.trim_end(), "Signature")
    );
}

/// test_rejects_active_date_not_before_expiration, test_invalid_date_error and
/// test_rejects_invalid_dates (a millisecond epoch among them).
#[test]
fn date_errors() {
    let k = format!("file://{}", key("awscli_rsa2048_pkcs1.pem"));
    for (command, resource) in [("sign", "--url"), ("sign-cookies", "--resource")] {
        let run = |flag: &str, value: &str| {
            let mut args = vec![
                command,
                resource,
                AWS_URL,
                "--key-pair-id",
                "myid",
                "--private-key",
                &k,
                "--allow-past",
            ];
            if flag != "--date-less-than" {
                args.extend(["--date-less-than", "2016-1-1"]);
            }
            args.extend([flag, value]);
            cfsign(&args)
        };
        for start in ["2016-2-1", "2016-1-1"] {
            let r = run("--date-greater-than", start);
            assert_eq!(r.code, 2, "{command} {start}");
            assert!(
                r.stderr.contains("must be before --date-less-than"),
                "{}",
                r.stderr
            );
        }
        for (flag, value) in [
            ("--date-less-than", "not-a-date"),
            ("--date-greater-than", "not-a-date"),
            ("--date-less-than", "1893456000000"),
        ] {
            let r = run(flag, value);
            assert_eq!(r.code, 2, "{command} {flag} {value}");
            assert!(
                r.stderr
                    .starts_with(&format!("cfsign: error: {flag}: \"{value}\": ")),
                "{}",
                r.stderr
            );
        }
    }
}
