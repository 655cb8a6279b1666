//! `parseCIDR`: the SDK's reading of `ipAddress`, with its messages.

use alloc::string::ToString;

use super::number::js_uint;
use super::Error;
use crate::policy::IpRange;

/// Why `parseCIDR` refuses a range (the end of its message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CidrProblem {
    /// An empty part around `/`.
    MissingPart,
    /// Not four `.`-separated octets.
    NotFourOctets,
    /// An octet that is not an integer 0–255.
    InvalidOctets,
    /// A mask that is not an integer 0–32.
    InvalidMask,
}

impl CidrProblem {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::MissingPart => "missing ip or mask part of CIDR",
            // The SDK's inner message has its own period: "...octets..", as it throws it.
            Self::NotFourOctets => "IP does not contain four octets.",
            Self::InvalidOctets => "invalid IP octets",
            Self::InvalidMask => "invalid mask",
        }
    }
}

/// Reads `ipAddress` as the SDK's `parseCIDR` does: split on `/`; every part non-empty; the
/// address four `.`-separated octets, each an integer 0–255 by JavaScript's `Number()` (so `010`,
/// ` 7` and `1e2` pass, and an empty octet is 0); the mask, when there are exactly two parts, an
/// integer 0–32. The policy gets `<address as written>/<mask as written, or 32>`.
pub fn parse_cidr(text: &str) -> Result<IpRange, Error> {
    read_cidr(text).map_err(|problem| Error::InvalidIp {
        value: text.to_string(),
        problem,
    })
}

/// [`parse_cidr`], but for the message.
fn read_cidr(text: &str) -> Result<IpRange, CidrProblem> {
    if text.split('/').any(str::is_empty) {
        return Err(CidrProblem::MissingPart);
    }
    // The parts around `/`: the mask is read only when there are exactly two.
    let (address, mask) = match text.split_once('/') {
        Some((address, mask)) if !mask.contains('/') => (address, Some(mask)),
        Some((address, _)) => (address, None),
        None => (text, None),
    };
    if address.bytes().filter(|&b| b == b'.').count() != 3 {
        return Err(CidrProblem::NotFourOctets);
    }
    let mut addr = [0u8; 4];
    for (slot, octet) in addr.iter_mut().zip(address.split('.')) {
        *slot = js_uint(octet, 255).ok_or(CidrProblem::InvalidOctets)?;
    }
    let (prefix, mask_text) = match mask {
        Some(mask) => (js_uint(mask, 32).ok_or(CidrProblem::InvalidMask)?, mask),
        None => (32, "32"),
    };
    Ok(IpRange::from_parts(
        addr,
        prefix,
        [address, "/", mask_text].concat(),
    ))
}
