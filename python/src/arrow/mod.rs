//! The log verdicts over Arrow: `verify_batch` for a table engine's batches (pyarrow, Spark's
//! `mapInArrow`, Dask, DuckDB), the same decision as `cfsign logs` per row (the core's
//! [`Analyzer::decide`]), and the report over verdict batches counted in shards that merge
//! ([`report`]). Nothing here decides: it reads columns and writes columns.

mod columns;
mod import;
mod output;
mod position;
mod report;

use arrow_array::RecordBatch;
use cfsign::logs::{
    Analyzer, AnalyzerOptions, BadLine, Format, Layout, Line, LogReader, Report, RowFields,
};
use cfsign::{KeyGroup, PublicError, PublicKey};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use pyo3_arrow::{PyRecordBatch, PyTable};

use crate::error::{Code, Error, Result, TableCode};
use columns::{Columns, Text};
use import::Input;
use output::Rows;
use position::Position;

/// The most seconds of skew a caller may allow (a day, as `cfsign verify --skew`).
const MAX_SKEW: u64 = 86_400;

/// The trusted keys: a mapping of key ID to a PEM public key (`str` or `bytes`). An error names
/// the key ID, never the key's text.
fn key_group(keys: &Bound<'_, PyAny>) -> Result<KeyGroup> {
    let keys = keys.cast::<PyDict>().map_err(|_| {
        Error::argument(
            "keys",
            "expected a dict of key ID to PEM public key (str or bytes)",
        )
    })?;
    let mut group = KeyGroup::new();
    for (id, pem) in keys.iter() {
        let id: String = id
            .extract()
            .map_err(|_| Error::argument("keys", "every key ID must be a str"))?;
        let not_text = || {
            Error::new(
                Code::InvalidKey,
                format_args!("keys[{id:?}]: a PEM public key is text"),
            )
        };
        let pem: String = if let Ok(s) = pem.cast::<PyString>() {
            s.to_cow().map_err(|_| not_text())?.into_owned()
        } else if let Ok(b) = pem.cast::<PyBytes>() {
            String::from_utf8(b.as_bytes().to_vec()).map_err(|_| not_text())?
        } else {
            return Err(Error::argument(
                &format!("keys[{id:?}]"),
                "expected a PEM public key (str or bytes)",
            ));
        };
        // The core's message may describe the text it read: only the key ID is said.
        let key = PublicKey::from_pem(&pem).map_err(|e| {
            Error::new(
                e.code(),
                format_args!(
                    "keys[{id:?}]: not a PEM public key (RSA or ECDSA P-256, BEGIN PUBLIC KEY)"
                ),
            )
        })?;
        group.insert(&id, key);
    }
    Ok(group)
}

fn analyzer(keys: &Bound<'_, PyAny>, skew: u64) -> Result<Analyzer> {
    if skew > MAX_SKEW {
        return Err(Error::argument("skew", "at most 86400 seconds"));
    }
    let options = AnalyzerOptions {
        skew,
        ..AnalyzerOptions::default()
    };
    Ok(Analyzer::new(key_group(keys)?, options))
}

/// Decides every row of a table's batches with the core, one memo of signature checks for all.
#[pyclass(module = "cfsign._native")]
pub struct BatchVerifier {
    analyzer: Analyzer,
    /// Counts the memo's hits (the verdicts carry none).
    scratch: Report,
}

/// The verdict rows of `batch`.
fn verify_one(
    analyzer: &mut Analyzer,
    scratch: &mut Report,
    batch: &RecordBatch,
) -> Result<RecordBatch> {
    let columns = Columns::of(batch)?;
    let position = Position::of(batch)?;
    let mut rows = Rows::with_capacity(batch.num_rows());
    let check =
        &mut |c: &cfsign::verify::SignatureCheck<'_>| c.key.verify(c.message, c.signature, c.hash);
    for row in 0..batch.num_rows() {
        let mut fields = RowFields::new();
        let mut text = true;
        for (column, cells) in &columns.cells {
            match cells.cell(row) {
                Some(Ok(value)) => fields.set(*column, value),
                Some(Err(_)) => text = false,
                None => {}
            }
        }
        if !text {
            rows.push_bad(BadLine::NotText.code(), position.at(row));
            continue;
        }
        match fields.record() {
            Ok(record) => {
                let v = analyzer.decide(&record, scratch, check);
                rows.push(&record, &v, position.at(row));
            }
            Err(why) => rows.push_bad(why.code(), position.at(row)),
        }
    }
    rows.finish()
}

/// Returns the verdicts as the caller's kind: a `pyarrow.RecordBatch` for a batch, a
/// `pyarrow.Table` for a table or a stream. Each batch is imported with the GIL held (a producer
/// may run Python), then decided by `each` without it (other Python threads run meanwhile), and
/// the verdicts are handed back with it.
fn verdicts_of<'py>(
    py: Python<'py>,
    batch: &Bound<'py, PyAny>,
    mut each: impl FnMut(&RecordBatch) -> Result<RecordBatch> + Send,
) -> PyResult<Bound<'py, PyAny>> {
    match import::import(batch)? {
        Input::Batch(b) => {
            let out = py.detach(|| each(&b))?;
            PyRecordBatch::new(out).into_pyarrow(py)
        }
        Input::Stream(reader) => {
            let mut batches = Vec::new();
            for b in reader {
                let b = b?;
                batches.push(py.detach(|| each(&b))?);
            }
            let table = PyTable::try_new(batches, output::schema())
                .map_err(|e| Error::new(TableCode::InvalidInput, format_args!("verdicts: {e}")))?;
            table.into_pyarrow(py)
        }
    }
}

#[pymethods]
impl BatchVerifier {
    /// A verifier trusting `keys` (key ID to PEM public key), allowing `skew` seconds of clock
    /// skew (0, as CloudFront decides).
    #[new]
    #[pyo3(signature = (keys, *, skew = 0))]
    fn new(keys: &Bound<'_, PyAny>, skew: u64) -> PyResult<Self> {
        Ok(Self {
            analyzer: analyzer(keys, skew)?,
            scratch: Report::new(),
        })
    }

    /// The verdict columns of `batch` (see `verify_batch`).
    fn verify<'py>(
        &mut self,
        py: Python<'py>,
        batch: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (analyzer, scratch) = (&mut self.analyzer, &mut self.scratch);
        verdicts_of(py, batch, |b| verify_one(analyzer, scratch, b))
    }
}

/// The verdict of every row of `batch`: the core's, exactly as `cfsign logs` decides it.
#[pyfunction]
#[pyo3(signature = (batch, keys, *, skew = 0))]
fn verify_batch<'py>(
    py: Python<'py>,
    batch: &Bound<'py, PyAny>,
    keys: &Bound<'py, PyAny>,
    skew: u64,
) -> PyResult<Bound<'py, PyAny>> {
    let mut a = analyzer(keys, skew)?;
    let mut scratch = Report::new();
    verdicts_of(py, batch, |b| verify_one(&mut a, &mut scratch, b))
}

/// Decides log lines (one string column: W3C lines with their `#` headers, or v2 JSON lines),
/// read by the core's log reader as `cfsign logs` reads a file.
#[pyclass(module = "cfsign._native")]
pub struct LineVerifier {
    analyzer: Analyzer,
    reader: LogReader,
    /// The reader as made: each file (a new `file` index) starts from it, as `cfsign logs` reads
    /// each file with a reader of its own.
    initial: LogReader,
    file: Option<u32>,
    scratch: Report,
}

#[pymethods]
impl LineVerifier {
    /// `format`: `standard` (W3C, the layout from `fields` or the lines' `#Fields` header) or
    /// `json` (v2 JSON lines).
    #[new]
    #[pyo3(signature = (keys, *, format = "standard", fields = None, skew = 0))]
    fn new(
        keys: &Bound<'_, PyAny>,
        format: &str,
        fields: Option<&str>,
        skew: u64,
    ) -> PyResult<Self> {
        let reader = match (format, fields) {
            ("json", _) => LogReader::json(),
            ("standard", None) => LogReader::standard(),
            ("standard", Some(list)) => {
                let layout = Layout::parse(list)
                    .map_err(|e| Error::argument("fields", &format!("{e} ({})", e.code())))?;
                LogReader::with_layout(Format::Standard, layout)
            }
            _ => return Err(Error::argument("format", "expected \"standard\" or \"json\"").into()),
        };
        Ok(Self {
            analyzer: analyzer(keys, skew)?,
            initial: reader.clone(),
            reader,
            file: None,
            scratch: Report::new(),
        })
    }

    /// The verdict rows of the lines of `batch` (its one string column, or its `value`
    /// column): a header line gives no row, a bad line a `malformed` row.
    fn verify<'py>(
        &mut self,
        py: Python<'py>,
        batch: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (analyzer, reader, scratch) = (&mut self.analyzer, &mut self.reader, &mut self.scratch);
        let (initial, file) = (&self.initial, &mut self.file);
        verdicts_of(py, batch, |b| {
            let schema = b.schema();
            let index = match schema.index_of("value") {
                Ok(i) => i,
                Err(_) if b.num_columns() == 1 => 0,
                Err(_) => {
                    return Err(Error::new(
                        TableCode::MissingColumn,
                        "column \"value\": expected the log lines (one string column)",
                    ))
                }
            };
            let lines = Text::column(schema.field(index).name(), b.column(index))?;
            let check = &mut |c: &cfsign::verify::SignatureCheck<'_>| {
                c.key.verify(c.message, c.signature, c.hash)
            };
            let position = Position::of(b)?;
            let mut rows = Rows::with_capacity(b.num_rows());
            for row in 0..b.num_rows() {
                let Some(line) = lines.bytes(row) else {
                    continue;
                };
                let at = position.at(row);
                if at.file.is_some() && at.file != *file {
                    *file = at.file;
                    *reader = initial.clone();
                }
                match reader.read(line) {
                    Line::Header => {}
                    Line::Bad(why) => rows.push_bad(why.code(), at),
                    Line::Record(record) => {
                        let v = analyzer.decide(&record, scratch, check);
                        rows.push(&record, &v, at);
                    }
                }
            }
            rows.finish()
        })
    }
}

/// Registers the Arrow verdicts in the native module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(verify_batch, m)?)?;
    m.add_class::<BatchVerifier>()?;
    m.add_class::<LineVerifier>()?;
    report::register(m)?;
    Ok(())
}
