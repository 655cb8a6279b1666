//! A `Set-Cookie` line's `Expires` as a browser reads it: RFC 6265's cookie-date algorithm
//! (section 5.1.1), not the AWS CLI's grammar. Browsers take far more than HTTP dates
//! (`Wed, 09 Jun 2021 10:18:14 GMT`, `Wed Jun 9 10:18:14 2021`, `09-Jun-21 10:18:14`), and no zone
//! at all: every cookie date is UTC.

use super::civil::{days_from_civil, days_in_month};

/// RFC 6265's `delimiter`: the bytes between the date's tokens.
fn is_delimiter(b: u8) -> bool {
    matches!(b, 0x09 | 0x20..=0x2F | 0x3B..=0x40 | 0x5B..=0x60 | 0x7B..=0x7E)
}

/// The value of the 1 to `max` digits that start `token`, when what follows them (if anything)
/// is not a digit: `1*2DIGIT ( non-digit *OCTET )`.
fn leading_number(token: &[u8], min: usize, max: usize) -> Option<(u32, &[u8])> {
    let digits = token.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits < min || digits > max {
        return None;
    }
    let (number, rest) = token.split_at(digits);
    let value = number
        .iter()
        .fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
    Some((value, rest))
}

/// `hms-time ( non-digit *OCTET )`: `10:18:14`, `1:2:3`.
fn time_of_day(token: &[u8]) -> Option<(u32, u32, u32)> {
    let (h, rest) = leading_number(token, 1, 2)?;
    let (m, rest) = leading_number(rest.strip_prefix(b":")?, 1, 2)?;
    let (s, _) = leading_number(rest.strip_prefix(b":")?, 1, 2)?;
    Some((h, m, s))
}

/// The month a token names by its first three letters (`Jun`, `june`, `JUNE`), 1 for January.
fn month(token: &[u8]) -> Option<u32> {
    const NAMES: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    let head = token.get(..3)?;
    let i = NAMES
        .iter()
        .position(|n| head.eq_ignore_ascii_case(&n[..]))?;
    u32::try_from(i + 1).ok()
}

/// Epoch seconds (negative before 1970) of a cookie date, or `None` where a browser ignores the
/// `Expires` attribute (the cookie then lasts the browser session).
pub fn parse_cookie_date(text: &str) -> Option<i64> {
    let (mut time, mut day, mut mon, mut year) = (None, None, None, None);
    for token in text.as_bytes().split(|&b| is_delimiter(b)) {
        if token.is_empty() {
            continue;
        }
        if time.is_none() {
            if let Some(t) = time_of_day(token) {
                time = Some(t);
                continue;
            }
        }
        if day.is_none() {
            if let Some((d, _)) = leading_number(token, 1, 2) {
                day = Some(d);
                continue;
            }
        }
        if mon.is_none() {
            if let Some(m) = month(token) {
                mon = Some(m);
                continue;
            }
        }
        if year.is_none() {
            if let Some((y, _)) = leading_number(token, 2, 4) {
                year = Some(y);
            }
        }
    }
    let ((hour, minute, second), day, month, year) = (time?, day?, mon?, year?);
    let year = match year {
        70..=99 => year + 1900,
        0..=69 => year + 2000,
        y => y,
    };
    let (year, month, day) = (i64::from(year), i64::from(month), i64::from(day));
    if year < 1601 || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let seconds = i64::from(hour * 3600 + minute * 60 + second);
    Some(days_from_civil(year, month, day) * 86_400 + seconds)
}

#[cfg(test)]
mod tests {
    use super::parse_cookie_date;

    #[test]
    fn reads_the_dates_browsers_read() {
        for (text, expected) in [
            ("Wed, 09 Jun 2021 10:18:14 GMT", Some(1_623_233_894)),
            ("Wed Jun 9 10:18:14 2021", Some(1_623_233_894)),
            ("Wednesday, 09-Jun-21 10:18:14 GMT", Some(1_623_233_894)),
            ("09-Jun-2021 10:18:14", Some(1_623_233_894)),
            ("Thu, 01 Jan 1970 00:00:00 GMT", Some(0)),
            ("Thu, 01 Jan 1970 00:00:01 GMT", Some(1)),
            ("Sat, 01 Jan 2000 00:00:00 GMT", Some(946_684_800)),
            ("1 JANUARY 70 0:0:0", Some(0)),
            ("Fri, 31 Dec 9999 23:59:59 GMT", Some(253_402_300_799)),
            ("Mon, 01 Jan 1601 00:00:00 GMT", Some(-11_644_473_600)),
            // Refused: missing parts, out of range, before 1601.
            ("", None),
            ("tomorrow", None),
            ("2026-12-01", None),
            ("Wed, 09 Jun 2021 GMT", None),
            ("Wed, 31 Jun 2021 10:18:14 GMT", None),
            ("Wed, 09 Jun 2021 24:00:00 GMT", None),
            ("Wed, 09 Jun 1600 10:18:14 GMT", None),
            ("Wed, 09 Foo 2021 10:18:14 GMT", None),
            ("Wed, 009 Jun 2021 10:18:14 GMT", None),
            ("1767290400", None),
        ] {
            assert_eq!(parse_cookie_date(text), expected, "{text:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "\u{0}\u{ff}",
            "99:99:99 99 jan 99999",
            ":::::",
            "1:2:",
            "é 1 jan 2020 1:1:1",
        ] {
            let _ = parse_cookie_date(text);
        }
    }
}
