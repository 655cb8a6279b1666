//! The reader against fixed cases, and against serde_json (the reader before it) on mutated
//! policies (compiled only with #[cfg(test)], from json.rs).

use alloc::string::ToString;
use alloc::vec;

use super::*;

fn kind(text: &str) -> JsonErrorKind {
    parse(text).unwrap_err().kind
}

#[test]
fn reads_values() {
    let v = parse(
        " {\"a\" :\t[1, \"x\\ty\", {}, [], null, true, false, -1, 1.5, 2e3]\r\n, \"b\":\"\"}\n",
    )
    .unwrap();
    assert_eq!(
        v,
        Value::Object(vec![
            (
                "a".into(),
                Value::Array(vec![
                    Value::Whole(1),
                    Value::String("x\ty".into()),
                    Value::Object(vec![]),
                    Value::Array(vec![]),
                    Value::Other,
                    Value::Other,
                    Value::Other,
                    Value::Other,
                    Value::Other,
                    Value::Other,
                ])
            ),
            ("b".into(), Value::String("".into())),
        ])
    );
    assert_eq!(parse("18446744073709551615"), Ok(Value::Whole(u64::MAX)));
    // Beyond u64, or beyond f64: a number, but not a whole one a policy can hold.
    assert_eq!(parse("18446744073709551616"), Ok(Value::Other));
    assert_eq!(
        parse("18446744073709551610"),
        Ok(Value::Whole(u64::MAX - 5))
    );
    assert_eq!(parse("18446744073709551620"), Ok(Value::Other));
    assert_eq!(parse("184467440737095516150"), Ok(Value::Other));
    assert_eq!(parse(&"9".repeat(500)), Ok(Value::Other));
    assert_eq!(parse("1e400"), Ok(Value::Other));
    assert_eq!(parse("-0"), Ok(Value::Other));
    assert_eq!(parse("0"), Ok(Value::Whole(0)));
    // A repeated key keeps its place and takes the last value.
    assert_eq!(
        parse(r#"{"k":1,"j":2,"k":3}"#),
        Ok(Value::Object(vec![
            ("k".into(), Value::Whole(3)),
            ("j".into(), Value::Whole(2))
        ]))
    );
}

#[test]
fn unescapes_strings() {
    let text = r#""\"\\\/\b\f\n\r\t\u0041\u00e9\uD83D\uDE00\ud83d\ude00é😀\u007f""#;
    assert_eq!(
        parse(text),
        Ok(Value::String("\"\\/\u{8}\u{c}\n\r\tAé😀😀é😀\u{7f}".into()))
    );
}

#[test]
fn refuses_what_is_not_json() {
    use JsonErrorKind::*;
    for (text, expected) in [
        ("", UnexpectedEnd),
        ("   ", UnexpectedEnd),
        ("\"abc", UnexpectedEnd),
        ("{\"a\":\"b", UnexpectedEnd),
        ("\"a\\", UnexpectedEnd),
        ("\"\\u12", UnexpectedEnd),
        ("[1,", UnexpectedEnd),
        ("{", UnexpectedEnd),
        ("\"\\x\"", BadEscape),
        ("\"\\U0041\"", BadEscape),
        ("\"\\u12G4\"", BadEscape),
        ("\"\\uD83D\"", LoneSurrogate),
        ("\"\\uD83Dx\"", LoneSurrogate),
        ("\"\\uD83D\\n\"", LoneSurrogate),
        ("\"\\uD83D\\uD83D\"", LoneSurrogate),
        ("\"\\uDE00\"", LoneSurrogate),
        ("\"\\uDE00\\uD83D\"", LoneSurrogate),
        ("\"a\u{1}b\"", ControlCharacter),
        ("\"a\nb\"", ControlCharacter),
        ("01", BadNumber),
        ("-01", BadNumber),
        ("00", BadNumber),
        ("-", UnexpectedEnd),
        ("-a", BadNumber),
        ("+1", ExpectedValue),
        ("1.", UnexpectedEnd),
        ("1.e3", BadNumber),
        (".5", ExpectedValue),
        ("1e", UnexpectedEnd),
        ("1e+", UnexpectedEnd),
        ("1ex", BadNumber),
        ("0x10", TrailingCharacters),
        ("NaN", ExpectedValue),
        ("nul", UnexpectedEnd),
        ("nulL", BadLiteral),
        ("True", ExpectedValue),
        ("{} x", TrailingCharacters),
        ("{}{}", TrailingCharacters),
        ("1 2", TrailingCharacters),
        ("\u{feff}{}", ExpectedValue),
        ("\u{c}{}", ExpectedValue),
        ("{}\u{a0}", TrailingCharacters),
        ("[1,]", ExpectedValue),
        ("[,1]", ExpectedValue),
        ("[1 2]", ExpectedCommaOrEnd),
        ("{\"a\":1,}", ExpectedKey),
        ("{a:1}", ExpectedKey),
        ("{1:1}", ExpectedKey),
        ("{\"a\" 1}", ExpectedColon),
        ("{\"a\":1 \"b\":2}", ExpectedCommaOrEnd),
        ("{\"a\"}", ExpectedColon),
        ("/* */{}", ExpectedValue),
    ] {
        assert_eq!(kind(text), expected, "{text:?}");
    }
    assert_eq!(
        parse("[1, x]").unwrap_err().to_string(),
        "expected a value at byte 4"
    );
    assert_eq!(
        parse("[").unwrap_err().to_string(),
        "the text ends too early at byte 1"
    );
}

#[test]
fn bounds_nesting() {
    let nested = |open: &str, close: &str, n: usize| open.repeat(n) + "1" + &close.repeat(n);
    assert!(parse(&nested("[", "]", MAX_DEPTH)).is_ok());
    assert!(parse(&nested("{\"a\":", "}", MAX_DEPTH)).is_ok());
    assert_eq!(
        kind(&nested("[", "]", MAX_DEPTH + 1)),
        JsonErrorKind::TooDeep
    );
    assert_eq!(
        kind(&nested("[{\"a\":", "}]", MAX_DEPTH / 2 + 1)),
        JsonErrorKind::TooDeep
    );
    // Far deeper than any stack would take, unclosed: refused at the limit, without recursing on.
    assert_eq!(kind(&"[".repeat(100_000)), JsonErrorKind::TooDeep);
    // serde_json, the reader before, drew the line at the same depth.
    for n in [MAX_DEPTH, MAX_DEPTH + 1] {
        let text = nested("[", "]", n);
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).is_ok(),
            parse(&text).is_ok()
        );
    }
}

/// serde_json's value, in this reader's terms: objects sorted by key (serde_json's map order).
fn from_serde(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect())
        }
        serde_json::Value::Array(a) => Value::Array(a.iter().map(from_serde).collect()),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Number(n) => n.as_u64().map_or(Value::Other, Value::Whole),
        _ => Value::Other,
    }
}

/// This reader's value with every object's members sorted by key.
fn sorted(v: Value) -> Value {
    match v {
        Value::Object(members) => {
            let mut members: Vec<_> = members.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            members.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(members)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// Mutated policies read alike by both readers: refused by both (serde_json also refused numbers
/// beyond `f64`, which this reader sets aside as `Other`), or accepted with the same value.
#[test]
fn reads_as_serde_json_read() {
    const SEEDS: &[&str] = &[
        r#"{"Statement":[{"Resource":"https://d.example/a/*?x=\u00e9","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400},"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateGreaterThan":{"AWS:EpochTime":0}}}]}"#,
        "{\n \"Statement\" : [ {\"Resource\":\"\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\n\\r\\t\",\r\n\t\"Condition\":{}} ],\"x\":[-1.5e+3,true,false,null,0,{}]}",
    ];
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        "\"",
        ":",
        ",",
        "\\",
        "\\u",
        "d83d",
        "DE00",
        "00",
        "0",
        "1",
        "9",
        "-",
        "+",
        ".",
        "e",
        "E",
        "true",
        "null",
        "f",
        " ",
        "\t",
        "\n",
        "\r",
        "\u{c}",
        "\u{1}",
        "é",
        "😀",
        "x",
        "\u{feff}",
        "1e400",
        "99999999999999999999",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random = |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    for _ in 0..6000 {
        let mut text: Vec<char> = SEEDS[random(SEEDS.len())].chars().collect();
        for _ in 0..1 + random(3) {
            let at = random(text.len() + 1);
            let token: Vec<char> = TOKENS[random(TOKENS.len())].chars().collect();
            match random(3) {
                0 if at < text.len() => {
                    text.remove(at);
                }
                1 if at < text.len() => {
                    text.splice(at..at + 1, token);
                }
                _ => {
                    text.splice(at..at, token);
                }
            }
        }
        let text: String = text.into_iter().collect();
        let ours = parse(&text);
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(theirs) => assert_eq!(ours.map(sorted), Ok(from_serde(&theirs)), "{text:?}"),
            Err(e) if e.to_string().starts_with("number out of range") => {}
            Err(e) => assert!(ours.is_err(), "{text:?}: serde_json: {e}"),
        }
    }
}

/// Review finding (low): serde_json refused a number beyond `f64` wherever it stood, so a policy
/// holding one was not JSON; this reader sets it aside, and when a repeated key's later value
/// replaces it, the policy is accepted. (Ignored: kept as a record, the difference is not fixed.)
#[test]
#[ignore = "review finding: accepts a policy serde_json refused"]
fn a_number_beyond_f64_under_a_replaced_key_is_refused_as_before() {
    let text = r#"{"Statement":[{"Resource":"https://d.example/*","Condition":{"DateLessThan":{"AWS:EpochTime":1e400,"AWS:EpochTime":1767290400}}}]}"#;
    assert!(serde_json::from_str::<serde_json::Value>(text).is_err());
    assert!(crate::policy::PolicyDocument::parse(text.as_bytes()).is_err());
}
