//! JavaScript's `Number(text)`, as far as the SDK's `parseCIDR` asks: is it an integer in a small
//! range? Decided on the text, digit by digit, with no floating point, exactly as ECMAScript's
//! StringToNumber (the value rounded to the nearest `f64`, ties to even) followed by
//! `Number.isInteger(n) && 0 <= n && n <= max` decides.

use alloc::vec;
use alloc::vec::Vec;
use core::cmp::Ordering;

/// `Number(text)` when it is an integer in `0..=max`, else `None` (`NaN`, a fraction, out of range).
///
/// The text is trimmed of JavaScript's white space and line terminators (not U+0085, which Rust's
/// `char::is_whitespace` trims), then is empty (0), `0x`/`0o`/`0b` (any case) followed by one or
/// more digits of that radix and nothing else (no sign), `Infinity` with an optional sign (never an
/// integer), or a decimal: an optional sign, digits with an optional `.` and fraction (`1.` and
/// `.5`, not `.`), and an optional exponent (`e`/`E`, optional sign, digits). Anything else is
/// `NaN`. A decimal is rounded to the nearest `f64`, so text that is not an integer may still be
/// one to JavaScript (`255.00000000000001` is 255, `0.99999999999999999` is 1), and `-0`,
/// `-1e-400` are -0, an integer in range: 0.
pub(crate) fn js_uint(text: &str, max: u8) -> Option<u8> {
    let t = text.trim_matches(is_js_space);
    let radix = match t.get(..2) {
        Some("0x" | "0X") => 16,
        Some("0o" | "0O") => 8,
        Some("0b" | "0B") => 2,
        _ => return decimal(t, max),
    };
    let digits = t.get(2..).filter(|d| !d.is_empty())?;
    // Any number of leading zeros; past `max` the answer is `None` whatever follows.
    digits.chars().try_fold(0u8, |value, c| {
        let next = u32::from(value) * radix + c.to_digit(radix)?;
        u8::try_from(next).ok().filter(|&v| v <= max)
    })
}

/// ECMAScript's StrWhiteSpaceChar: WhiteSpace (tab, VT, FF, U+FEFF and the `Zs` spaces) and
/// LineTerminator (LF, CR, U+2028, U+2029).
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// The trimmed text as StrDecimalLiteral (`Infinity` included, as `None`: not an integer).
fn decimal(t: &str, max: u8) -> Option<u8> {
    if t.is_empty() {
        return Some(0);
    }
    let (negative, unsigned) = sign(t);
    let (int, rest) = leading_digits(unsigned);
    let (frac, rest) = match rest.strip_prefix('.') {
        Some(after) => leading_digits(after),
        None => ("", rest),
    };
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let exponent = match rest.as_bytes().first() {
        Some(b'e' | b'E') => exponent(rest.get(1..)?)?,
        Some(_) => return None,
        None => 0,
    };
    let all = Digits {
        zeros: 0,
        int: int.as_bytes(),
        frac: frac.as_bytes(),
    };
    let Some(zeros) = all.clone().position(|d| d != 0) else {
        return Some(0); // 0 or -0
    };
    let mut digits = all;
    for _ in 0..zeros {
        digits.next();
    }
    // The value is 0.<digits> × 10^point, its first digit not 0: 10^(point-1) <= value < 10^point.
    let point = exponent
        .saturating_add(i64::try_from(int.len()).unwrap_or(i64::MAX))
        .saturating_sub(i64::try_from(zeros).unwrap_or(i64::MAX));
    let rounded = match point {
        // 1000 or more.
        4.. => return None,
        // The integer part's 1 to 3 digits, then the fraction.
        1..=3 => {
            let n = (0..point).fold(0u16, |n, _| n * 10 + u16::from(digits.next().unwrap_or(0)));
            if n > u16::from(max) {
                return None;
            }
            // Half the spacing of doubles in [n, n + 1): 2^(e-53), for 2^e <= n < 2^(e+1).
            let k = 53 - n.checked_ilog2().unwrap_or(0);
            round(n, digits, Some(k), k)?
        }
        // Under 10^-324, less than half the least subnormal (2^-1075, about 2.47e-324): 0.
        ..=-324 => 0,
        // Under 1: rounds to 0 at or under 2^-1075 (only possible here, under 10^-322), to 1 at
        // or over 1 - 2^-54 (half the spacing of doubles under 1).
        _ => {
            let fraction = Digits {
                zeros: usize::try_from(-point).unwrap_or(0),
                ..digits
            };
            round(0, fraction, (point == -323).then_some(1075), 54)?
        }
    };
    let value = u8::try_from(rounded).ok().filter(|&v| v <= max)?;
    // Negative values are out of range, but for -0.
    (!negative || value == 0).then_some(value)
}

/// Decimal digits, as values 0–9, most significant first: `zeros` zeros, then the ASCII digits
/// of `int`, then those of `frac`.
#[derive(Clone)]
struct Digits<'a> {
    zeros: usize,
    int: &'a [u8],
    frac: &'a [u8],
}

impl Iterator for Digits<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        if self.zeros > 0 {
            self.zeros -= 1;
            return Some(0);
        }
        let part = if self.int.is_empty() {
            &mut self.frac
        } else {
            &mut self.int
        };
        let (&d, rest) = part.split_first()?;
        *part = rest;
        Some(d - b'0')
    }
}

/// The longest prefix of ASCII digits, and the rest.
fn leading_digits(s: &str) -> (&str, &str) {
    let end = s
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    s.split_at_checked(end).unwrap_or((s, ""))
}

/// An optional `-` or `+` (whether it is `-`), and the rest.
fn sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..).unwrap_or_default()),
        Some(b'+') => (false, s.get(1..).unwrap_or_default()),
        _ => (false, s),
    }
}

/// ExponentPart's SignedInteger, saturated (far beyond any length of text).
fn exponent(s: &str) -> Option<i64> {
    let (negative, digits) = sign(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let e = digits.bytes().fold(0i64, |e, b| {
        e.saturating_mul(10).saturating_add(i64::from(b - b'0'))
    });
    Some(if negative { -e } else { e })
}

/// `n + 0.<fraction>` rounded to the nearest double: `n` when the fraction is at most 2^-`low`
/// (the tie goes to `n`, whose last mantissa bit is 0; no `low`: the fraction is known to be
/// more), `n + 1` when it is at least 1 - 2^-`high` (likewise), else not an integer.
fn round(n: u16, fraction: Digits<'_>, low: Option<u32>, high: u32) -> Option<u16> {
    if low.is_some_and(|k| compare(fraction.clone(), half_pow(k)) != Ordering::Greater) {
        return Some(n);
    }
    let mut one_minus = half_pow(high);
    let last = one_minus.len().saturating_sub(1);
    for (i, d) in one_minus.iter_mut().enumerate() {
        // 10^k - 5^k: nines' complement, plus 1 in the last digit (5, as every power of 5 ends).
        *d = if i == last { 10 - *d } else { 9 - *d };
    }
    (compare(fraction, one_minus) != Ordering::Less).then_some(n + 1)
}

/// The `k` digits after the point of 2^-k = 5^k / 10^k (`k` >= 1), most significant first.
fn half_pow(k: u32) -> Vec<u8> {
    // 5^k, least significant digit first, in k digits (5^k < 10^k).
    let mut digits = vec![0u8; k as usize];
    if let Some(one) = digits.first_mut() {
        *one = 1;
    }
    let mut len = 1;
    for _ in 0..k {
        let mut carry = 0;
        for d in digits.iter_mut().take(len + 1) {
            let x = *d * 5 + carry;
            *d = x % 10;
            carry = x / 10;
        }
        if digits.get(len).is_some_and(|&d| d != 0) {
            len += 1;
        }
    }
    digits.reverse();
    digits
}

/// Compares 0.`a` with 0.`b`, each a sequence of decimal digits, most significant first (the
/// shorter one read as followed by zeros).
fn compare(mut a: Digits<'_>, b: Vec<u8>) -> Ordering {
    let mut b = b.into_iter();
    loop {
        let (x, y) = match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (x, y) => (x.unwrap_or(0), y.unwrap_or(0)),
        };
        if x != y {
            return x.cmp(&y);
        }
    }
}

#[cfg(test)]
mod tests {
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
}

/// Against Rust's own correctly rounded reading of decimal text (`str::parse::<f64>`, which
/// reads the same grammar as JavaScript's `Number()` but for `Infinity`, whitespace and the
/// `0x`/`0o`/`0b` forms).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use alloc::format;
    use alloc::string::{String, ToString};
    use proptest::prelude::*;

    /// `Number(text)` is an integer in `0..=max`, by Rust's `f64` reading of decimal text.
    fn oracle(text: &str, max: u8) -> Option<u8> {
        if text.is_empty() {
            return Some(0);
        }
        let n: f64 = text.parse().ok()?;
        (n.is_finite() && n.fract() == 0.0 && (0.0..=f64::from(max)).contains(&n))
            .then_some(n as u8)
    }

    /// Decimal text whose value is within about 10^-(d+1) of `n` (`d` the run of 0s or 9s).
    fn near_integer() -> impl Strategy<Value = String> {
        (
            0u32..=257,
            any::<bool>(),
            10usize..20,
            "[0-9]{0,25}",
            -3i32..4,
            "[+-]?",
        )
            .prop_map(|(n, below, run, tail, shift, sign)| {
                let (int, frac) = if below && n > 0 {
                    (n - 1, format!("{}{tail}", "9".repeat(run)))
                } else {
                    (n, format!("{}{tail}", "0".repeat(run)))
                };
                let digits = format!("{int}{frac}");
                let point = int.to_string().len() as i32;
                // The same value, the point moved by `shift` and the exponent making up for it.
                let at = point - shift;
                if at <= 0 {
                    format!("{sign}0.{}{digits}e{}", "0".repeat((-at) as usize), shift)
                } else if at as usize >= digits.len() {
                    format!(
                        "{sign}{digits}{}e{shift}",
                        "0".repeat(at as usize - digits.len())
                    )
                } else {
                    let (a, b) = digits.split_at(at as usize);
                    format!("{sign}{a}.{b}e{shift}")
                }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 5000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn near_integers_as_rust_reads_them(text in near_integer()) {
            for max in [0, 1, 32, 255] {
                prop_assert_eq!(js_uint(&text, max), oracle(&text, max), "{} (max {})", text, max);
            }
        }

        #[test]
        fn decimal_text_as_rust_reads_it(
            text in "[+-]?[0-9]{0,4}(\\.[0-9]{0,30})?([eE][+-]?[0-9]{1,4})?|[+-]?0{0,30}[0-9]{0,3}\\.?[0-9]{0,400}([eE][+-]?[0-9]{1,5})?|[0-9.eE+-]{0,12}"
        ) {
            for max in [32, 255] {
                prop_assert_eq!(js_uint(&text, max), oracle(&text, max), "{} (max {})", text, max);
            }
        }

        #[test]
        fn tiny_values_as_rust_reads_them(mantissa in "[1-9][0-9]{0,40}", exp in -1120i32..-300) {
            let text = format!("{mantissa}e{exp}");
            prop_assert_eq!(js_uint(&text, 255), oracle(&text, 255), "{}", text);
            let negative = format!("-{text}");
            prop_assert_eq!(js_uint(&negative, 255), oracle(&negative, 255), "{}", negative);
        }
    }
}
