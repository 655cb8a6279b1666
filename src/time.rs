//! Times as the AWS CLI takes them, without reading a clock.
//!
//! Every time in this crate is seconds since the Unix epoch. [`parse_when`] reads the forms the
//! AWS CLI's `cloudfront sign` takes (epoch seconds, `YYYY-MM-DD` meaning midnight UTC,
//! `YYYY-MM-DDThh:mm:ss` in UTC or with a `Z`/`±hh:mm` offset) and relative times (`+90s`,
//! `+15m`, `+2h`, `+7d`) counted from a `now` the caller passes in. Fractional seconds are
//! truncated, as botocore truncates them.

use alloc::format;
use alloc::string::{String, ToString};
use core::fmt;

/// Parses a time given as epoch seconds, an ISO 8601 date or date-time, or `+N{s,m,h,d}` after
/// `now`.
pub fn parse_when(text: &str, now: u64) -> Result<u64, TimeError> {
    let invalid = || TimeError::Invalid {
        value: text.to_string(),
    };
    let t = text.trim();
    if let Some(rel) = t.strip_prefix('+') {
        let (digits, unit) =
            rel.split_at(rel.find(|c: char| !c.is_ascii_digit()).unwrap_or(rel.len()));
        let n: u64 = digits.parse().map_err(|_| invalid())?;
        let scale = match unit {
            "s" | "" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => return Err(invalid()),
        };
        return n
            .checked_mul(scale)
            .and_then(|d| now.checked_add(d))
            .ok_or_else(invalid);
    }
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse().map_err(|_| invalid());
    }
    parse_iso(t).ok_or_else(invalid)
}

fn parse_iso(t: &str) -> Option<u64> {
    let num = |s: &str| -> Option<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (date, time) = match t.split_once(['T', 't', ' ']) {
        Some((d, tm)) => (d, Some(tm)),
        None => (t, None),
    };
    let mut parts = date.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (year, month, day) = (num(y)?, num(m)?, num(d)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    if let Some(time) = time {
        let (clock, offset) = split_offset(time)?;
        let clock = clock.split_once('.').map_or(clock, |(whole, frac)| {
            if frac.bytes().all(|b| b.is_ascii_digit()) {
                whole
            } else {
                ""
            }
        });
        let mut fields = clock.split(':');
        let (h, mi) = (fields.next()?, fields.next()?);
        let s = fields.next().unwrap_or("00");
        if fields.next().is_some() || h.len() != 2 || mi.len() != 2 || s.len() != 2 {
            return None;
        }
        let (h, mi, s) = (num(h)?, num(mi)?, num(s)?);
        if h > 23 || mi > 59 || s > 59 {
            return None;
        }
        seconds += h * 3600 + mi * 60 + s - offset;
    }
    u64::try_from(seconds).ok()
}

/// Splits `hh:mm:ss[.f]` from a trailing `Z` or `±hh:mm`/`±hhmm`, returning the offset in seconds.
fn split_offset(time: &str) -> Option<(&str, i64)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    match time.rfind(['+', '-']) {
        Some(i) => {
            let (clock, off) = time.split_at(i);
            let sign = if off.starts_with('-') { -1 } else { 1 };
            let digits: String = off[1..].chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let h: i64 = digits[..2].parse().ok()?;
            let m: i64 = digits[2..].parse().ok()?;
            if h > 23 || m > 59 {
                return None;
            }
            Some((clock, sign * (h * 3600 + m * 60)))
        }
        None => Some((time, 0)),
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Formats epoch seconds as `YYYY-MM-DDThh:mm:ssZ`.
pub fn format_utc(epoch: u64) -> String {
    let days = (epoch / 86_400) as i64;
    let rem = epoch % 86_400;
    // Inverse of days_from_civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A time that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeError {
    /// Not one of the accepted forms.
    Invalid {
        /// The text given.
        value: String,
    },
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid { value } => write!(
                f,
                "{value:?} is not a time: use epoch seconds, YYYY-MM-DD (midnight UTC), YYYY-MM-DDThh:mm:ss (UTC, or with Z or +hh:mm), or +90s/+15m/+2h/+7d"
            ),
        }
    }
}

impl core::error::Error for TimeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let now = 1_700_000_000;
        assert_eq!(parse_when("1767290400", now), Ok(1767290400));
        assert_eq!(parse_when("2026-01-01", now), Ok(1767225600));
        assert_eq!(parse_when("2026-01-01T18:00:00", now), Ok(1767290400));
        assert_eq!(parse_when("2026-01-01T18:00:00Z", now), Ok(1767290400));
        assert_eq!(parse_when("2026-01-01T20:00:00+02:00", now), Ok(1767290400));
        assert_eq!(parse_when("2026-01-01T13:00:00-0500", now), Ok(1767290400));
        assert_eq!(parse_when("2026-01-01T18:00:00.999", now), Ok(1767290400));
        assert_eq!(parse_when("2024-02-29", now), Ok(1709164800));
        assert_eq!(parse_when("+90s", now), Ok(now + 90));
        assert_eq!(parse_when("+15m", now), Ok(now + 900));
        assert_eq!(parse_when("+2h", now), Ok(now + 7200));
        assert_eq!(parse_when("+7d", now), Ok(now + 604_800));
        for bad in [
            "",
            "tomorrow",
            "2026-13-01",
            "2023-02-29",
            "2026-1-1",
            "+5y",
            "+",
            "-5",
            "2026-01-01T25:00:00",
            "2026-01-01T10:00:00+5",
            "1969-12-31",
            "+99999999999999999999d",
        ] {
            assert!(parse_when(bad, now).is_err(), "{bad}");
        }
    }

    #[test]
    fn formats_utc() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(1767290400), "2026-01-01T18:00:00Z");
        assert_eq!(format_utc(2_147_483_647), "2038-01-19T03:14:07Z");
        for t in [0u64, 951_782_400, 1_709_164_800, 4_102_444_800] {
            assert_eq!(parse_when(&format_utc(t), 0), Ok(t));
        }
    }
}
