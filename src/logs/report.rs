//! The aggregate of a log, or of one shard of it: counts that add up, maxima and minima, bounded
//! maps. [`Report::merge`] combines shards in any order with the same result;
//! [`Report::summary`] reads the whole out as people and programs read it.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use super::summary::{
    BadLineJson, Example, HourJson, KeyJson, Rotation, SkewJson, StatusMismatch, Summary, TopJson,
};
use super::top::Top;
use super::BadLine;
use crate::time::format_utc;

/// At most this many distinct key IDs are followed (a log can carry any text as `Key-Pair-Id`).
const MAX_KEYS: usize = 1000;
/// At most this many edge locations in the clock-skew table.
const MAX_EDGES: usize = 4096;
/// At most this many hours in the timeline (a bit over a year).
const MAX_HOURS: usize = 24 * 400;
/// At most this many bad lines are listed (the first ones by file and line number).
pub const MAX_BAD_LINES_LISTED: usize = 20;

/// One key ID's requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyStats {
    /// Signed requests naming it.
    pub requests: u64,
    /// The earliest and latest log time of those requests.
    pub first_seen: u64,
    /// See `first_seen`.
    pub last_seen: u64,
    /// The latest `DateLessThan` seen on a valid signature by this key.
    pub latest_expiry: Option<u64>,
}

/// Denials near a policy's time boundary at one edge location.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SkewStats {
    /// `expired` within the window after `DateLessThan`.
    pub expired: u64,
    /// Their seconds past the expiry, summed and at most.
    pub expired_sum: u64,
    /// See `expired_sum`.
    pub expired_max: u64,
    /// `not_yet_valid` within the window before `DateGreaterThan`.
    pub early: u64,
    /// Their seconds before the start, summed and at most.
    pub early_sum: u64,
    /// See `early_sum`.
    pub early_max: u64,
}

/// One hour of the timeline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TimeBucket {
    /// Signed requests allowed.
    pub allowed: u64,
    /// Signed requests denied.
    pub denied: u64,
    /// Signed requests whose cookies were cut by the log.
    pub truncated: u64,
    /// Requests with no signing parameter.
    pub unsigned: u64,
}

/// The aggregate of a log or of a shard of it.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Records read (within `--since`/`--until`).
    pub requests: u64,
    /// Records with a signing parameter (URL or cookie).
    pub signed: u64,
    /// Records with none.
    pub unsigned: u64,
    /// Records outside `--since`/`--until`, not counted elsewhere.
    pub outside_window: u64,
    /// Signed requests denied.
    pub denied: u64,
    /// `allowed`, `truncated` and each reason code, counted once per request.
    pub verdicts: BTreeMap<&'static str, u64>,
    /// Allowed by the signature, answered 403.
    pub allowed_but_403: u64,
    /// Denied by the signature, answered 2xx or 3xx.
    pub denied_but_served: u64,
    pub(super) allowed_but_403_example: Option<Example>,
    pub(super) denied_but_served_example: Option<Example>,
    /// Per key ID.
    pub keys: BTreeMap<String, KeyStats>,
    /// Key IDs past the first 1,000 (their requests are counted, not followed).
    pub keys_not_followed: u64,
    /// Per edge location.
    pub clock_skew: BTreeMap<String, SkewStats>,
    pub(super) top_paths: Top,
    pub(super) top_edges: Top,
    pub(super) top_networks: Top,
    /// Per hour (epoch seconds of the hour's start).
    pub timeline: BTreeMap<u64, TimeBucket>,
    /// Lines skipped.
    pub bad_lines: u64,
    /// The first skipped lines: (source index, line number, code).
    pub bad_lines_listed: Vec<(u32, u64, &'static str)>,
    /// The earliest and latest request time read.
    pub first_time: Option<u64>,
    /// See `first_time`.
    pub last_time: Option<u64>,
    /// Requests that needed a signature check (equal however the rows were split).
    pub verifications: u64,
    /// Checks answered from the memo: a fact about the run (it depends on how the rows were
    /// split among chunks, threads, partitions), not about the logs, so neither in the
    /// [`Summary`] nor in the wire form; `merge` adds it up in one process.
    pub memo_hits: u64,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts a skipped line of source `source` (a file index) at `line` (1-based).
    pub fn bad_line(&mut self, source: u32, line: u64, why: BadLine) {
        self.bad_lines += 1;
        self.list_bad((source, line, why.code()));
    }

    pub(super) fn list_bad(&mut self, entry: (u32, u64, &'static str)) {
        let list = &mut self.bad_lines_listed;
        if list.len() < MAX_BAD_LINES_LISTED {
            list.push(entry);
            list.sort();
        } else if list.last().is_some_and(|last| entry < *last) {
            list.pop();
            list.push(entry);
            list.sort();
        }
    }

    pub(super) fn saw_time(&mut self, t: u64) {
        self.first_time = Some(self.first_time.map_or(t, |f| f.min(t)));
        self.last_time = Some(self.last_time.map_or(t, |l| l.max(t)));
    }

    pub(super) fn bucket(&mut self, t: u64) -> Option<&mut TimeBucket> {
        let hour = t - t % 3600;
        if self.timeline.len() >= MAX_HOURS && !self.timeline.contains_key(&hour) {
            return None;
        }
        Some(self.timeline.entry(hour).or_default())
    }

    pub(super) fn key(&mut self, id: &str, t: u64) -> Option<&mut KeyStats> {
        if self.keys.len() >= MAX_KEYS && !self.keys.contains_key(id) {
            self.keys_not_followed += 1;
            return None;
        }
        let k = self.keys.entry(String::from(id)).or_insert(KeyStats {
            requests: 0,
            first_seen: t,
            last_seen: t,
            latest_expiry: None,
        });
        k.requests += 1;
        k.first_seen = k.first_seen.min(t);
        k.last_seen = k.last_seen.max(t);
        Some(k)
    }

    pub(super) fn skew(&mut self, edge: &str) -> Option<&mut SkewStats> {
        if self.clock_skew.len() >= MAX_EDGES && !self.clock_skew.contains_key(edge) {
            return None;
        }
        Some(self.clock_skew.entry(String::from(edge)).or_default())
    }

    /// Adds another shard's counts to this one.
    pub fn merge(&mut self, other: Self) {
        self.requests += other.requests;
        self.signed += other.signed;
        self.unsigned += other.unsigned;
        self.outside_window += other.outside_window;
        self.denied += other.denied;
        for (code, n) in other.verdicts {
            *self.verdicts.entry(code).or_default() += n;
        }
        self.allowed_but_403 += other.allowed_but_403;
        self.denied_but_served += other.denied_but_served;
        keep_earliest(
            &mut self.allowed_but_403_example,
            other.allowed_but_403_example,
        );
        keep_earliest(
            &mut self.denied_but_served_example,
            other.denied_but_served_example,
        );
        for (id, k) in other.keys {
            let room = self.keys.len() < MAX_KEYS;
            match self.keys.get_mut(&id) {
                Some(mine) => {
                    mine.requests += k.requests;
                    mine.first_seen = mine.first_seen.min(k.first_seen);
                    mine.last_seen = mine.last_seen.max(k.last_seen);
                    mine.latest_expiry = mine.latest_expiry.max(k.latest_expiry);
                }
                None if room => {
                    self.keys.insert(id, k);
                }
                None => self.keys_not_followed += k.requests,
            }
        }
        self.keys_not_followed += other.keys_not_followed;
        for (edge, s) in other.clock_skew {
            if let Some(mine) = self.skew(&edge) {
                mine.expired += s.expired;
                mine.expired_sum += s.expired_sum;
                mine.expired_max = mine.expired_max.max(s.expired_max);
                mine.early += s.early;
                mine.early_sum += s.early_sum;
                mine.early_max = mine.early_max.max(s.early_max);
            }
        }
        self.top_paths.merge(other.top_paths);
        self.top_edges.merge(other.top_edges);
        self.top_networks.merge(other.top_networks);
        for (hour, b) in other.timeline {
            if let Some(mine) = self.bucket(hour) {
                mine.allowed += b.allowed;
                mine.denied += b.denied;
                mine.truncated += b.truncated;
                mine.unsigned += b.unsigned;
            }
        }
        self.bad_lines += other.bad_lines;
        for entry in other.bad_lines_listed {
            self.list_bad(entry);
        }
        if let Some(t) = other.first_time {
            self.saw_time(t);
        }
        if let Some(t) = other.last_time {
            self.saw_time(t);
        }
        self.verifications += other.verifications;
        self.memo_hits += other.memo_hits;
    }
}

impl Report {
    /// The summary, with `top_n` entries per top list, `skew` seconds of allowance for the
    /// rotation advice, and `sources` naming the files of the bad lines (by index).
    pub fn summary(&self, top_n: usize, skew: u64, sources: &[String]) -> Summary {
        let last = self.last_time.unwrap_or(0);
        let keys = self
            .keys
            .iter()
            .map(|(id, k)| KeyJson {
                id: id.clone(),
                requests: k.requests,
                first_seen: format_utc(k.first_seen),
                last_seen: format_utc(k.last_seen),
                latest_expiry: k.latest_expiry.map(format_utc),
            })
            .collect();
        let rotation = self
            .keys
            .iter()
            .map(|(id, k)| {
                let after = k.latest_expiry.map(|e| e.saturating_add(skew));
                Rotation {
                    id: id.clone(),
                    status: match after {
                        None => "no_valid_signature",
                        Some(t) if t > last => "still_in_use",
                        Some(_) => "safe_to_remove_after",
                    },
                    after: after.map(format_utc),
                }
            })
            .collect();
        let clock_skew = self
            .clock_skew
            .iter()
            .map(|(edge, s)| {
                let n = (s.expired + s.early).max(1);
                let mean = (i128::from(s.expired_sum) - i128::from(s.early_sum)) / i128::from(n);
                SkewJson {
                    edge_location: edge.clone(),
                    expired_near_boundary: s.expired,
                    max_seconds_after_expiry: s.expired_max,
                    not_yet_valid_near_boundary: s.early,
                    max_seconds_before_start: s.early_max,
                    estimate_seconds: i64::try_from(mean).unwrap_or(0),
                }
            })
            .collect();
        Summary {
            requests: self.requests,
            signed: self.signed,
            unsigned: self.unsigned,
            denied: self.denied,
            verdicts: self.verdicts.clone(),
            status_mismatch: StatusMismatch {
                allowed_but_403: self.allowed_but_403,
                denied_but_served: self.denied_but_served,
                allowed_but_403_example: self.allowed_but_403_example.clone(),
                denied_but_served_example: self.denied_but_served_example.clone(),
            },
            keys,
            rotation,
            skew_seconds: skew,
            clock_skew,
            top: TopJson {
                paths: self.top_paths.top(top_n),
                edge_locations: self.top_edges.top(top_n),
                networks: self.top_networks.top(top_n),
                approximate: self.top_paths.approximate()
                    || self.top_edges.approximate()
                    || self.top_networks.approximate(),
            },
            timeline: self
                .timeline
                .iter()
                .map(|(h, b)| HourJson {
                    hour: format_utc(*h),
                    allowed: b.allowed,
                    denied: b.denied,
                    truncated: b.truncated,
                    unsigned: b.unsigned,
                })
                .collect(),
            first_time: self.first_time.map(format_utc),
            last_time: self.last_time.map(format_utc),
            outside_window: self.outside_window,
            bad_lines: self.bad_lines,
            bad_lines_listed: self
                .bad_lines_listed
                .iter()
                .map(|&(src, line, code)| BadLineJson {
                    file: sources.get(src as usize).cloned(),
                    line,
                    code,
                })
                .collect(),
            verifications: self.verifications,
        }
    }
}

pub(super) fn keep_earliest(mine: &mut Option<Example>, other: Option<Example>) {
    if let Some(o) = other {
        if mine.as_ref().is_none_or(|m| o.earlier_than(m)) {
            *mine = Some(o);
        }
    }
}
