//! Logs as tables: CloudFront's v2 Parquet files and the CSV output of an Athena query, read by
//! column name (the W3C names, or the snake-case ones of AWS's Athena and Parquet tables: the
//! core's [`Column::of`]) into rows of the cells the analysis reads. A Parquet file is read one
//! batch of rows at a time, a CSV file one record at a time: memory stays bounded.

use std::io::Read;
use std::sync::mpsc::SyncSender;

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef};
use arrow_schema::{DataType, TimeUnit};
use cfsign::logs::{BadLine, Column};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ProjectionMask;

use super::input::Chunk;

/// Rows per Parquet batch.
const BATCH_ROWS: usize = 4096;
/// About this many bytes of cells per chunk.
const CHUNK_BYTES: usize = 1 << 20;

/// Rows of a table for a worker: `cells` holds `columns.len()` cells per row.
pub struct Rows {
    pub columns: Vec<Column>,
    pub cells: Vec<Option<String>>,
    /// (row number, 1-based, as a line number) of each row.
    pub numbers: Vec<u64>,
}

/// The names the analysis reads, for an error that names them.
const NEEDED: &str = "cs_uri_query (or cs-uri-query), cs_uri_stem, date and time (or timestamp)";

fn columns_of<'a>(names: impl Iterator<Item = &'a str>) -> Result<Vec<Option<Column>>, String> {
    let columns: Vec<Option<Column>> = names.map(Column::of).collect();
    if columns.iter().all(Option::is_none) {
        return Err(format!("no column the analysis reads: expected {NEEDED}"));
    }
    Ok(columns)
}

/// Sends `rows` as one chunk.
fn send(source: u32, rows: &mut Rows, bad: &mut Vec<(u64, BadLine)>, tx: &SyncSender<Chunk>) {
    let mut chunk = Chunk::new(source);
    chunk.rows = Some(Rows {
        columns: rows.columns.clone(),
        cells: std::mem::take(&mut rows.cells),
        numbers: std::mem::take(&mut rows.numbers),
    });
    chunk.bad = std::mem::take(bad);
    // A closed channel means the workers are gone; nothing more to do.
    let _ = tx.send(chunk);
}

/// Reads a Parquet file (CloudFront's v2 logs, or an Athena query's output) into chunks.
pub fn read_parquet(
    source: u32,
    file: std::fs::File,
    tx: &SyncSender<Chunk>,
) -> Result<(), String> {
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| format!("not a Parquet file, or a damaged one: {e}"))?;
    let names: Vec<String> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let wanted = columns_of(names.iter().map(String::as_str))?;
    let roots: Vec<usize> = (0..wanted.len())
        .filter(|&i| wanted.get(i).is_some_and(Option::is_some))
        .collect();
    let columns: Vec<Column> = wanted.into_iter().flatten().collect();
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
    let reader = builder
        .with_projection(mask)
        .with_batch_size(BATCH_ROWS)
        .build()
        .map_err(|e| format!("not a Parquet file, or a damaged one: {e}"))?;
    let mut rows = Rows {
        columns: columns.clone(),
        cells: Vec::new(),
        numbers: Vec::new(),
    };
    let mut bad = Vec::new();
    let (mut row_no, mut bytes) = (0u64, 0usize);
    for batch in reader {
        let batch = batch.map_err(|e| format!("Parquet read error after row {row_no}: {e}"))?;
        let texts: Vec<Vec<Option<String>>> = batch
            .columns()
            .iter()
            .zip(&columns)
            .map(|(a, c)| texts(a, *c))
            .collect::<Result<_, _>>()?;
        for r in 0..batch.num_rows() {
            row_no += 1;
            rows.numbers.push(row_no);
            for t in &texts {
                let cell = t.get(r).cloned().flatten();
                bytes += cell.as_ref().map_or(0, String::len);
                rows.cells.push(cell);
            }
            if bytes >= CHUNK_BYTES {
                send(source, &mut rows, &mut bad, tx);
                bytes = 0;
            }
        }
    }
    send(source, &mut rows, &mut bad, tx);
    Ok(())
}

/// The cells of `array` as the log writes them: text as it is, numbers and dates in their
/// usual form, an Arrow timestamp as epoch seconds (milliseconds for `timestamp(ms)`).
fn texts(array: &ArrayRef, column: Column) -> Result<Vec<Option<String>>, String> {
    let cast = |to: &DataType| {
        arrow_cast::cast(array, to).map_err(|e| {
            format!(
                "a column of type {} cannot be read as text: {e}",
                array.data_type()
            )
        })
    };
    if let DataType::Timestamp(unit, _) = array.data_type() {
        let per_second: i64 = match unit {
            TimeUnit::Second => 1,
            TimeUnit::Millisecond => 1_000,
            TimeUnit::Microsecond => 1_000_000,
            TimeUnit::Nanosecond => 1_000_000_000,
        };
        let ints = cast(&DataType::Int64)?;
        let ints = ints.as_primitive::<Int64Type>();
        return Ok((0..ints.len())
            .map(|i| {
                ints.is_valid(i).then(|| {
                    let v = ints.value(i);
                    match column.is_milliseconds() {
                        true => (v / (per_second / 1_000).max(1)).to_string(),
                        false => {
                            let ms = v / (per_second / 1_000).max(1);
                            format!("{}.{:03}", ms.div_euclid(1000), ms.rem_euclid(1000))
                        }
                    }
                })
            })
            .collect());
    }
    let strings = cast(&DataType::Utf8)?;
    let strings = strings.as_string::<i32>();
    Ok((0..strings.len())
        .map(|i| strings.is_valid(i).then(|| strings.value(i).to_string()))
        .collect())
}

/// Reads CSV with a header row (an Athena query's output: every cell quoted, `""` inside, an
/// empty unquoted cell for NULL) into chunks.
pub fn read_csv(
    source: u32,
    input: Box<dyn Read + Send>,
    tx: &SyncSender<Chunk>,
) -> Result<(), String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(input);
    let header = reader
        .byte_headers()
        .map_err(|e| format!("cannot read the CSV header row: {}", csv_reason(&e)))?
        .clone();
    let names: Vec<String> = header
        .iter()
        .map(|h| String::from_utf8_lossy(h).trim().to_string())
        .collect();
    let wanted = columns_of(names.iter().map(String::as_str))?;
    let columns: Vec<Column> = wanted.iter().flatten().copied().collect();
    let mut rows = Rows {
        columns,
        cells: Vec::new(),
        numbers: Vec::new(),
    };
    let mut bad = Vec::new();
    let mut bytes = 0usize;
    let mut record = csv::ByteRecord::new();
    let mut line = 1u64;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(format!(
                    "CSV read error after line {line}: {}",
                    csv_reason(&e)
                ))
            }
        }
        line = record.position().map_or(line + 1, |p| p.line());
        if record.len() != wanted.len() {
            bad.push((
                line,
                BadLine::FieldCount {
                    expected: wanted.len(),
                    found: record.len(),
                },
            ));
            continue;
        }
        let cells: Option<Vec<Option<String>>> = record
            .iter()
            .zip(&wanted)
            .filter(|(_, w)| w.is_some())
            .map(|(cell, _)| match cell {
                b"" => Some(None),
                c => std::str::from_utf8(c).ok().map(|s| Some(s.to_string())),
            })
            .collect();
        let Some(cells) = cells else {
            bad.push((line, BadLine::NotText));
            continue;
        };
        bytes += record.as_slice().len();
        rows.numbers.push(line);
        rows.cells.extend(cells);
        if bytes >= CHUNK_BYTES {
            send(source, &mut rows, &mut bad, tx);
            bytes = 0;
        }
    }
    send(source, &mut rows, &mut bad, tx);
    Ok(())
}

/// What went wrong in CSV terms, without quoting the data.
fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => crate::io_reason(io),
        csv::ErrorKind::Utf8 { .. } => "not UTF-8".into(),
        _ => "malformed CSV".into(),
    }
}
