//! CloudFront's base64 (the `base64` crate, then the three swaps): any text is decoded or refused
//! without a panic, what is decoded has exactly one encoding (the text itself), and any bytes
//! round-trip through an encoding of CloudFront's alphabet only.
#![no_main]

use cfsign::CfBase64;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let encoded = CfBase64::encode(data);
    assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-~_".contains(&b)));
    assert_eq!(encoded.len(), data.len().div_ceil(3) * 4);
    assert_eq!(CfBase64::decode(&encoded).unwrap(), data);
    let text = String::from_utf8_lossy(data);
    if let Ok(bytes) = CfBase64::decode(&text) {
        assert_eq!(CfBase64::encode(&bytes), text, "{text:?}");
    }
});
