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
//! cfsign's own: `+90s`, `+15m`, `+2h`, `+7d` after `now`.
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

use alloc::vec::Vec;
use core::fmt;

/// The last second of the year 9999, the largest time Python's `datetime` (and so the AWS CLI)
/// takes.
const YEAR_9999_END: u64 = 253_402_300_799;

/// Parses a time as the AWS CLI's `--date-less-than` reads it (see the module documentation), or
/// `+N{s,m,h,d}` after `now`, into epoch seconds.
pub fn parse_when(text: &str, now: u64) -> Result<u64, TimeError> {
    let t = text.trim();
    if let Some(relative) = t.strip_prefix('+') {
        return after(relative, now);
    }
    if let Some(negative) = t.strip_prefix('-').filter(|n| is_number(n)) {
        // Python's int() truncates toward zero: -0.5 is 0.
        return match epoch(negative) {
            Ok(0) => Ok(0),
            _ => Err(TimeError::BeforeEpoch),
        };
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

/// `+90s`: `rest` is what follows the `+`.
fn after(rest: &str, now: u64) -> Result<u64, TimeError> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let (n, unit) = (rest.get(..digits), rest.get(digits..));
    let n: u64 = match n {
        Some(n) if !n.is_empty() => n.parse().map_err(|_| TimeError::AfterYear9999)?,
        _ => return Err(TimeError::Invalid),
    };
    let scale = match unit {
        Some("s") => 1,
        Some("m") => 60,
        Some("h") => 3600,
        Some("d") => 86_400,
        Some("") => return Err(TimeError::NoUnit),
        _ => return Err(TimeError::Invalid),
    };
    n.checked_mul(scale)
        .and_then(|d| now.checked_add(d))
        .filter(|&t| t <= YEAR_9999_END)
        .ok_or(TimeError::AfterYear9999)
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

const WEEKDAYS: [&str; 7] = [
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
fn date_time(t: &str) -> Result<i64, TimeError> {
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
pub fn format_utc(epoch: u64) -> alloc::string::String {
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
    alloc::format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
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
                "not a time cfsign reads: use epoch seconds (1767290400), 2026-01-31 (midnight UTC), 2026-01-31T18:00:00 (UTC unless it ends in Z or an offset such as +02:00), 12/31/2026, Tue, 01 Dec 2026 10:00:00 GMT, or +90s/+15m/+2h/+7d from now",
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

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_700_000_000;

    /// Every accepted form, with the epoch seconds botocore 1.43 and dateutil 2.9 give it
    /// (`int(datetime2timestamp(parse_to_aware_datetime(text)))`, checked when written).
    #[test]
    fn accepts_what_the_aws_cli_accepts() {
        for (text, expected) in [
            // Epoch seconds: float() first.
            ("1767290400", 1_767_290_400),
            (" 1767290400 ", 1_767_290_400),
            ("1767290400.9", 1_767_290_400),
            ("1767290400.9999994", 1_767_290_400),
            ("1767290400.9999995", 1_767_290_401),
            ("0.9999995", 1),
            ("5.", 5),
            (".5", 0),
            ("20260101", 20_260_101),
            ("253402300799", 253_402_300_799),
            ("1e9", 1_000_000_000),
            ("1.7672904E9", 1_767_290_400),
            ("1767290400e-0", 1_767_290_400),
            ("1e-5", 0),
            ("-0.5", 0),
            // Dates: midnight UTC.
            ("2016-1-1", 1_451_606_400),
            ("2015-12-1", 1_448_928_000),
            ("2026-01-01", 1_767_225_600),
            ("2024-02-29", 1_709_164_800),
            ("2029/12/31", 1_893_369_600),
            ("2029.12.31", 1_893_369_600),
            ("12/31/2029", 1_893_369_600),
            ("12-31-2029", 1_893_369_600),
            ("12.31.2029", 1_893_369_600),
            ("31/12/2029", 1_893_369_600),
            ("31.12.2029", 1_893_369_600),
            ("05/05/2026", 1_777_939_200),
            ("01 Dec 2026", 1_796_083_200),
            ("1-Dec-2026", 1_796_083_200),
            ("2026-Dec-01", 1_796_083_200),
            ("Dec 1, 2026", 1_796_083_200),
            ("Dec. 1, 2026", 1_796_083_200),
            ("December 1 2026", 1_796_083_200),
            ("2026 Dec 1", 1_796_083_200),
            ("Sept 1 2026", 1_788_220_800),
            ("1 sept 2026", 1_788_220_800),
            ("Wed Dec 31 2025", 1_767_139_200),
            ("Wednesday Dec 31 2025", 1_767_139_200),
            ("1st December 2026", 1_796_083_200),
            ("December 1st, 2026", 1_796_083_200),
            ("1st of December 2026 at 10:00", 1_796_119_200),
            ("on Tue Dec 1 2026", 1_796_083_200),
            ("Monday 2026-01-05", 1_767_571_200),
            // Date-times: UTC unless a zone says otherwise.
            ("2026-01-01T18:00:00", 1_767_290_400),
            ("2026-01-01 18:00:00", 1_767_290_400),
            ("2026-01-01t18:00:00", 1_767_290_400),
            ("2026-01-01T18:00:00Z", 1_767_290_400),
            ("2026-01-01T18:00:00z", 1_767_290_400),
            ("2026-01-01T18:00:00.999", 1_767_290_400),
            ("2026-01-01T18:00:00.999Z", 1_767_290_400),
            ("2026-01-01T10:00:00.9999999Z", 1_767_261_600),
            ("2026-01-01T10:00:00,5", 1_767_261_600),
            ("2026-01-01T20:00:00+02:00", 1_767_290_400),
            ("2026-01-01T20:00:00+0200", 1_767_290_400),
            ("2026-01-01T20:00:00+02", 1_767_290_400),
            ("2026-01-01T13:00:00-0500", 1_767_290_400),
            ("2026-01-01T10:00:00 -0500", 1_767_279_600),
            ("2026-01-01T10:00:00+5", 1_767_243_600),
            ("2026-01-01 10:00:00 +05:30", 1_767_241_800),
            ("2026-01-01T10:00:00+23:59", 1_767_175_260),
            ("2026-01-01T10:00:00.5+01:00", 1_767_258_000),
            ("2026-01-01 10:00:00 Z", 1_767_261_600),
            ("2026-01-01T10:00Z", 1_767_261_600),
            ("2026-1-1 9:05", 1_767_258_300),
            ("2026-01-01 9:5:3", 1_767_258_303),
            ("2026-01-01T10", 1_767_261_600),
            ("2026-01-01T1000", 1_767_261_600),
            ("2026-01-01T100000", 1_767_261_600),
            ("20260101T100000Z", 1_767_261_600),
            ("20260101T1000Z", 1_767_261_600),
            ("20260101T10Z", 1_767_261_600),
            ("2026-01-01 10:00 PM", 1_767_304_800),
            ("2026-01-01 12:00 AM", 1_767_225_600),
            ("2026-01-01 12:30 PM", 1_767_270_600),
            ("1 December 2026 10:00 pm", 1_796_162_400),
            ("31/12/2029 10:00", 1_893_405_600),
            ("01-Dec-2026 10:00", 1_796_119_200),
            ("10:00 1 Dec 2026", 1_796_119_200),
            ("December 1, 2026, 10:00", 1_796_119_200),
            // RFC 2822 and `date`'s output.
            ("Tue, 01 Dec 2026 10:00:00 GMT", 1_796_119_200),
            ("Tue, 1 Dec 2026 10:00:00 +0000", 1_796_119_200),
            ("Tue, 01 Dec 2026 10:00:00 UT", 1_796_119_200),
            ("Tue Dec  1 10:00:00 UTC 2026", 1_796_119_200),
            ("Tuesday, December 1, 2026 10:00 AM", 1_796_119_200),
        ] {
            assert_eq!(parse_when(text, NOW), Ok(expected), "{text}");
        }
    }

    #[test]
    fn relative_times() {
        assert_eq!(parse_when("+90s", NOW), Ok(NOW + 90));
        assert_eq!(parse_when("+15m", NOW), Ok(NOW + 900));
        assert_eq!(parse_when("+2h", NOW), Ok(NOW + 7200));
        assert_eq!(parse_when("+7d", NOW), Ok(NOW + 604_800));
        assert_eq!(parse_when(" +0s ", NOW), Ok(NOW));
        assert_eq!(parse_when("+90", NOW), Err(TimeError::NoUnit));
        for bad in ["+", "+5y", "+s", "+1.5h", "+-5s", "+5 s"] {
            assert_eq!(parse_when(bad, NOW), Err(TimeError::Invalid), "{bad}");
        }
        for far in [
            "+99999999999999999999d",
            "+999999999999d",
            "+18446744073709551615s",
        ] {
            assert_eq!(parse_when(far, NOW), Err(TimeError::AfterYear9999), "{far}");
        }
    }

    #[test]
    fn refuses_what_dateutil_would_guess() {
        use TimeError::*;
        for (text, expected) in [
            (
                "01/02/2026",
                AmbiguousDayMonth {
                    first: 1,
                    second: 2,
                    year: 2026,
                },
            ),
            (
                "1.2.2026",
                AmbiguousDayMonth {
                    first: 1,
                    second: 2,
                    year: 2026,
                },
            ),
            ("1/1/26", TwoDigitYear),
            ("26-1-1", TwoDigitYear),
            ("Dec 1 26", TwoDigitYear),
            ("1 Dec 26", TwoDigitYear),
            ("Dec 2026", Incomplete),
            ("2026-01", Incomplete),
            ("12/31", Incomplete),
            ("10:00", Incomplete),
            ("Dec 1", Incomplete),
            ("Dec 1st", Incomplete),
            ("2026-01-01T10:00:00 EST", UnknownZone),
            ("Dec 1 2026 10:00:00 CET", UnknownZone),
            ("2026-01-01T10:00:00 UTC+2", ZoneAndOffset),
            ("2026-12-01T10:00:00 GMT-05:00", ZoneAndOffset),
            ("Mon, 01 Dec 2026 10:00:00 GMT", WrongWeekday { actual: 1 }),
            ("2026-13-01", OutOfRange),
            ("2023-02-29", OutOfRange),
            ("2026-02-30", OutOfRange),
            ("0/5/2026", OutOfRange),
            ("13/13/2026", OutOfRange),
            ("2026-01-01T24:00:00", OutOfRange),
            ("2026-01-01T25:00:00", OutOfRange),
            ("2026-01-01T10:60:00", OutOfRange),
            ("2026-01-01T10:00:60", OutOfRange),
            ("2026-01-01T10:00:00+24:00", OutOfRange),
            ("2026-01-01 13:00 PM", OutOfRange),
            ("2026-01-01 00:00 PM", OutOfRange),
            ("1969-12-31", BeforeEpoch),
            ("1970-01-01T00:00:00+00:01", BeforeEpoch),
            ("-5", BeforeEpoch),
            ("-0.9999996", BeforeEpoch),
            ("1e400", AfterYear9999),
            ("253402300800", AfterYear9999),
            ("1893456000000", AfterYear9999),
            ("99999999999999999999999", AfterYear9999),
            ("9999-12-31T23:59:59-01:00", AfterYear9999),
        ] {
            assert_eq!(parse_when(text, NOW), Err(expected), "{text}");
        }
        for bad in [
            "",
            " ",
            ".",
            "tomorrow",
            "next tuesday",
            "not-a-date",
            "nan",
            "inf",
            "1e",
            "1e+",
            "e9",
            "1.5.e9",
            "2026-W01",
            "2026-001",
            "2026-01-01Z",
            "2026-01-01 UTC",
            "2026-01-01T",
            "2026-01-01T1",
            "2026-01-01T10:00:00.",
            "2026-01-01T10:00:00+",
            "2026-01-01/10:00",
            "2026-01/01",
            "1 1 2026",
            "Dec 1 2026 2027",
            "Dec Jan 1 2026",
            "Dec st 1 2026",
            "2026-01-01st",
            "2026-01-01 10:00 10:00",
            "2026-01-01 2026-01-01",
            "10:00 pm am 2026-01-01",
            "2026-01-01 am",
            "2026\u{2011}01\u{2011}01",
            "२०२६-01-01",
        ] {
            assert_eq!(parse_when(bad, NOW), Err(Invalid), "{bad:?}");
        }
    }

    #[test]
    fn messages_show_an_accepted_form_and_never_the_input() {
        for text in [
            "junk-input",
            "01/02/2026",
            "1/1/26",
            "+45",
            "Dec 2026",
            "2026-13-01",
        ] {
            let e = parse_when(text, NOW).unwrap_err();
            let message = alloc::format!("{e}");
            assert!(!message.contains(text), "{message}");
            assert!(
                message.contains("2026") || message.contains("+90s"),
                "{message}"
            );
        }
        let e = parse_when("01/02/2026", NOW).unwrap_err();
        assert!(alloc::format!("{e}").contains("(2026-01-02) or day/month (2026-02-01)"));
        let e = parse_when("Mon, 01 Dec 2026 10:00:00 GMT", NOW).unwrap_err();
        assert!(alloc::format!("{e}").contains("a Tuesday"));
    }

    #[test]
    fn never_panics() {
        let pieces = [
            "2026", "1", "12", "31", "-", "/", ".", ":", ",", "+", " ", "T", "Z", "Dec", "Tue",
            "pm", "UTC", "EST", "00", "20260101", "123456", "é", "",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let _ = parse_when(&[a, b, c, d].concat(), NOW);
                    }
                }
            }
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
