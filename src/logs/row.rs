//! One request at a time, from columns: the verdict of a row as a table engine (Arrow, Spark,
//! Dask, DuckDB) holds it, and the report counted from such verdicts. `cfsign logs` decides and
//! counts through the same two steps ([`Analyzer::decide`](super::Analyzer::decide),
//! [`Report::count`]), so that a verdict column and the command agree by construction.

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::fields::Role;
use super::line::{self as reader, BadLine, Line, Raw, Record};
use super::report::{keep_earliest, Report};
use super::summary::Example;
use super::MAX_LINE_BYTES;
use crate::decode::Source;
use crate::key::HashAlgorithm;
use crate::verify::{Reason, Verdict};

/// Every reason code a verdict can carry ([`Reason::code`]).
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

/// Every code of a skipped line ([`BadLine::code`]).
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

/// What became of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Signed, and CloudFront would serve it.
    Allowed,
    /// Signed, and refused: the reasons say why.
    Denied,
    /// No signing parameter in the URL or the cookies.
    Unsigned,
    /// Refused with cookies that a real-time log cut at 800 bytes: maybe only in the log.
    Truncated,
}

impl Kind {
    /// `allowed`, `denied`, `unsigned` or `truncated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Denied => "denied",
            Self::Unsigned => "unsigned",
            Self::Truncated => "truncated",
        }
    }

    /// The kind named by [`Kind::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Allowed, Self::Denied, Self::Unsigned, Self::Truncated]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// The decision for one logged request: what a verdict row holds, and all that the report counts
/// of it besides the request's own fields ([`Seen`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowVerdict {
    /// What became of it.
    pub kind: Kind,
    /// The reason codes of a refusal, each once, in the verdict's order (empty when allowed).
    pub codes: Vec<&'static str>,
    /// Where the signing parameters came from.
    pub source: Source,
    /// The `Key-Pair-Id` sent (not trusted).
    pub key_pair_id: Option<String>,
    /// The hash named (`SHA1` unless `Hash-Algorithm` says otherwise), when signed.
    pub hash_algorithm: Option<HashAlgorithm>,
    /// The policy's `DateLessThan`, epoch seconds.
    pub expires: Option<u64>,
    /// The policy's `DateGreaterThan`, epoch seconds.
    pub starts: Option<u64>,
    /// The signature's result, when it was checked (a trusted key and a readable policy).
    pub signature_valid: Option<bool>,
}

impl RowVerdict {
    /// The row of `verdict`, whose signature check gave `valid`; `truncated` when the log may
    /// have cut the request's cookies.
    pub fn of(verdict: &Verdict, valid: Option<bool>, truncated: bool) -> Self {
        let source = verdict.source();
        let mut codes: Vec<&'static str> = verdict.reasons.iter().map(Reason::code).collect();
        codes.dedup();
        let kind = if truncated && !verdict.allowed() && source != Source::Url {
            Kind::Truncated
        } else if source == Source::None {
            Kind::Unsigned
        } else if verdict.allowed() {
            Kind::Allowed
        } else {
            Kind::Denied
        };
        let signed = source != Source::None;
        Self {
            kind,
            codes,
            source,
            key_pair_id: verdict.decoded.key_pair_id.clone(),
            hash_algorithm: signed.then_some(verdict.decoded.hash_algorithm),
            expires: verdict.policy.as_ref().map(|p| p.date_less_than),
            starts: verdict.policy.as_ref().and_then(|p| p.date_greater_than),
            signature_valid: valid,
        }
    }

    /// The reason codes joined with `,` (what the report's examples show), empty when allowed.
    pub fn reason(&self) -> String {
        self.codes.join(",")
    }

    /// Whether CloudFront would serve it.
    pub fn allowed(&self) -> bool {
        self.kind == Kind::Allowed
    }
}

/// Why a verdict row cannot be read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RowError {
    /// The `verdict` is none of cfsign's.
    Verdict,
    /// A `reason` code is none of cfsign's.
    Reason,
    /// The `source` is not `url`, `cookies` or `none`.
    Source,
    /// The `hash_algorithm` is not `SHA1` or `SHA256`.
    Hash,
}

impl RowError {
    /// The column that does not read.
    pub fn column(self) -> &'static str {
        match self {
            Self::Verdict => "verdict",
            Self::Reason => "reason",
            Self::Source => "source",
            Self::Hash => "hash_algorithm",
        }
    }
}

/// The columns of a verdict row, as [`RowVerdict`] writes them.
#[derive(Debug, Clone, Copy, Default)]
pub struct VerdictColumns<'a> {
    /// [`Kind::as_str`].
    pub verdict: &'a str,
    /// [`RowVerdict::reason`].
    pub reason: Option<&'a str>,
    /// [`Source::as_str`].
    pub source: &'a str,
    /// See [`RowVerdict`].
    pub key_pair_id: Option<&'a str>,
    /// [`HashAlgorithm::as_str`].
    pub hash_algorithm: Option<&'a str>,
    /// See [`RowVerdict`].
    pub expires: Option<u64>,
    /// See [`RowVerdict`].
    pub starts: Option<u64>,
    /// See [`RowVerdict`].
    pub signature_valid: Option<bool>,
}

impl VerdictColumns<'_> {
    /// The verdict these columns hold.
    pub fn read(&self) -> Result<RowVerdict, RowError> {
        let kind = Kind::parse(self.verdict).ok_or(RowError::Verdict)?;
        let codes = match self.reason.filter(|r| !r.is_empty()) {
            None => Vec::new(),
            Some(r) => r
                .split(',')
                .map(|c| reason_code(c).ok_or(RowError::Reason))
                .collect::<Result<_, _>>()?,
        };
        let source = match self.source {
            "url" => Source::Url,
            "cookies" => Source::Cookies,
            "none" => Source::None,
            _ => return Err(RowError::Source),
        };
        let hash_algorithm = match self.hash_algorithm {
            None => None,
            Some(h) => Some(HashAlgorithm::from_param(h).ok_or(RowError::Hash)?),
        };
        Ok(RowVerdict {
            kind,
            codes,
            source,
            key_pair_id: self.key_pair_id.map(String::from),
            hash_algorithm,
            expires: self.expires,
            starts: self.starts,
            signature_valid: self.signature_valid,
        })
    }
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

/// The fields of one request as a table gives them, by name, still escaped as the log writes
/// them: the row-level counterpart of a log line. The names are the W3C ones (`cs-uri-query`,
/// `cs(Cookie)`, `x-host-header`), the real-time ones (`cs-cookie`) and the snake-case ones of
/// AWS's Athena and Parquet tables (`cs_uri_query`, `cs_cookie`, `x_host_header`).
#[derive(Debug, Clone, Default)]
pub struct RowFields<'a> {
    raw: Raw<'a>,
    bytes: usize,
}

/// Which column a name is, for [`RowFields::set`]; `None` for a column the analysis skips.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column(Role);

impl Column {
    /// The column named `name`, if the analysis reads it.
    pub fn of(name: &str) -> Option<Self> {
        match Role::of(name) {
            Role::Other => None,
            role => Some(Self(role)),
        }
    }

    /// Whether it is a time column that holds epoch seconds or milliseconds.
    pub fn is_timestamp(self) -> bool {
        matches!(self.0, Role::Timestamp | Role::TimestampMs)
    }

    /// Whether it holds epoch milliseconds (`timestamp(ms)`).
    pub fn is_milliseconds(self) -> bool {
        self.0 == Role::TimestampMs
    }
}

impl<'a> RowFields<'a> {
    /// No field yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the field `column` (a null cell is not set).
    pub fn set(&mut self, column: Column, value: &'a str) {
        self.bytes = self.bytes.saturating_add(value.len() + 1);
        let slot = match column.0 {
            Role::Other => return,
            Role::Date => &mut self.raw.date,
            Role::Time => &mut self.raw.time,
            Role::Timestamp => &mut self.raw.timestamp,
            Role::TimestampMs => &mut self.raw.timestamp_ms,
            Role::Edge => &mut self.raw.edge,
            Role::ClientIp => &mut self.raw.client_ip,
            Role::HostHeader => &mut self.raw.host_header,
            Role::CsHost => &mut self.raw.cs_host,
            Role::Stem => &mut self.raw.stem,
            Role::Query => &mut self.raw.query,
            Role::Cookie => &mut self.raw.cookie,
            Role::Status => &mut self.raw.status,
            Role::Protocol => &mut self.raw.protocol,
        };
        *slot = Some(value);
    }

    /// The request these fields make, or why they make none: the same rules as a log line
    /// (a row over [`MAX_LINE_BYTES`] is `too_long`, a NUL is `not_text`).
    pub fn record(self) -> Result<Record<'a>, BadLine> {
        if self.bytes > MAX_LINE_BYTES {
            return Err(BadLine::TooLong);
        }
        let r = &self.raw;
        let cells = [
            r.date,
            r.time,
            r.timestamp,
            r.timestamp_ms,
            r.edge,
            r.client_ip,
            r.host_header,
            r.cs_host,
            r.stem,
            r.query,
            r.cookie,
            r.status,
            r.protocol,
        ];
        if cells.iter().flatten().any(|c| c.contains('\0')) {
            return Err(BadLine::NotText);
        }
        match reader::record(self.raw, false) {
            Line::Record(record) => Ok(record),
            Line::Bad(why) => Err(why),
            Line::Header => Err(BadLine::MissingField),
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

    /// Counts a skipped row by its code ([`BadLine::code`]); `false` for a code that is none.
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
