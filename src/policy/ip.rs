//! Client IP ranges: the IPv4 CIDR text of a policy's `IpAddress` condition, checked as the AWS CLI
//! checks `--ip-address`.

use alloc::string::{String, ToString};
use core::fmt;
use core::net::IpAddr;

use super::PolicyError;

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
        if text.contains(':') {
            return Err(PolicyError::Ipv6Range {
                value: text.to_string(),
            });
        }
        match read_range(text) {
            Some((addr, prefix, slash)) => Ok(Self {
                addr,
                prefix,
                text: [text, if slash { "" } else { "/32" }].concat(),
            }),
            None => Err(PolicyError::InvalidIpRange {
                value: text.to_string(),
            }),
        }
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

/// `a.b.c.d` or `a.b.c.d/n` (see [`IpRange::parse`]): the address, the prefix, and whether the
/// text has one. The address as core reads an IPv4 address (each octet one to three digits, no
/// leading zero, at most 255), the prefix as one or two digits, at most 32.
fn read_range(text: &str) -> Option<([u8; 4], u8, bool)> {
    let (addr, prefix) = match text.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (text, None),
    };
    // Read as an `IpAddr` (the same IPv4 texts as `Ipv4Addr`'s), the one core::net entry the
    // lite WebAssembly links: the client IP's too.
    let addr = match addr.parse() {
        Ok(IpAddr::V4(v4)) => v4.octets(),
        _ => return None,
    };
    let bits = match prefix {
        // All digits: `u8`'s reading would also take a `+`.
        Some(p) if (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) => {
            p.parse::<u8>().ok().filter(|n| *n <= 32)?
        }
        Some(_) => return None,
        None => 32,
    };
    Some((addr, bits, prefix.is_some()))
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

    /// Every text of up to four of the grammar's pieces, and a few longer, against the AWS CLI's
    /// check (its regular expression, then Python's `ipaddress.IPv4Network(strict=False)`), whose
    /// accepted texts tests/vectors/core_refs.json lists (tests/vectors/gen_core_refs.py builds
    /// the same texts).
    #[test]
    fn reads_as_the_aws_cli() {
        let refs: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/vectors/core_refs.json")).unwrap();
        let accepted = refs["ip_ranges"].as_object().unwrap();
        let alphabet = [
            "0", "1", "2", "5", "9", ".", "/", "a", "25", "255.", "3/", "6.",
        ];
        let mut texts = alloc::vec![String::new()];
        for _ in 0..4 {
            let longer: alloc::vec::Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |a| [t.as_str(), a].concat()))
                .collect();
            texts.extend(longer.into_iter().filter(|t| t.len() <= 12));
            texts.sort();
            texts.dedup();
        }
        for t in [
            "1.2.3.4/32",
            "1.2.3.4/33",
            "1.2.3.4/0",
            "10.0.0.255/24",
            "1.2.3.4/08",
        ] {
            texts.push(t.into());
        }
        let mut found = 0;
        for text in &texts {
            let ours = IpRange::parse(text).ok().map(|r| (r.addr(), r.prefix()));
            let theirs = accepted.get(text.as_str()).map(|v| {
                let octets = |i| v[0][i].as_u64().unwrap() as u8;
                (
                    [octets(0), octets(1), octets(2), octets(3)],
                    v[1].as_u64().unwrap() as u8,
                )
            });
            found += usize::from(theirs.is_some());
            assert_eq!(ours, theirs, "{text}");
        }
        assert_eq!(found, accepted.len());
    }
}
