//! What a key's algorithm identifier makes it (RSA, or EC on P-256), and CloudFront's RSA size:
//! the checks that private keys (`pkcs8.rs`) and public keys (`public.rs`) share.

use alloc::string::ToString;

use super::asn1::{AlgorithmId, OID_EC, OID_P256, OID_RSA};
use super::der::{Oid, NULL};
use super::{KeyError, KeyKind, RSA_BITS};

/// The kind a key's algorithm identifier names: RSA (its parameters `NULL`, RFC 8017 A.1, or
/// absent), or EC on P-256 (the named curve checked).
pub(super) fn algorithm_kind(algorithm: &AlgorithmId<'_>) -> Result<KeyKind, KeyError> {
    if algorithm.oid.is(OID_RSA) {
        if !matches!(algorithm.params, None | Some((NULL, []))) {
            return Err(KeyError::Malformed {
                format: "RSA algorithm identifier (its parameters must be NULL)",
            });
        }
        Ok(KeyKind::Rsa)
    } else if algorithm.oid.is(OID_EC) {
        let curve = algorithm.params_oid();
        if !curve.is_some_and(|c| c.is(OID_P256)) {
            return Err(unsupported_curve(curve));
        }
        Ok(KeyKind::EcdsaP256)
    } else {
        Err(KeyError::UnsupportedAlgorithm {
            oid: algorithm.oid.to_string(),
        })
    }
}

/// [`KeyError::UnsupportedCurve`], naming `curve`.
pub(super) fn unsupported_curve(curve: Option<Oid<'_>>) -> KeyError {
    KeyError::UnsupportedCurve {
        curve: curve.map(|c| c.to_string()),
    }
}

/// Refuses an RSA modulus of another size than CloudFront's, if asked.
pub(super) fn check_rsa_size(modulus: &[u8], check_size: bool) -> Result<(), KeyError> {
    let bits = bit_length(modulus);
    if check_size && bits != RSA_BITS {
        return Err(KeyError::RsaKeySize { bits });
    }
    Ok(())
}

/// The bit length of an unsigned big-endian integer.
fn bit_length(n: &[u8]) -> usize {
    let leading = n.iter().take_while(|b| **b == 0).count();
    n.get(leading)
        .map_or(0, |b| (n.len() - leading) * 8 - b.leading_zeros() as usize)
}
