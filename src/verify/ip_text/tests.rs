//! [`IpText`] against `std::net`'s Display (not against itself).

use super::IpText;
use alloc::string::ToString;
use alloc::vec::Vec;
use core::net::IpAddr;
use std::net::{Ipv4Addr, Ipv6Addr};

fn same(ip: IpAddr) {
    assert_eq!(IpText(ip).to_string(), ip.to_string(), "{ip:?}");
}

#[test]
fn named_forms_match_std() {
    for text in [
        "::",
        "::1",
        "1::",
        "::ffff:1.2.3.4",
        "::FFFF:255.255.255.255",
        "::ffff:0.0.0.0",
        "::1.2.3.4",
        "::ffff:0:0",
        "64:ff9b::192.0.2.1",
        "1:0:2:3:4:5:6:7",
        "1:0:0:2:0:0:3:4",
        "1:0:0:2:0:0:0:3",
        "0:0:1:0:0:1:0:0",
        "1:0:2:0:3:0:4:0",
        "0:1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:0",
        "1:2:3:4:5:6:0:0",
        "0:0:1:2:3:4:5:6",
        "2001:DB8:0000:0000:0008:0800:200C:417A",
        "2001:db8:0:0:8:800:200c:417a",
        "FE80::0202:B3FF:FE1E:8329",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "0001:0010:0100:1000:000a:00a0:0a00:a000",
        "fe80::1:0:0:0",
        "0.0.0.0",
        "255.255.255.255",
        "192.0.2.7",
        "10.0.100.9",
        "1.22.103.250",
    ] {
        same(text.parse().unwrap());
    }
}

/// Every address whose eight groups are drawn from {0, 1, 0xabcd, 0xffff} (65,536 of them: every
/// shape of zero runs), plus every IPv4 octet in every position.
#[test]
fn every_zero_run_shape_matches_std() {
    let values = [0u16, 1, 0xabcd, 0xffff];
    for n in 0u32..(1 << 16) {
        let groups: Vec<u16> = (0..8)
            .map(|i| values[(n >> (2 * i)) as usize & 3])
            .collect();
        let g: [u16; 8] = groups.try_into().unwrap();
        same(IpAddr::V6(Ipv6Addr::from(g)));
    }
    for octet in 0..=255u8 {
        same(IpAddr::V4(Ipv4Addr::new(octet, 0, 255, octet)));
        same(IpAddr::V4(Ipv4Addr::new(1, octet, octet, 9)));
        same(IpAddr::V6(
            Ipv4Addr::new(octet, 10, 1, octet).to_ipv6_mapped(),
        ));
    }
}

/// Pseudo-random addresses (a fixed xorshift sequence), with groups of every digit count.
#[test]
fn random_addresses_match_std() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let (a, b) = (next(), next());
        let mut groups = [0u16; 8];
        for (i, g) in groups.iter_mut().enumerate() {
            let v = (a >> (8 * i)) as u16;
            // Mostly zeros and short groups, so that runs and leading zeros are common.
            *g = match (b >> (3 * i)) & 7 {
                0..=2 => 0,
                3 => v & 0xf,
                4 => v & 0xff,
                5 => v & 0xfff,
                _ => v,
            };
        }
        same(IpAddr::V6(Ipv6Addr::from(groups)));
        same(IpAddr::V4(Ipv4Addr::from((a >> 32) as u32)));
    }
}
