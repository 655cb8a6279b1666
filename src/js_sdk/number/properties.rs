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
    (n.is_finite() && n.fract() == 0.0 && (0.0..=f64::from(max)).contains(&n)).then_some(n as u8)
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
