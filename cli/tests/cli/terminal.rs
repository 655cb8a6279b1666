//! No text from the input reaches the terminal as a control character (issue 29, p03): `verify`,
//! `decode`, the signing commands and every error print key IDs, resources, URLs, paths and
//! lines escaped, so that a URL of printable ASCII cannot rewrite "DENIED" into "ALLOWED".

use cfsign::CfBase64;

use crate::common::*;

/// The characters that change what a terminal shows: C0 controls, DEL, C1 controls and the
/// bidirectional controls.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// Nothing but cfsign's own line feeds on stdout and stderr; and no line that the input wrote
/// (the marker `INJECTED` at the start of a line).
fn assert_clean(r: &Run, what: &str) {
    for (name, out) in [("stdout", &r.stdout), ("stderr", &r.stderr)] {
        let bad: Vec<char> = out.chars().filter(|&c| c != '\n' && is_unsafe(c)).collect();
        assert!(bad.is_empty(), "{what}: {name} carries {bad:?}:\n{out}");
        for line in out.lines() {
            let line = line.trim_start_matches([' ', '-']);
            assert!(
                !line.starts_with("INJECTED") && !line.starts_with("ALLOWED: INJECTED"),
                "{what}: {name} has a line of the input's: {line:?}\n{out}"
            );
        }
        assert!(!out.contains("panicked"), "{what}: {out}");
    }
}

/// Every hostile piece of text: ESC sequences, CR, BS, a line feed that starts a forged line,
/// DEL, the C1 CSI, a right-to-left override.
const HOSTILE: [&str; 8] = [
    "\u{1b}[1A\u{1b}[2KALLOWED",
    "\rALLOWED",
    "x\u{8}\u{8}\u{8}",
    "\nINJECTED",
    "\u{7f}",
    "\u{9b}2J",
    "\u{202e}dellane",
    "\u{2028}INJECTED",
];

fn percent(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}

fn public() -> String {
    format!("K2JCJMDEHXQW5F={}", key("rsa2048_pub.pem"))
}

/// A custom policy whose resource carries `text` (JSON-escaped), as a URL's `Policy` value.
fn policy_with_resource(text: &str) -> String {
    let resource =
        serde_json::to_string(&format!("https://d111111abcdef8.cloudfront.net/{text}")).unwrap();
    let json = format!(
        r#"{{"Statement":[{{"Resource":{resource},"Condition":{{"DateLessThan":{{"AWS:EpochTime":1893456000}},"IpAddress":{{"AWS:SourceIp":{resource}}}}}}}]}}"#
    );
    CfBase64::encode(json.as_bytes())
}

#[test]
fn verify_and_decode_escape_what_the_url_carries() {
    let base = "https://d111111abcdef8.cloudfront.net/a.mp4";
    for text in HOSTILE {
        let enc = percent(text);
        let policy = policy_with_resource(text);
        let urls = [
            format!("{base}?Expires=1893456000&Signature=AAAA&Key-Pair-Id={enc}"),
            format!("{base}?Expires={enc}&Signature=AAAA&Key-Pair-Id=K2JCJMDEHXQW5F"),
            format!("{base}?Expires=1893456000&Signature={enc}&Key-Pair-Id=K2JCJMDEHXQW5F"),
            format!("{base}?Policy={policy}&Signature=AAAA&Key-Pair-Id=K2JCJMDEHXQW5F"),
            format!("{base}?Policy={policy}&Signature=AAAA&Key-Pair-Id={enc}"),
            format!("{base}?Expires=1893456000&Signature=AAAA&Key-Pair-Id=K&Hash-Algorithm={enc}"),
            format!("{base}?Expires=1&Expires=2&Signature=AAAA&Key-Pair-Id=K#Expires={enc}"),
            // Raw in the URL itself (the shell passes it as it is).
            format!("{base}{text}?Expires=1893456000&Signature=AAAA&Key-Pair-Id=K{text}"),
        ];
        for url in &urls {
            for output in ["text", "json"] {
                let r = cfsign(&["verify", url, "--public-key", &public(), "--output", output]);
                assert_clean(&r, &format!("verify --output {output} {url:?}"));
                assert_eq!(r.code, 1, "{url:?}: {}{}", r.stdout, r.stderr);
                if output == "text" {
                    assert!(r.stdout.starts_with("DENIED"), "{}", r.stdout);
                    assert_eq!(r.stdout.matches("ALLOWED:").count(), 0, "{}", r.stdout);
                } else {
                    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
                    assert_eq!(v["allowed"], false);
                }
                let r = cfsign(&["decode", url, "--output", output]);
                assert_clean(&r, &format!("decode --output {output} {url:?}"));
                if output == "json" {
                    let _: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
                }
            }
            // Cookies carry the same values.
            let cookie = format!(
                "CloudFront-Policy={policy}; CloudFront-Signature=AAAA; CloudFront-Key-Pair-Id={text}"
            );
            let r = cfsign(&[
                "verify",
                base,
                "--public-key",
                &public(),
                "--cookie",
                &cookie,
            ]);
            assert_clean(&r, &format!("verify --cookie {cookie:?}"));
            let r = cfsign(&["decode", &cookie, "--output", "text"]);
            assert_clean(&r, &format!("decode {cookie:?}"));
        }
    }
}

#[test]
fn errors_escape_what_the_arguments_carry() {
    let k = key("rsa2048_pkcs1.pem");
    for text in HOSTILE {
        let url = format!("https://d111111abcdef8.cloudfront.net/{text}");
        let cases: Vec<Vec<String>> = vec![
            vec![
                "sign".into(),
                "--url".into(),
                url.clone(),
                "--date-less-than".into(),
                "+1h".into(),
            ],
            vec![
                "sign".into(),
                "--url".into(),
                URL.into(),
                "--date-less-than".into(),
                text.into(),
            ],
            vec![
                "sign".into(),
                "--url".into(),
                URL.into(),
                "--date-less-than".into(),
                "+1h".into(),
                "--ip-address".into(),
                text.into(),
            ],
            vec![
                "sign".into(),
                "--url".into(),
                URL.into(),
                "--date-less-than".into(),
                "+1h".into(),
                "--policy-resource".into(),
                url.clone(),
            ],
            vec![
                "sign".into(),
                "--url".into(),
                URL.into(),
                "--date-less-than".into(),
                "+1h".into(),
                "--policy".into(),
                format!("/no/such/{text}"),
            ],
            vec![
                "sign-cookies".into(),
                "--resource".into(),
                url.clone(),
                "--date-less-than".into(),
                "+1h".into(),
            ],
            vec![
                "sign-cookies".into(),
                "--resource".into(),
                URL.into(),
                "--date-less-than".into(),
                "+1h".into(),
                "--domain".into(),
                text.into(),
            ],
            vec![
                "sign-cookies".into(),
                "--resource".into(),
                URL.into(),
                "--date-less-than".into(),
                "+1h".into(),
                "--path".into(),
                text.into(),
            ],
        ];
        for mut args in cases {
            args.extend([
                "--key-pair-id".into(),
                "K2JCJMDEHXQW5F".into(),
                "--private-key".into(),
                k.clone(),
            ]);
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = cfsign(&argv);
            assert_clean(&r, &format!("{argv:?}"));
            assert_eq!(r.code, 2, "{argv:?}: {}{}", r.stdout, r.stderr);
        }
        let others: Vec<Vec<String>> = vec![
            vec![
                "sign".into(),
                "--url".into(),
                URL.into(),
                "--date-less-than".into(),
                "+1h".into(),
                "--key-pair-id".into(),
                text.into(),
                "--private-key".into(),
                k.clone(),
            ],
            vec![
                "sign".into(),
                "--url".into(),
                URL.into(),
                "--date-less-than".into(),
                "+1h".into(),
                "--key-pair-id".into(),
                "K".into(),
                "--private-key".into(),
                format!("/no/{text}"),
            ],
            vec![
                "verify".into(),
                URL.into(),
                "--public-key".into(),
                format!("K={text}"),
            ],
            vec![
                "verify".into(),
                URL.into(),
                "--public-key".into(),
                text.into(),
            ],
            vec![
                "verify".into(),
                URL.into(),
                "--public-key".into(),
                public(),
                "--now".into(),
                text.into(),
            ],
            vec![
                "verify".into(),
                URL.into(),
                "--public-key".into(),
                public(),
                "--client-ip".into(),
                text.into(),
            ],
            vec![text.into()],
            vec!["sign".into(), format!("--{text}")],
            vec![
                "keygen".into(),
                "--type".into(),
                text.into(),
                "--out-dir".into(),
                "/tmp".into(),
            ],
            vec![
                "sign-batch".into(),
                format!("/no/such/{text}"),
                "--key-pair-id".into(),
                "K".into(),
                "--private-key".into(),
                k.clone(),
            ],
            vec!["man".into(), text.into()],
        ];
        for args in others {
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let r = cfsign(&argv);
            assert_clean(&r, &format!("{argv:?}"));
            assert_eq!(r.code, 2, "{argv:?}: {}{}", r.stdout, r.stderr);
        }
    }
}

#[test]
fn sign_batch_escapes_its_lines() {
    let k = key("rsa2048_pkcs1.pem");
    let mut input = String::new();
    for text in HOSTILE {
        let json_text = serde_json::to_string(text).unwrap();
        input.push_str(&format!("https://d111111abcdef8.cloudfront.net/{text}\n"));
        input.push_str(&format!(
            "{{\"url\": \"{URL}\", \"date_less_than\": {json_text}}}\n"
        ));
        input.push_str(&format!(
            "{{\"url\": \"{URL}\", \"ip_address\": {json_text}}}\n"
        ));
        input.push_str(&format!(
            "{{\"url\": \"{URL}\", \"policy_resource\": {json_text}}}\n"
        ));
        input.push_str(&format!("{{\"url\": {json_text}}}\n"));
        input.push_str(&format!("{{\"url\": \"{URL}\", {json_text}: 1}}\n"));
        input.push_str(&format!("{{\"url\": \"{URL}\", \"date_less_than\": \"+1h\", \"policy_resource\": \"https://d111111abcdef8.cloudfront.net/*\", \"url\": {}}}\n", serde_json::to_string(&format!("https://d111111abcdef8.cloudfront.net/{text}")).unwrap()));
    }
    for output in ["text", "json"] {
        let r = run_with_stdin(
            command().args([
                "sign-batch",
                "--key-pair-id",
                "K2JCJMDEHXQW5F",
                "--private-key",
                &k,
                "--date-less-than",
                "+1h",
                "--output",
                output,
            ]),
            &input,
        );
        assert_clean(&r, &format!("sign-batch --output {output}"));
        assert_eq!(r.code, 1);
    }
}
