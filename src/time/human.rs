//! Durations as people say and read them: `+2h`, `-2h`, `2h ago`, `5d 3h ago`, `in 10 min`, and
//! "expired 5 days ago", "not valid for another 10 min".

use alloc::format;
use alloc::string::String;

use super::TimeError;

/// The units a duration takes, by every name it goes by, and their seconds.
const UNITS: [(&[&str], u64); 5] = [
    (&["s", "sec", "secs", "second", "seconds"], 1),
    (&["m", "min", "mins", "minute", "minutes"], 60),
    (&["h", "hr", "hrs", "hour", "hours"], 3600),
    (&["d", "day", "days"], 86_400),
    (&["w", "week", "weeks"], 604_800),
];

/// The seconds of a duration: one or more groups of a whole number and its unit (`90s`, `5d 3h`,
/// `2 hours`, `1 day, 2 h and 5 min`). A lone number without a unit is [`TimeError::NoUnit`].
pub(super) fn duration(text: &str) -> Result<u64, TimeError> {
    let mut rest = text.trim();
    let mut total: u64 = 0;
    let mut groups = 0;
    while !rest.is_empty() {
        if groups > 0 {
            rest = rest.trim_start_matches([' ', ',']);
            if let Some(after) = rest.strip_prefix("and ") {
                rest = after.trim_start();
            }
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let (number, after) = rest.split_at(digits);
        if number.is_empty() {
            return Err(TimeError::Invalid);
        }
        let after = after.trim_start_matches(' ');
        let letters = after.bytes().take_while(u8::is_ascii_alphabetic).count();
        let (unit, after) = after.split_at(letters);
        if unit.is_empty() {
            return Err(match (groups, after.is_empty()) {
                (0, true) => TimeError::NoUnit,
                _ => TimeError::Invalid,
            });
        }
        let scale = UNITS
            .iter()
            .find(|(names, _)| names.iter().any(|n| n.eq_ignore_ascii_case(unit)))
            .map(|(_, scale)| *scale)
            .ok_or(TimeError::Invalid)?;
        let n: u64 = number.parse().map_err(|_| TimeError::AfterYear9999)?;
        total = n
            .checked_mul(scale)
            .and_then(|d| total.checked_add(d))
            .ok_or(TimeError::AfterYear9999)?;
        groups += 1;
        rest = after;
        // Groups are separated by a space, a comma or "and", or follow at once (`5d3h`).
        if !rest.is_empty()
            && !rest.starts_with([' ', ','])
            && !rest.starts_with(|c: char| c.is_ascii_digit())
        {
            return Err(TimeError::Invalid);
        }
    }
    match groups {
        0 => Err(TimeError::Invalid),
        _ => Ok(total),
    }
}

/// A relative time, if `t` is one: `+D` or `in D` after `now`, `-D` or `D ago` before it (`D` a
/// [`duration`]), or `now`. `None` when `t` is none of these (an absolute time).
pub(super) fn relative(t: &str, now: u64) -> Option<Result<i128, TimeError>> {
    let lower = |s: &str| s.to_ascii_lowercase();
    if lower(t) == "now" {
        return Some(Ok(i128::from(now)));
    }
    let (sign, d) = if let Some(d) = t.strip_prefix('+') {
        (1, d)
    } else if let Some(d) = t.strip_prefix('-') {
        (-1, d)
    } else if let Some(d) = t.get(..3).filter(|p| lower(p) == "in ").and(t.get(3..)) {
        (1, d)
    } else if let Some(d) = t
        .len()
        .checked_sub(4)
        .and_then(|i| t.get(i..).filter(|s| lower(s) == " ago").and(t.get(..i)))
    {
        (-1, d)
    } else {
        return None;
    };
    Some(duration(d).map(|s| i128::from(now) + sign * i128::from(s)))
}

/// A duration for people, in its two largest units: `5 days 3 h`, `2 h 5 min`, `10 min`,
/// `45 s`. `duration` reads it back.
pub fn format_duration(seconds: u64) -> String {
    let (days, hours) = (seconds / 86_400, seconds % 86_400 / 3600);
    let (minutes, secs) = (seconds % 3600 / 60, seconds % 60);
    let day = |n: u64| match n {
        1 => String::from("1 day"),
        n => format!("{n} days"),
    };
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{secs} s"),
        (0, 0, m) if secs == 0 => format!("{m} min"),
        (0, 0, m) => format!("{m} min {secs} s"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => day(d),
        (d, h, _) => format!("{} {h} h", day(d)),
    }
}

/// `5 days ago`.
pub fn ago(seconds: u64) -> String {
    format!("{} ago", format_duration(seconds))
}

/// Where `now` is in a window from `start` (if any) to `end` (exclusive): `valid`, `expired` or
/// `not_yet_valid`, and how far from its edge, as people say it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TimeStatus {
    /// `valid`, `expired` or `not_yet_valid`.
    pub state: &'static str,
    /// "expired 5 days ago", "not valid for another 10 min", "valid for another 2 h 5 min".
    pub message: String,
    /// Seconds to the end (valid), since the end (expired), or to the start (not yet valid).
    pub seconds: u64,
}

impl TimeStatus {
    /// The status at `now` of a policy valid from `start` (exclusive, `DateGreaterThan`) until
    /// `end` (exclusive, `DateLessThan`), as the verifier decides it without skew.
    pub fn at(now: u64, start: Option<u64>, end: u64) -> Self {
        if now >= end {
            let seconds = now - end;
            return Self {
                state: "expired",
                message: format!("expired {}", ago(seconds)),
                seconds,
            };
        }
        if let Some(start) = start.filter(|&s| now <= s) {
            let seconds = start - now + 1;
            return Self {
                state: "not_yet_valid",
                message: format!("not valid for another {}", format_duration(seconds)),
                seconds,
            };
        }
        let seconds = end - now;
        Self {
            state: "valid",
            message: format!("valid for another {}", format_duration(seconds)),
            seconds,
        }
    }
}
