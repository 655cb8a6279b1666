//! CloudFront access logs: read each record, decide every signed request again, and sum it up.
//!
//! No field of a CloudFront log tells a signature 403 from any other 403, so the only way to know
//! why a request was refused is to verify it again, offline, at the time it was made. This module
//! reads the three log formats CloudFront writes, one line at a time ([`LogReader`]); re-decides
//! each signed request with [`crate::verify()`]'s rules ([`Analyzer`]); and aggregates a
//! [`Report`] that merges across shards ([`Report::merge`]), so that a caller can split a log
//! among threads. Nothing here reads a file, a clock or the network: the caller feeds lines and
//! the keys.
//!
//! Where the format comes from (CloudFront Developer Guide, "Standard logging reference" and
//! "Real-time logs"; checked facts in the project's CloudFront notes):
//! - **Standard logs** (legacy and v2 in W3C form): tab-separated, after `#Version: 1.0` and a
//!   `#Fields:` line naming the fields in order. v1 has the 33 fields of
//!   [`STANDARD_V1_FIELDS`]; v2 lets the owner pick fields and adds some
//!   (`cache-behavior-path-pattern`, `c-country`, `asn`, `timestamp(ms)` ...). The reader follows
//!   the `#Fields` line, never a fixed order.
//! - **Standard logging v2 as JSON lines**: one object per line, keyed by the same field names,
//!   with the same escaped values (read with serde derives).
//! - **Real-time logs**: tab-separated, no header; the fields are the configuration's, given by
//!   the caller (`timestamp` is epoch seconds with milliseconds, `cs-cookie` is cut at 800 bytes).
//!
//! The log layer escapes once more: bytes 0–32 and 127 and above, and
//! ``< > " # % { } | \ ^ ~ [ ] ` '`` and space become `%XX`, so a `~` of a signature is logged
//! `%7E` and a `%20` sent on the wire is logged `%2520`. Every `%` of the wire form is therefore
//! logged `%25`, and every `%XX` in a logged field is the log's own: [`unescape`] undoes it
//! exactly once, giving the wire form the viewer sent. A field that is `-` is empty.

mod analyze;
mod escape;
mod fields;
mod json;
mod line;
mod reader;
mod report;
mod row;
mod summary;
mod top;
mod wire;

pub use analyze::{memo_key, Analyzer, AnalyzerOptions, NeededCheck};
/// At most this many signature results are memoized per analyzer.
pub const MEMO_CAPACITY: usize = analyze::MEMO_CAPACITY;
pub use escape::unescape;
pub use fields::{Layout, LayoutError, STANDARD_V1_FIELDS};
pub use line::{BadLine, Line, Record};
pub use reader::{Format, LogReader};
pub use report::{KeyStats, Report, SkewStats, TimeBucket};
pub use row::{Column, Kind, RowError, RowFields, RowVerdict, Seen, VerdictColumns};
pub use summary::{
    BadLineJson, Example, HourJson, KeyJson, Rotation, SkewJson, StatusMismatch, Summary, TopEntry,
    TopJson,
};
pub use wire::WireError;

/// The longest line read, bytes: a longer one is a bad line (`too_long`), never buffered whole.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Real-time logs cut `cs-cookie` at this many bytes.
pub const REALTIME_COOKIE_LIMIT: usize = 800;

#[cfg(test)]
mod tests;
