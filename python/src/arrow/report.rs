//! The report over verdict batches: each shard (a Spark task, a Dask partition) counts its rows
//! into the core's [`Report`] and hands it on as bytes; shards merge in any order
//! ([`Report::merge`]); the summary is the core's, the same JSON as `cfsign logs --json`.

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, BooleanArray, Int64Array, RecordBatch};
use arrow_schema::DataType;
use cfsign::logs::{Report, Seen, VerdictColumns};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use super::columns::{checked, Text};
use super::import::{self, Input};
use super::output::MALFORMED;
use super::position::Position;
use crate::error::{Error, Result, TableCode};

/// The rotation advice's default allowance, as `cfsign logs --skew`.
const DEFAULT_SKEW: u64 = 300;
/// Top entries per list, as `cfsign logs`.
const TOP: usize = 10;
/// The file index of a bad row whose input named no file: after every named one, and no name.
const NO_FILE: u32 = u32::MAX;

/// The column `name` of the verdicts, as it came.
fn batch_column<'b>(batch: &'b RecordBatch, name: &str) -> Result<&'b ArrayRef> {
    batch.column_by_name(name).ok_or_else(|| {
        Error::new(
            TableCode::MissingColumn,
            format_args!("column {name:?}: missing (expected the verdict columns of verify_batch)"),
        )
    })
}

/// The column `name` of the verdicts (not a string one), checked.
fn column<'b>(batch: &'b RecordBatch, name: &str) -> Result<&'b ArrayRef> {
    checked(name, batch_column(batch, name)?)
}

fn mistyped(name: &str, expected: &str, found: &DataType) -> Error {
    Error::new(
        TableCode::ColumnType,
        format_args!("column {name:?}: expected {expected}, found {found}"),
    )
}

/// A string column of verdicts: UTF-8 throughout (verify_batch writes nothing else).
fn text(batch: &RecordBatch, name: &str) -> Result<Text> {
    let t = Text::column(name, batch_column(batch, name)?)?;
    if !t.is_text() {
        return Err(Error::new(
            TableCode::InvalidInput,
            format_args!("column {name:?}: text that is not UTF-8"),
        ));
    }
    Ok(t)
}

fn ints(batch: &RecordBatch, name: &str) -> Result<Int64Array> {
    let c = column(batch, name)?;
    if !c.data_type().is_integer() && *c.data_type() != DataType::Null {
        return Err(mistyped(name, "integers", c.data_type()));
    }
    // An unsigned value past i64 is no time, expiry or status cfsign writes.
    let cast = arrow_cast::cast(c, &DataType::Int64).map_err(|_| {
        Error::new(
            TableCode::InvalidInput,
            format_args!("column {name:?}: an integer past the 64-bit range"),
        )
    })?;
    Ok(cast.as_primitive::<Int64Type>().clone())
}

fn bools(batch: &RecordBatch, name: &str) -> Result<BooleanArray> {
    let c = column(batch, name)?;
    c.as_boolean_opt()
        .cloned()
        .ok_or_else(|| mistyped(name, "booleans", c.data_type()))
}

fn get_int(a: &Int64Array, row: usize) -> Option<i64> {
    (row < a.len() && a.is_valid(row)).then(|| a.value(row))
}

/// Counts verdict batches into one shard of the report.
#[pyclass(module = "cfsign._native")]
pub struct ReportBuilder {
    report: Report,
}

impl ReportBuilder {
    fn count(&mut self, batch: &RecordBatch) -> Result<()> {
        let verdict = text(batch, "verdict")?;
        let reason = text(batch, "reason")?;
        let source = text(batch, "source")?;
        let key_pair_id = text(batch, "key_pair_id")?;
        let hash = text(batch, "hash_algorithm")?;
        let edge = text(batch, "edge_location")?;
        let client_ip = text(batch, "client_ip")?;
        let path = text(batch, "path")?;
        let (expires, starts) = (ints(batch, "expires")?, ints(batch, "starts")?);
        let (time, status) = (ints(batch, "time")?, ints(batch, "status")?);
        let valid = bools(batch, "signature_valid")?;
        let position = Position::of(batch)?;
        let u = |v: Option<i64>| v.and_then(|v| u64::try_from(v).ok());
        for row in 0..batch.num_rows() {
            let kind = verdict.get(row).unwrap_or_default();
            if kind == MALFORMED {
                let code = reason.get(row).unwrap_or_default();
                let at = position.at(row);
                let (file, line) = (at.file.unwrap_or(NO_FILE), at.line.unwrap_or(0));
                if !self.report.bad_row(file, line, code) {
                    return Err(Error::new(
                        TableCode::InvalidInput,
                        "column \"reason\": a malformed row's reason is none of cfsign's codes",
                    ));
                }
                continue;
            }
            let columns = VerdictColumns {
                verdict: kind,
                reason: reason.get(row),
                source: source.get(row).unwrap_or_default(),
                key_pair_id: key_pair_id.get(row),
                hash_algorithm: hash.get(row),
                expires: u(get_int(&expires, row)),
                starts: u(get_int(&starts, row)),
                signature_valid: (valid.is_valid(row)).then(|| valid.value(row)),
            };
            let v = columns.read().map_err(|e| {
                Error::new(
                    TableCode::InvalidInput,
                    format_args!("column {:?}: a value that is none of cfsign's", e.column()),
                )
            })?;
            let Some(t) = u(get_int(&time, row)) else {
                return Err(Error::new(
                    TableCode::InvalidInput,
                    "column \"time\": null on a request row",
                ));
            };
            let seen = Seen {
                time: t,
                edge_location: edge.get(row).unwrap_or_default(),
                client_ip: client_ip.get(row).and_then(|ip| ip.parse().ok()),
                path: path.get(row).unwrap_or_default(),
                status: get_int(&status, row).and_then(|s| u16::try_from(s).ok()),
            };
            self.report.count(
                &seen,
                &v,
                cfsign::logs::AnalyzerOptions::default().boundary_window,
            );
        }
        Ok(())
    }
}

#[pymethods]
impl ReportBuilder {
    #[new]
    fn new() -> Self {
        Self {
            report: Report::new(),
        }
    }

    /// Counts the verdict rows of `batch` (a batch or table of `verify_batch`'s columns).
    /// Each batch is counted without the GIL.
    fn add(&mut self, py: Python<'_>, batch: &Bound<'_, PyAny>) -> PyResult<()> {
        match import::import(batch)? {
            Input::Batch(b) => py.detach(|| self.count(&b))?,
            Input::Stream(reader) => {
                for b in reader {
                    let b = b?;
                    py.detach(|| self.count(&b))?;
                }
            }
        }
        Ok(())
    }

    /// The shard as bytes, for `merge_reports` and `report_json` in any process.
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.report.to_wire())
    }
}

fn read(bytes: &[u8]) -> Result<Report> {
    Report::from_wire(bytes).map_err(|e| Error::new(TableCode::InvalidInput, e))
}

/// Two shards merged (the order does not change the result).
#[pyfunction]
fn merge_reports<'py>(py: Python<'py>, a: &[u8], b: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let mut r = read(a)?;
    r.merge(read(b)?);
    Ok(PyBytes::new(py, &r.to_wire()))
}

/// The report's JSON, as `cfsign logs --json` prints it (`skew`: the rotation allowance;
/// `sources`: the names of the files, by the index in the verdicts' `file` column, as
/// `cfsign logs` names the files it is given).
#[pyfunction]
#[pyo3(signature = (report, *, skew = DEFAULT_SKEW, sources = None))]
fn report_json(report: &[u8], skew: u64, sources: Option<Vec<String>>) -> PyResult<String> {
    let sources = sources.unwrap_or_default();
    let summary = read(report)?.summary(TOP, skew.min(86_400), &sources);
    let mut json = serde_json::to_string_pretty(&summary)
        .map_err(|e| Error::new(TableCode::InvalidInput, e))?;
    json.push('\n');
    Ok(json)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ReportBuilder>()?;
    m.add_function(wrap_pyfunction!(merge_reports, m)?)?;
    m.add_function(wrap_pyfunction!(report_json, m)?)?;
    Ok(())
}
