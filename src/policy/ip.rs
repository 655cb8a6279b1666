//! Client IP ranges: the IPv4 CIDR text of a policy's `IpAddress` condition, checked as the AWS CLI
//! checks `--ip-address`.

use alloc::format;
use alloc::string::{String, ToString};
use core::fmt;

use super::PolicyError;

mod addr;

pub use addr::parse_ip;
pub(crate) use addr::{parse_ipv6, ShowIp};

/// An IPv4 address range in CIDR form, as CloudFront's `AWS:SourceIp` takes it.
///
/// CloudFront policies take IPv4 only (the AWS CLI refuses IPv6, and so does this type). A bare
/// address means `/32`. Host bits may be set (`192.0.2.7/24`), as botocore, the AWS CLI and the JS
/// SDK all allow; the text is written into the policy as given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IpRange {
    addr: [u8; 4],
    prefix: u8,
    text: String,
}

impl IpRange {
    /// Parses `a.b.c.d` or `a.b.c.d/n`, as the AWS CLI checks `--ip-address`
    /// (`_validate_signing_args`: `\d{1,3}(\.\d{1,3}){3}(/\d{1,2})?`, then Python's
    /// `ipaddress.IPv4Network(strict=False)`): each octet 0–255 in decimal without a leading zero,
    /// `n` one or two digits from 0 to 32 (`/08` is `/8`, and written as given).
    pub fn parse(text: &str) -> Result<Self, PolicyError> {
        let invalid = || PolicyError::InvalidIpRange {
            value: text.to_string(),
        };
        if text.contains(':') {
            return Err(PolicyError::Ipv6Range {
                value: text.to_string(),
            });
        }
        let (addr_text, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let mut addr = [0u8; 4];
        let mut octets = addr_text.split('.');
        for slot in &mut addr {
            *slot = octets
                .next()
                .and_then(parse_decimal_u8)
                .ok_or_else(invalid)?;
        }
        if octets.next().is_some() {
            return Err(invalid());
        }
        let prefix = match prefix {
            Some(p) if (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= 32)
                .ok_or_else(invalid)?,
            Some(_) => return Err(invalid()),
            None => 32,
        };
        let text = match text.contains('/') {
            true => text.to_string(),
            false => format!("{text}/32"),
        };
        Ok(Self { addr, prefix, text })
    }

    /// A range from its parts, the text written into the policy as given.
    pub(crate) fn from_parts(addr: [u8; 4], prefix: u8, text: String) -> Self {
        Self { addr, prefix, text }
    }

    /// The network address as written (host bits kept).
    pub fn addr(&self) -> [u8; 4] {
        self.addr
    }

    /// The prefix length, 0–32.
    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    /// Whether `ip` falls within the range.
    pub fn contains(&self, ip: [u8; 4]) -> bool {
        let mask = match self.prefix {
            0 => 0,
            p => u32::MAX << (32 - u32::from(p)),
        };
        (u32::from_be_bytes(self.addr) & mask) == (u32::from_be_bytes(ip) & mask)
    }

    /// The text written into the policy, always with a prefix (`192.0.2.1/32`).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for IpRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// A decimal number 0–255 of one to three digits without a leading zero.
fn parse_decimal_u8(text: &str) -> Option<u8> {
    let well_formed = !text.is_empty()
        && text.len() <= 3
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if well_formed {
        text.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_ranges() {
        let r = IpRange::parse("10.1.2.3/8").unwrap();
        assert_eq!(r.as_str(), "10.1.2.3/8");
        assert!(r.contains([10, 200, 0, 1]));
        assert!(!r.contains([11, 0, 0, 1]));
        assert!(IpRange::parse("0.0.0.0/0").unwrap().contains([8, 8, 8, 8]));
        for bad in [
            "",
            "1.2.3",
            "1.2.3.4.5",
            "256.0.0.1",
            "1.2.3.4/33",
            "01.2.3.4",
            "1.2.3.4/",
            "a.b.c.d",
            "1.2.3.4/-1",
            "1.2.3.4/032",
            "1.2.3.4/+8",
            "1.2.3.4/ 8",
            "1.2.3.4/255.255.0.0",
        ] {
            assert_eq!(
                IpRange::parse(bad),
                Err(PolicyError::InvalidIpRange { value: bad.into() }),
                "{bad}"
            );
        }
        // One or two digits, as the AWS CLI reads the prefix: `/08` is `/8`, written as given.
        let r = IpRange::parse("10.1.2.3/08").unwrap();
        assert_eq!((r.prefix(), r.as_str()), (8, "10.1.2.3/08"));
        assert_eq!(IpRange::parse("10.1.2.3/00").unwrap().prefix(), 0);
        assert!(matches!(
            IpRange::parse("2001:db8::/32"),
            Err(PolicyError::Ipv6Range { .. })
        ));
    }
}
