use super::*;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

/// The `k` digits after the point of 2^-k, by halving 1 `k` times (not as `five_pow` does).
fn half_pow_digits(k: usize) -> String {
    let mut digits: Vec<u8> = Vec::new();
    let mut carry = 1;
    for _ in 0..k {
        for d in digits.iter_mut() {
            let x = carry * 10 + *d;
            *d = x / 2;
            carry = x % 2;
        }
        digits.push(5 * carry);
        carry = 0;
    }
    digits.iter().map(|d| char::from(b'0' + d)).collect()
}

#[test]
fn halving_is_right() {
    assert_eq!(half_pow_digits(1), "5");
    assert_eq!(half_pow_digits(3), "125");
    assert_eq!(half_pow_digits(5), "03125");
}

#[test]
fn numbers_as_javascript_reads_them() {
    let cases: &[(&str, Option<u8>)] = &[
        ("0", Some(0)),
        ("255", Some(255)),
        ("256", None),
        ("010", Some(10)),
        (" 7", Some(7)),
        ("7 ", Some(7)),
        ("1e2", Some(100)),
        ("1E2", Some(100)),
        ("1e+2", Some(100)),
        ("1e-0", Some(1)),
        ("2.55e2", Some(255)),
        ("25500e-2", Some(255)),
        ("0.255e3", Some(255)),
        (".5e1", Some(5)),
        ("+5", Some(5)),
        ("-0", Some(0)),
        ("+0", Some(0)),
        ("-0.0", Some(0)),
        ("-.0e7", Some(0)),
        ("-0e99999999999999999999", Some(0)),
        ("-1e-400", Some(0)),
        ("1e-400", Some(0)),
        ("1e-99999999999999999999", Some(0)),
        ("0e-99999999999999999999", Some(0)),
        ("1e99999999999999999999", None),
        ("0e99999999999999999999", Some(0)),
        ("1e400", None),
        ("-1", None),
        ("-0.4", None),
        ("-1e-300", None),
        ("0.5", None),
        ("5e-1", None),
        ("255.5", None),
        ("Infinity", None),
        ("+Infinity", None),
        ("-Infinity", None),
        ("infinity", None),
        ("inf", None),
        ("NaN", None),
        ("0x", None),
        ("0xFF", Some(255)),
        ("0xff", Some(255)),
        ("0X1f", Some(31)),
        ("0x100", None),
        ("0x10000000000000000000000000", None),
        ("0b11111111", Some(255)),
        ("0B0", Some(0)),
        ("0o377", Some(255)),
        ("0O400", None),
        ("0x+5", None),
        ("0x-5", None),
        ("+0x5", None),
        ("-0x5", None),
        ("00x5", None),
        ("0x5 ", Some(5)),
        ("0xg", None),
        ("0b2", None),
        ("0o8", None),
        ("0x5.0", None),
        ("0x1e", Some(30)),
        ("0x1e2", None),
        ("\u{85}5", None),
        ("5\u{85}", None),
        ("\u{180e}5", None),
        ("\u{200b}5", None),
        ("\u{feff}5", Some(5)),
        ("\u{3000}5\u{2029}", Some(5)),
        (
            "\u{a0}\u{1680}\u{2000}\u{200a}\u{2028}\u{202f}\u{205f}5\t\n\u{b}\u{c}\r ",
            Some(5),
        ),
        (".", None),
        ("+.", None),
        ("1.", Some(1)),
        ("5.", Some(5)),
        (".5", None),
        ("1.e1", Some(10)),
        (".e1", None),
        ("1e", None),
        ("1e+", None),
        ("1e-", None),
        ("1e+-1", None),
        ("1e5e5", None),
        ("1..2", None),
        ("1 2", None),
        ("+ 1", None),
        ("1_0", None),
        ("e5", None),
        ("--1", None),
        ("+-1", None),
        ("-+1", None),
        ("++1", None),
        ("", Some(0)),
        ("   ", Some(0)),
        ("\u{feff}", Some(0)),
        ("\u{85}", None),
        ("1,5", None),
        ("１", None),
        // Decimal values that round to an integer (or not).
        ("255.00000000000001", Some(255)),
        ("254.99999999999999", Some(255)),
        ("255.99999999999999", None),
        ("127.99999999999999", None),
        ("0.99999999999999999", Some(1)),
        ("0.99999999999999994", None),
        ("0.99999999999999995", Some(1)),
        (
            "0.99999999999999994448884876874217297881841659545898437",
            None,
        ),
        (
            "0.999999999999999944488848768742172978818416595458984375",
            Some(1),
        ),
        ("2.4703282292062328e-324", None),
        ("2.4703282292062327e-324", Some(0)),
        ("1e-324", Some(0)),
        ("3e-324", None),
        ("25500000000000001e-14", Some(255)),
        ("2555e-1", None),
        ("1.0000000000000002", None),
        ("1.0000000000000001", Some(1)),
        (
            "1.00000000000000011102230246251565404236316680908203125",
            Some(1),
        ),
        (
            "1.000000000000000111022302462515654042363166809082031251",
            None,
        ),
        (
            "1.99999999999999988897769753748434595763683319091796875",
            Some(2),
        ),
        (
            "1.99999999999999988897769753748434595763683319091796874",
            None,
        ),
    ];
    let wrong: Vec<_> = cases
        .iter()
        .filter(|&&(text, want)| js_uint(text, 255) != want)
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
}

#[test]
fn masks_up_to_32() {
    let cases: &[(&str, Option<u8>)] = &[
        ("32", Some(32)),
        ("33", None),
        ("0x20", Some(32)),
        ("0x21", None),
        ("32.000000000000001", Some(32)),
        ("32.000000000000004", None),
        (
            "32.0000000000000035527136788005009293556213378906250",
            Some(32),
        ),
        ("32.0000000000000035527136788005009293556213378906251", None),
        // 32 - 2^-48 is a float; 32 - 2^-49, a tie, is 32.
        ("31.999999999999996447286321199499070644378662109375", None),
        (
            "31.9999999999999982236431605997495353221893310546875",
            Some(32),
        ),
        ("32.999999999999999", None),
        ("3.2e1", Some(32)),
    ];
    let wrong: Vec<_> = cases
        .iter()
        .filter(|&&(text, want)| js_uint(text, 32) != want)
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
    assert_eq!(js_uint("0", 0), Some(0));
    assert_eq!(js_uint("1", 0), None);
    assert_eq!(js_uint("0.99999999999999999", 0), None);
}

#[test]
fn long_digit_strings() {
    let zeros = "0".repeat(100_000);
    assert_eq!(js_uint(&format!("{zeros}7"), 255), Some(7));
    assert_eq!(js_uint(&format!("7{zeros}"), 255), None);
    assert_eq!(js_uint(&format!("7.{zeros}"), 255), Some(7));
    assert_eq!(js_uint(&format!("7.{zeros}1"), 255), Some(7));
    assert_eq!(js_uint(&format!("0.{zeros}1"), 255), Some(0));
    assert_eq!(js_uint(&format!("1{zeros}e-100000"), 255), Some(1));
    assert_eq!(js_uint(&format!("1{zeros}1e-100000"), 255), Some(10));
    assert_eq!(js_uint(&format!("1{zeros}1e-100001"), 255), Some(1));
    assert_eq!(js_uint(&format!("0.{zeros}25e100002"), 255), Some(25));
    assert_eq!(js_uint(&format!("0x{zeros}ff"), 255), Some(255));
    assert_eq!(js_uint(&format!("0b{zeros}1{zeros}"), 255), None);
    assert_eq!(js_uint(&format!("0o{zeros}"), 255), Some(0));
    let nines = "9".repeat(100_000);
    assert_eq!(js_uint(&format!("254.{nines}"), 255), Some(255));
    assert_eq!(js_uint(&format!("0.{nines}"), 255), Some(1));
    assert_eq!(js_uint(&format!("0.{nines}"), 0), None);
    assert_eq!(js_uint(&format!("255.{nines}"), 255), None);
}

/// Around every threshold: n + 2^-k and n + 1 - 2^-k, exactly, a digit short and a digit over.
#[test]
fn exact_thresholds() {
    for n in 0u32..=255 {
        let k = if n == 0 {
            54
        } else {
            53 - (31 - n.leading_zeros())
        } as usize;
        let low = half_pow_digits(k);
        // 1 - 2^-k: nines' complement, plus one in the last digit (which is 5).
        let high: String = low
            .bytes()
            .enumerate()
            .map(|(i, d)| char::from(if i + 1 == k { b'5' } else { b'9' - (d - b'0') }))
            .collect();
        let up = |x: u32| u8::try_from(x).ok();
        if n > 0 {
            // The tie goes to n; anything above is n's neighbour, not an integer.
            assert_eq!(js_uint(&format!("{n}.{low}"), 255), up(n), "{n} + 2^-{k}");
            assert_eq!(
                js_uint(&format!("{n}.{low}0000"), 255),
                up(n),
                "{n} + 2^-{k}"
            );
            assert_eq!(js_uint(&format!("{n}.{low}1"), 255), None, "{n} + 2^-{k}+");
            let short = &low[..k - 1];
            assert_eq!(
                js_uint(&format!("{n}.{short}"), 255),
                up(n),
                "{n} + 2^-{k}-"
            );
            assert_eq!(js_uint(&format!("{n}{low}e-{k}"), 255), up(n));
            let len = n.to_string().len();
            assert_eq!(js_uint(&format!("0.{n}{low}e{len}"), 255), up(n));
        }
        assert_eq!(
            js_uint(&format!("{n}.{high}"), 255),
            up(n + 1),
            "{n} + 1 - 2^-{k}"
        );
        assert_eq!(js_uint(&format!("{n}.{high}1"), 255), up(n + 1));
        let short = format!("{}4", &high[..k - 1]);
        assert_eq!(
            js_uint(&format!("{n}.{short}"), 255),
            None,
            "{n} + 1 - 2^-{k}-"
        );
        assert_eq!(js_uint(&format!("{n}.{short}999999"), 255), None);
    }
    let tiny = half_pow_digits(1075);
    assert_eq!(js_uint(&format!("0.{tiny}"), 255), Some(0));
    assert_eq!(js_uint(&format!("-0.{tiny}"), 255), Some(0));
    assert_eq!(js_uint(&format!("0.{tiny}000"), 255), Some(0));
    assert_eq!(js_uint(&format!("0.{tiny}0001"), 255), None);
    assert_eq!(js_uint(&format!("-0.{tiny}0001"), 255), None);
    assert_eq!(js_uint(&format!("0.{}", &tiny[..1074]), 255), Some(0));
    let digits = tiny.trim_start_matches('0');
    assert_eq!(js_uint(&format!("{digits}e-1075"), 255), Some(0));
    assert_eq!(js_uint(&format!("{digits}1e-1076"), 255), None);
}
