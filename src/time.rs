//! Times as the AWS CLI takes them, without reading a clock.
//!
//! Every time in this crate is seconds since the Unix epoch. [`parse_when`] reads what
//! `aws cloudfront sign` and `sign-cookies` read for `--date-less-than` and `--date-greater-than`,
//! with the same meaning, plus relative times counted from a `now` the caller passes in.
//!
//! Where the rules come from: the AWS CLI (`awscli/customizations/cloudfront/sign.py`, and
//! `cloudfront.py` before it) parses both flags with botocore's
//! `botocore.utils.parse_to_aware_datetime`, which
//! 1. tries Python's `float(value)` first: a number is epoch seconds, always UTC (so `20260101`
//!    is a time in 1970, as the AWS CLI's help warns). A fraction becomes microseconds, rounded
//!    half to even, and the policy takes the whole seconds;
//! 2. otherwise calls `dateutil.parser.parse(value, tzinfos={'GMT': tzutc()})` with dateutil's
//!    defaults (month before day);
//! 3. **takes a date-time without a zone as UTC, not local time** ("If no timezone info was
//!    provided in the input value, then UTC is assumed, not local time", its docstring), and
//!    converts one with a zone to UTC. `CloudFrontSigner` then writes the whole seconds
//!    (`int(datetime2timestamp(...))`); dateutil keeps six fractional digits, so fractions of a
//!    second are truncated.
//!
//! Accepted, with the AWS CLI's meaning:
//! - epoch seconds, with or without a fraction or an exponent: `1767290400`, `1767290400.5`,
//!   `1.7672904e9`;
//! - a date, year first or last: `2026-01-31`, `2026-1-1`, `2026/01/31`, `2026.01.31`,
//!   `12/31/2026`, `12-31-2026`, `31.12.2026` (when one of the two leading numbers is above 12,
//!   it is the day, as dateutil reads it); with a month name: `01 Dec 2026`, `1-Dec-2026`,
//!   `Dec 1, 2026`, `December 1st, 2026`, `2026 Dec 1`, optionally after a weekday (`Tue,`), with
//!   dateutil's filler words `at`, `on` and `of`;
//! - ISO 8601 basic dates before a `T`: `20260131T100000Z`;
//! - a time after the date (`T` or space) or among its parts (`Tue Dec  1 10:00:00 UTC 2026`, as
//!   `date` prints): `10:00`, `10:00:00`, `10:00:00.123` (or `,123`), `T10`, `T1000`,
//!   `T100000`, with `am`/`pm`;
//! - after the time, a zone: `Z`, `UTC`, `GMT`, `UT`, or an offset `+02:00`, `+0200`, `+02`, `-5`
//!   (RFC 2822's `Tue, 01 Dec 2026 10:00:00 GMT` and `+0000` included). Without one, UTC.
//!
//! cfsign's own: relative times from `now`, in the units people write (`s`, `min`, `h`, `d`,
//! `w`, and their words): after it, `+90s`, `+15m`, `+2h`, `+7d`, `+1d 12h`, `in 10 min`; before
//! it, `-2h`, `2h ago`, `5d 3h ago`; and `now`.
//!
//! Refused, with a message showing an accepted form, where dateutil guesses: `01/02/2026` (both
//! numbers could be the month), two-digit years (`1/1/26`, `26-1-1`), a date missing its year,
//! month or day (dateutil fills them in from today), zone names other than the four above
//! (dateutil ignores `EST` or `CET`, so the AWS CLI reads such a time as UTC), a zone name with
//! an offset (`UTC+2`, which dateutil reads as two hours *behind* UTC), a weekday that is not the
//! date's, and `+90` without a unit (cfsign's `+90s`, but 90 seconds after 1970 to the AWS CLI).
//! Also refused: times before 1970 and after the year 9999, and dateutil's rarer free forms
//! (`1 1 2026`, `2026-01-01T`, `12/31/2026 10:00 10:00`, words other than those above). The
//! tests check every accepted form against the epoch seconds botocore gives it.

use core::fmt;

mod civil;
mod cookie_date;
mod expires_in;
mod grammar;
mod human;
#[cfg(test)]
mod tests;

pub(crate) use civil::days_from_civil;
pub use civil::{format_http_date, format_utc};
pub use cookie_date::parse_cookie_date;
pub use expires_in::{expires_in, parse_duration, DurationField, ExpiresInError};
use grammar::{date_time, WEEKDAYS};
pub use human::{ago, format_duration, TimeStatus};

/// The last second of the year 9999, the largest time Python's `datetime` (and so the AWS CLI)
/// takes.
const YEAR_9999_END: u64 = 253_402_300_799;

/// Parses a time as the AWS CLI's `--date-less-than` reads it (see the module documentation), or
/// a relative time from `now` (`+2h`, `-2h`, `5d 3h ago`, `in 10 min`), into epoch seconds.
pub fn parse_when(text: &str, now: u64) -> Result<u64, TimeError> {
    let t = text.trim();
    if let Some(negative) = t.strip_prefix('-').filter(|n| is_number(n)) {
        // Python's int() truncates toward zero: -0.5 is 0.
        return match epoch(negative) {
            Ok(0) => Ok(0),
            _ => Err(TimeError::BeforeEpoch),
        };
    }
    if let Some(relative) = human::relative(t, now) {
        let seconds = relative?;
        if seconds < 0 {
            return Err(TimeError::BeforeEpoch);
        }
        return u64::try_from(seconds)
            .ok()
            .filter(|&s| s <= YEAR_9999_END)
            .ok_or(TimeError::AfterYear9999);
    }
    if is_number(t) {
        return epoch(t);
    }
    let seconds = date_time(t)?;
    let seconds = u64::try_from(seconds).map_err(|_| TimeError::BeforeEpoch)?;
    if seconds > YEAR_9999_END {
        return Err(TimeError::AfterYear9999);
    }
    Ok(seconds)
}

/// A number as Python's `float()` reads it (without its rarer `inf`, `nan` and `1_000`): digits
/// with at most one `.`, then perhaps an exponent (`1.7e9`).
fn is_number(t: &str) -> bool {
    let (mantissa, exponent) = match t.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (t, None),
    };
    mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && mantissa.bytes().filter(|&b| b == b'.').count() <= 1
        && exponent.is_none_or(|e| !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit()))
}

/// Epoch seconds as Python reads them: `float()`, then microseconds rounded half to even (so
/// `.9999995` rounds up to the next second), then the whole seconds.
fn epoch(t: &str) -> Result<u64, TimeError> {
    if t.bytes().all(|b| b.is_ascii_digit()) {
        let seconds: u64 = t.parse().map_err(|_| TimeError::AfterYear9999)?;
        return match seconds {
            s if s > YEAR_9999_END => Err(TimeError::AfterYear9999),
            s => Ok(s),
        };
    }
    let value: f64 = t.parse().map_err(|_| TimeError::Invalid)?;
    if value.is_nan() || value >= (YEAR_9999_END + 1) as f64 {
        return Err(TimeError::AfterYear9999);
    }
    let whole = value as u64;
    let micros = (value - whole as f64) * 1e6;
    let mut rounded = micros as u64;
    let rest = micros - rounded as f64;
    if rest > 0.5 || (rest >= 0.5 && rounded % 2 == 1) {
        rounded += 1;
    }
    let seconds = whole + u64::from(rounded >= 1_000_000);
    if seconds > YEAR_9999_END {
        return Err(TimeError::AfterYear9999);
    }
    Ok(seconds)
}

/// A time that cannot be read. The messages never repeat the text given (it could be anything,
/// a key pasted in the wrong place included): callers show it, shortened, if they wish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeError {
    /// Not one of the accepted forms.
    Invalid,
    /// `01/02/2026`: both numbers could be the month.
    AmbiguousDayMonth {
        /// The first number.
        first: u8,
        /// The second number.
        second: u8,
        /// The year.
        year: u16,
    },
    /// `1/1/26`: a year in two digits.
    TwoDigitYear,
    /// `+90` without a unit.
    NoUnit,
    /// A zone name other than UTC, GMT, UT or Z.
    UnknownZone,
    /// `UTC+2`: a zone name followed by an offset.
    ZoneAndOffset,
    /// A date without its year, month or day, or a time without a date.
    Incomplete,
    /// No such month, day, hour, minute, second or offset.
    OutOfRange,
    /// A weekday that is not the date's.
    WrongWeekday {
        /// The date's weekday, 0 for Monday.
        actual: u8,
    },
    /// Before 1970-01-01T00:00:00Z.
    BeforeEpoch,
    /// After 9999-12-31T23:59:59Z.
    AfterYear9999,
}

impl fmt::Display for TimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Invalid => f.write_str(
                "not a time cfsign reads: use epoch seconds (1767290400), 2026-01-31 (midnight UTC), 2026-01-31T18:00:00 (UTC unless it ends in Z or an offset such as +02:00), 12/31/2026, Tue, 01 Dec 2026 10:00:00 GMT, or a time from now: +90s, +15m, +2h, +7d, -2h, 5d 3h ago",
            ),
            Self::AmbiguousDayMonth { first, second, year } => write!(
                f,
                "could be month/day ({year:04}-{first:02}-{second:02}) or day/month ({year:04}-{second:02}-{first:02}); the AWS CLI reads month first: write the date as YYYY-MM-DD"
            ),
            Self::TwoDigitYear => f.write_str(
                "a two-digit year is ambiguous: write all four digits, as in 12/31/2026 or 2026-12-31",
            ),
            Self::NoUnit => f.write_str(
                "a relative time needs a unit, as in +90s, +15m, +2h or +7d (the AWS CLI would read +90 as 90 seconds after 1970)",
            ),
            Self::UnknownZone => f.write_str(
                "only UTC, GMT, UT and Z are read as zone names (the AWS CLI would take this time as UTC): give an offset instead, as in 2026-12-01T10:00:00-05:00",
            ),
            Self::ZoneAndOffset => f.write_str(
                "a zone name with an offset is ambiguous (the AWS CLI reads UTC+2 as two hours behind UTC): give the offset alone, as in 2026-12-01T10:00:00+02:00",
            ),
            Self::Incomplete => f.write_str(
                "needs a year, month and day (the AWS CLI would take the missing ones from today): write them all, as in 2026-12-01 or 2026-12-01T10:00:00",
            ),
            Self::OutOfRange => f.write_str(
                "no such date or time (months 1-12, hours 0-23, minutes and seconds 0-59, offsets under 24 hours): as in 2026-12-31T23:59:59",
            ),
            Self::WrongWeekday { actual } => {
                let day = WEEKDAYS.get(usize::from(actual)).unwrap_or(&"another day");
                write!(f, "the weekday is wrong: that date is a {day}; correct the weekday or leave it out")
            }
            Self::BeforeEpoch => f.write_str(
                "before 1970-01-01T00:00:00Z, which a CloudFront policy cannot hold: use a later time, as in 2026-12-01",
            ),
            Self::AfterYear9999 => f.write_str(
                "after the year 9999 (epoch seconds, not milliseconds?): as in 1767290400",
            ),
        }
    }
}

impl core::error::Error for TimeError {}
