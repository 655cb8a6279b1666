//! Searching text for a string of several characters, without core's Two-Way searcher (about
//! 2 KB of WebAssembly): the crate's needles are a few bytes long and its texts short (URLs, PEM
//! of at most 16 KiB), so trying each position is as quick.

use alloc::string::String;

/// The byte offset of the first occurrence of `needle` in `text`, as `text.find(needle)` gives it
/// (`Some(0)` for an empty needle). A match of a whole UTF-8 needle starts and ends on character
/// boundaries, so the offset can slice `text`.
pub(crate) fn find(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    text.as_bytes()
        .windows(needle.len())
        .position(|window| window == needle.as_bytes())
}

/// Whether `needle` occurs in `text` (`text.contains(needle)`).
pub(crate) fn contains(text: &str, needle: &str) -> bool {
    find(text, needle).is_some()
}

/// `text` with the first occurrence of `from` replaced by `to` (`text.replacen(from, to, 1)`).
pub(crate) fn replace_first(text: &str, from: &str, to: &str) -> String {
    let found = find(text, from).and_then(|i| Some((text.get(..i)?, text.get(i + from.len()..)?)));
    match found {
        Some((before, after)) => [before, to, after].concat(),
        None => String::from(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_find() {
        for (text, needle) in [
            ("", ""),
            ("", "a"),
            ("a", ""),
            ("https://a//b", "//"),
            ("https:/a", "//"),
            ("x-----BEGIN ---- -----", "-----"),
            ("aaab", "aab"),
            ("é://", "://"),
            ("ab", "abc"),
            ("\\\\n", "\\n"),
        ] {
            assert_eq!(find(text, needle), text.find(needle), "{text} {needle}");
            assert_eq!(contains(text, needle), text.contains(needle));
            assert_eq!(
                replace_first(text, needle, "<>"),
                text.replacen(needle, "<>", 1)
            );
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn finds_what_str_find_finds(text in "[-:/ab\\\\né]{0,40}", needle in "[-:/ab\\\\né]{0,5}") {
                prop_assert_eq!(find(&text, &needle), text.find(needle.as_str()));
                prop_assert_eq!(contains(&text, &needle), text.contains(needle.as_str()));
                prop_assert_eq!(replace_first(&text, &needle, "é/"), text.replacen(needle.as_str(), "é/", 1));
            }
        }
    }
}
