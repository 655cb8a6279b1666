//! Bytes as UTF-8 text, each invalid sequence replaced, as `String::from_utf8_lossy` does, by
//! core's UTF-8 validator (which the crate links anyway) instead of `Utf8Chunks` (about 1 KB of
//! WebAssembly).

use alloc::string::String;
use core::str;

/// `bytes` as text with every maximal invalid subsequence replaced by one U+FFFD, exactly as
/// `String::from_utf8_lossy(bytes).into_owned()`: each stop of the validator gives the valid
/// text before it and the length of the invalid sequence (`Utf8Error::error_len`, documented as
/// where lossy decoding resumes), or none when the bytes end inside a sequence.
pub(crate) fn utf8_lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        let error = match str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                return out;
            }
            Err(error) => error,
        };
        let (valid, invalid) = rest.split_at(error.valid_up_to());
        out.push_str(str::from_utf8(valid).unwrap_or_default());
        out.push(char::REPLACEMENT_CHARACTER);
        match error.error_len() {
            Some(len) => rest = invalid.get(len..).unwrap_or_default(),
            None => return out,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn as_from_utf8_lossy() {
        let cases: &[&[u8]] = &[
            b"",
            b"plain",
            "caf\u{e9} \u{1f980}".as_bytes(),
            b"\xff",
            b"a\xffb\xfe",
            b"\xe2\x82",
            b"a\xe2\x82",
            b"\xe2\x82b",
            b"\xf0\x9f\xa6",
            b"\xf0\x9f\xa6\x80\xf0",
            b"\xed\xa0\x80",
            b"\xc0\x80",
            b"\xf4\x90\x80\x80",
            b"\x80\x80\x80",
            b"%\xe9t\xe9",
        ];
        for bytes in cases {
            assert_eq!(
                utf8_lossy(bytes),
                String::from_utf8_lossy(bytes),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn every_two_bytes_and_three_byte_prefixes() {
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                let bytes = [a, b];
                assert_eq!(utf8_lossy(&bytes), String::from_utf8_lossy(&bytes));
                let bytes = [b'x', a, b, 0x80, b'y'];
                assert_eq!(utf8_lossy(&bytes), String::from_utf8_lossy(&bytes));
                let bytes = [0xe0 | (a & 0x1f), a, b];
                assert_eq!(utf8_lossy(&bytes), String::from_utf8_lossy(&bytes));
            }
        }
        let all: Vec<u8> = (0..=255u8).collect();
        assert_eq!(utf8_lossy(&all), String::from_utf8_lossy(&all));
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Bytes rich in UTF-8 lead and continuation bytes, and in valid characters.
        fn bytes() -> impl Strategy<Value = Vec<u8>> {
            prop::collection::vec(
                prop_oneof![
                    any::<u8>().prop_map(|b| alloc::vec![b]),
                    (0x80u8..=0xbf).prop_map(|b| alloc::vec![b]),
                    (0xc0u8..=0xff).prop_map(|b| alloc::vec![b]),
                    any::<char>().prop_map(|c| String::from(c).into_bytes()),
                ],
                0..24,
            )
            .prop_map(|parts| parts.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 20000, failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn as_from_utf8_lossy(bytes in bytes()) {
                prop_assert_eq!(utf8_lossy(&bytes), String::from_utf8_lossy(&bytes));
            }
        }
    }
}
