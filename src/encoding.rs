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
//!
//! [`Quoted`] is the other encoding here: how the crate's messages quote the values they show.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

mod alphabet;
mod lossy;
mod quoted;

use alphabet::CLOUDFRONT;
pub(crate) use alphabet::STANDARD;
pub(crate) use lossy::utf8_lossy;
pub use quoted::Quoted;

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
    /// Encodes bytes in CloudFront's base64 variant.
    pub fn encode(bytes: &[u8]) -> String {
        CLOUDFRONT.encode(bytes)
    }

    /// Decodes CloudFront's base64 variant.
    ///
    /// The input must use CloudFront's alphabet with its padding (`_`): a `+`, `/` or `=` means the
    /// value was encoded with standard base64 instead, which CloudFront does not decode, and is
    /// refused with [`Base64Error::StandardAlphabet`].
    pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
        for (position, found) in text.char_indices() {
            match found {
                '-' | '_' | '~' | 'A'..='Z' | 'a'..='z' | '0'..='9' => {}
                '+' | '/' | '=' => return Err(Base64Error::StandardAlphabet { position, found }),
                _ => return Err(Base64Error::InvalidCharacter { position, found }),
            }
        }
        CLOUDFRONT
            .decode(text.as_bytes())
            .ok_or(Base64Error::InvalidLength { length: text.len() })
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
                "standard base64 character {} at offset {position}: CloudFront's variant uses '-', '~' and '_' for '+', '/' and '='",
                Quoted::char(*found, &mut [0; 4])
            ),
            Self::InvalidCharacter { position, found } => write!(
                f,
                "character {} at offset {position} is not base64",
                Quoted::char(*found, &mut [0; 4])
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

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).collect();
        for len in 0..data.len() {
            let encoded = CfBase64::encode(&data[..len]);
            assert!(!encoded.contains(['+', '/', '=']), "{encoded}");
            assert_eq!(CfBase64::decode(&encoded).unwrap(), &data[..len]);
        }
    }

    #[test]
    fn matches_the_developer_guide_swaps() {
        // 0xfb 0xff 0xbf -> standard "+/+/" ; 0xff -> "/w==".
        assert_eq!(CfBase64::encode(&[0xfb, 0xff, 0xbf]), "-~-~");
        assert_eq!(CfBase64::encode(&[0xff]), "~w__");
        // The policy example from CloudFront's guide starts with `{"Statement":`.
        assert_eq!(
            CfBase64::encode(br#"{"Statement":"#),
            "eyJTdGF0ZW1lbnQiOg__"
        );
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
            CfBase64::decode("ab%3D"),
            Err(Base64Error::InvalidCharacter {
                position: 2,
                found: '%'
            })
        );
        assert_eq!(
            CfBase64::decode("abc"),
            Err(Base64Error::InvalidLength { length: 3 })
        );
        assert!(CfBase64::decode("~w_").is_err());
    }
}
