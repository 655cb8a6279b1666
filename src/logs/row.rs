//! One request at a time, from columns: the verdict of a row as a table engine (Arrow, Spark,
//! Dask, DuckDB) holds it, and the report counted from such verdicts. `cfsign logs` decides and
//! counts through the same two steps ([`Analyzer::decide`](super::Analyzer::decide),
//! [`Report::count`]), so that a verdict column and the command agree by construction.

use alloc::string::String;
use core::net::IpAddr;

use super::line::Record;
use super::report::{keep_earliest, Report};
use super::summary::Example;

mod request;
mod verdict;
pub use request::{Column, RowFields};
pub use verdict::{Kind, RowError, RowVerdict, VerdictColumns};

/// Every reason code a verdict can carry ([`Reason::code`](crate::verify::Reason::code)).
const REASON_CODES: [&str; 10] = [
    "missing_signature",
    "malformed",
    "unknown_key",
    "bad_signature",
    "expired",
    "not_yet_valid",
    "ip_denied",
    "resource_mismatch",
    "resource_ambiguous",
    "cookie_not_sent",
];

/// Every code of a skipped line ([`BadLine::code`](super::BadLine::code)).
const BAD_LINE_CODES: [&str; 9] = [
    "field_count",
    "not_text",
    "too_long",
    "fields_changed",
    "bad_fields",
    "no_fields",
    "bad_time",
    "bad_json",
    "missing_field",
];

/// The static code equal to `code`, among `codes`.
pub(super) fn known(codes: &[&'static str], code: &str) -> Option<&'static str> {
    codes.iter().copied().find(|c| *c == code)
}

/// A reason code's static form, or `None` for a code no verdict has.
pub(super) fn reason_code(code: &str) -> Option<&'static str> {
    known(&REASON_CODES, code)
}

/// A skipped line's code in its static form.
pub(super) fn bad_line_code(code: &str) -> Option<&'static str> {
    known(&BAD_LINE_CODES, code)
}

/// What the report reads of a request besides its verdict.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    /// When, epoch seconds.
    pub time: u64,
    /// `x-edge-location`, `""` when not logged.
    pub edge_location: &'a str,
    /// `c-ip`, when an IP address.
    pub client_ip: Option<IpAddr>,
    /// `cs-uri-stem`, unescaped.
    pub path: &'a str,
    /// `sc-status`.
    pub status: Option<u16>,
}

impl<'a> Seen<'a> {
    /// What the report reads of `record`.
    pub fn of(record: &'a Record<'_>) -> Self {
        Self {
            time: record.time,
            edge_location: &record.edge_location,
            client_ip: record.client_ip,
            path: &record.path,
            status: record.status,
        }
    }
}

impl Report {
    /// Counts a request decided as `verdict`; `boundary_window` as
    /// [`AnalyzerOptions::boundary_window`](super::AnalyzerOptions::boundary_window).
    pub fn count(&mut self, seen: &Seen<'_>, verdict: &RowVerdict, boundary_window: u64) {
        let t = seen.time;
        self.requests += 1;
        self.saw_time(t);
        if verdict.signature_valid.is_some() {
            self.verifications += 1;
        }
        match verdict.kind {
            Kind::Truncated => {
                self.signed += 1;
                *self.verdicts.entry("truncated").or_default() += 1;
                if let Some(b) = self.bucket(t) {
                    b.truncated += 1;
                }
                return;
            }
            Kind::Unsigned => {
                self.unsigned += 1;
                if let Some(b) = self.bucket(t) {
                    b.unsigned += 1;
                }
                return;
            }
            Kind::Allowed | Kind::Denied => {}
        }
        self.signed += 1;
        if let Some(id) = verdict.key_pair_id.as_deref() {
            if let Some(k) = self.key(id, t) {
                if verdict.signature_valid == Some(true) {
                    k.latest_expiry = k.latest_expiry.max(verdict.expires);
                }
            }
        }
        let example = |reason: &str| Example {
            at: t,
            time: crate::time::format_utc(t),
            path: String::from(seen.path),
            client_ip: seen.client_ip.map(|ip| alloc::format!("{ip}")),
            edge_location: String::from(seen.edge_location),
            status: seen.status,
            verdict: String::from(reason),
        };
        if verdict.kind == Kind::Allowed {
            *self.verdicts.entry("allowed").or_default() += 1;
            if let Some(b) = self.bucket(t) {
                b.allowed += 1;
            }
            if seen.status == Some(403) {
                self.allowed_but_403 += 1;
                keep_earliest(&mut self.allowed_but_403_example, Some(example("allowed")));
            }
            return;
        }
        self.denied += 1;
        if let Some(b) = self.bucket(t) {
            b.denied += 1;
        }
        for code in &verdict.codes {
            *self.verdicts.entry(code).or_default() += 1;
        }
        let ex = example(&verdict.reason());
        if seen.status.is_some_and(|s| (200..400).contains(&s)) {
            self.denied_but_served += 1;
            keep_earliest(&mut self.denied_but_served_example, Some(ex.clone()));
        }
        let has = |code| verdict.codes.contains(&code);
        if let Some(expires) = verdict.expires.filter(|_| has("expired")) {
            let by = t.saturating_sub(expires);
            if by <= boundary_window {
                if let Some(s) = self.skew(seen.edge_location) {
                    s.expired += 1;
                    s.expired_sum += by;
                    s.expired_max = s.expired_max.max(by);
                }
            }
        }
        if let Some(starts) = verdict.starts.filter(|_| has("not_yet_valid")) {
            let by = starts.saturating_sub(t);
            if by <= boundary_window {
                if let Some(s) = self.skew(seen.edge_location) {
                    s.early += 1;
                    s.early_sum += by;
                    s.early_max = s.early_max.max(by);
                }
            }
        }
        self.top_paths.add(seen.path, &ex);
        let edge = match seen.edge_location {
            "" => "-",
            e => e,
        };
        self.top_edges.add(edge, &ex);
        self.top_networks.add(&network(seen.client_ip), &ex);
    }

    /// Counts a skipped row by its code ([`BadLine::code`](super::BadLine::code)); `false` for a code that is none.
    pub fn bad_row(&mut self, source: u32, line: u64, code: &str) -> bool {
        match bad_line_code(code) {
            Some(code) => {
                self.bad_lines += 1;
                self.list_bad((source, line, code));
                true
            }
            None => false,
        }
    }
}

/// The viewer's network: the /24 of an IPv4 address, the /48 of an IPv6 one.
fn network(ip: Option<IpAddr>) -> String {
    match ip.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V4(v4)) => {
            let [a, b, c, _] = v4.octets();
            alloc::format!("{a}.{b}.{c}.0/24")
        }
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            let net = core::net::Ipv6Addr::new(s[0], s[1], s[2], 0, 0, 0, 0, 0);
            alloc::format!("{net}/48")
        }
        None => String::from("unknown"),
    }
}
