//! Standard logging v2 as JSON lines: one object per record, keyed by the W3C field names, with
//! the same escaped values. Read with serde derives; values may be strings or numbers.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};

use serde::Deserialize;

use super::line::{self, BadLine, Line, Raw};

/// One field's value: a string or a number, as JSON lines may give either (serde's untagged
/// enum over serde_json; no JSON value type of our own).
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar<'a> {
    #[serde(borrow)]
    Text(Cow<'a, str>),
    Number(u64),
    Float(f64),
}

impl Scalar<'_> {
    fn text(self) -> Cow<'static, str> {
        match self {
            Self::Text(t) => Cow::Owned(t.into_owned()),
            Self::Number(n) => Cow::Owned(n.to_string()),
            Self::Float(f) => Cow::Owned(alloc::format!("{f}")),
        }
    }
}

/// The fields the analysis reads; every other key is ignored.
#[derive(Deserialize)]
struct JsonLine<'a> {
    #[serde(borrow, default)]
    date: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    time: Option<Scalar<'a>>,
    #[serde(borrow, default)]
    timestamp: Option<Scalar<'a>>,
    #[serde(borrow, default, rename = "timestamp(ms)")]
    timestamp_ms: Option<Scalar<'a>>,
    #[serde(borrow, default, rename = "x-edge-location")]
    edge: Option<Scalar<'a>>,
    #[serde(borrow, default, rename = "c-ip")]
    client_ip: Option<Scalar<'a>>,
    #[serde(borrow, default, rename = "x-host-header")]
    host_header: Option<Scalar<'a>>,
    #[serde(borrow, default, rename = "cs(Host)")]
    cs_host: Option<Scalar<'a>>,
    #[serde(borrow, default, rename = "cs-uri-stem")]
    stem: Option<Scalar<'a>>,
    #[serde(borrow, default, rename = "cs-uri-query")]
    query: Option<Scalar<'a>>,
    #[serde(borrow, default, rename = "cs(Cookie)")]
    cookie: Option<Scalar<'a>>,
    #[serde(borrow, default, rename = "sc-status")]
    status: Option<Scalar<'a>>,
    #[serde(borrow, default, rename = "cs-protocol")]
    protocol: Option<Scalar<'a>>,
}

/// Reads one JSON line. The record owns its fields (a JSON string may hold escapes).
pub(super) fn read(text: &str) -> Line<'static> {
    let Ok(parsed) = serde_json::from_str::<JsonLine<'_>>(text) else {
        return Line::Bad(BadLine::BadJson);
    };
    let own = |v: Option<Scalar<'_>>| v.map(Scalar::text);
    let fields: [Option<Cow<'static, str>>; 13] = [
        own(parsed.date),
        own(parsed.time),
        own(parsed.timestamp),
        own(parsed.timestamp_ms),
        own(parsed.edge),
        own(parsed.client_ip),
        own(parsed.host_header),
        own(parsed.cs_host),
        own(parsed.stem),
        own(parsed.query),
        own(parsed.cookie),
        own(parsed.status),
        own(parsed.protocol),
    ];
    let [date, time, timestamp, timestamp_ms, edge, client_ip, host_header, cs_host, stem, query, cookie, status, protocol] =
        &fields;
    fn r<'v>(v: &'v Option<Cow<'static, str>>) -> Option<&'v str> {
        v.as_deref()
    }
    let raw = Raw {
        date: r(date),
        time: r(time),
        timestamp: r(timestamp),
        timestamp_ms: r(timestamp_ms),
        edge: r(edge),
        client_ip: r(client_ip),
        host_header: r(host_header),
        cs_host: r(cs_host),
        stem: r(stem),
        query: r(query),
        cookie: r(cookie),
        status: r(status),
        protocol: r(protocol),
    };
    match line::record(raw, false) {
        Line::Record(rec) => Line::Record(into_owned(rec)),
        Line::Bad(b) => Line::Bad(b),
        Line::Header => Line::Header,
    }
}

fn own(c: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(String::from(c))
}

fn into_owned(r: line::Record<'_>) -> line::Record<'static> {
    line::Record {
        time: r.time,
        edge_location: own(r.edge_location),
        client_ip: r.client_ip,
        host: own(r.host),
        path: own(r.path),
        query: r.query.map(own),
        cookies: r.cookies.map(own),
        cookies_truncated: r.cookies_truncated,
        status: r.status,
        scheme: r.scheme,
    }
}
