//! The report as people and programs read it ([`Report::summary`](super::Report::summary) makes
//! it): times as RFC 3339 UTC strings, the rotation advice, the top lists. Serializes to the
//! CLI's `--json` object (snake_case).

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use serde::Serialize;

/// One request shown as an example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Example {
    #[serde(skip)]
    pub(super) at: u64,
    /// When, RFC 3339 UTC.
    pub time: String,
    /// `cs-uri-stem`, unescaped.
    pub path: String,
    /// `c-ip`.
    pub client_ip: Option<String>,
    /// `x-edge-location`.
    pub edge_location: String,
    /// `sc-status`.
    pub status: Option<u16>,
    /// `allowed`, or the reason codes, comma-separated.
    pub verdict: String,
}

impl Example {
    /// The earlier request (ties by path, then viewer): the example kept.
    pub(super) fn earlier_than(&self, other: &Self) -> bool {
        (self.at, &self.path, &self.client_ip, &self.edge_location)
            < (
                other.at,
                &other.path,
                &other.client_ip,
                &other.edge_location,
            )
    }
}

/// Requests whose status disagrees with the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusMismatch {
    /// Allowed by the signature yet answered 403: the cause is not the signature (look at the
    /// cache behavior or the origin; `cfsign doctor`).
    pub allowed_but_403: u64,
    /// Denied by the signature yet served (2xx/3xx): the path is not restricted, a public hole.
    pub denied_but_served: u64,
    /// The earliest of each.
    pub allowed_but_403_example: Option<Example>,
    /// See `allowed_but_403_example`.
    pub denied_but_served_example: Option<Example>,
}

/// One key ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyJson {
    /// The `Key-Pair-Id`.
    pub id: String,
    /// Signed requests naming it.
    pub requests: u64,
    /// RFC 3339 UTC.
    pub first_seen: String,
    /// RFC 3339 UTC.
    pub last_seen: String,
    /// The latest `DateLessThan` on a valid signature by this key, RFC 3339 UTC.
    pub latest_expiry: Option<String>,
}

/// Whether a key can be removed from the key group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rotation {
    /// The `Key-Pair-Id`.
    pub id: String,
    /// `safe_to_remove_after` (every URL it signed has expired, plus the skew allowance, by the
    /// last log time), `still_in_use` (some have not), `no_valid_signature` (none seen).
    pub status: &'static str,
    /// The latest expiry plus the skew allowance, RFC 3339 UTC.
    pub after: Option<String>,
}

/// Denials near a time boundary at one edge location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkewJson {
    /// `x-edge-location`.
    pub edge_location: String,
    /// `expired` within the window after the expiry, and their largest overshoot (seconds).
    pub expired_near_boundary: u64,
    /// See `expired_near_boundary`.
    pub max_seconds_after_expiry: u64,
    /// `not_yet_valid` within the window before the start, and their largest lead (seconds).
    pub not_yet_valid_near_boundary: u64,
    /// See `not_yet_valid_near_boundary`.
    pub max_seconds_before_start: u64,
    /// A rough estimate of the clock offset (signer against edge) that explains these denials:
    /// the mean overshoot, positive when requests came late (expired), negative when early.
    pub estimate_seconds: i64,
}

/// One entry of a top list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopEntry {
    /// The path, edge location or network.
    pub key: String,
    /// Denied requests.
    pub count: u64,
    /// The earliest of them.
    pub example: Example,
}

/// The top denied paths, edge locations and viewer networks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopJson {
    /// `cs-uri-stem`.
    pub paths: Vec<TopEntry>,
    /// `x-edge-location`.
    pub edge_locations: Vec<TopEntry>,
    /// The viewer's /24 (IPv4) or /48 (IPv6).
    pub networks: Vec<TopEntry>,
    /// Whether more distinct keys were seen than are counted exactly (1,024 per list).
    pub approximate: bool,
}

/// One skipped line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadLineJson {
    /// The file, as given by the caller.
    pub file: Option<String>,
    /// 1-based.
    pub line: u64,
    /// `field_count`, `not_text`, `too_long`, `fields_changed`, `bad_fields`, `no_fields`,
    /// `bad_time`, `bad_json`, `missing_field`.
    pub code: &'static str,
}

/// One hour of verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HourJson {
    /// The hour's start, RFC 3339 UTC.
    pub hour: String,
    /// Signed requests allowed, denied, truncated; unsigned requests.
    pub allowed: u64,
    /// See `allowed`.
    pub denied: u64,
    /// See `allowed`.
    pub truncated: u64,
    /// See `allowed`.
    pub unsigned: u64,
}

/// The report, ready to print or serialize.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Requests read (within the window), signed and unsigned.
    pub requests: u64,
    /// See `requests`.
    pub signed: u64,
    /// See `requests`.
    pub unsigned: u64,
    /// Signed requests denied.
    pub denied: u64,
    /// `allowed`, `truncated`, and each reason code of `cfsign verify` (once per request).
    pub verdicts: BTreeMap<&'static str, u64>,
    /// Status codes that disagree with the verdict.
    pub status_mismatch: StatusMismatch,
    /// Per key ID, by ID.
    pub keys: Vec<KeyJson>,
    /// Per key ID: can it be removed?
    pub rotation: Vec<Rotation>,
    /// The skew allowance used for `rotation`, seconds.
    pub skew_seconds: u64,
    /// Per edge location with denials near a boundary.
    pub clock_skew: Vec<SkewJson>,
    /// The top denied paths, edge locations, networks.
    pub top: TopJson,
    /// Verdicts per hour.
    pub timeline: Vec<HourJson>,
    /// The earliest and latest request time, RFC 3339 UTC.
    pub first_time: Option<String>,
    /// See `first_time`.
    pub last_time: Option<String>,
    /// Records outside `--since`/`--until`.
    pub outside_window: u64,
    /// Lines skipped, and the first of them.
    pub bad_lines: u64,
    /// See `bad_lines`.
    pub bad_lines_listed: Vec<BadLineJson>,
    /// Requests that needed a signature check: a fact about the logs, equal however the rows
    /// were split. (How many checks the memo answered is a fact about the run: `Report::memo_hits`,
    /// not part of the summary.)
    pub verifications: u64,
}
