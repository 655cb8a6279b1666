//! The verdict and decoded JSON (compiled only with #[cfg(test)], from json.rs).

mod fixed {
    use super::super::*;
    use crate::policy::ResourceReadings;
    use alloc::vec;

    #[test]
    fn writes_compact_json_in_the_declared_order() {
        let expired = Reason::Expired {
            expires: 0,
            now: 86_400,
        };
        let text = expired.to_json();
        let tail = r#""expires":0,"expires_utc":"1970-01-01T00:00:00Z","now":86400,"now_utc":"1970-01-02T00:00:00Z"}"#;
        assert!(
            text.starts_with(r#"{"code":"expired","message":""#) && text.ends_with(tail),
            "{text}"
        );
        let denied = Reason::IpDenied {
            range: "192.0.2.0/24".into(),
            client_ip: None,
        };
        assert!(denied
            .to_json()
            .ends_with(r#","range":"192.0.2.0/24","client_ip":null}"#));
        let missing = Reason::MissingSignature {
            missing: vec!["Signature", "Key-Pair-Id"],
        };
        assert!(missing
            .to_json()
            .ends_with(r#","missing":["Signature","Key-Pair-Id"]}"#));
        let note = Note::AmbiguousResourceMatch {
            pattern: "p".into(),
            url: "u\"\n\u{1}é".into(),
            readings: ResourceReadings {
                section: false,
                whole_string: true,
            },
        };
        let text = note.to_json();
        assert!(text.ends_with(r#","section_reading":false,"whole_string_reading":true,"decided_by":"section_reading","pattern":"p","url":"u\"\n\u0001é"}"#), "{text}");
        let note = Note::ExpiryAfter2038 {
            date_less_than: 4_102_444_800,
        };
        let text = note.to_json();
        assert!(
            text.starts_with(r#"{"code":"expiry_after_2038","message":"The expiry 4102444800 (2100-01-01T00:00:00Z) is after 2147483647 (2038-01-19T03:14:07Z)"#)
                && text.ends_with(r#"has not been confirmed by a live test.","date_less_than":4102444800}"#),
            "{text}"
        );
        let doc = PolicyDocument {
            resource: "https://a/*".into(),
            date_less_than: 5,
            date_greater_than: None,
            source_ip: Some("192.0.2.1".into()),
            unknown_keys: Vec::new(),
        };
        assert_eq!(
            policy_info(&doc),
            r#"{"resource":"https://a/*","date_less_than":5,"date_less_than_utc":"1970-01-01T00:00:05Z","date_greater_than":null,"date_greater_than_utc":null,"source_ip":"192.0.2.1","wildcard":true}"#
        );
    }

    #[test]
    fn writes_what_nothing_carries() {
        assert_eq!(
            crate::decode_url("").to_json(),
            r#"{"source":"none","key_pair_id":null,"hash_algorithm":"SHA1","policy_type":null,"policy":null,"policy_json":null,"signature_bytes":null,"url_without_signing_params":"","missing":["Expires or Policy","Signature","Key-Pair-Id"],"problems":[],"damage":[],"repaired_url":null,"time_status":null,"signature_key_type":null,"signature_form":null}"#
        );
    }
}

/// Whatever the strings, the writer's text is JSON, and reads back as the strings written.
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::super::*;
    use crate::policy::ResourceReadings;
    use alloc::format;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn writes_json_that_reads_back(pattern in any::<String>(), url in "[\\u{0}-\\u{7f}\"\\\\]{0,40}|\\PC{0,20}") {
            let note = Note::AmbiguousResourceMatch {
                pattern: pattern.clone(),
                url: url.clone(),
                readings: ResourceReadings { section: true, whole_string: false },
            };
            let reason = Reason::IpDenied { range: pattern.clone(), client_ip: None };
            for text in [note.to_json(), reason.to_json()] {
                let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                    TestCaseError::fail(format!("{text:?}: {e}"))
                })?;
                prop_assert_eq!(value.get("pattern").or(value.get("range")).and_then(|v| v.as_str()), Some(pattern.as_str()));
                if let Some(u) = value.get("url") {
                    prop_assert_eq!(u.as_str(), Some(url.as_str()));
                }
            }
        }
    }
}
