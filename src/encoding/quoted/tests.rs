//! `Quoted` against `{:?}` (compiled only with #[cfg(test)], from quoted.rs): identical for every
//! character it escapes and for all of ASCII; elsewhere it writes as is only what `{:?}`
//! escapes as non-printable or combining.

use super::{escaped, Quoted};
use alloc::format;
use alloc::string::{String, ToString};

/// How `{:?}` writes `c` inside a string, without the quotes.
fn debug_in_str(c: char) -> String {
    let debug = format!("{:?}", c.to_string());
    debug[1..debug.len() - 1].to_string()
}

/// How `Quoted` writes `c` inside a string, without the quotes.
fn quoted_in_str(c: char) -> String {
    let mut buf = [0; 4];
    let quoted = Quoted::new(c.encode_utf8(&mut buf)).to_string();
    quoted[1..quoted.len() - 1].to_string()
}

#[test]
fn every_character_as_debug_writes_it_or_as_is() {
    for c in (0..=0x10ffff).filter_map(char::from_u32) {
        let (ours, debug) = (quoted_in_str(c), debug_in_str(c));
        if escaped(c) || c.is_ascii() {
            assert_eq!(ours, debug, "U+{:04X}", u32::from(c));
        } else if ours != debug {
            // Only what `{:?}` escapes as non-printable or combining is written as is.
            assert_eq!(ours, c.to_string(), "U+{:04X}", u32::from(c));
            assert!(debug.starts_with("\\u{"), "U+{:04X}", u32::from(c));
        }
    }
}

#[test]
fn messages_values() {
    let q = |text: &str| Quoted::new(text).to_string();
    assert_eq!(q(""), r#""""#);
    assert_eq!(
        q("https://a.example/x y?z=1"),
        r#""https://a.example/x y?z=1""#
    );
    assert_eq!(q("a'b\"c\\d"), r#""a'b\"c\\d""#);
    assert_eq!(
        q("\0\t\r\n\u{1b}[31m\u{7f}\u{85}"),
        r#""\0\t\r\n\u{1b}[31m\u{7f}\u{85}""#
    );
    assert_eq!(q("\u{202e}gpj.exe"), r#""\u{202e}gpj.exe""#);
    assert_eq!(q("a\u{2028}b\u{feff}"), r#""a\u{2028}b\u{feff}""#);
    assert_eq!(q("café 中文 🦀"), "\"café 中文 🦀\"");
    // Where `{:?}` differs: combining marks, private use and unassigned code points as they are.
    assert_eq!(q("e\u{301}\u{e000}\u{378}"), "\"e\u{301}\u{e000}\u{378}\"");
    assert_eq!(format!("{:?}", "e\u{301}"), r#""e\u{301}""#);
}

#[test]
fn characters_as_debug_writes_them() {
    for c in [
        'a', '\'', '"', '\\', '\n', '\0', '\u{7f}', '\u{200b}', 'é', '+', '%',
    ] {
        let mut buf = [0; 4];
        assert_eq!(Quoted::char(c, &mut buf).to_string(), format!("{c:?}"));
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

        /// Character by character what the tests above check, so the whole text is `{:?}`'s
        /// wherever `{:?}` leaves every non-ASCII character as it is.
        #[test]
        fn strings_as_debug_writes_them(text in "[\\u{0}-\\u{a0}\"'\\\\]{0,30}|\\PC{0,20}|.{0,20}|\\PC{0,5}[\\u{2000}-\\u{2070}\\u{feff}\\u{ad}]{1,3}\\PC{0,5}") {
            let ours = Quoted::new(&text).to_string();
            let expected: String = text.chars().map(|c| if c.is_ascii() || escaped(c) { debug_in_str(c) } else { c.to_string() }).collect();
            prop_assert_eq!(&ours, &format!("\"{expected}\""));
            if text.chars().all(|c| c.is_ascii() || debug_in_str(c) == c.to_string() || escaped(c)) {
                prop_assert_eq!(ours, format!("{text:?}"));
            }
        }
    }
}
