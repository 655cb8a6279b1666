//! ECDSA P-256 signatures between their two forms: DER (`SEQUENCE { INTEGER r, INTEGER s }`,
//! what CloudFront and `openssl dgst -sign` use) and raw `r || s` (64 bytes, what WebCrypto uses).
//! Plain byte work, no curve arithmetic, so it serves the lite build too.

use alloc::vec::Vec;

use super::der::{push_header, push_tlv, Reader, INTEGER, SEQUENCE};
use super::KeyError;

/// The size of `r` and of `s` for P-256.
const SCALAR: usize = 32;

/// Converts an ECDSA P-256 signature from the raw `r || s` form (64 bytes, what WebCrypto returns)
/// to the DER form CloudFront expects.
pub fn ecdsa_raw_to_der(raw: &[u8]) -> Result<Vec<u8>, KeyError> {
    if raw.len() != 2 * SCALAR {
        return Err(KeyError::Signing);
    }
    let (r, s) = raw.split_at(SCALAR);
    if r.iter().all(|b| *b == 0) || s.iter().all(|b| *b == 0) {
        return Err(KeyError::Signing);
    }
    let (r, s) = (integer(r), integer(s));
    let len = |int: &[&[u8]; 2]| 2 + int[0].len() + int[1].len();
    // At most 2 × (2 + 33) = 70 bytes: the short length form.
    let body = len(&r) + len(&s);
    let mut out = Vec::with_capacity(2 + body);
    push_header(&mut out, SEQUENCE, body);
    push_tlv(&mut out, INTEGER, &r);
    push_tlv(&mut out, INTEGER, &s);
    Ok(out)
}

/// The content of a DER `INTEGER` of the unsigned big-endian `bytes`, in two parts: a zero byte
/// when the top bit is set (else nothing), and the bytes without their leading zeros.
fn integer(bytes: &[u8]) -> [&[u8]; 2] {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    let digits = bytes.get(start..).unwrap_or_default();
    let pad: &[u8] = if digits.first().is_some_and(|b| *b >= 0x80) {
        &[0]
    } else {
        &[]
    };
    [pad, digits]
}

/// Converts a DER ECDSA P-256 signature to the raw `r || s` form WebCrypto verifies; `None` when it
/// is not a strictly encoded DER signature with `r` and `s` of at most 32 bytes, neither zero.
pub fn ecdsa_der_to_raw(der: &[u8]) -> Option<Vec<u8>> {
    // The strict reader: definite minimal lengths, minimal non-negative INTEGERs, nothing after.
    let mut fields = Reader::whole(der, SEQUENCE).ok()?;
    let r = scalar(&mut fields)?;
    let s = scalar(&mut fields)?;
    fields.finish().ok()?;
    let mut raw = alloc::vec![0u8; 2 * SCALAR];
    raw.get_mut(SCALAR - r.len()..SCALAR)?.copy_from_slice(r);
    raw.get_mut(2 * SCALAR - s.len()..)?.copy_from_slice(s);
    Some(raw)
}

/// The value bytes (without the sign byte) of the next INTEGER of `fields`, when it is positive
/// and of at most 32 bytes.
fn scalar<'a>(fields: &mut Reader<'a>) -> Option<&'a [u8]> {
    let value = fields.uint().ok()?;
    if value.len() > SCALAR || value.iter().all(|b| *b == 0) {
        return None;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_strictness() {
        let mut raw = [0u8; 64];
        raw[31] = 1;
        raw[32] = 0x80;
        raw[63] = 7;
        let der = ecdsa_raw_to_der(&raw).unwrap();
        assert_eq!(&der[..5], &[0x30, 3 + 35, 0x02, 1, 1]);
        assert_eq!(ecdsa_der_to_raw(&der).unwrap(), raw);
        let full = [0xffu8; 64];
        assert_eq!(
            ecdsa_der_to_raw(&ecdsa_raw_to_der(&full).unwrap()).unwrap(),
            full
        );
        assert!(ecdsa_raw_to_der(&[0u8; 64]).is_err());
        assert!(ecdsa_raw_to_der(&[1u8; 63]).is_err());
        // Not minimal, negative, trailing bytes, too long.
        for bad in [
            &[0x30, 6, 0x02, 1, 1, 0x02, 1, 1, 0][..],
            &[0x30, 7, 0x02, 2, 0, 1, 0x02, 1, 1],
            &[0x30, 6, 0x02, 1, 0x81, 0x02, 1, 1],
            &[0x30, 6, 0x02, 1, 0, 0x02, 1, 1],
            &[0x30, 5, 0x02, 1, 1, 0x02, 1],
            &[],
        ] {
            assert_eq!(ecdsa_der_to_raw(bad), None, "{bad:?}");
        }
    }
}
