//! One log line, read: a header, a record, or a bad line; and the record made from a line's raw
//! (still escaped) fields, whichever format gave them (tab-separated, JSON, or a table's row).

use alloc::borrow::Cow;
use alloc::string::String;
use core::net::IpAddr;

use super::escape::field;
use super::REALTIME_COOKIE_LIMIT;

/// One request, as logged, its fields unescaped once (the wire form the viewer sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// When, epoch seconds (`date` + `time`, or the real-time `timestamp`).
    pub time: u64,
    /// The edge location (`x-edge-location`), `""` when not logged.
    pub edge_location: Cow<'a, str>,
    /// The viewer (`c-ip`), when it is an IP address.
    pub client_ip: Option<IpAddr>,
    /// The Host the viewer sent (`x-host-header`), else the distribution's (`cs(Host)`).
    pub host: Cow<'a, str>,
    /// `cs-uri-stem`.
    pub path: Cow<'a, str>,
    /// `cs-uri-query`, without the `?`.
    pub query: Option<Cow<'a, str>>,
    /// `cs(Cookie)` / `cs-cookie`, when cookies are logged.
    pub cookies: Option<Cow<'a, str>>,
    /// Whether the cookie field may have been cut (a real-time log's, at 800 bytes or more).
    pub cookies_truncated: bool,
    /// `sc-status`, when logged and a number.
    pub status: Option<u16>,
    /// `http` or `https` (`cs-protocol`; `ws`/`wss` map to them), `https` when not logged.
    pub scheme: &'static str,
}

impl Record<'_> {
    /// The request URL: scheme, the viewer's Host, the path, and the query.
    pub fn url(&self) -> String {
        let mut url = String::with_capacity(
            16 + self.host.len() + self.path.len() + self.query.as_ref().map_or(0, |q| q.len()),
        );
        url.push_str(self.scheme);
        url.push_str("://");
        url.push_str(&self.host);
        url.push_str(&self.path);
        if let Some(q) = &self.query {
            url.push('?');
            url.push_str(q);
        }
        url
    }
}

/// Why a line was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BadLine {
    /// Not as many fields as the `#Fields` line (or `--fields`) names.
    FieldCount {
        /// Fields named.
        expected: usize,
        /// Fields found.
        found: usize,
    },
    /// Not UTF-8 text (binary junk).
    NotText,
    /// Longer than [`MAX_LINE_BYTES`](super::MAX_LINE_BYTES).
    TooLong,
    /// A `#Fields` line that differs from the first: skipped, the first layout goes on.
    FieldsChanged,
    /// A `#Fields` line that cannot be read (a needed field is missing).
    BadFields,
    /// A record before any `#Fields` line.
    NoFields,
    /// The time does not read.
    BadTime,
    /// A JSON line that is not a JSON object of strings.
    BadJson,
    /// A required field (path, host) is empty.
    MissingField,
}

impl BadLine {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::FieldCount { .. } => "field_count",
            Self::NotText => "not_text",
            Self::TooLong => "too_long",
            Self::FieldsChanged => "fields_changed",
            Self::BadFields => "bad_fields",
            Self::NoFields => "no_fields",
            Self::BadTime => "bad_time",
            Self::BadJson => "bad_json",
            Self::MissingField => "missing_field",
        }
    }
}

/// What a line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line<'a> {
    /// A header or a blank line.
    Header,
    /// A request.
    Record(Record<'a>),
    /// A line that was skipped.
    Bad(BadLine),
}

/// The fields of a tab-separated record that the analysis reads.
#[derive(Debug, Clone, Default)]
pub(super) struct Raw<'a> {
    pub date: Option<&'a str>,
    pub time: Option<&'a str>,
    pub timestamp: Option<&'a str>,
    pub timestamp_ms: Option<&'a str>,
    pub edge: Option<&'a str>,
    pub client_ip: Option<&'a str>,
    pub host_header: Option<&'a str>,
    pub cs_host: Option<&'a str>,
    pub stem: Option<&'a str>,
    pub query: Option<&'a str>,
    pub cookie: Option<&'a str>,
    pub status: Option<&'a str>,
    pub protocol: Option<&'a str>,
}

/// A record from its raw (still escaped) fields.
pub(super) fn record(raw: Raw<'_>, realtime: bool) -> Line<'_> {
    let Some(time) = time_of(&raw) else {
        return Line::Bad(BadLine::BadTime);
    };
    let host = raw
        .host_header
        .and_then(field)
        .or_else(|| raw.cs_host.and_then(field));
    let (Some(host), Some(path)) = (host, raw.stem.and_then(field)) else {
        return Line::Bad(BadLine::MissingField);
    };
    let cookies = raw.cookie.and_then(field);
    Line::Record(Record {
        time,
        edge_location: raw.edge.and_then(field).unwrap_or_default(),
        client_ip: raw.client_ip.and_then(|ip| ip.parse().ok()),
        host,
        path,
        query: raw.query.and_then(field),
        cookies_truncated: realtime && raw.cookie.is_some_and(|c| c.len() >= REALTIME_COOKIE_LIMIT),
        cookies,
        status: raw.status.and_then(|s| s.parse().ok()),
        scheme: match raw.protocol {
            Some("http" | "ws") => "http",
            _ => "https",
        },
    })
}

/// Epoch seconds of the record: `date` + `time` (`2019-12-04` and `21:02:31`, UTC), else
/// `timestamp` (`1587599218.452`), else `timestamp(ms)`.
fn time_of(raw: &Raw<'_>) -> Option<u64> {
    if let (Some(date), Some(time)) = (raw.date, raw.time) {
        return date_time(date, time);
    }
    if let Some(ts) = raw.timestamp {
        let secs = ts.split_once('.').map_or(ts, |(s, _)| s);
        return digits(secs);
    }
    raw.timestamp_ms.and_then(digits).map(|ms| ms / 1000)
}

fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn date_time(date: &str, time: &str) -> Option<u64> {
    let mut d = date.splitn(3, '-').map(digits);
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.splitn(3, ':').map(digits);
    let (h, min, s) = (t.next()??, t.next()??, t.next()??);
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    if h > 23 || min > 59 || s > 60 {
        return None;
    }
    let days = crate::time::days_from_civil(y as i64, m as i64, day as i64);
    let days = u64::try_from(days).ok()?;
    Some(days * 86_400 + h * 3600 + min * 60 + s)
}
