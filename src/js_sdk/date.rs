//! Dates as the SDK reads them: `new Date(value)` in milliseconds, rounded to the nearest
//! second, and refused where CloudFront could never accept them (before 1970, or seconds given
//! where milliseconds are read).

use super::error::Error;
use crate::policy::MAX_EPOCH;

/// A date option as the SDK reads it: `parseDate(value)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum JsDate {
    /// Absent or falsy (`undefined`, `null`, `0`, `""`): the SDK ignores it.
    Falsy,
    /// `new Date(value)` is an invalid date.
    Invalid,
    /// `new Date(value).getTime()`: milliseconds since the epoch.
    Millis(f64),
}

impl JsDate {
    /// `Math.round(ms / 1000)`, or `None` when the SDK would see no date (`parseDate` returns
    /// `undefined`, or a number that is falsy).
    pub(super) fn seconds(self) -> Option<f64> {
        match self {
            Self::Millis(ms) if ms.is_finite() => {
                // Math.round: halves go up.
                let s = floor(ms / 1000.0 + 0.5);
                (s != 0.0).then_some(s)
            }
            _ => None,
        }
    }
}

/// `f64::floor` without `std`.
fn floor(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// Dates under this many milliseconds (1973-03-03T09:46:40Z) are refused as seconds given where
/// the SDK reads milliseconds: `1893456000` (2030 in seconds) is 1970-01-22 to `new Date`.
pub const MIN_MILLIS: f64 = 1e11;

/// [`Error::SecondsNotMillis`] for a date of `ms` milliseconds (what `new Date(value).getTime()`
/// gives) above zero and under [`MIN_MILLIS`]. Zero is the SDK's "no date"; a negative date is
/// before 1970, refused as such where it is read.
pub fn check_millis(option: &'static str, ms: f64) -> Result<(), Error> {
    if ms > 0.0 && ms < MIN_MILLIS {
        return Err(Error::SecondsNotMillis { option });
    }
    Ok(())
}

impl JsDate {
    /// [`check_millis`] of the date, when it is one.
    pub(super) fn check(self, option: &'static str) -> Result<(), Error> {
        match self {
            Self::Millis(ms) => check_millis(option, ms),
            _ => Ok(()),
        }
    }
}

/// Seconds as CloudFront's guide takes them: 0 to [`MAX_EPOCH`] (2^63 - 1). Every date a JS
/// `Date` holds from 1970 on (up to 8.64e12 s, the year +275760) is in range, so the SDK's bytes
/// are kept for each; the SDK writes a date before 1970 as a negative number, refused here.
pub(super) fn epoch(seconds: f64, option: &'static str) -> Result<u64, Error> {
    // `as` saturates: 2^63 and above become u64 values above MAX_EPOCH.
    if seconds < 0.0 || seconds as u64 > MAX_EPOCH {
        return Err(Error::DateOutOfRange {
            option,
            seconds: seconds as i64,
        });
    }
    Ok(seconds as u64)
}
