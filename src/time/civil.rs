//! The proleptic Gregorian calendar: days from a civil date, and an epoch second as UTC text.

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(super) fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of an epoch day: (year, month, day).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    // Inverse of days_from_civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Formats epoch seconds as `YYYY-MM-DDThh:mm:ssZ`.
pub fn format_utc(epoch: u64) -> alloc::string::String {
    let (y, m, d) = civil_from_days((epoch / 86_400) as i64);
    let rem = epoch % 86_400;
    // From 1970 on, every field is positive.
    alloc::format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Formats epoch seconds as an HTTP date (RFC 9110's IMF-fixdate, what a `Set-Cookie`
/// `Expires` attribute carries, RFC 6265 section 4.1.1): `Thu, 01 Jan 2026 10:00:00 GMT`.
pub fn format_http_date(epoch: u64) -> alloc::string::String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = epoch / 86_400;
    let (y, m, d) = civil_from_days(days as i64);
    let rem = epoch % 86_400;
    // 1970-01-01 was a Thursday; `m` is 1..=12.
    let weekday = DAYS.get((days % 7) as usize).unwrap_or(&"Thu");
    let month = MONTHS.get((m - 1) as usize).unwrap_or(&"Jan");
    alloc::format!(
        "{weekday}, {d:02} {month} {y:04} {:02}:{:02}:{:02} GMT",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
