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
mod tests;

/// Against Rust's own correctly rounded reading of decimal text (`str::parse::<f64>`, which
/// reads the same grammar as JavaScript's `Number()` but for `Infinity`, whitespace and the
/// `0x`/`0o`/`0b` forms).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties;
