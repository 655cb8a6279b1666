//! What key made a signature, told from its form alone (no key needed): an RSA-2048 signature is
//! 256 bytes, an ECDSA P-256 one a DER `SEQUENCE` of two `INTEGER`s of at most 32 bytes.

use super::{ecdsa_der_to_raw, KeyKind};

/// The key type a signature's form shows, and in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureForm {
    /// The key type it takes, when its form shows one CloudFront reads.
    pub kind: Option<KeyKind>,
    /// What its form is, as a sentence's end ("an RSA-2048 signature (256 bytes)").
    pub description: &'static str,
}

/// The form of the decoded signature `signature`.
pub fn signature_form(signature: &[u8]) -> SignatureForm {
    let (kind, description) = match signature.len() {
        256 => (Some(KeyKind::Rsa), "an RSA-2048 signature (256 bytes)"),
        _ if ecdsa_der_to_raw(signature).is_some() => {
            (Some(KeyKind::EcdsaP256), "a DER ECDSA P-256 signature")
        }
        64 => (None, "64 bytes, not DER: a raw ECDSA P-256 signature (r||s, as WebCrypto returns it), which CloudFront does not read; it takes DER"),
        128 | 384 | 512 => (None, "an RSA signature of another size than 2048 bits (CloudFront takes RSA-2048 keys only)"),
        _ => (None, "neither an RSA-2048 signature (256 bytes) nor a DER ECDSA P-256 one"),
    };
    SignatureForm { kind, description }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::ecdsa_raw_to_der;

    #[test]
    fn tells_rsa_from_ecdsa() {
        assert_eq!(signature_form(&[7; 256]).kind, Some(KeyKind::Rsa));
        let der = ecdsa_raw_to_der(&[0x55; 64]).unwrap();
        assert_eq!(signature_form(&der).kind, Some(KeyKind::EcdsaP256));
        for other in [&[0x55; 64][..], &[1; 128], &[], &[0x30, 0x00]] {
            assert_eq!(signature_form(other).kind, None);
        }
    }
}
