//! A report in transit: the whole state of a [`Report`] as JSON, so that a shard counted in one
//! process (a Spark executor, a Dask worker) merges with another in any order, with the result
//! [`Report::merge`] gives in one process. Read back, every code is checked against cfsign's own.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

use serde::{Deserialize, Serialize};

use super::report::{KeyStats, Report, SkewStats, TimeBucket};
use super::row::{bad_line_code, known, reason_code};
use super::summary::Example;
use super::top::Top;

/// An example with its time in seconds (the summary's form leaves it out).
#[derive(Serialize, Deserialize)]
struct ExampleWire {
    at: u64,
    path: String,
    client_ip: Option<String>,
    edge_location: String,
    status: Option<u16>,
    verdict: String,
}

impl ExampleWire {
    fn of(e: &Example) -> Self {
        Self {
            at: e.at,
            path: e.path.clone(),
            client_ip: e.client_ip.clone(),
            edge_location: e.edge_location.clone(),
            status: e.status,
            verdict: e.verdict.clone(),
        }
    }

    fn example(self) -> Example {
        Example {
            at: self.at,
            time: crate::time::format_utc(self.at),
            path: self.path,
            client_ip: self.client_ip,
            edge_location: self.edge_location,
            status: self.status,
            verdict: self.verdict,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct TopWire {
    entries: Vec<(String, u64, ExampleWire)>,
    approximate: bool,
}

impl TopWire {
    fn of(t: &Top) -> Self {
        Self {
            entries: t
                .map
                .iter()
                .map(|(k, (n, e))| (k.clone(), *n, ExampleWire::of(e)))
                .collect(),
            approximate: t.approximate,
        }
    }

    fn top(self) -> Top {
        Top {
            map: self
                .entries
                .into_iter()
                .map(|(k, n, e)| (k, (n, e.example())))
                .collect(),
            approximate: self.approximate,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Wire {
    requests: u64,
    signed: u64,
    unsigned: u64,
    outside_window: u64,
    denied: u64,
    verdicts: BTreeMap<String, u64>,
    allowed_but_403: u64,
    denied_but_served: u64,
    allowed_but_403_example: Option<ExampleWire>,
    denied_but_served_example: Option<ExampleWire>,
    /// Requests, first seen, last seen, latest expiry.
    keys: BTreeMap<String, (u64, u64, u64, Option<u64>)>,
    keys_not_followed: u64,
    /// Expired, its sum and maximum; early, its sum and maximum.
    clock_skew: BTreeMap<String, [u64; 6]>,
    top_paths: TopWire,
    top_edges: TopWire,
    top_networks: TopWire,
    /// Allowed, denied, truncated, unsigned.
    timeline: BTreeMap<u64, [u64; 4]>,
    bad_lines: u64,
    bad_lines_listed: Vec<(u32, u64, String)>,
    first_time: Option<u64>,
    last_time: Option<u64>,
    verifications: u64,
}

/// Why a report in transit does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WireError {
    /// Not the JSON [`Report::to_wire`] writes.
    NotAReport,
    /// A verdict or bad-line code that is none of cfsign's.
    UnknownCode,
}

impl core::fmt::Display for WireError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::NotAReport => "not a partial report of cfsign",
            Self::UnknownCode => "a partial report with a code that is none of cfsign's",
        })
    }
}

impl core::error::Error for WireError {}

impl Report {
    /// The whole report as JSON bytes, for [`Report::from_wire`] in another process.
    pub fn to_wire(&self) -> Vec<u8> {
        let wire = Wire {
            requests: self.requests,
            signed: self.signed,
            unsigned: self.unsigned,
            outside_window: self.outside_window,
            denied: self.denied,
            verdicts: self
                .verdicts
                .iter()
                .map(|(k, v)| (String::from(*k), *v))
                .collect(),
            allowed_but_403: self.allowed_but_403,
            denied_but_served: self.denied_but_served,
            allowed_but_403_example: self.allowed_but_403_example.as_ref().map(ExampleWire::of),
            denied_but_served_example: self.denied_but_served_example.as_ref().map(ExampleWire::of),
            keys: self
                .keys
                .iter()
                .map(|(id, k)| {
                    let stats = (k.requests, k.first_seen, k.last_seen, k.latest_expiry);
                    (id.clone(), stats)
                })
                .collect(),
            keys_not_followed: self.keys_not_followed,
            clock_skew: self
                .clock_skew
                .iter()
                .map(|(e, s)| {
                    let v = [
                        s.expired,
                        s.expired_sum,
                        s.expired_max,
                        s.early,
                        s.early_sum,
                        s.early_max,
                    ];
                    (e.clone(), v)
                })
                .collect(),
            top_paths: TopWire::of(&self.top_paths),
            top_edges: TopWire::of(&self.top_edges),
            top_networks: TopWire::of(&self.top_networks),
            timeline: self
                .timeline
                .iter()
                .map(|(h, b)| (*h, [b.allowed, b.denied, b.truncated, b.unsigned]))
                .collect(),
            bad_lines: self.bad_lines,
            bad_lines_listed: self
                .bad_lines_listed
                .iter()
                .map(|&(s, l, c)| (s, l, String::from(c)))
                .collect(),
            first_time: self.first_time,
            last_time: self.last_time,
            verifications: self.verifications,
        };
        serde_json::to_vec(&wire).unwrap_or_default()
    }

    /// A report written by [`Report::to_wire`].
    pub fn from_wire(bytes: &[u8]) -> Result<Self, WireError> {
        let w: Wire = serde_json::from_slice(bytes).map_err(|_| WireError::NotAReport)?;
        let verdict_code = |c: &str| {
            known(&["allowed", "truncated"], c)
                .or_else(|| reason_code(c))
                .ok_or(WireError::UnknownCode)
        };
        let mut verdicts = BTreeMap::new();
        for (code, n) in w.verdicts {
            verdicts.insert(verdict_code(&code)?, n);
        }
        let mut bad_lines_listed = Vec::with_capacity(w.bad_lines_listed.len());
        for (s, l, code) in w.bad_lines_listed {
            bad_lines_listed.push((s, l, bad_line_code(&code).ok_or(WireError::UnknownCode)?));
        }
        Ok(Self {
            requests: w.requests,
            signed: w.signed,
            unsigned: w.unsigned,
            outside_window: w.outside_window,
            denied: w.denied,
            verdicts,
            allowed_but_403: w.allowed_but_403,
            denied_but_served: w.denied_but_served,
            allowed_but_403_example: w.allowed_but_403_example.map(ExampleWire::example),
            denied_but_served_example: w.denied_but_served_example.map(ExampleWire::example),
            keys: w
                .keys
                .into_iter()
                .map(|(id, (requests, first_seen, last_seen, latest_expiry))| {
                    let stats = KeyStats {
                        requests,
                        first_seen,
                        last_seen,
                        latest_expiry,
                    };
                    (id, stats)
                })
                .collect(),
            keys_not_followed: w.keys_not_followed,
            clock_skew: w
                .clock_skew
                .into_iter()
                .map(|(e, [a, b, c, d, f, g])| {
                    let s = SkewStats {
                        expired: a,
                        expired_sum: b,
                        expired_max: c,
                        early: d,
                        early_sum: f,
                        early_max: g,
                    };
                    (e, s)
                })
                .collect(),
            top_paths: w.top_paths.top(),
            top_edges: w.top_edges.top(),
            top_networks: w.top_networks.top(),
            timeline: w
                .timeline
                .into_iter()
                .map(|(h, [allowed, denied, truncated, unsigned])| {
                    let b = TimeBucket {
                        allowed,
                        denied,
                        truncated,
                        unsigned,
                    };
                    (h, b)
                })
                .collect(),
            bad_lines: w.bad_lines,
            bad_lines_listed,
            first_time: w.first_time,
            last_time: w.last_time,
            verifications: w.verifications,
            memo_hits: 0,
        })
    }
}
