//! Reading policies (compiled only with #[cfg(test)], from parse.rs).

use super::*;
use crate::policy::{IpRange, Policy};
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

#[test]
fn messages_name_the_limits() {
    assert_eq!(
        PolicyParseError::TooLarge { bytes: 9000 }.to_string(),
        format!("policy of 9000 bytes is over the {MAX_POLICY_BYTES}-byte limit")
    );
    let e = PolicyParseError::EpochOutOfRange {
        what: "DateLessThan",
        value: 1 << 31,
    };
    assert_eq!(
        e.to_string(),
        format!("DateLessThan 2147483648 is after {MAX_EPOCH}, the largest CloudFront accepts")
    );
}

#[test]
fn reads_what_the_signer_writes_and_pretty_printed_policies() {
    let p = Policy::new("https://a.example/*", 2000)
        .unwrap()
        .valid_from(1000)
        .unwrap()
        .ip_range(IpRange::parse("192.0.2.0/24").unwrap());
    let doc = PolicyDocument::parse(p.to_json().as_bytes()).unwrap();
    assert_eq!(doc.resource, "https://a.example/*");
    assert_eq!(
        (doc.date_less_than, doc.date_greater_than),
        (2000, Some(1000))
    );
    assert_eq!(doc.source_ip.as_deref(), Some("192.0.2.0/24"));
    let pretty = "{\n \"Statement\": [\n  {\n   \"Resource\": \"https://a.example/x\",\n   \"Condition\": {\n    \"DateLessThan\": {\"AWS:EpochTime\": 5}\n   }\n  }\n ]\n}\n";
    assert_eq!(
        PolicyDocument::parse(pretty.as_bytes())
            .unwrap()
            .date_less_than,
        5
    );
}

#[test]
fn refuses_what_is_not_a_cloudfront_policy() {
    type Check = fn(&PolicyParseError) -> bool;
    let cases: Vec<(&str, Check)> = vec![
        ("", |e| matches!(e, PolicyParseError::NotJson { .. })),
        ("[]", |e| matches!(e, PolicyParseError::WrongType { .. })),
        (r#"{"Statement":[]}"#, |e| {
            *e == PolicyParseError::StatementCount { count: 0 }
        }),
        (
            r#"{"Statement":[{"Resource":"r","Condition":{"DateLessThan":{"AWS:EpochTime":1}}},{}]}"#,
            |e| *e == PolicyParseError::StatementCount { count: 2 },
        ),
        (
            r#"{"Statement":[{"Resource":"r","Condition":{"DateLessThan":{"AWS:EpochTime":1},"StringLike":{}}}]}"#,
            |e| matches!(e, PolicyParseError::UnknownKey { .. }),
        ),
        (
            r#"{"Statement":[{"Resource":"r","Condition":{"DateLessThan":{"AWS:EpochTime":"1"}}}]}"#,
            |e| matches!(e, PolicyParseError::WrongType { .. }),
        ),
        (
            r#"{"Statement":[{"Resource":"r","Condition":{"DateLessThan":{"AWS:EpochTime":1.5}}}]}"#,
            |e| matches!(e, PolicyParseError::WrongType { .. }),
        ),
        (
            r#"{"Statement":[{"Resource":"r","Condition":{"DateLessThan":{"AWS:EpochTime":4102444800}}}]}"#,
            |e| matches!(e, PolicyParseError::EpochOutOfRange { .. }),
        ),
        (r#"{"Statement":[{"Resource":"r","Condition":{}}]}"#, |e| {
            *e == PolicyParseError::Missing {
                what: "DateLessThan",
            }
        }),
        (
            r#"{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}"#,
            |e| *e == PolicyParseError::Missing { what: "Resource" },
        ),
        (
            r#"{"Statement":[{"Resource":["a"],"Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}"#,
            |e| {
                matches!(
                    e,
                    PolicyParseError::WrongType {
                        what: "Resource",
                        ..
                    }
                )
            },
        ),
    ];
    for (json, check) in cases {
        let err = PolicyDocument::parse(json.as_bytes()).unwrap_err();
        assert!(check(&err), "{json}: {err:?}");
    }
    assert_eq!(
        PolicyDocument::parse(&[0xff, 0xfe]).unwrap_err(),
        PolicyParseError::NotUtf8
    );
    assert!(matches!(
        PolicyDocument::parse(&[b' '; 9000]),
        Err(PolicyParseError::TooLarge { .. })
    ));
}

#[test]
fn reads_as_serde_json_did() {
    let policy = |condition: &str| {
        format!(
            r#"{{"Statement":[{{"Resource":"r\u00e9\ud83d\ude00","Condition":{{{condition}}}}}]}}"#
        )
    };
    // A repeated key takes its last value; of several unknown keys, the first in byte order
    // is named (serde_json's sorted map).
    let doc = PolicyDocument::parse(
        policy(r#""DateLessThan":{"AWS:EpochTime":"1"},"DateLessThan":{"AWS:EpochTime":7}"#)
            .as_bytes(),
    )
    .unwrap();
    assert_eq!((doc.resource.as_str(), doc.date_less_than), ("ré😀", 7));
    assert_eq!(
        PolicyDocument::parse(policy(r#""b":1,"DateLessThan":{},"a":{}"#).as_bytes()),
        Err(PolicyParseError::UnknownKey {
            within: "Condition",
            key: "a".into()
        })
    );
    // A number of any size is a number, of the wrong type unless a whole one.
    for n in ["1e400", "-1", "1.0", "99999999999999999999999"] {
        let json = policy(&format!(r#""DateLessThan":{{"AWS:EpochTime":{n}}}"#));
        assert!(
            matches!(
                PolicyDocument::parse(json.as_bytes()),
                Err(PolicyParseError::WrongType { .. })
            ),
            "{n}"
        );
    }
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    for json in ["{\"Statement\":[]} x", "\"\\ud83d\"", deep.as_str()] {
        let err = PolicyDocument::parse(json.as_bytes()).unwrap_err();
        assert!(matches!(err, PolicyParseError::NotJson { .. }), "{json}");
    }
}

#[test]
fn source_ips_are_checked_for_signing_after_everything_else() {
    let policy = |ip: &str, start: &str| {
        format!(
            r#"{{"Statement":[{{"Resource":"r","Condition":{{"DateLessThan":{{"AWS:EpochTime":9}},"IpAddress":{{"AWS:SourceIp":"{ip}"}}{start}}}}}]}}"#
        )
    };
    let good = policy("192.0.2.0/24", "");
    assert!(PolicyDocument::parse_for_signing(good.as_bytes()).is_ok());
    let v6 = policy("2001:db8::/32", "");
    assert_eq!(
        PolicyDocument::parse(v6.as_bytes())
            .unwrap()
            .source_ip
            .as_deref(),
        Some("2001:db8::/32")
    );
    assert_eq!(
        PolicyDocument::parse_for_signing(v6.as_bytes()),
        Err(PolicyParseError::SourceIp(
            IpRange::parse("2001:db8::/32").unwrap_err()
        ))
    );
    let bad = policy("1.2.3", "");
    assert!(matches!(
        PolicyDocument::parse_for_signing(bad.as_bytes()),
        Err(PolicyParseError::SourceIp(_))
    ));
    let both = policy("1.2.3", r#","DateGreaterThan":{"AWS:EpochTime":"1"}"#);
    assert!(matches!(
        PolicyDocument::parse_for_signing(both.as_bytes()),
        Err(PolicyParseError::WrongType {
            what: "DateGreaterThan",
            ..
        })
    ));
}
