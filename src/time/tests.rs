//! The forms the AWS CLI reads, the ones refused, and the messages (compiled only with
//! #[cfg(test)], from time.rs).

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
    for bad in [
        "+",
        "+5y",
        "+s",
        "+1.5h",
        "+-5s",
        "+5 s x",
        "5h",
        "+5h3",
        "in",
        "ago",
        "-5 days ago",
    ] {
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
        "2026", "1", "12", "31", "-", "/", ".", ":", ",", "+", " ", "T", "Z", "Dec", "Tue", "pm",
        "UTC", "EST", "00", "20260101", "123456", "é", "",
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

/// Epoch seconds as UTC text, as Python's `datetime` writes them (`fromtimestamp(t, timezone.utc)`,
/// `%Y-%m-%dT%H:%M:%SZ`) up to its year 9999, and past it as GNU `date -u -d @t` does (and, for
/// the largest, Python's `datetime` over a date moved back by whole 400-year cycles).
#[test]
fn formats_utc_as_python_and_gnu_date() {
    for (epoch, text) in [
        (0, "1970-01-01T00:00:00Z"),
        (59, "1970-01-01T00:00:59Z"),
        (86_399, "1970-01-01T23:59:59Z"),
        (86_400, "1970-01-02T00:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (951_868_799, "2000-02-29T23:59:59Z"),
        (1_709_164_800, "2024-02-29T00:00:00Z"),
        (1_767_290_400, "2026-01-01T18:00:00Z"),
        (2_147_483_647, "2038-01-19T03:14:07Z"),
        (4_102_444_800, "2100-01-01T00:00:00Z"),
        (4_107_542_399, "2100-02-28T23:59:59Z"),
        (13_569_465_600, "2400-01-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
        (253_402_300_800, "10000-01-01T00:00:00Z"),
        (253_433_923_199, "10000-12-31T23:59:59Z"),
        (3_155_760_000_000, "101972-01-21T00:00:00Z"),
        (67_767_976_233_532_799, "2147483647-12-31T23:59:59Z"),
        (1 << 63, "292277026596-12-04T15:30:08Z"),
        (u64::MAX, "584554051223-11-09T07:00:15Z"),
    ] {
        assert_eq!(format_utc(epoch), text, "{epoch}");
    }
}

#[test]
fn relative_times_as_people_say_them() {
    for (text, expected) in [
        ("-2h", NOW - 7200),
        ("2h ago", NOW - 7200),
        ("2 hours ago", NOW - 7200),
        ("5d 3h ago", NOW - 5 * 86_400 - 3 * 3600),
        ("5d3h ago", NOW - 5 * 86_400 - 3 * 3600),
        (
            "5 days, 3 h and 2 min ago",
            NOW - 5 * 86_400 - 3 * 3600 - 120,
        ),
        ("-1w", NOW - 604_800),
        ("+1d 12h", NOW + 86_400 + 12 * 3600),
        ("+5 s", NOW + 5),
        ("in 10 min", NOW + 600),
        ("IN 10 MIN", NOW + 600),
        ("now", NOW),
        (" 90 seconds ago ", NOW - 90),
    ] {
        assert_eq!(parse_when(text, NOW), Ok(expected), "{text}");
    }
    assert_eq!(parse_when("-90", NOW), Err(TimeError::BeforeEpoch));
    assert_eq!(parse_when("2 ago", NOW), Err(TimeError::NoUnit));
    assert_eq!(parse_when("-99999d", NOW), Err(TimeError::BeforeEpoch));
    assert_eq!(
        parse_when("99999999999999999999s ago", NOW),
        Err(TimeError::AfterYear9999)
    );
}

#[test]
fn durations_read_back_as_written() {
    for (seconds, text) in [
        (0, "0 s"),
        (45, "45 s"),
        (600, "10 min"),
        (605, "10 min 5 s"),
        (7200, "2 h"),
        (7500, "2 h 5 min"),
        (86_400, "1 day"),
        (5 * 86_400 + 3 * 3600 + 59, "5 days 3 h"),
    ] {
        assert_eq!(format_duration(seconds), text);
        let back = parse_when(&alloc::format!("{text} ago"), NOW).map(|t| NOW - t);
        assert_eq!(
            back,
            Ok(seconds - seconds % if seconds >= 86_400 { 3600 } else { 1 })
        );
    }
    let status = TimeStatus::at(NOW, None, NOW - 5 * 86_400);
    assert_eq!(
        (status.state, status.message.as_str()),
        ("expired", "expired 5 days ago")
    );
    let status = TimeStatus::at(NOW, Some(NOW + 599), NOW + 3600);
    assert_eq!(status.message, "not valid for another 10 min");
    let status = TimeStatus::at(NOW, Some(NOW - 1), NOW + 3600);
    assert_eq!(
        (status.state, status.message.as_str()),
        ("valid", "valid for another 1 h")
    );
}
