//! ECDSA P-256 signatures between their two forms: DER (`SEQUENCE { INTEGER r, INTEGER s }`,
//! what CloudFront and `openssl dgst -sign` use) and raw `r || s` (64 bytes, what WebCrypto uses).
//! Plain byte work, no curve arithmetic, so it serves the lite build too.

use alloc::vec::Vec;

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
    let (r, s) = (der_integer(r), der_integer(s));
    // At most 2 × (2 + 33) = 70 bytes: the short length form.
    let mut out = Vec::with_capacity(2 + r.len() + s.len());
    out.push(0x30);
    out.push((r.len() + s.len()) as u8);
    out.extend_from_slice(&r);
    out.extend_from_slice(&s);
    Ok(out)
}

/// A DER `INTEGER` of the unsigned big-endian `bytes`: leading zeros dropped, one added when the
/// top bit is set.
fn der_integer(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    let digits = bytes.get(start..).unwrap_or_default();
    let pad = digits.first().is_some_and(|b| *b >= 0x80);
    let mut out = Vec::with_capacity(3 + digits.len());
    out.push(0x02);
    out.push((digits.len() + usize::from(pad)) as u8);
    if pad {
        out.push(0);
    }
    out.extend_from_slice(digits);
    out
}

/// Converts a DER ECDSA P-256 signature to the raw `r || s` form WebCrypto verifies; `None` when it
/// is not a strictly encoded DER signature with `r` and `s` of at most 32 bytes, neither zero.
pub fn ecdsa_der_to_raw(der: &[u8]) -> Option<Vec<u8>> {
    let body = match der {
        [0x30, len, body @ ..] if usize::from(*len) == body.len() && *len < 0x80 => body,
        _ => return None,
    };
    let (r, rest) = read_integer(body)?;
    let (s, rest) = read_integer(rest)?;
    if !rest.is_empty() {
        return None;
    }
    let mut raw = alloc::vec![0u8; 2 * SCALAR];
    raw.get_mut(SCALAR - r.len()..SCALAR)?.copy_from_slice(r);
    raw.get_mut(2 * SCALAR - s.len()..)?.copy_from_slice(s);
    Some(raw)
}

/// One strictly encoded, positive, non-zero DER `INTEGER` of at most 32 bytes of value: its
/// value bytes (without the sign byte) and what follows it.
fn read_integer(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let [0x02, len, rest @ ..] = der else {
        return None;
    };
    let len = usize::from(*len);
    if len == 0 || len >= 0x80 || rest.len() < len {
        return None;
    }
    let (value, rest) = rest.split_at(len);
    let value = match value {
        // A leading zero only to clear the sign bit of the next byte.
        [0, next, ..] if *next >= 0x80 => value.get(1..)?,
        [0, ..] => return None,
        [first, ..] if *first >= 0x80 => return None,
        _ => value,
    };
    if value.len() > SCALAR || value.iter().all(|b| *b == 0) {
        return None;
    }
    Some((value, rest))
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
