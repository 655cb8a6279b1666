//! `cfsign::time::parse_when`: the AWS CLI's `--date-less-than` forms and cfsign's `+N{s,m,h,d}`
//! after `now` (the CLI's `--now` and the signing flags). Properties, over any text and any `now`:
//! - never a panic, and a time read is at most the last second of 9999;
//! - an absolute time does not depend on `now`; a relative one is `now` plus its amount;
//! - a time written by `format_utc`, as epoch seconds, or (by `chrono`, the reference) as RFC 3339
//!   with any offset, RFC 2822 or `date`'s form reads back as that second.
#![no_main]

use cfsign::time::{format_utc, parse_when};
use chrono::{DateTime, FixedOffset};
use libfuzzer_sys::fuzz_target;

const YEAR_9999_END: u64 = 253_402_300_799;

fn u64_from(bytes: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    let n = bytes.len().min(8);
    b[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(b)
}

fuzz_target!(|data: &[u8]| {
    let now = u64_from(data) % (YEAR_9999_END + 1);
    let rest = data.get(8..).unwrap_or_default();
    let text = String::from_utf8_lossy(rest);

    // Any text.
    let at_now = parse_when(&text, now);
    let at_zero = parse_when(&text, 0);
    if let Ok(t) = at_now {
        assert!(t <= YEAR_9999_END);
    }
    if text.trim().starts_with('+') {
        if let Ok(t) = at_now {
            assert!(t >= now);
        }
    } else {
        assert_eq!(at_now, at_zero, "an absolute time depends on now: {text:?}");
    }

    // Relative forms: `+N{unit}` is now + N·unit, or refused past 9999.
    let n = u64_from(rest) % 10_000_000_000_000;
    for (unit, scale) in [("s", 1u64), ("m", 60), ("h", 3600), ("d", 86_400)] {
        let expected = n.checked_mul(scale).and_then(|d| now.checked_add(d)).filter(|&t| t <= YEAR_9999_END);
        let got = parse_when(&format!("+{n}{unit}"), now);
        assert_eq!(got.ok(), expected, "+{n}{unit} after {now}");
    }

    // Written forms of one second read back as it.
    let t = now;
    assert_eq!(parse_when(&format_utc(t), 0), Ok(t), "{}", format_utc(t));
    assert_eq!(parse_when(&t.to_string(), 0), Ok(t));
    let tenth = rest.first().map_or(0, |b| b % 9);
    assert_eq!(parse_when(&format!("{t}.{tenth}"), 0), Ok(t));
    // With an offset (whole minutes, within ±23:59), away from the ends of the range so that
    // the local date stays within 1970..=9999.
    let minutes = (u64_from(rest.get(8..).unwrap_or_default()) % (2 * 1440 - 1)) as i32 - 1439;
    if (2 * 86_400..=YEAR_9999_END - 2 * 86_400).contains(&t) {
        let offset = FixedOffset::east_opt(minutes * 60).expect("offset within a day");
        let utc = DateTime::from_timestamp(t as i64, 0).expect("within chrono's range");
        let local = utc.with_timezone(&offset);
        for written in [
            local.to_rfc3339(),
            local.to_rfc2822(),
            local.format("%Y-%m-%d %H:%M:%S%z").to_string(),
            utc.format("%a %b %e %H:%M:%S UTC %Y").to_string(),
            utc.format("%d %b %Y %H:%M:%S GMT").to_string(),
            utc.format("%Y%m%dT%H%M%SZ").to_string(),
            utc.format("%B %-d, %Y %I:%M:%S %p").to_string(),
        ] {
            assert_eq!(parse_when(&written, now), Ok(t), "{written:?}");
        }
    }
});
