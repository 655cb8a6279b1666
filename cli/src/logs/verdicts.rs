//! `cfsign logs --verdicts FILE`: one row per request decided, the verdict columns (`verdict`,
//! `allowed`, `reason`, `key_pair_id`, `expires`, `hash_algorithm`, `source`: the core's
//! [`RowVerdict`]) beside the request's `date`, `time`, `host`, `uri` and `status`, as CSV or
//! Parquet. The workers send each chunk's rows to one writer thread (a bounded channel); Parquet
//! is written one row group per batch: memory stays bounded.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, RecordBatch, StringArray, UInt16Array, UInt64Array};
use arrow_schema::{DataType, Field, Schema};
use cfsign::logs::{Record, RowVerdict};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use crate::args::VerdictsFormat;

/// The columns, in order.
const COLUMNS: [&str; 12] = [
    "date",
    "time",
    "host",
    "uri",
    "status",
    "verdict",
    "allowed",
    "reason",
    "key_pair_id",
    "expires",
    "hash_algorithm",
    "source",
];

/// One request's row.
pub struct Row {
    date: String,
    time: String,
    host: String,
    uri: String,
    status: Option<u16>,
    verdict: &'static str,
    allowed: bool,
    reason: String,
    key_pair_id: Option<String>,
    expires: Option<u64>,
    hash_algorithm: Option<&'static str>,
    source: &'static str,
}

impl Row {
    /// The row of `record`, decided as `verdict`.
    pub fn of(record: &Record<'_>, verdict: &RowVerdict) -> Self {
        let at = cfsign::time::format_utc(record.time);
        let (date, time) = at.split_once('T').unwrap_or((&at, ""));
        Self {
            date: date.to_string(),
            time: time.trim_end_matches('Z').to_string(),
            host: record.host.to_string(),
            uri: record.path.to_string(),
            status: record.status,
            verdict: verdict.kind.as_str(),
            allowed: verdict.allowed(),
            reason: verdict.reason(),
            key_pair_id: verdict.key_pair_id.clone(),
            expires: verdict.expires,
            hash_algorithm: verdict.hash_algorithm.map(|h| h.as_str()),
            source: verdict.source.as_str(),
        }
    }
}

/// The format of `path`: `--verdicts-format`, else its extension (`.parquet`, else CSV).
pub fn format_of(path: &str, format: Option<VerdictsFormat>) -> VerdictsFormat {
    format.unwrap_or_else(|| match path.to_ascii_lowercase().ends_with(".parquet") {
        true => VerdictsFormat::Parquet,
        false => VerdictsFormat::Csv,
    })
}

/// A verdicts file being written.
pub enum Writer {
    Csv(csv::Writer<BufWriter<File>>),
    Parquet(ArrowWriter<File>),
}

impl Writer {
    /// Creates `file` (opened by the caller) in `format`.
    pub fn new(file: File, format: VerdictsFormat) -> Result<Self, String> {
        Ok(match format {
            VerdictsFormat::Csv => {
                let mut w = csv::Writer::from_writer(BufWriter::new(file));
                w.write_record(COLUMNS).map_err(|e| e.to_string())?;
                Self::Csv(w)
            }
            VerdictsFormat::Parquet => {
                let props = WriterProperties::builder()
                    .set_compression(Compression::ZSTD(ZstdLevel::default()))
                    .build();
                let w =
                    ArrowWriter::try_new(file, schema(), Some(props)).map_err(|e| e.to_string())?;
                Self::Parquet(w)
            }
        })
    }

    /// Writes `rows`.
    pub fn write(&mut self, rows: &[Row]) -> Result<(), String> {
        match self {
            Self::Csv(w) => {
                for r in rows {
                    let num = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_default();
                    w.write_record([
                        r.date.as_str(),
                        &r.time,
                        &r.host,
                        &r.uri,
                        &num(r.status.map(u64::from)),
                        r.verdict,
                        if r.allowed { "true" } else { "false" },
                        &r.reason,
                        r.key_pair_id.as_deref().unwrap_or_default(),
                        &num(r.expires),
                        r.hash_algorithm.unwrap_or_default(),
                        r.source,
                    ])
                    .map_err(|e| e.to_string())?;
                }
                Ok(())
            }
            Self::Parquet(w) => {
                if rows.is_empty() {
                    return Ok(());
                }
                w.write(&batch(rows)?).map_err(|e| e.to_string())?;
                // One row group per chunk of rows: the writer holds no more.
                w.flush().map_err(|e| e.to_string())
            }
        }
    }

    /// Ends the file.
    pub fn finish(self) -> Result<(), String> {
        match self {
            Self::Csv(w) => w
                .into_inner()
                .map_err(|e| e.to_string())?
                .flush()
                .map_err(|e| e.to_string()),
            Self::Parquet(w) => w.close().map(|_| ()).map_err(|e| e.to_string()),
        }
    }
}

fn schema() -> Arc<Schema> {
    let types = [
        DataType::Utf8,
        DataType::Utf8,
        DataType::Utf8,
        DataType::Utf8,
        DataType::UInt16,
        DataType::Utf8,
        DataType::Boolean,
        DataType::Utf8,
        DataType::Utf8,
        DataType::UInt64,
        DataType::Utf8,
        DataType::Utf8,
    ];
    let nullable = |n: &str| matches!(n, "status" | "key_pair_id" | "expires" | "hash_algorithm");
    Arc::new(Schema::new(
        COLUMNS
            .iter()
            .zip(types)
            .map(|(n, t)| Field::new(*n, t, nullable(n)))
            .collect::<Vec<_>>(),
    ))
}

fn batch(rows: &[Row]) -> Result<RecordBatch, String> {
    let text = |f: &dyn Fn(&Row) -> &str| -> ArrayRef {
        Arc::new(rows.iter().map(|r| Some(f(r))).collect::<StringArray>())
    };
    let columns: Vec<ArrayRef> = vec![
        text(&|r| &r.date),
        text(&|r| &r.time),
        text(&|r| &r.host),
        text(&|r| &r.uri),
        Arc::new(rows.iter().map(|r| r.status).collect::<UInt16Array>()),
        text(&|r| r.verdict),
        Arc::new(
            rows.iter()
                .map(|r| Some(r.allowed))
                .collect::<BooleanArray>(),
        ),
        text(&|r| &r.reason),
        Arc::new(
            rows.iter()
                .map(|r| r.key_pair_id.as_deref())
                .collect::<StringArray>(),
        ),
        Arc::new(rows.iter().map(|r| r.expires).collect::<UInt64Array>()),
        Arc::new(
            rows.iter()
                .map(|r| r.hash_algorithm)
                .collect::<StringArray>(),
        ),
        text(&|r| r.source),
    ];
    RecordBatch::try_new(schema(), columns).map_err(|e| e.to_string())
}
