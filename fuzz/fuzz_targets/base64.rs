//! CloudFront's base64: the crate's own against the translation to standard base64 and the
//! `base64` crate, as before.
#![no_main]

use base64::Engine as _;
use cfsign::encoding::Base64Error;
use cfsign::CfBase64;
use libfuzzer_sys::fuzz_target;

fn old_decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let mut standard = String::with_capacity(text.len());
    for (position, c) in text.char_indices() {
        standard.push(match c {
            '-' => '+',
            '_' => '=',
            '~' => '/',
            '+' | '/' | '=' => return Err(Base64Error::StandardAlphabet { position, found: c }),
            'A'..='Z' | 'a'..='z' | '0'..='9' => c,
            _ => return Err(Base64Error::InvalidCharacter { position, found: c }),
        });
    }
    base64::engine::general_purpose::STANDARD
        .decode(standard.as_bytes())
        .map_err(|_| Base64Error::InvalidLength { length: text.len() })
}

fuzz_target!(|data: &[u8]| {
    let encoded = CfBase64::encode(data);
    let old = base64::engine::general_purpose::STANDARD
        .encode(data)
        .replace('+', "-")
        .replace('=', "_")
        .replace('/', "~");
    assert_eq!(encoded, old);
    assert_eq!(CfBase64::decode(&encoded).unwrap(), data);
    let text = String::from_utf8_lossy(data);
    assert_eq!(CfBase64::decode(&text), old_decode(&text), "{text:?}");
});
