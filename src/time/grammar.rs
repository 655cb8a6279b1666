//! The AWS CLI's date grammar (dateutil's parser, as botocore calls it): tokens, the forms of a
//! date and a time of day, and their resolution to epoch seconds (UTC when no zone is given).

use alloc::vec::Vec;

use super::civil::{days_from_civil, days_in_month};
use super::TimeError;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Token<'a> {
    Num(&'a str),
    Word(&'a str),
    Sym(u8),
}

fn tokens(t: &str) -> Result<Vec<Token<'_>>, TimeError> {
    let mut out = Vec::new();
    let mut rest = t;
    while let Some(first) = rest.bytes().next() {
        let class = |b: u8| (b.is_ascii_digit(), b.is_ascii_alphabetic());
        let len = match first {
            b'-' | b'/' | b'.' | b':' | b',' | b'+' => 1,
            b if b.is_ascii_whitespace() => 1,
            b if b.is_ascii_alphanumeric() => rest
                .bytes()
                .take_while(|&b| class(b) == class(first))
                .count(),
            _ => return Err(TimeError::Invalid),
        };
        let (token, tail) = (rest.get(..len), rest.get(len..));
        let (Some(token), Some(tail)) = (token, tail) else {
            return Err(TimeError::Invalid);
        };
        if first.is_ascii_digit() {
            out.push(Token::Num(token));
        } else if first.is_ascii_alphabetic() {
            out.push(Token::Word(token));
        } else if !first.is_ascii_whitespace() {
            out.push(Token::Sym(first));
        }
        rest = tail;
    }
    Ok(out)
}

/// The value of a number token of `min..=max` digits.
fn num(s: &str, min: usize, max: usize) -> Result<i64, TimeError> {
    if s.len() < min || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TimeError::Invalid);
    }
    s.parse().map_err(|_| TimeError::Invalid)
}

const MONTHS: [&[&str]; 12] = [
    &["jan", "january"],
    &["feb", "february"],
    &["mar", "march"],
    &["apr", "april"],
    &["may"],
    &["jun", "june"],
    &["jul", "july"],
    &["aug", "august"],
    &["sep", "sept", "september"],
    &["oct", "october"],
    &["nov", "november"],
    &["dec", "december"],
];

pub(super) const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Index (0 = January) of the month `word` names, in one of the forms dateutil knows.
fn month_index(word: &str) -> Option<i64> {
    let i = MONTHS
        .iter()
        .position(|forms| forms.iter().any(|f| f.eq_ignore_ascii_case(word)))?;
    i64::try_from(i).ok()
}

/// Index (0 = Monday) of the weekday `word` names, in full or in three letters.
fn weekday_index(word: &str) -> Option<i64> {
    let i = WEEKDAYS.iter().position(|day| {
        day.eq_ignore_ascii_case(word) || day.get(..3).is_some_and(|d| d.eq_ignore_ascii_case(word))
    })?;
    i64::try_from(i).ok()
}

/// The parts of a date-time, as they are found.
#[derive(Default)]
struct Parts<'a> {
    /// Year, month, day from `2026-01-31`, `12/31/2026` or `20260131T`.
    date: Option<(i64, i64, i64)>,
    /// From a month name.
    month: Option<i64>,
    /// Numbers outside a date or time: the day and year around a month name.
    loose: Vec<&'a str>,
    weekday: Option<i64>,
    time: Option<(i64, i64, i64)>,
    pm: Option<bool>,
    /// Seconds east of UTC.
    offset: Option<i64>,
}

/// Seconds since the epoch (negative before 1970) of a date-time that is not a number.
pub(super) fn date_time(t: &str) -> Result<i64, TimeError> {
    let toks = tokens(t)?;
    let num_at = |i: usize| match toks.get(i) {
        Some(Token::Num(n)) => Some(*n),
        _ => None,
    };
    let sym_at = |i: usize| match toks.get(i) {
        Some(Token::Sym(s)) => Some(*s),
        _ => None,
    };
    let is_month_at = |i: Option<usize>| matches!(i.and_then(|i| toks.get(i)), Some(Token::Word(w)) if month_index(w).is_some());
    let mut p = Parts::default();
    let mut i = 0;
    while let Some(&tok) = toks.get(i) {
        match tok {
            Token::Num(_) if sym_at(i + 1) == Some(b':') => {
                if p.time.is_some() {
                    return Err(TimeError::Invalid);
                }
                i = clock(&toks, i, &mut p)?;
            }
            Token::Num(a)
                if matches!(sym_at(i + 1), Some(b'-' | b'/' | b'.')) && num_at(i + 2).is_some() =>
            {
                let b = num_at(i + 2).unwrap_or_default();
                let (separator, second) = (sym_at(i + 1), sym_at(i + 3));
                match (num_at(i + 4), second) {
                    (Some(c), _) if second == separator && p.date.is_none() => {
                        p.date = Some(numeric_date(a, b, c)?);
                        i += 5;
                    }
                    (Some(_), _) | (_, Some(b'-' | b'/' | b'.')) => return Err(TimeError::Invalid),
                    // `2026-01`, `12/31`: dateutil would take the rest from today.
                    _ if b.len() <= 2 && (a.len() == 4 || a.len() <= 2) => {
                        return Err(TimeError::Incomplete)
                    }
                    _ => return Err(TimeError::Invalid),
                }
            }
            Token::Num(n)
                if n.len() == 8
                    && matches!(toks.get(i + 1), Some(Token::Word(w)) if w.eq_ignore_ascii_case("t")) =>
            {
                let part = |from: usize, to: usize| num(n.get(from..to).unwrap_or_default(), 2, 4);
                if p.date.is_some() {
                    return Err(TimeError::Invalid);
                }
                p.date = Some((part(0, 4)?, part(4, 6)?, part(6, 8)?));
                i += 1;
            }
            Token::Num(n) => {
                p.loose.push(n);
                i += 1;
            }
            Token::Word(w) if w.eq_ignore_ascii_case("t") => {
                // Between a date and its time.
                if p.date.is_none() || p.time.is_some() {
                    return Err(TimeError::Invalid);
                }
                i += 1;
                if sym_at(i + 1) != Some(b':') {
                    i = compact_clock(&toks, i, &mut p)?;
                }
            }
            Token::Word(w) => {
                i += 1;
                if let Some(m) = month_index(w) {
                    if p.month.replace(m + 1).is_some() {
                        return Err(TimeError::Invalid);
                    }
                } else if let Some(d) = weekday_index(w) {
                    if p.weekday.replace(d).is_some() {
                        return Err(TimeError::Invalid);
                    }
                } else if w.eq_ignore_ascii_case("am") || w.eq_ignore_ascii_case("pm") {
                    if p.time.is_none() || p.pm.is_some() {
                        return Err(TimeError::Invalid);
                    }
                    p.pm = Some(w.eq_ignore_ascii_case("pm"));
                } else if ["utc", "gmt", "ut", "z"]
                    .iter()
                    .any(|z| z.eq_ignore_ascii_case(w))
                {
                    if p.time.is_none() || p.offset.is_some() {
                        return Err(TimeError::Invalid);
                    }
                    if matches!(sym_at(i), Some(b'+' | b'-')) {
                        return Err(TimeError::ZoneAndOffset);
                    }
                    p.offset = Some(0);
                } else if ["at", "on", "of"].iter().any(|x| x.eq_ignore_ascii_case(w))
                    || (["st", "nd", "rd", "th"]
                        .iter()
                        .any(|x| x.eq_ignore_ascii_case(w))
                        && matches!(toks.get(i.wrapping_sub(2)), Some(Token::Num(n)) if p.loose.last() == Some(n)))
                {
                    // dateutil's filler words, and ordinals: `1st of December 2026 at 10:00`.
                } else if p.time.is_some() && (2..=5).contains(&w.len()) {
                    return Err(TimeError::UnknownZone);
                } else {
                    return Err(TimeError::Invalid);
                }
            }
            Token::Sym(b',') => i += 1,
            // `1-Dec-2026`, `Dec. 1`.
            Token::Sym(b'-' | b'/' | b'.')
                if is_month_at(i.checked_sub(1)) || is_month_at(Some(i + 1)) =>
            {
                i += 1;
            }
            Token::Sym(sign @ (b'+' | b'-')) if p.time.is_some() && p.offset.is_none() => {
                let (hours, minutes, next) = match (num_at(i + 1), sym_at(i + 2), num_at(i + 3)) {
                    (Some(h), Some(b':'), Some(m)) => (num(h, 1, 2)?, num(m, 2, 2)?, i + 4),
                    (Some(hm), _, _) if hm.len() == 4 => {
                        let part = |from, to| num(hm.get(from..to).unwrap_or_default(), 2, 2);
                        (part(0, 2)?, part(2, 4)?, i + 2)
                    }
                    (Some(h), _, _) => (num(h, 1, 2)?, 0, i + 2),
                    _ => return Err(TimeError::Invalid),
                };
                if hours > 23 || minutes > 59 {
                    return Err(TimeError::OutOfRange);
                }
                let east = hours * 3600 + minutes * 60;
                p.offset = Some(if sign == b'-' { -east } else { east });
                i = next;
            }
            Token::Sym(_) => return Err(TimeError::Invalid),
        }
    }
    resolve(&p)
}

/// `h:mm[:ss[.fff]]` starting at `toks[i]`; returns the index after it.
fn clock(toks: &[Token<'_>], i: usize, p: &mut Parts<'_>) -> Result<usize, TimeError> {
    let n = |j: usize| match toks.get(j) {
        Some(Token::Num(n)) => Ok(*n),
        _ => Err(TimeError::Invalid),
    };
    let sym = |j: usize| match toks.get(j) {
        Some(Token::Sym(s)) => Some(*s),
        _ => None,
    };
    let hours = num(n(i)?, 1, 2)?;
    let minutes = num(n(i + 2)?, 1, 2)?;
    let mut next = i + 3;
    let mut seconds = 0;
    if sym(next) == Some(b':') {
        seconds = num(n(next + 1)?, 1, 2)?;
        next += 2;
        next = fraction(toks, next)?;
    }
    p.time = Some((hours, minutes, seconds));
    Ok(next)
}

/// ISO 8601 basic `hh`, `hhmm` or `hhmmss[.fff]` after a `T` at `toks[i]`.
fn compact_clock(toks: &[Token<'_>], i: usize, p: &mut Parts<'_>) -> Result<usize, TimeError> {
    let Some(Token::Num(n)) = toks.get(i) else {
        return Err(TimeError::Invalid);
    };
    let part = |from: usize| match n.get(from..from + 2) {
        Some(d) => num(d, 2, 2),
        None => Ok(0),
    };
    if !matches!(n.len(), 2 | 4 | 6) {
        return Err(TimeError::Invalid);
    }
    p.time = Some((part(0)?, part(2)?, part(4)?));
    if n.len() == 6 {
        fraction(toks, i + 1)
    } else {
        Ok(i + 1)
    }
}

/// Skips an optional `.fff` or `,fff` at `toks[i]`: fractions of a second are truncated.
fn fraction(toks: &[Token<'_>], i: usize) -> Result<usize, TimeError> {
    match (toks.get(i), toks.get(i + 1)) {
        (Some(Token::Sym(b'.' | b',')), Some(Token::Num(_))) => Ok(i + 2),
        (Some(Token::Sym(b'.')), _) => Err(TimeError::Invalid),
        _ => Ok(i),
    }
}

/// Year, month and day from `a-b-c` (any one separator): year first, or last after month and
/// day as dateutil reads them (month first, unless the first number cannot be a month).
fn numeric_date(a: &str, b: &str, c: &str) -> Result<(i64, i64, i64), TimeError> {
    let short = |s: &str| (1..=2).contains(&s.len());
    if a.len() == 4 && short(b) && short(c) {
        return Ok((num(a, 4, 4)?, num(b, 1, 2)?, num(c, 1, 2)?));
    }
    if short(a) && short(b) && c.len() == 4 {
        let (year, first, second) = (num(c, 4, 4)?, num(a, 1, 2)?, num(b, 1, 2)?);
        return match (first, second) {
            (0, _) | (_, 0) => Err(TimeError::OutOfRange),
            (f, s) if f == s || s > 12 => Ok((year, f, s)),
            (f, s) if f > 12 => Ok((year, s, f)),
            (f, s) => Err(TimeError::AmbiguousDayMonth {
                first: u8::try_from(f).unwrap_or_default(),
                second: u8::try_from(s).unwrap_or_default(),
                year: u16::try_from(year).unwrap_or_default(),
            }),
        };
    }
    if short(a) && short(b) && short(c) {
        return Err(TimeError::TwoDigitYear);
    }
    Err(TimeError::Invalid)
}

/// Checks the parts and returns their epoch seconds.
fn resolve(p: &Parts<'_>) -> Result<i64, TimeError> {
    let (year, month, day) = match (p.date, p.month, p.loose.as_slice()) {
        (Some(date), None, []) => date,
        (None, Some(month), [a, b]) => {
            let (year, day) = match (a.len(), b.len()) {
                (4, 1..=2) => (a, b),
                (1..=2, 4) => (b, a),
                (1..=2, 1..=2) => return Err(TimeError::TwoDigitYear),
                _ => return Err(TimeError::Invalid),
            };
            (num(year, 4, 4)?, month, num(day, 1, 2)?)
        }
        (None, Some(_), [] | [_]) => return Err(TimeError::Incomplete),
        (None, None, []) if p.time.is_some() => return Err(TimeError::Incomplete),
        (None, None, [_] | [_, _]) => return Err(TimeError::Incomplete),
        _ => return Err(TimeError::Invalid),
    };
    if year < 1 || !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(TimeError::OutOfRange);
    }
    let days = days_from_civil(year, month, day);
    if let Some(weekday) = p.weekday {
        let actual = (days + 3).rem_euclid(7);
        if weekday != actual {
            return Err(TimeError::WrongWeekday {
                actual: u8::try_from(actual).unwrap_or_default(),
            });
        }
    }
    let (mut hours, minutes, seconds) = p.time.unwrap_or((0, 0, 0));
    if let Some(pm) = p.pm {
        if !(1..=12).contains(&hours) {
            return Err(TimeError::OutOfRange);
        }
        hours = hours % 12 + if pm { 12 } else { 0 };
    }
    if hours > 23 || minutes > 59 || seconds > 59 {
        return Err(TimeError::OutOfRange);
    }
    Ok(days * 86_400 + hours * 3600 + minutes * 60 + seconds - p.offset.unwrap_or(0))
}
