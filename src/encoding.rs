//! CloudFront's base64 variant.
//!
//! CloudFront's developer guide ("Linux commands and OpenSSL for base64 encoding") defines it as
//! standard base64 (RFC 4648 §4, with padding) followed by three swaps, so that the result can sit
//! in a URL query string or a cookie without escaping:
//!
//! | standard | CloudFront |
//! |----------|------------|
//! | `+`      | `-`        |
//! | `=`      | `_`        |
//! | `/`      | `~`        |
//!
//! botocore (`CloudFrontSigner._url_b64encode`) and `@aws-sdk/cloudfront-signer`
//! (`normalizeBase64`) do exactly this. Note that it is *not* RFC 4648's URL-safe alphabet
//! (which uses `-` and `_` for `+` and `/`).

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::{DecodeError, Engine as _};

/// Standard base64 (RFC 4648 §4), as strict as a signature's encoding must be: written with
/// padding; read only with its padding (`RequireCanonical`), nothing after it, and the unused bits
/// of the last character zero (no trailing bits), so that each byte string has exactly one
/// encoding. PEM's base64, and what CloudFront's variant is made from.
pub(crate) const STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_encode_padding(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
        .with_decode_allow_trailing_bits(false),
);

/// `bytes` in standard base64 ([`STANDARD`]), written by `encode_slice` into a buffer of the
/// exact length. `Engine::encode` would do the same but end in `String::from_utf8(..).expect(..)`,
/// whose panic message links `FromUtf8Error`'s `Debug` (and core's struct `Debug` machinery)
/// into the WebAssembly with base64's `encode` itself: 1,032 bytes of the lite `.wasm` gzipped
/// (`make package`: 93,307 with `encode`, 92,275 with this).
pub(crate) fn encode_standard(bytes: &[u8]) -> String {
    let mut out = alloc::vec![0; base64::encoded_len(bytes.len(), true).unwrap_or(0)];
    let written = STANDARD.encode_slice(bytes, &mut out).unwrap_or(0);
    out.truncate(written);
    // Base64 is ASCII: never the empty default.
    String::from_utf8(out).unwrap_or_default()
}

/// CloudFront's base64 variant: standard base64 with `+`→`-`, `=`→`_`, `/`→`~`.
///
/// ```
/// use cfsign::CfBase64;
/// assert_eq!(CfBase64::encode(&[0xfb, 0xff]), "-~8_");
/// assert_eq!(CfBase64::decode("-~8_").unwrap(), [0xfb, 0xff]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CfBase64;

impl CfBase64 {
    /// Encodes bytes in CloudFront's base64 variant: standard base64 (padded, canonical), then the three swaps.
    pub fn encode(bytes: &[u8]) -> String {
        let mut text = encode_standard(bytes).into_bytes();
        for b in &mut text {
            *b = match *b {
                b'+' => b'-',
                b'=' => b'_',
                b'/' => b'~',
                other => other,
            };
        }
        // Base64 is ASCII, and so are the swaps: this is never the empty default.
        String::from_utf8(text).unwrap_or_default()
    }

    /// Decodes CloudFront's base64 variant.
    ///
    /// The input must use CloudFront's alphabet with its padding (`_`): a `+`, `/` or `=` means the
    /// value was encoded with standard base64 instead, which CloudFront does not decode, and is
    /// refused with [`Base64Error::StandardAlphabet`]. The swaps are undone, then standard base64
    /// decodes, as strictly: padding required, the unused bits zero.
    pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
        let mut standard = Vec::with_capacity(text.len());
        for (position, found) in text.char_indices() {
            standard.push(match found {
                '-' => b'+',
                '_' => b'=',
                '~' => b'/',
                // ASCII: the byte is the character.
                'A'..='Z' | 'a'..='z' | '0'..='9' => found as u8,
                '+' | '/' | '=' => return Err(Base64Error::StandardAlphabet { position, found }),
                _ => return Err(Base64Error::InvalidCharacter { position, found }),
            });
        }
        STANDARD
            .decode(&standard)
            .map_err(|error| length_error(&error, text.len()))
    }
}

/// What the `base64` crate refuses in text of the standard alphabet and `=` only (every other
/// character was refused before): padding in the middle (`InvalidByte` on a `=`), a length that
/// is not a whole number of quads, a last character with bits set past the data, or padding
/// missing or too long. All are [`Base64Error::InvalidLength`]; the crate's error, which holds a
/// byte of the input, is not passed on.
fn length_error(error: &DecodeError, length: usize) -> Base64Error {
    match error {
        DecodeError::InvalidByte(..)
        | DecodeError::InvalidLength(_)
        | DecodeError::InvalidLastSymbol(..)
        | DecodeError::InvalidPadding => Base64Error::InvalidLength { length },
    }
}

/// Why a value is not CloudFront base64.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Base64Error {
    /// A `+`, `/` or `=`: standard base64 rather than CloudFront's variant.
    StandardAlphabet {
        /// Byte offset of the character.
        position: usize,
        /// The character found.
        found: char,
    },
    /// A character outside both alphabets (for example a space or `%`).
    InvalidCharacter {
        /// Byte offset of the character.
        position: usize,
        /// The character found.
        found: char,
    },
    /// The length or padding is wrong (truncated or padded incorrectly).
    InvalidLength {
        /// Length of the input in bytes.
        length: usize,
    },
}

impl fmt::Display for Base64Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::StandardAlphabet { position, found } => write!(
                f,
                "standard base64 character {found:?} at offset {position}: CloudFront's variant uses '-', '~' and '_' for '+', '/' and '='"
            ),
            Self::InvalidCharacter { position, found } => write!(
                f,
                "character {found:?} at offset {position} is not base64"
            ),
            Self::InvalidLength { length } => {
                write!(f, "base64 of {length} characters is truncated or wrongly padded")
            }
        }
    }
}

impl core::error::Error for Base64Error {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes and their CloudFront base64, as botocore 1.43.11 writes it
    /// (`CloudFrontSigner._url_b64encode`): every padding length, every character of the
    /// alphabet (the 256 bytes in a row), the swapped characters at each position.
    fn botocore_vectors() -> Vec<(Vec<u8>, &'static str)> {
        let all: Vec<u8> = (0..=255u8).collect();
        let down: Vec<u8> = (0..=255u8).rev().take(100).collect();
        alloc::vec![
            (Vec::new(), ""),
            (alloc::vec![0xfb], "-w__"),
            (alloc::vec![0xfb, 0xff], "-~8_"),
            (alloc::vec![0xfb, 0xff, 0xbf], "-~-~"),
            (alloc::vec![0xff], "~w__"),
            (alloc::vec![0xff, 0xff], "~~8_"),
            (alloc::vec![0x00], "AA__"),
            (alloc::vec![0x00, 0x00], "AAA_"),
            (alloc::vec![0x03, 0xe0, 0x3f], "A-A~"),
            (all, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn-AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq-wsbKztLW2t7i5uru8vb6~wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t~g4eLj5OXm5-jp6uvs7e7v8PHy8~T19vf4-fr7~P3-~w__"),
            (down, "~~79~Pv6-fj39vX08~Lx8O~u7ezr6uno5-bl5OPi4eDf3t3c29rZ2NfW1dTT0tHQz87NzMvKycjHxsXEw8LBwL--vby7urm4t7a1tLOysbCvrq2sq6qpqKempaSjoqGgn56dnA__"),
        ]
    }

    /// Policy texts and their `Policy` parameter, as `@aws-sdk/cloudfront-signer` 3.1166.0's
    /// `getSignedUrl` writes it (and botocore: the same).
    const SDK_POLICIES: &[(&str, &str)] = &[
        (r#"{"Statement":"#, "eyJTdGF0ZW1lbnQiOg__"),
        ("é?>~", "w6k~Pn4_"),
        (
            r#"{"Statement":[{"Resource":"https://d.example/a?b=é~ü","Condition":{"DateLessThan":{"AWS:EpochTime":1}}}]}"#,
            "eyJTdGF0ZW1lbnQiOlt7IlJlc291cmNlIjoiaHR0cHM6Ly9kLmV4YW1wbGUvYT9iPcOpfsO8IiwiQ29uZGl0aW9uIjp7IkRhdGVMZXNzVGhhbiI6eyJBV1M6RXBvY2hUaW1lIjoxfX19XX0_",
        ),
    ];

    #[test]
    fn encodes_and_decodes_as_botocore_and_the_js_sdk() {
        let texts = SDK_POLICIES
            .iter()
            .map(|(t, e)| (t.as_bytes().to_vec(), *e));
        for (bytes, encoded) in botocore_vectors().into_iter().chain(texts) {
            assert_eq!(CfBase64::encode(&bytes), encoded);
            assert_eq!(CfBase64::decode(encoded).unwrap(), bytes, "{encoded}");
        }
    }

    #[test]
    fn refuses_standard_base64_and_garbage() {
        assert_eq!(
            CfBase64::decode("/w=="),
            Err(Base64Error::StandardAlphabet {
                position: 0,
                found: '/'
            })
        );
        assert_eq!(
            CfBase64::decode("-w+_"),
            Err(Base64Error::StandardAlphabet {
                position: 2,
                found: '+'
            })
        );
        assert_eq!(
            CfBase64::decode("ab%3D"),
            Err(Base64Error::InvalidCharacter {
                position: 2,
                found: '%'
            })
        );
        assert_eq!(
            CfBase64::decode("abé="),
            Err(Base64Error::InvalidCharacter {
                position: 2,
                found: 'é'
            })
        );
        // A bad character is reported wherever it is, before the length.
        assert_eq!(
            CfBase64::decode("abc d"),
            Err(Base64Error::InvalidCharacter {
                position: 3,
                found: ' '
            })
        );
        // Not exactly an encoding: truncated, padding missing, misplaced or too long, data after
        // the padding, the unused bits of the last character set (`~x__`: 0xff then 0x10 bits).
        for bad in [
            "abc", "~w_", "~w", "~w___", "~___", "____", "~w__~w__", "-w_a", "~x__", "~~9_", "A",
        ] {
            assert_eq!(
                CfBase64::decode(bad),
                Err(Base64Error::InvalidLength { length: bad.len() }),
                "{bad}"
            );
        }
    }

    #[test]
    fn pem_base64_is_rfc_4648() {
        // RFC 4648 §10's vectors, and refusals as for CloudFront's variant.
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(STANDARD.encode(plain.as_bytes()), encoded);
            assert_eq!(STANDARD.decode(encoded).unwrap(), plain.as_bytes());
        }
        for bad in [
            "Zg", "Zg=", "Z===", "====", "Zg==Zg==", "Zm9v=", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n",
            "Zg=a", "Z=g=", "Zm-v",
        ] {
            assert!(STANDARD.decode(bad).is_err(), "{bad}");
        }
    }
}
