//! IP addresses as text, read and written exactly as `core::net` reads (`FromStr`) and writes
//! (`Display`) them, by a few small functions instead of core's generic parser and formatter
//! (about 5 KB of WebAssembly). The types stay core's `IpAddr`, `Ipv4Addr` and `Ipv6Addr`.

use core::fmt::{self, Write as _};
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Reads an IPv4 or IPv6 address, accepting exactly what `text.parse::<core::net::IpAddr>()`
/// accepts, with the same result.
///
/// IPv4 is four decimal octets, each 0–255 in one to three digits without a leading zero
/// (`01.2.3.4` is refused, as octal might be meant). IPv6 is eight groups of one to four hex
/// digits in either case, or fewer around one `::`, the last 32 bits possibly an IPv4 address
/// (`::ffff:192.0.2.1`). Nothing else: no zone (`%eth0`), brackets, prefix or white space.
///
/// ```
/// use cfsign::policy::parse_ip;
/// use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};
///
/// assert_eq!(parse_ip("192.0.2.1"), Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1))));
/// assert_eq!(parse_ip("2001:DB8::1"), Some(IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1))));
/// assert_eq!(parse_ip("192.0.2.01"), None);
/// assert_eq!(parse_ip("fe80::1%eth0"), None);
/// ```
pub fn parse_ip(text: &str) -> Option<IpAddr> {
    let bytes = text.as_bytes();
    // As core: an IPv4 address if one starts the text (then it must be all of it), else IPv6.
    match ipv4_at(bytes) {
        Some((octets, len)) => (len == bytes.len()).then(|| IpAddr::V4(Ipv4Addr::from(octets))),
        None => parse_ipv6(text).map(IpAddr::V6),
    }
}

/// Reads an IPv6 address as `text.parse::<core::net::Ipv6Addr>()` does (see [`parse_ip`]).
pub(crate) fn parse_ipv6(text: &str) -> Option<Ipv6Addr> {
    let bytes = text.as_bytes();
    let mut head = [0u16; 8];
    let (count, ipv4, len) = groups(bytes, &mut head);
    let rest = bytes.get(len..)?;
    if count < 8 {
        // An IPv4 address ends the address: it cannot come before `::`.
        if ipv4 {
            return None;
        }
        let rest = rest.strip_prefix(b"::")?;
        // `::` stands for at least one group.
        let mut tail = [0u16; 7];
        let (tail_count, _, tail_len) = groups(rest, tail.get_mut(count..)?);
        if tail_len != rest.len() {
            return None;
        }
        let tail = tail.get(count..count + tail_count)?;
        for (slot, group) in head.iter_mut().rev().zip(tail.iter().rev()) {
            *slot = *group;
        }
    } else if !rest.is_empty() {
        return None;
    }
    Some(Ipv6Addr::from(head))
}

/// Reads groups into `out` at the front of `text` as core does (`read_groups`): each group after
/// the first after a `:`, a group being one to four hex digits or, with at least two groups left,
/// an IPv4 address, which ends the groups. Stops before a `:` not followed by a group. Returns
/// how many groups were read (an IPv4 address counts as two), whether an IPv4 address ended
/// them, and the bytes read.
fn groups(text: &[u8], out: &mut [u16]) -> (usize, bool, usize) {
    let mut len = 0;
    for i in 0..out.len() {
        let start = match i {
            0 => 0,
            _ if text.get(len) == Some(&b':') => len + 1,
            _ => return (i, false, len),
        };
        let rest = text.get(start..).unwrap_or_default();
        if let (Some([high, low]), Some(([a, b, c, d], v4_len))) =
            (out.get_mut(i..i + 2), ipv4_at(rest))
        {
            (*high, *low) = (u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]));
            return (i + 2, true, start + v4_len);
        }
        match (out.get_mut(i), number(rest, 16, 4, true)) {
            (Some(slot), Some((group, digits))) => {
                *slot = group as u16;
                len = start + digits;
            }
            _ => return (i, false, len),
        }
    }
    (out.len(), false, len)
}

/// The IPv4 address at the front of `text`, and its length (core's `read_ipv4_addr`).
pub(super) fn ipv4_at(text: &[u8]) -> Option<([u8; 4], usize)> {
    let mut octets = [0u8; 4];
    let mut len = 0;
    for (i, octet) in octets.iter_mut().enumerate() {
        if i > 0 {
            if text.get(len) != Some(&b'.') {
                return None;
            }
            len += 1;
        }
        let (value, digits) = number(text.get(len..)?, 10, 3, false)?;
        *octet = u8::try_from(value).ok()?;
        len += digits;
    }
    Some((octets, len))
}

/// The number at the front of `text` in `radix`, and its length (core's `read_number`): all the
/// digits there are, refused if none, more than `max`, or a leading zero where it is not allowed.
pub(super) fn number(
    text: &[u8],
    radix: u32,
    max: usize,
    leading_zero: bool,
) -> Option<(u32, usize)> {
    let (mut value, mut len) = (0u32, 0);
    while let Some(digit) = text.get(len).and_then(|&b| char::from(b).to_digit(radix)) {
        // Exact while `len <= max`, the only values returned.
        value = value.wrapping_mul(radix).wrapping_add(digit);
        len += 1;
    }
    if len == 0 || len > max || (!leading_zero && len > 1 && text.first() == Some(&b'0')) {
        return None;
    }
    Some((value, len))
}

/// Writes an IP address exactly as core's `Display` does (without width or precision): IPv4 as
/// `a.b.c.d`; IPv6 as RFC 5952 writes it, lowercase hex without leading zeros, the first longest
/// run of two or more zero groups as `::`, and an IPv4-mapped address as `::ffff:a.b.c.d`.
pub(crate) struct ShowIp(pub(crate) IpAddr);

impl fmt::Display for ShowIp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v6 = match self.0 {
            IpAddr::V4(v4) => return write_ipv4(f, v4),
            IpAddr::V6(v6) => v6,
        };
        if let Some(v4) = v6.to_ipv4_mapped() {
            f.write_str("::ffff:")?;
            return write_ipv4(f, v4);
        }
        let groups = v6.segments();
        // The first longest run of zero groups: `gap_end` is one past it.
        let (mut gap_len, mut gap_end, mut run) = (0, 0, 0);
        for (i, group) in groups.iter().enumerate() {
            run = if *group == 0 { run + 1 } else { 0 };
            if run > gap_len {
                (gap_len, gap_end) = (run, i + 1);
            }
        }
        let gap = match gap_len {
            0 | 1 => 8..8,
            _ => gap_end - gap_len..gap_end,
        };
        for (i, group) in groups.iter().enumerate() {
            if gap.contains(&i) {
                if i == gap.start {
                    f.write_str("::")?;
                }
                continue;
            }
            if i > 0 && i != gap.end {
                f.write_char(':')?;
            }
            // Lowercase hex without leading zeros (`{:x}`).
            let digits = 4 - (group.leading_zeros() / 4).min(3);
            for k in (0..digits).rev() {
                let digit = u32::from(group >> (4 * k) & 0xf);
                f.write_char(char::from_digit(digit, 16).unwrap_or('0'))?;
            }
        }
        Ok(())
    }
}

/// `a.b.c.d`.
fn write_ipv4(f: &mut fmt::Formatter<'_>, ip: Ipv4Addr) -> fmt::Result {
    let [a, b, c, d] = ip.octets();
    write!(f, "{a}.{b}.{c}.{d}")
}

#[cfg(test)]
mod tests;
