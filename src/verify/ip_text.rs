//! A client IP's text in a verdict (the reason's message and its `client_ip` field): the same
//! canonical text as `core::net`'s `IpAddr` Display (RFC 5952 for IPv6: lowercase, no leading
//! zeros, the longest run of two or more zero groups as `::`, the first of equal runs; an
//! IPv4-mapped address as `::ffff:a.b.c.d`), written by hand.
//!
//! A size trick (issue 20, item 4): it replaces `core::net`'s `IpAddr`/`Ipv6Addr`/`Ipv4Addr`
//! Display, whose width and precision padding and integer formatting the lite WebAssembly
//! otherwise links only for this text. Measured by `make package`: lite 95,583 -> 94,955 bytes gzipped (-628).
//! The tests compare it with `std::net`'s Display over many addresses.

use core::fmt::{self, Write};
use core::net::IpAddr;

/// Displays an IP address as `core::net`'s Display does (without width or precision).
#[derive(Clone, Copy)]
pub(crate) struct IpText(pub(crate) IpAddr);

impl fmt::Display for IpText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v6 = match self.0 {
            IpAddr::V4(v4) => return dotted(f, v4.octets()),
            IpAddr::V6(v6) => v6,
        };
        if let Some(v4) = v6.to_ipv4_mapped() {
            f.write_str("::ffff:")?;
            return dotted(f, v4.octets());
        }
        let groups = v6.segments();
        // The longest run of zero groups (the first of equal runs); compressed only from two.
        let (mut start, mut len, mut run) = (0, 0, 0);
        for (i, &group) in groups.iter().enumerate() {
            run = if group == 0 { run + 1 } else { 0 };
            if run > len {
                (start, len) = (i + 1 - run, run);
            }
        }
        if len < 2 {
            (start, len) = (groups.len(), 0);
        }
        for (i, &group) in groups.iter().enumerate() {
            if i == start {
                f.write_str("::")?;
            }
            if i >= start && i < start + len {
                continue;
            }
            if i > 0 && i != start + len {
                f.write_char(':')?;
            }
            let mut shift = 12;
            while shift > 0 && group >> shift == 0 {
                shift -= 4;
            }
            loop {
                f.write_char(digit(group >> shift))?;
                if shift == 0 {
                    break;
                }
                shift -= 4;
            }
        }
        Ok(())
    }
}

/// `a.b.c.d`, each octet in decimal without leading zeros.
fn dotted(f: &mut fmt::Formatter<'_>, octets: [u8; 4]) -> fmt::Result {
    for (i, octet) in octets.into_iter().enumerate() {
        if i > 0 {
            f.write_char('.')?;
        }
        if octet >= 100 {
            f.write_char(char::from(b'0' + octet / 100))?;
        }
        if octet >= 10 {
            f.write_char(char::from(b'0' + octet / 10 % 10))?;
        }
        f.write_char(char::from(b'0' + octet % 10))?;
    }
    Ok(())
}

/// The lowercase hexadecimal digit of `n`'s low four bits.
fn digit(n: u16) -> char {
    let n = (n & 0xf) as u8;
    char::from(if n < 10 { b'0' + n } else { b'a' + n - 10 })
}

#[cfg(test)]
mod tests;
