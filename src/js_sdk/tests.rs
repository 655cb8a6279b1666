//! The SDK's rules and messages (compiled only with #[cfg(test)], from js_sdk.rs).

use super::*;
use alloc::vec::Vec;

#[test]
fn cidr_messages_are_the_sdks() {
    let msg = |t: &str| parse_cidr(t).unwrap_err().to_string();
    assert_eq!(
        msg("10.0.0.0/"),
        "IP address \"10.0.0.0/\" is invalid due to missing ip or mask part of CIDR."
    );
    assert_eq!(
        msg("10.0.0.0/33"),
        "IP address \"10.0.0.0/33\" is invalid due to invalid mask."
    );
    assert_eq!(
        msg("10.0.0.256/8"),
        "IP address \"10.0.0.256/8\" is invalid due to invalid IP octets."
    );
    assert_eq!(
        msg("2001:db8::/32"),
        "IP address \"2001:db8::/32\" is invalid due to IP does not contain four octets.."
    );
    assert_eq!(parse_cidr("1.2.3.4/8/9").unwrap().as_str(), "1.2.3.4/32");
    assert_eq!(parse_cidr("010.0.0.1").unwrap().as_str(), "010.0.0.1/32");
    assert_eq!(parse_cidr("10.0.0.0/ 8").unwrap().prefix(), 8);
}

#[test]
fn js_sdk_ranges() {
    let ok = |t: &str| parse_cidr(t).map(|r| r.as_str().to_string());
    assert_eq!(ok("192.0.2.1").unwrap(), "192.0.2.1/32");
    assert_eq!(ok("192.0.2.0/24").unwrap(), "192.0.2.0/24");
    assert_eq!(ok("010.0.0.1/8").unwrap(), "010.0.0.1/8");
    assert_eq!(ok("1..2.3").unwrap(), "1..2.3/32");
    assert_eq!(ok("1e2.0.0.1").unwrap(), "1e2.0.0.1/32");
    for bad in [
        "",
        "1.2.3",
        "256.0.0.1",
        "1.2.3.4/33",
        "1.2.3.4/",
        "/8",
        "1.5.2.3.4",
        "a.b.c.d",
        "1.2.3.4.",
        "::1",
        "1.2.3.0.5/8",
    ] {
        assert!(parse_cidr(bad).is_err(), "{bad}");
    }
}

#[test]
fn dates_round_like_math_round() {
    assert_eq!(JsDate::Millis(1_500.0).seconds(), Some(2.0));
    assert_eq!(JsDate::Millis(1_499.0).seconds(), Some(1.0));
    assert_eq!(JsDate::Millis(400.0).seconds(), None);
    assert_eq!(JsDate::Millis(-1_500.0).seconds(), Some(-1.0));
    assert_eq!(JsDate::Falsy.seconds(), None);
    assert_eq!(JsDate::Invalid.seconds(), None);
}

/// Every date a JS `Date` holds from 1970 on is signed as the SDK signs it (its `epochTime` is
/// `Math.round(getTime() / 1000)`, unbounded): 2100 and +275760 included. Before 1970 (which the
/// SDK writes as a negative `AWS:EpochTime`) and past the guide's 2^63 - 1 are refused.
#[test]
fn dates_from_1970_to_the_end_of_js_dates() {
    let url = "https://d111111abcdef8.cloudfront.net/a.jpg";
    let at = |ms: f64| Input {
        url: Some(url),
        date_less_than: JsDate::Millis(ms),
        ..Input::default()
    };
    for (ms, seconds) in [
        (2_147_483_648_000.0, 2_147_483_648),
        (4_102_444_800_000.0, 4_102_444_800),
        (8.64e15, 8_640_000_000_000),
    ] {
        let prepared = Prepared::for_url(&at(ms)).unwrap();
        assert_eq!(prepared.canned_expires(), Some(seconds));
        let want = alloc::format!(r#""AWS:EpochTime":{seconds}}}"#);
        assert!(prepared.policy_json().contains(&want), "{ms}");
    }
    let refused = |ms: f64, message: &str| {
        let e = Prepared::for_url(&at(ms)).unwrap_err();
        assert!(matches!(e, Error::DateOutOfRange { .. }), "{ms}: {e:?}");
        assert_eq!(e.to_string(), message);
    };
    refused(
        -2_000.0,
        "dateLessThan -2 is before 1970-01-01T00:00:00Z, which a CloudFront policy cannot hold",
    );
    refused(
        9.3e21,
        "dateLessThan is after 9223372036854775807, the largest CloudFront's guide documents (a 64-bit integer)",
    );
}

#[test]
fn sdk_errors() {
    let url = Input {
        url: Some("https://d111111abcdef8.cloudfront.net/a.jpg"),
        ..Input::default()
    };
    assert_eq!(Prepared::for_url(&url), Err(Error::MissingDateLessThan));
    assert_eq!(Prepared::for_cookies(&url), Err(Error::MissingDateLessThan));
    assert!(Error::MissingDateLessThan
        .to_string()
        .starts_with("Invalid policy: dateLessThan is missing"));
    assert_eq!(
        Prepared::for_url(&Input::default()),
        Err(Error::MissingUrlOrPolicy)
    );
    assert_eq!(
        Prepared::for_cookies(&Input::default()),
        Err(Error::InvalidPolicy)
    );
    let bad = Input {
        date_less_than: JsDate::Invalid,
        ..url
    };
    assert_eq!(Prepared::for_url(&bad), Err(Error::InvalidDateLessThan));
    let ftp = Input {
        url: Some("ftp://h/a"),
        date_less_than: JsDate::Millis(1e12),
        ..Input::default()
    };
    assert_eq!(Prepared::for_url(&ftp), Err(Error::InvalidScheme));
    let two = Input {
        policy: Some(
            r#"{"Statement":[{"Resource":"https://h/a","Condition":{"DateLessThan":{"AWS:EpochTime":5}}},{"Resource":"x"}]}"#,
        ),
        ..Input::default()
    };
    assert!(matches!(Prepared::for_url(&two), Err(Error::PolicyJson(_))));
}

#[test]
fn policy_only_takes_the_first_resource() {
    let p = Input {
        policy: Some(
            r#"{"Statement":[{"Resource":"*://h/v/*","Condition":{"DateLessThan":{"AWS:EpochTime":5}}}]}"#,
        ),
        ..Input::default()
    };
    let prepared = Prepared::for_url(&p).unwrap();
    let url = prepared
        .signed_url("K1", &[1, 2, 3], HashAlgorithm::Sha256)
        .unwrap();
    assert!(url.starts_with("https://h/v/*?Policy="), "{url}");
    assert!(url.ends_with("&Key-Pair-Id=K1&Signature=AQID&Hash-Algorithm=SHA256"));
}

/// `parse_cidr` as it was written before, splitting into vectors: the oracle of the test below.
fn cidr_by_vectors(text: &str) -> Result<crate::policy::IpRange, Error> {
    let fail = |problem| Error::InvalidIp {
        value: text.to_string(),
        problem,
    };
    let parts: Vec<&str> = text.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(fail(CidrProblem::MissingPart));
    }
    let address = parts[0];
    let octets: Vec<&str> = address.split('.').collect();
    if octets.len() != 4 {
        return Err(fail(CidrProblem::NotFourOctets));
    }
    let mut addr = [0u8; 4];
    for (slot, octet) in addr.iter_mut().zip(&octets) {
        *slot = number::js_uint(octet, 255).ok_or_else(|| fail(CidrProblem::InvalidOctets))?;
    }
    let (prefix, mask_text) = match parts.as_slice() {
        [_, mask] => (
            number::js_uint(mask, 32).ok_or_else(|| fail(CidrProblem::InvalidMask))?,
            *mask,
        ),
        _ => (32, "32"),
    };
    let text = alloc::format!("{address}/{mask_text}");
    Ok(crate::policy::IpRange::from_parts(addr, prefix, text))
}

/// Every text of up to four pieces of the grammar reads as it did.
#[test]
fn cidr_reads_as_by_vectors() {
    let pieces = ["1", "0", "/", ".", "1.2.3.", "33", "0x1", " ", "e1", "256"];
    let mut texts = alloc::vec![String::new()];
    for _ in 0..4 {
        let longer: Vec<String> = texts
            .iter()
            .flat_map(|t| pieces.iter().map(move |p| [t.as_str(), p].concat()))
            .collect();
        texts.extend(longer);
        texts.sort();
        texts.dedup();
    }
    for text in &texts {
        assert_eq!(parse_cidr(text), cidr_by_vectors(text), "{text}");
    }
}

/// `getResource`'s protocol: before `//`, or without one, all but the last character.
#[test]
fn schemes() {
    for ok in ["https://h/a", "ws://h", "http:x", "wss:é", "http://"] {
        assert_eq!(check_scheme(ok), Ok(()), "{ok}");
    }
    for bad in ["", "é", "http:", "https:/h", "ftp://h/a", "h/https://a"] {
        assert_eq!(check_scheme(bad), Err(Error::InvalidScheme), "{bad}");
    }
    assert_eq!(check_scheme("rtmp://h/a"), Err(Error::Rtmp));
    assert_eq!(check_scheme("rtmp:é"), Err(Error::Rtmp));
}

/// What the SDK signs and CloudFront refuses is refused (issue 29, p05).
#[test]
fn refuses_what_cloudfront_would_refuse() {
    use crate::sign::SignError;
    use alloc::format;
    let origin = "https://d111111abcdef8.cloudfront.net";
    fn input(url: &str) -> Input<'_> {
        Input {
            url: Some(url),
            date_less_than: JsDate::Millis(1_893_456_000_000.0),
            ..Input::default()
        }
    }
    let url = |u: &str| Prepared::for_url(&input(u));
    // Signing parameters already there, in any encoding.
    for query in [
        "?Expires=1",
        "?a=1&Signature=x",
        "?Key-Pair-Id=K",
        "?Policy=x",
        "?%45xpires=1",
    ] {
        let u = format!("{origin}/a.mp4{query}");
        assert!(
            matches!(
                url(&u),
                Err(Error::Unsignable(SignError::UrlHasSigningParams { .. }))
            ),
            "{u}"
        );
    }
    // A `#` that the parameters would follow: only a URL without a path keeps one.
    for u in [
        format!("{origin}#x"),
        format!("{origin}?a=1#x"),
        "https://d.example#/a".into(),
    ] {
        assert!(
            matches!(
                url(&u),
                Err(Error::Unsignable(SignError::UrlHasFragment { .. }))
            ),
            "{u}"
        );
    }
    // The SDK encodes a `#` in the path or query into `%23` (a name the origin does not have):
    // refused too, in URLs and cookies, naming the fix; an encoded `%23` is signed.
    for u in [
        format!("{origin}/a#b.mp4?c=#d"),
        format!("{origin}/f.mp4#t=10"),
        format!("{origin}/f.mp4?a=1#t"),
    ] {
        for prepared in [url(&u), Prepared::for_cookies(&input(&u))] {
            let e = prepared.unwrap_err();
            assert!(
                matches!(e, Error::Unsignable(SignError::UrlHasFragment { .. })),
                "{u}"
            );
            assert!(e.to_string().contains("%23"), "{e}");
            // Named by its position, never quoting the URL (which may carry a token).
            let at = u.chars().position(|c| c == '#').unwrap_or_default() + 1;
            assert!(e.to_string().contains(&format!("character {at}")), "{e}");
            assert!(!e.to_string().contains(origin), "{e}");
        }
    }
    assert!(url(&format!("{origin}/a%23b.mp4")).is_ok());
    // A policy whose resource the URL does not match.
    let policy = format!(
        r#"{{"Statement":[{{"Resource":"{origin}/videos/*","Condition":{{"DateLessThan":{{"AWS:EpochTime":1893456000}}}}}}]}}"#
    );
    let with_policy = |u: &str| {
        Prepared::for_url(&Input {
            url: Some(u),
            policy: Some(&policy),
            ..Input::default()
        })
    };
    assert!(with_policy(&format!("{origin}/videos/a.mp4")).is_ok());
    assert!(matches!(
        with_policy(&format!("{origin}/other/a.mp4")),
        Err(Error::Unsignable(SignError::UrlMismatch { .. }))
    ));
    // Over 8,192 bytes, signed.
    let long = format!("{origin}/{}", "a".repeat(8100));
    let p = url(&long).unwrap();
    assert!(matches!(
        p.signed_url("K", &[0; 72], HashAlgorithm::Sha1),
        Err(Error::Unsignable(SignError::UrlTooLong { .. }))
    ));
    let fine = url(&format!("{origin}/{}", "a".repeat(7000))).unwrap();
    assert!(fine.signed_url("K", &[0; 256], HashAlgorithm::Sha1).is_ok());
    // Cookies whose built policy is over 8,192 bytes (a canned one carries no policy).
    let custom = Input {
        url: Some(&long),
        date_less_than: JsDate::Millis(1_893_456_000_000.0),
        ip_address: Some("192.0.2.0/24"),
        ..Input::default()
    };
    assert!(matches!(
        Prepared::for_cookies(&custom),
        Err(Error::Unsignable(SignError::PolicyTooLong { .. }))
    ));
    assert!(Prepared::for_cookies(&input(&long)).is_ok());
}

/// Cookies for a resource that carries signing parameters never work: refused.
#[test]
fn refuses_cookies_whose_resource_carries_signing_parameters() {
    let url = "https://d111111abcdef8.cloudfront.net/a.mp4?Key-Pair-Id=K";
    let input = Input {
        url: Some(url),
        date_less_than: JsDate::Millis(1_893_456_000_000.0),
        ..Input::default()
    };
    assert!(matches!(
        Prepared::for_cookies(&input),
        Err(Error::Unsignable(SignError::UrlHasSigningParams { .. }))
    ));
    let policy = r#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/a.mp4?Expires=1","Condition":{"DateLessThan":{"AWS:EpochTime":1893456000}}}]}"#;
    let input = Input {
        policy: Some(policy),
        ..Input::default()
    };
    assert!(Prepared::for_cookies(&input).is_err());
}

/// Seconds given where the SDK reads milliseconds (`dateLessThan: 1893456000`: January 1970 to
/// it) are refused with the fix, for either date; from 10^11 ms on, dates are signed.
#[test]
fn refuses_seconds_given_as_milliseconds() {
    let url = "https://d111111abcdef8.cloudfront.net/a.jpg";
    for ms in [1_893_456_000.0, 1.0, 99_999_999_999.0] {
        let e = Prepared::for_url(&Input {
            url: Some(url),
            date_less_than: JsDate::Millis(ms),
            ..Input::default()
        })
        .unwrap_err();
        assert_eq!(
            e,
            Error::SecondsNotMillis {
                option: "dateLessThan"
            }
        );
        assert!(e.to_string().contains("new Date(seconds * 1000)"), "{e}");
        let start = Prepared::for_cookies(&Input {
            url: Some(url),
            date_less_than: JsDate::Millis(1_893_456_000_000.0),
            date_greater_than: JsDate::Millis(ms),
            ..Input::default()
        });
        assert_eq!(
            start,
            Err(Error::SecondsNotMillis {
                option: "dateGreaterThan"
            })
        );
    }
    assert!(Prepared::for_url(&Input {
        url: Some(url),
        date_less_than: JsDate::Millis(MIN_MILLIS),
        ..Input::default()
    })
    .is_ok());
    assert_eq!(check_millis("dateLessThan", 0.0), Ok(()));
    assert_eq!(check_millis("dateLessThan", -5.0), Ok(()));
}

/// The expiry, whatever its source (built, or a policy string), against the caller's now.
#[test]
fn expiry_against_now() {
    let url = "https://d111111abcdef8.cloudfront.net/a.jpg";
    let p = Prepared::for_url(&Input {
        url: Some(url),
        date_less_than: JsDate::Millis(1_893_456_000_000.0),
        ..Input::default()
    })
    .unwrap();
    assert_eq!(p.expires(), 1_893_456_000);
    assert_eq!(p.check_expiry(1_893_455_999), Ok(()));
    assert_eq!(
        p.check_expiry(1_893_456_000),
        Err(Error::ExpiryInPast { seconds_ago: 0 })
    );
    let e = p.check_expiry(1_893_456_060).unwrap_err();
    assert!(e.to_string().contains("expired 60 s ago"), "{e}");
    assert!(e.to_string().contains("allowPast: true"), "{e}");
    let policy = r#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/*","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}"#;
    let p = Prepared::for_cookies(&Input {
        policy: Some(policy),
        ..Input::default()
    })
    .unwrap();
    assert_eq!(p.expires(), 1_767_290_400);
}
