//! The fields of one request as a table gives them, by column name: read into a record as a
//! log line would be.

use crate::logs::fields::Role;
use crate::logs::line::{self, BadLine, Line, Raw, Record};
use crate::logs::MAX_LINE_BYTES;

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
        match line::record(self.raw, false) {
            Line::Record(record) => Ok(record),
            Line::Bad(why) => Err(why),
            Line::Header => Err(BadLine::MissingField),
        }
    }
}
