//! Which field is where: the `#Fields` line of a standard log, or the real-time configuration.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

/// The 33 fields of a standard (legacy, v1) log, in order (Developer Guide, "Log file fields").
pub const STANDARD_V1_FIELDS: [&str; 33] = [
    "date",
    "time",
    "x-edge-location",
    "sc-bytes",
    "c-ip",
    "cs-method",
    "cs(Host)",
    "cs-uri-stem",
    "sc-status",
    "cs(Referer)",
    "cs(User-Agent)",
    "cs-uri-query",
    "cs(Cookie)",
    "x-edge-result-type",
    "x-edge-request-id",
    "x-host-header",
    "cs-protocol",
    "cs-bytes",
    "time-taken",
    "x-forwarded-for",
    "ssl-protocol",
    "ssl-cipher",
    "x-edge-response-result-type",
    "cs-protocol-version",
    "fle-status",
    "fle-encrypted-fields",
    "c-port",
    "time-to-first-byte",
    "x-edge-detailed-result-type",
    "sc-content-type",
    "sc-content-len",
    "sc-range-start",
    "sc-range-end",
];

/// What a field means to the analysis; every other field is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Other,
    Date,
    Time,
    /// Epoch seconds, possibly with a fraction (real-time `timestamp`).
    Timestamp,
    /// Epoch milliseconds (v2 `timestamp(ms)`).
    TimestampMs,
    Edge,
    ClientIp,
    HostHeader,
    CsHost,
    Stem,
    Query,
    Cookie,
    Status,
    Protocol,
}

impl Role {
    /// The role of a field name, in the standard (`cs(Cookie)`) and real-time (`cs-cookie`)
    /// spellings, and the snake-case ones of AWS's Athena tables and v2 Parquet files
    /// (`cs_cookie`, `x_host_header`).
    pub(super) fn of(name: &str) -> Self {
        match name {
            "date" => Self::Date,
            "time" => Self::Time,
            "timestamp" => Self::Timestamp,
            "timestamp(ms)" | "timestamp_ms" => Self::TimestampMs,
            "x-edge-location" | "x_edge_location" => Self::Edge,
            "c-ip" | "c_ip" => Self::ClientIp,
            "x-host-header" | "x_host_header" => Self::HostHeader,
            "cs(Host)" | "cs-host" | "cs_host" => Self::CsHost,
            "cs-uri-stem" | "cs_uri_stem" => Self::Stem,
            "cs-uri-query" | "cs_uri_query" => Self::Query,
            "cs(Cookie)" | "cs-cookie" | "cs_cookie" => Self::Cookie,
            "sc-status" | "sc_status" => Self::Status,
            "cs-protocol" | "cs_protocol" => Self::Protocol,
            _ => Self::Other,
        }
    }
}

/// The fields of a tab-separated log, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    names: Vec<String>,
    pub(super) roles: Vec<Role>,
}

/// Why a field list cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LayoutError {
    /// A field the analysis needs is absent: a time (`date` and `time`, or `timestamp`),
    /// `cs-uri-stem`, a host (`x-host-header`, else `cs(Host)`), `cs-uri-query`.
    Missing(&'static str),
    /// More fields than any CloudFront log has (256).
    TooMany,
}

impl LayoutError {
    /// A stable code: `missing_field` or `too_many_fields`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Missing(_) => "missing_field",
            Self::TooMany => "too_many_fields",
        }
    }
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(what) => write!(f, "the field list has no {what}"),
            Self::TooMany => f.write_str("the field list has more than 256 fields"),
        }
    }
}

impl core::error::Error for LayoutError {}

impl Layout {
    /// The layout of these field names, in order.
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Self, LayoutError> {
        let names: Vec<String> = names.into_iter().map(str::to_string).collect();
        if names.len() > 256 {
            return Err(LayoutError::TooMany);
        }
        let roles: Vec<Role> = names.iter().map(|n| Role::of(n)).collect();
        let has = |r| roles.contains(&r);
        let timed =
            (has(Role::Date) && has(Role::Time)) || has(Role::Timestamp) || has(Role::TimestampMs);
        if !timed {
            return Err(LayoutError::Missing("time (date and time, or timestamp)"));
        }
        if !has(Role::Stem) {
            return Err(LayoutError::Missing("cs-uri-stem"));
        }
        if !has(Role::HostHeader) && !has(Role::CsHost) {
            return Err(LayoutError::Missing("host (x-host-header or cs(Host))"));
        }
        if !has(Role::Query) {
            return Err(LayoutError::Missing("cs-uri-query"));
        }
        Ok(Self { names, roles })
    }

    /// The layout of a `#Fields:` line (its names separated by spaces), or of a comma- or
    /// space-separated list such as `--fields`.
    pub fn parse(list: &str) -> Result<Self, LayoutError> {
        let list = list.strip_prefix("#Fields:").unwrap_or(list);
        Self::new(
            list.split([' ', ',', '\t'])
                .map(str::trim)
                .filter(|n| !n.is_empty()),
        )
    }

    /// The v1 standard layout.
    pub fn standard_v1() -> Self {
        let roles = STANDARD_V1_FIELDS.iter().map(|n| Role::of(n)).collect();
        Self {
            names: STANDARD_V1_FIELDS.iter().map(|n| n.to_string()).collect(),
            roles,
        }
    }

    /// The field names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// How many fields a record has.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether the layout has no field (never, for a layout that was read).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}
