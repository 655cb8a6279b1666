//! The IP reader and writer against core's own `FromStr` and `Display` (compiled only with
//! #[cfg(test)], from addr.rs): edge cases, every short text over a small alphabet, and (outside
//! WebAssembly) generated addresses and texts.

use super::{parse_ip, parse_ipv6, ShowIp};
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Both readings agree with core's on `text`, and what is read is written as core writes it.
fn same_as_core(text: &str) {
    let core_ip = text.parse::<IpAddr>().ok();
    assert_eq!(parse_ip(text), core_ip, "{text}");
    assert_eq!(parse_ipv6(text), text.parse::<Ipv6Addr>().ok(), "{text}");
    if let Some(ip) = core_ip {
        assert_eq!(ShowIp(ip).to_string(), ip.to_string(), "{text}");
    }
}

#[test]
fn edge_cases() {
    let v6 = |text: &str| {
        parse_ip(text).and_then(|ip| match ip {
            IpAddr::V6(v6) => Some(v6.segments()),
            IpAddr::V4(_) => None,
        })
    };
    assert_eq!(v6("::"), Some([0; 8]));
    assert_eq!(v6("::1"), Some([0, 0, 0, 0, 0, 0, 0, 1]));
    assert_eq!(v6("1::"), Some([1, 0, 0, 0, 0, 0, 0, 0]));
    assert_eq!(v6("1:2:3:4:5:6:7::"), Some([1, 2, 3, 4, 5, 6, 7, 0]));
    assert_eq!(v6("::2:3:4:5:6:7:8"), Some([0, 2, 3, 4, 5, 6, 7, 8]));
    assert_eq!(
        v6("::ffff:1.2.3.4"),
        Some([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304])
    );
    assert_eq!(v6("::1.2.3.4"), Some([0, 0, 0, 0, 0, 0, 0x0102, 0x0304]));
    assert_eq!(
        v6("1:2:3:4:5:6:1.2.3.4"),
        Some([1, 2, 3, 4, 5, 6, 0x0102, 0x0304])
    );
    assert_eq!(v6("1::5:6:255.0.0.1"), Some([1, 0, 0, 0, 5, 6, 0xff00, 1]));
    assert_eq!(v6("ABCD:Ef::0"), Some([0xabcd, 0xef, 0, 0, 0, 0, 0, 0]));
    assert_eq!(v6("0000:00::01"), Some([0, 0, 0, 0, 0, 0, 0, 1]));
    assert_eq!(
        parse_ip("192.0.2.255"),
        Some(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 255)))
    );
    assert_eq!(parse_ip("0.0.0.0"), Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
    for bad in [
        "",
        ":",
        ":::",
        "::1::",
        "1:::2",
        ":1::",
        "1::2:",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1:2:3:4::5:6:7:8",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "12345::",
        "::g",
        "fe80::1%1",
        "fe80::1%eth0",
        "[::1]",
        " ::1",
        "::1 ",
        "1.2.3.4::",
        "1.2.3.4:5:6:7:8:9:10",
        "1:2:3:4:5:6:7:1.2.3.4",
        "1:2:3:4:5:6::1.2.3.4",
        "::1.2.3",
        "::1.2.3.4.5",
        "::01.2.3.4",
        "::1.2.3.256",
        "::1.2.3.4:5",
        "01.2.3.4",
        "1.2.3.04",
        "00.1.2.3",
        "1.2.3.1234",
        "256.1.1.1",
        "1.2.3.4.",
        ".1.2.3.4",
        "1..2.3",
        "1.2.3",
        "1.2.3.4/32",
        "+1.2.3.4",
        "1.2.3.-4",
        "١.٢.٣.٤",
        "::１",
    ] {
        assert_eq!(parse_ip(bad), None, "{bad}");
        same_as_core(bad);
    }
}

#[test]
fn writes_as_core_writes() {
    for (segments, want) in [
        ([0; 8], "::"),
        ([0, 0, 0, 0, 0, 0, 0, 1], "::1"),
        ([1, 0, 0, 0, 0, 0, 0, 0], "1::"),
        ([1, 0, 0, 0, 0, 0, 0, 1], "1::1"),
        ([1, 0, 1, 1, 1, 1, 1, 1], "1:0:1:1:1:1:1:1"),
        ([1, 0, 0, 1, 0, 0, 0, 1], "1:0:0:1::1"),
        ([1, 0, 0, 1, 1, 0, 0, 1], "1::1:1:0:0:1"),
        ([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304], "::ffff:1.2.3.4"),
        ([0, 0, 0, 0, 0, 0xffff, 0, 0], "::ffff:0.0.0.0"),
        ([0, 0, 0, 0, 0, 0, 0x0102, 0x0304], "::102:304"),
        ([0, 0, 0, 0, 1, 0xffff, 0x0102, 0x0304], "::1:ffff:102:304"),
        ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0xABCD], "2001:db8::abcd"),
    ] {
        let ip = IpAddr::V6(Ipv6Addr::from(segments));
        assert_eq!(ShowIp(ip).to_string(), want);
        assert_eq!(ip.to_string(), want);
    }
    for v4 in [[0, 0, 0, 0], [255, 255, 255, 255], [192, 0, 2, 10]] {
        let ip = IpAddr::V4(Ipv4Addr::from(v4));
        assert_eq!(ShowIp(ip).to_string(), ip.to_string());
    }
}

/// Every text of up to 6 characters over `0`, `1`, `f`, `F`, `:`, `.` and `%`, and of up to 9
/// over `1`, `:` and `.`: read (or refused) as core reads them.
#[test]
fn every_short_text() {
    for (chars, longest) in [(&b"01fF:.%"[..], 6), (&b"1:."[..], 9)] {
        for len in 0..=longest {
            for mut n in 0..chars.len().pow(len) {
                let text: String = (0..len)
                    .map(|_| {
                        let c = chars[n % chars.len()];
                        n /= chars.len();
                        char::from(c)
                    })
                    .collect();
                same_as_core(&text);
            }
        }
    }
}

#[test]
fn every_zero_pattern_is_written_as_core_writes_it() {
    // Each group zero or not: every run of zeros, and ties between runs.
    for bits in 0u32..256 {
        for other in [1u16, 0xffff, 0x0abc] {
            let segments: Vec<u16> = (0..8)
                .map(|i| if bits >> i & 1 == 1 { other } else { 0 })
                .collect();
            let mut array = [0u16; 8];
            array.copy_from_slice(&segments);
            let ip = IpAddr::V6(Ipv6Addr::from(array));
            let text = ShowIp(ip).to_string();
            assert_eq!(text, ip.to_string());
            assert_eq!(parse_ip(&text), Some(ip), "{text}");
        }
    }
    assert_eq!(
        format!("{}", ShowIp(IpAddr::V4(Ipv4Addr::LOCALHOST))),
        "127.0.0.1"
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A group as text: hex of one to five digits (upper- or lowercase, maybe zero-padded).
    fn group() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<u16>().prop_map(|g| format!("{g:x}")),
            any::<u16>().prop_map(|g| format!("{g:04X}")),
            "[0-9a-fA-F]{1,5}",
            Just(String::from("0")),
        ]
    }

    /// An octet as text: decimal, maybe with a leading zero, maybe too large or too long.
    fn octet() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => any::<u8>().prop_map(|o| o.to_string()),
            1 => "[0-9]{1,4}",
        ]
    }

    /// An IPv4 address as text, maybe wrong.
    fn ipv4_text() -> impl Strategy<Value = String> {
        prop::collection::vec(octet(), 3..=5).prop_map(|o| o.join("."))
    }

    /// An IPv6 address as text: groups, maybe a `::`, maybe an IPv4 address at the end, maybe
    /// a stray character.
    fn ipv6_text() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(group(), 0..=9),
            prop::option::of(0usize..10),
            prop::option::of(ipv4_text()),
            prop::option::of((0usize..40, "[:.%/ gG0-9]")),
        )
            .prop_map(|(groups, gap, v4, stray)| {
                let mut parts: Vec<String> = groups;
                if let Some(v4) = v4 {
                    parts.push(v4);
                }
                let mut text = match gap {
                    Some(at) => {
                        let at = at.min(parts.len());
                        format!("{}::{}", parts[..at].join(":"), parts[at..].join(":"))
                    }
                    None => parts.join(":"),
                };
                if let Some((at, c)) = stray {
                    let at = at.min(text.len());
                    text.insert_str(at, &c);
                }
                text
            })
    }

    /// An address whose groups are mostly zeros or `ffff`, to exercise `::` and `::ffff:`.
    fn address() -> impl Strategy<Value = Ipv6Addr> {
        prop_oneof![
            any::<u128>().prop_map(Ipv6Addr::from),
            prop::array::uniform8(prop_oneof![
                3 => Just(0u16),
                1 => Just(0xffff),
                1 => any::<u16>(),
            ])
            .prop_map(Ipv6Addr::from),
            any::<u32>().prop_map(|v4| Ipv4Addr::from(v4).to_ipv6_mapped()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 20000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn reads_ipv6_text_as_core(text in ipv6_text()) {
            same_as_core(&text);
        }

        #[test]
        fn reads_ipv4_text_as_core(text in ipv4_text(), stray in "[.:0-9]{0,2}") {
            same_as_core(&text);
            same_as_core(&format!("{text}{stray}"));
        }

        #[test]
        fn reads_any_short_text_as_core(text in "[0-9a-fA-F:.%]{0,45}|\\PC{0,12}") {
            same_as_core(&text);
        }

        #[test]
        fn writes_and_reads_back_as_core(ip in address(), v4 in any::<u32>()) {
            for ip in [IpAddr::V6(ip), IpAddr::V4(Ipv4Addr::from(v4))] {
                let text = ShowIp(ip).to_string();
                prop_assert_eq!(&text, &ip.to_string());
                prop_assert_eq!(parse_ip(&text), Some(ip));
                // Uppercase is read too.
                prop_assert_eq!(parse_ip(&text.to_uppercase()), Some(ip));
            }
        }
    }
}
