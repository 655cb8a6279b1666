//! The broken URLs and cookie sets, each with the cause that broke it.

use super::*;
use cfsign::{HashAlgorithm, Policy};

pub(crate) fn cases() -> Vec<Case> {
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
