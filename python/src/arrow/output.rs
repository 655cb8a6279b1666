//! The verdict columns: what `verify_batch` returns, and what the report reads back.

use std::sync::{Arc, OnceLock};

use arrow_array::builder::{BooleanBuilder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use cfsign::logs::{Record, RowVerdict};

use super::position::At;
use crate::error::{Error, Result, TableCode};

/// The verdict of a row that is no request (a bad line): `malformed`, with the bad line's code
/// (`bad_time`, `too_long`, ...) as its reason.
pub const MALFORMED: &str = "malformed";

/// The columns, in order: the verdict (`verdict` is `allowed`, `denied`, `unsigned`,
/// `truncated` or `malformed`; `reason` the reason codes, comma-separated, or a malformed row's
/// code), then what the report reads of the request (its time in epoch seconds, edge location,
/// viewer IP, unescaped path and status), then where the row came from (`file`: the index of its
/// file, `line`: its line or row number; null when the input did not say).
pub fn schema() -> SchemaRef {
    static SCHEMA: OnceLock<SchemaRef> = OnceLock::new();
    SCHEMA
        .get_or_init(|| {
            let text = |n: &str, null| Field::new(n, DataType::Utf8, null);
            let int = |n: &str| Field::new(n, DataType::Int64, true);
            Arc::new(Schema::new(vec![
                Field::new("allowed", DataType::Boolean, false),
                text("reason", true),
                text("key_pair_id", true),
                int("expires"),
                text("hash_algorithm", true),
                text("source", false),
                text("verdict", false),
                int("starts"),
                Field::new("signature_valid", DataType::Boolean, true),
                int("time"),
                text("edge_location", true),
                text("client_ip", true),
                text("path", true),
                Field::new("status", DataType::Int32, true),
                Field::new("file", DataType::Int32, true),
                int("line"),
            ]))
        })
        .clone()
}

/// The output's column builders.
pub struct Rows {
    allowed: BooleanBuilder,
    reason: StringBuilder,
    key_pair_id: StringBuilder,
    expires: Int64Builder,
    hash_algorithm: StringBuilder,
    source: StringBuilder,
    verdict: StringBuilder,
    starts: Int64Builder,
    signature_valid: BooleanBuilder,
    time: Int64Builder,
    edge_location: StringBuilder,
    client_ip: StringBuilder,
    path: StringBuilder,
    status: Int32Builder,
    file: Int32Builder,
    line: Int64Builder,
}

fn int(v: Option<u64>) -> Option<i64> {
    v.map(|v| i64::try_from(v).unwrap_or(i64::MAX))
}

impl Rows {
    pub fn with_capacity(n: usize) -> Self {
        Self {
            allowed: BooleanBuilder::with_capacity(n),
            reason: StringBuilder::with_capacity(n, n * 8),
            key_pair_id: StringBuilder::with_capacity(n, n * 14),
            expires: Int64Builder::with_capacity(n),
            hash_algorithm: StringBuilder::with_capacity(n, n * 4),
            source: StringBuilder::with_capacity(n, n * 4),
            verdict: StringBuilder::with_capacity(n, n * 7),
            starts: Int64Builder::with_capacity(n),
            signature_valid: BooleanBuilder::with_capacity(n),
            time: Int64Builder::with_capacity(n),
            edge_location: StringBuilder::with_capacity(n, n * 5),
            client_ip: StringBuilder::with_capacity(n, n * 12),
            path: StringBuilder::with_capacity(n, n * 16),
            status: Int32Builder::with_capacity(n),
            file: Int32Builder::with_capacity(n),
            line: Int64Builder::with_capacity(n),
        }
    }

    fn place(&mut self, at: At) {
        self.file
            .append_option(at.file.and_then(|f| i32::try_from(f).ok()));
        self.line.append_option(int(at.line));
    }

    /// A request and its verdict, from `at`.
    pub fn push(&mut self, record: &Record<'_>, v: &RowVerdict, at: At) {
        self.place(at);
        self.allowed.append_value(v.allowed());
        let reason = v.reason();
        self.reason
            .append_option((!reason.is_empty()).then_some(reason.as_str()));
        self.key_pair_id.append_option(v.key_pair_id.as_deref());
        self.expires.append_option(int(v.expires));
        self.hash_algorithm
            .append_option(v.hash_algorithm.map(|h| h.as_str()));
        self.source.append_value(v.source.as_str());
        self.verdict.append_value(v.kind.as_str());
        self.starts.append_option(int(v.starts));
        self.signature_valid.append_option(v.signature_valid);
        self.time.append_option(int(Some(record.time)));
        self.edge_location.append_value(&record.edge_location);
        self.client_ip
            .append_option(record.client_ip.map(|ip| ip.to_string()));
        self.path.append_value(&record.path);
        self.status.append_option(record.status.map(i32::from));
    }

    /// A row that is no request: `malformed`, with the bad line's `code`, from `at`.
    pub fn push_bad(&mut self, code: &str, at: At) {
        self.place(at);
        self.allowed.append_value(false);
        self.reason.append_value(code);
        self.key_pair_id.append_null();
        self.expires.append_null();
        self.hash_algorithm.append_null();
        self.source.append_value("none");
        self.verdict.append_value(MALFORMED);
        self.starts.append_null();
        self.signature_valid.append_null();
        self.time.append_null();
        self.edge_location.append_null();
        self.client_ip.append_null();
        self.path.append_null();
        self.status.append_null();
    }

    pub fn finish(mut self) -> Result<RecordBatch> {
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.allowed.finish()),
            Arc::new(self.reason.finish()),
            Arc::new(self.key_pair_id.finish()),
            Arc::new(self.expires.finish()),
            Arc::new(self.hash_algorithm.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.verdict.finish()),
            Arc::new(self.starts.finish()),
            Arc::new(self.signature_valid.finish()),
            Arc::new(self.time.finish()),
            Arc::new(self.edge_location.finish()),
            Arc::new(self.client_ip.finish()),
            Arc::new(self.path.finish()),
            Arc::new(self.status.finish()),
            Arc::new(self.file.finish()),
            Arc::new(self.line.finish()),
        ];
        RecordBatch::try_new(schema(), columns)
            .map_err(|e| Error::new(TableCode::InvalidInput, format_args!("verdicts: {e}")))
    }
}
