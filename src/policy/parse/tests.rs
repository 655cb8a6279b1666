//! Reading policies (compiled only with #[cfg(test)], from parse.rs).

use super::*;
use crate::policy::{IpRange, Policy};
use alloc::format;
use alloc::string::{String, ToString};
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
        value: 1 << 63,
    };
    assert_eq!(
        e.to_string(),
        format!("DateLessThan 9223372036854775808 is after {MAX_EPOCH}, the largest CloudFront's guide documents (a 64-bit integer)")
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
            r#"{"Statement":[{"Resource":"r","Condition":{"DateLessThan":{"AWS:EpochTime":"1"}}}]}"#,
            |e| matches!(e, PolicyParseError::WrongType { .. }),
        ),
        (
            r#"{"Statement":[{"Resource":"r","Condition":{"DateLessThan":{"AWS:EpochTime":1.5}}}]}"#,
            |e| matches!(e, PolicyParseError::WrongType { .. }),
        ),
        (
            r#"{"Statement":[{"Resource":"r","Condition":{"DateLessThan":{"AWS:EpochTime":9223372036854775808}}}]}"#,
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

/// A policy whose `Condition` is `{condition}`.
fn with_condition(condition: &str) -> String {
    format!(r#"{{"Statement":[{{"Resource":"r\u00e9\ud83d\ude00","Condition":{{{condition}}}}}]}}"#)
}

/// Whether serde_json reads `text` as JSON (into its `Value`): the oracle for "not JSON".
fn serde_json_reads(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok()
}

#[test]
fn repeated_keys_take_their_last_value() {
    let doc = PolicyDocument::parse(
        with_condition(
            r#""DateLessThan":{"AWS:EpochTime":"1"},"DateLessThan":{"AWS:EpochTime":7}"#,
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!((doc.resource.as_str(), doc.date_less_than), ("ré😀", 7));
    let doc = PolicyDocument::parse(
        br#"{"Statement":[],"Statement":[{"Resource":"a","Resource":"b","Condition":{"DateLessThan":{"AWS:EpochTime":1,"AWS:EpochTime":2}}}]}"#,
    )
    .unwrap();
    assert_eq!((doc.resource.as_str(), doc.date_less_than), ("b", 2));
    // Anything not JSON, wherever it is, comes before what is wrong with the policy.
    let err = PolicyDocument::parse(br#"{"Statement":7,"x":[1,]}"#).unwrap_err();
    assert!(matches!(err, PolicyParseError::NotJson { .. }), "{err:?}");
}

#[test]
fn numbers_in_a_policys_values_are_of_the_wrong_type_or_beyond_f64_not_json() {
    // serde_json refuses numbers beyond f64 as not JSON, wherever they are.
    for n in ["1e400", "-1e400", &"9".repeat(400)] {
        let json = with_condition(&format!(r#""DateLessThan":{{"AWS:EpochTime":{n}}}"#));
        assert!(!serde_json_reads(&json), "{n}");
        assert!(
            matches!(
                PolicyDocument::parse(json.as_bytes()),
                Err(PolicyParseError::NotJson { .. })
            ),
            "{n}"
        );
    }
    for n in [
        "-1",
        "-0",
        "1.0",
        "1e2",
        "99999999999999999999999",
        "18446744073709551616",
    ] {
        let json = with_condition(&format!(r#""DateLessThan":{{"AWS:EpochTime":{n}}}"#));
        assert_eq!(
            PolicyDocument::parse(json.as_bytes()),
            Err(PolicyParseError::WrongType {
                what: "DateLessThan",
                expected: "a whole number of seconds (no quotes)"
            }),
            "{n}"
        );
        let json = format!(
            r#"{{"Statement":[{{"Resource":{n},"Condition":{{"DateLessThan":{{"AWS:EpochTime":1}}}}}}]}}"#
        );
        assert_eq!(
            PolicyDocument::parse(json.as_bytes()),
            Err(PolicyParseError::WrongType {
                what: "Resource",
                expected: "a string"
            }),
            "{n}"
        );
    }
    // The largest u64 is a number (above the limit); the largest accepted is MAX_EPOCH, the
    // guide's 2^63 - 1, and 2^31 (after 2038) is read.
    for n in [1u64 << 31, 4_102_444_800, MAX_EPOCH] {
        let json = with_condition(&format!(r#""DateLessThan":{{"AWS:EpochTime":{n}}}"#));
        assert_eq!(
            PolicyDocument::parse(json.as_bytes()).map(|d| d.date_less_than),
            Ok(n)
        );
    }
    let json = with_condition(r#""DateLessThan":{"AWS:EpochTime":9223372036854775808}"#);
    assert_eq!(
        PolicyDocument::parse(json.as_bytes()),
        Err(PolicyParseError::EpochOutOfRange {
            what: "DateLessThan",
            value: 1 << 63
        })
    );
    let json = with_condition(r#""DateLessThan":{"AWS:EpochTime":18446744073709551615}"#);
    assert_eq!(
        PolicyDocument::parse(json.as_bytes()),
        Err(PolicyParseError::EpochOutOfRange {
            what: "DateLessThan",
            value: u64::MAX
        })
    );
    // Outside a policy's values too.
    let json = with_condition(r#""DateLessThan":{"AWS:EpochTime":1},"X":1e400"#);
    assert!(!serde_json_reads(&json));
    assert!(matches!(
        PolicyDocument::parse(json.as_bytes()),
        Err(PolicyParseError::NotJson { .. })
    ));
}

/// What is not JSON, wherever it is in the text (values kept, skipped or of the wrong type), is
/// refused as not JSON exactly when serde_json refuses it.
#[test]
fn refuses_as_not_json_what_serde_json_refuses() {
    let bad = [
        "\"\\ud83d\"",        // a lone high surrogate
        "\"\\ude00x\"",       // a lone low surrogate
        "\"\\ud83d\\u0041\"", // a high surrogate before a non-surrogate
        "\"a\u{1}b\"",        // a raw control character
        "\"a\tb\"",           // a raw tab
        "\"\\x\"",            // an unknown escape
        "[1,]",
        "{\"a\":1,}",
        "01",
        "1.",
        "nul",
        "\"\u{7f}\u{fe}é\"", // not refused: DEL and non-ASCII are fine
        "\"\\u00e9\\ud83d\\ude00\"",
    ];
    let places: [fn(&str) -> String; 5] = [
        |v| {
            format!(
                r#"{{"Statement":[{{"Resource":{v},"Condition":{{"DateLessThan":{{"AWS:EpochTime":1}}}}}}]}}"#
            )
        },
        |v| with_condition(&format!(r#""DateLessThan":{{"AWS:EpochTime":{v}}}"#)),
        |v| {
            with_condition(&format!(
                r#""DateLessThan":{{"AWS:EpochTime":1}},"IpAddress":{{"AWS:SourceIp":{v}}}"#
            ))
        },
        |v| {
            with_condition(&format!(
                r#""DateLessThan":{{"AWS:EpochTime":1}},"Other":[{v}]"#
            ))
        },
        |v| {
            format!(
                r#"{{"Statement":[{{"Resource":"r","Condition":{{"DateLessThan":{{"AWS:EpochTime":1}}}}}},{{"x":{v}}}]}}"#
            )
        },
    ];
    for value in bad {
        for place in places {
            let json = place(value);
            let ours = PolicyDocument::parse(json.as_bytes());
            let not_json = matches!(ours, Err(PolicyParseError::NotJson { .. }));
            assert_eq!(not_json, !serde_json_reads(&json), "{json}: {ours:?}");
        }
    }
    // Around the whole value: trailing characters, a byte order mark, comments.
    let good = with_condition(r#""DateLessThan":{"AWS:EpochTime":1}"#);
    assert!(PolicyDocument::parse(good.as_bytes()).is_ok());
    for json in [
        format!("{good} x"),
        format!("{good}{{}}"),
        format!("\u{feff}{good}"),
        format!("/* */{good}"),
        format!("{good}\u{0}"),
        format!("\u{a0}{good}"),
        "".into(),
        " \n\t\r".into(),
    ] {
        assert!(!serde_json_reads(&json), "{json}");
        let err = PolicyDocument::parse(json.as_bytes()).unwrap_err();
        assert!(
            matches!(err, PolicyParseError::NotJson { .. }),
            "{json}: {err:?}"
        );
    }
    assert!(PolicyDocument::parse(format!(" \n\t\r{good} \n\t\r").as_bytes()).is_ok());
}

/// Arrays nested in each place a policy can hold one: refused as not JSON exactly when serde_json
/// refuses the text, at its 128th level.
#[test]
fn nesting_is_refused_where_serde_json_refuses_it() {
    let places: [fn(&str) -> String; 5] = [
        |v| v.into(),
        |v| {
            format!(
                r#"{{"Statement":[{{"Resource":{v},"Condition":{{"DateLessThan":{{"AWS:EpochTime":1}}}}}}]}}"#
            )
        },
        |v| with_condition(&format!(r#""DateLessThan":{{"AWS:EpochTime":{v}}}"#)),
        |v| {
            with_condition(&format!(
                r#""DateLessThan":{{"AWS:EpochTime":1}},"IpAddress":{{"AWS:SourceIp":{v}}}"#
            ))
        },
        |v| {
            with_condition(&format!(
                r#""DateLessThan":{{"AWS:EpochTime":1}},"Other":{v}"#
            ))
        },
    ];
    for place in places {
        let mut refused = 0;
        for levels in 115..135 {
            let nested = format!("{}1{}", "[".repeat(levels), "]".repeat(levels));
            let json = place(&nested);
            let ours = PolicyDocument::parse(json.as_bytes());
            let not_json = matches!(ours, Err(PolicyParseError::NotJson { .. }));
            assert_eq!(not_json, !serde_json_reads(&json), "{levels}: {ours:?}");
            refused += usize::from(not_json);
        }
        assert!(refused > 0 && refused < 20);
    }
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let err = PolicyDocument::parse(deep.as_bytes()).unwrap_err();
    assert!(matches!(err, PolicyParseError::NotJson { .. }), "{err:?}");
    // Far deeper than any stack would take, in a skipped value: refused, not a crash.
    let deeper = with_condition(&format!(
        r#""DateLessThan":{{"AWS:EpochTime":1}},"Other":{}"#,
        "[".repeat(MAX_POLICY_BYTES - 200)
    ));
    assert!(matches!(
        PolicyDocument::parse(deeper.as_bytes()),
        Err(PolicyParseError::NotJson { .. })
    ));
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

/// Keys CloudFront's guide does not document are read and named, not refused: botocore and the JS
/// SDK sign such policies as given (docs/research/cloudfront-verification.md §3.3). In the order
/// the objects are checked; within one object, in byte order, each once.
#[test]
fn unknown_keys_are_named_not_refused() {
    let json = r#"{"Statement":[{"Sid":1,"Resource":"r","Condition":{"StringLike":{"aws:Referer":"x"},"DateLessThan":{"AWS:EpochTime":9,"Other":[]},"IpAddress":{"AWS:SourceIp":"192.0.2.0/24","x":{}},"Bool":true,"Bool":false}}],"Version":"2012-10-17","Comment":"x"}"#;
    for doc in [
        PolicyDocument::parse(json.as_bytes()).unwrap(),
        PolicyDocument::parse_for_signing(json.as_bytes()).unwrap(),
    ] {
        assert_eq!((doc.resource.as_str(), doc.date_less_than), ("r", 9));
        let named: Vec<(&str, &str)> = doc
            .unknown_keys
            .iter()
            .map(|k| (k.within, k.key.as_str()))
            .collect();
        assert_eq!(
            named,
            [
                ("the policy", "Comment"),
                ("the policy", "Version"),
                ("the statement", "Sid"),
                ("Condition", "Bool"),
                ("Condition", "StringLike"),
                ("DateLessThan", "Other"),
                ("IpAddress", "x"),
            ]
        );
        assert_eq!(
            doc.unknown_keys[0].to_string(),
            "unknown key \"Comment\" in the policy"
        );
    }
    assert!(PolicyDocument::parse(
        with_condition(r#""DateLessThan":{"AWS:EpochTime":1}"#).as_bytes()
    )
    .unwrap()
    .unknown_keys
    .is_empty());
    // What the guide documents is still refused, unknown keys or not.
    for (json, err) in [
        (
            r#"{"Statement":[{"Resource":"r","Condition":{"StringLike":{}}}],"Comment":1}"#,
            PolicyParseError::Missing {
                what: "DateLessThan",
            },
        ),
        (
            r#"{"Statement":[{"Resource":"r","Condition":{"DateLessThan":{"AWS:EpochTime":1}}},{"Resource":"s"}],"x":1}"#,
            PolicyParseError::StatementCount { count: 2 },
        ),
        (
            r#"{"Statement":[{"Resource":"r","Condition":{"DateLessThan":{"Other":1}}}]}"#,
            PolicyParseError::Missing {
                what: "AWS:EpochTime",
            },
        ),
    ] {
        assert_eq!(PolicyDocument::parse(json.as_bytes()), Err(err), "{json}");
    }
}
