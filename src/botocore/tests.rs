//! botocore's `CloudFrontSigner` outputs (botocore 1.43.11 on CPython 3.11, run here), as bytes.

use alloc::vec::Vec;

use super::*;

/// `json.dumps` with `ensure_ascii`, as CPython writes them.
#[test]
fn escapes_as_json_dumps() {
    let cases = [
        (
            "plain",
            r#"{"Statement":[{"Resource":"plain","Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}"#,
        ),
        (
            "é\u{7f}😀\"\\\n\u{1}",
            r#"{"Statement":[{"Resource":"\u00e9\u007f\ud83d\ude00\"\\\n\u0001","Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}"#,
        ),
    ];
    for (resource, expected) in cases {
        assert_eq!(build_policy(resource, 1, None, None).unwrap(), expected);
    }
}

#[test]
fn builds_botocores_custom_policy() {
    let json = build_policy("foo", 1451606400, Some(1448928000), Some("12.34.56.78/9")).unwrap();
    assert_eq!(
        json,
        r#"{"Statement":[{"Resource":"foo","Condition":{"DateLessThan":{"AWS:EpochTime":1451606400},"IpAddress":{"AWS:SourceIp":"12.34.56.78/9"},"DateGreaterThan":{"AWS:EpochTime":1448928000}}}]}"#
    );
    // A bare address gets /32; an empty one is left out, as botocore's `if ip_address:`.
    assert!(build_policy("foo", 10, None, Some("192.0.2.1"))
        .unwrap()
        .contains("192.0.2.1/32"));
    assert!(!build_policy("foo", 10, None, Some(""))
        .unwrap()
        .contains("IpAddress"));
    // What CloudFront can never accept is refused.
    assert!(matches!(
        build_policy("foo", 10, Some(10), None),
        Err(Error::Policy(_))
    ));
    assert!(matches!(
        build_policy("foo", 10, None, Some("::1")),
        Err(Error::Policy(_))
    ));
    assert!(matches!(
        build_policy("foo", u64::MAX, None, None),
        Err(Error::Policy(_))
    ));
}

/// `int(timedelta(microseconds=n).total_seconds())` for each n, from CPython.
#[test]
fn truncates_as_int_of_total_seconds() {
    let year_9999 = 253_402_300_799_i128; // 9999-12-31T23:59:59Z
    let cases: Vec<(i128, i128)> = Vec::from([
        (0, 0),
        (999_999, 0),
        (1_000_000, 1),
        (-1, 0),
        (-999_999, 0),
        (-1_000_001, -1),
        (1_451_606_400_000_000, 1_451_606_400),
        (1_451_606_400_999_999, 1_451_606_400),
        // Past 2^53 microseconds the float can round up to the next second.
        (year_9999 * 1_000_000 + 999_999, year_9999 + 1),
        (year_9999 * 1_000_000 + 999_985, year_9999 + 1),
        (year_9999 * 1_000_000 + 999_984, year_9999),
        (year_9999 * 1_000_000 + 999_969, year_9999),
        (year_9999 * 1_000_000 + 500_000, year_9999),
        (-(year_9999 * 1_000_000 + 999_999), -(year_9999 + 1)),
        (9_007_199_254_999_999, 9_007_199_254),
    ]);
    for (micros, seconds) in cases {
        assert_eq!(epoch_seconds(micros), seconds, "{micros}");
    }
}

#[test]
fn signs_urls_as_botocore() {
    let p = Prepared::for_url("http://test.com/foo.txt", Some(1451606400), None).unwrap();
    assert_eq!(
        p.message(),
        br#"{"Statement":[{"Resource":"http://test.com/foo.txt","Condition":{"DateLessThan":{"AWS:EpochTime":1451606400}}}]}"#
    );
    assert_eq!(
        p.signed_url("MY_KEY_ID", b"signed", HashAlgorithm::Sha1)
            .unwrap(),
        "http://test.com/foo.txt?Expires=1451606400&Signature=c2lnbmVk&Key-Pair-Id=MY_KEY_ID"
    );
    let policy = build_policy("foo", 1451606400, Some(1448928000), Some("12.34.56.78/9")).unwrap();
    let p = Prepared::for_url(
        "http://test.com/index.html?foo=bar",
        None,
        Some(policy.as_bytes()),
    )
    .unwrap();
    let url = p
        .signed_url("MY_KEY_ID", b"signed", HashAlgorithm::Sha256)
        .unwrap();
    assert!(url.starts_with("http://test.com/index.html?foo=bar&Policy=eyJTdGF0ZW1lbnQiOlt7"));
    assert!(url.ends_with("&Signature=c2lnbmVk&Key-Pair-Id=MY_KEY_ID&Hash-Algorithm=SHA256"));
}

#[test]
fn refuses_what_cloudfront_never_accepts() {
    let url = "https://d111111abcdef8.cloudfront.net/a";
    assert_eq!(Prepared::for_url(url, None, None), Err(Error::DateOrPolicy));
    assert_eq!(
        Prepared::for_url(url, Some(1), Some(b"{}")),
        Err(Error::DateOrPolicy)
    );
    assert!(matches!(
        Prepared::for_url("https://x/a#b", Some(9), None),
        Err(Error::Unsignable(_))
    ));
    assert!(matches!(
        Prepared::for_url("https://x/a?Signature=1", Some(9), None),
        Err(Error::Unsignable(_))
    ));
    assert!(matches!(
        Prepared::for_url(url, None, Some(b"{")),
        Err(Error::PolicyJson(_))
    ));
    let p = Prepared::for_url(url, Some(9), None).unwrap();
    assert!(p.signed_url("A&B", b"s", HashAlgorithm::Sha1).is_err());
    assert_eq!(
        policy_date(-1, "date_less_than"),
        Err(Error::DateBefore1970 {
            option: "date_less_than"
        })
    );
}

#[test]
fn cookies_canned_and_custom() {
    let r = "https://d111111abcdef8.cloudfront.net/a.mp4";
    let p = Prepared::for_cookies(Some(r), Some(1893456000), None, None, None).unwrap();
    let c = p
        .cookies("K2JCJMDEHXQW5F", b"sig", HashAlgorithm::Sha1)
        .unwrap();
    assert_eq!(c.get("CloudFront-Expires"), Some("1893456000"));
    let p = Prepared::for_cookies(
        Some("https://d111111abcdef8.cloudfront.net/*"),
        Some(1893456000),
        None,
        None,
        None,
    )
    .unwrap();
    let c = p
        .cookies("K2JCJMDEHXQW5F", b"sig", HashAlgorithm::Sha256)
        .unwrap();
    assert!(c.get("CloudFront-Policy").is_some());
    assert_eq!(c.get("CloudFront-Hash-Algorithm"), Some("SHA256"));
}
