//! Logs as tables: CloudFront's v2 Parquet files and the CSV output of an Athena query, read by
//! column name (the W3C names, or the snake-case ones of AWS's Athena and Parquet tables: the
//! core's [`Column::of`]) into rows of the cells the analysis reads. A Parquet file is read one
//! batch of rows at a time, a CSV file one record at a time: memory stays bounded.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::mpsc::SyncSender;

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef};
use arrow_schema::{DataType, TimeUnit};
use cfsign::logs::{BadLine, Column, MAX_LINE_BYTES};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::arrow::ProjectionMask;

use super::chunk::{Chunk, Rows};

/// Rows per Parquet batch.
const BATCH_ROWS: usize = 4096;
/// About this many bytes of cells per chunk.
const CHUNK_BYTES: usize = 1 << 20;

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
    let mut records = CsvRecords::new(input);
    let header_error = |why: String| format!("cannot read the CSV header row: {why}");
    match records
        .next()
        .map_err(|e| header_error(crate::io_reason(&e)))?
    {
        Next::TooLong(_) => return Err(header_error("longer than 1 MiB".into())),
        Next::End | Next::Record(_) => {}
    }
    let names: Vec<String> = records
        .cells()
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
    let (mut bytes, mut last) = (0usize, 1u64);
    loop {
        let next = records
            .next()
            .map_err(|e| format!("CSV read error after line {last}: {}", crate::io_reason(&e)))?;
        let line = match next {
            Next::End => break,
            Next::TooLong(line) => {
                bad.push((line, BadLine::TooLong));
                bytes += BAD_ROW_BYTES;
                line
            }
            Next::Record(line) => {
                match row(&records, &wanted) {
                    Ok(cells) => {
                        bytes += records.len.0;
                        rows.numbers.push(line);
                        rows.cells.extend(cells);
                    }
                    Err(why) => {
                        bad.push((line, why));
                        bytes += BAD_ROW_BYTES;
                    }
                }
                line
            }
        };
        last = line;
        if bytes >= CHUNK_BYTES {
            send(source, &mut rows, &mut bad, tx);
            bytes = 0;
        }
    }
    send(source, &mut rows, &mut bad, tx);
    Ok(())
}

/// What a bad row counts toward a chunk's size: a file of nothing but bad rows is sent on in
/// chunks like any other, never held whole.
const BAD_ROW_BYTES: usize = 64;

/// The cells of the columns read from the record just read, or why it is a bad line.
fn row(records: &CsvRecords, wanted: &[Option<Column>]) -> Result<Vec<Option<String>>, BadLine> {
    let found = records.len.1;
    if found != wanted.len() {
        return Err(BadLine::FieldCount {
            expected: wanted.len(),
            found,
        });
    }
    records
        .cells()
        .zip(wanted)
        .filter(|(_, w)| w.is_some())
        .map(|(cell, _)| match cell {
            b"" => Ok(None),
            c => std::str::from_utf8(c)
                .map(|s| Some(s.to_string()))
                .map_err(|_| BadLine::NotText),
        })
        .collect()
}

/// What [`CsvRecords::next`] read.
enum Next {
    End,
    /// A record and its line (where the `csv` crate puts it: where the record before it ended).
    Record(u64),
    /// A record of more than [`MAX_LINE_BYTES`] of cells (an unclosed quote makes the rest of
    /// the file one record): read through, not kept.
    TooLong(u64),
}

/// CSV records one at a time (the `csv` crate's parser, `csv-core`, with its defaults), each
/// capped at [`MAX_LINE_BYTES`] of cells and field ends: the `csv` crate's own reader has no cap.
struct CsvRecords {
    input: BufReader<Box<dyn Read + Send>>,
    core: csv_core::Reader,
    fields: Vec<u8>,
    ends: Vec<usize>,
    /// (bytes of cells, fields) of the record just read.
    len: (usize, usize),
}

impl CsvRecords {
    fn new(input: Box<dyn Read + Send>) -> Self {
        Self {
            input: BufReader::with_capacity(64 * 1024, input),
            core: csv_core::Reader::new(),
            fields: vec![0; 4096],
            ends: vec![0; 64],
            len: (0, 0),
        }
    }

    fn next(&mut self) -> io::Result<Next> {
        use csv_core::ReadRecordResult as R;
        let line = self.core.line();
        let (mut out, mut end, mut too_long) = (0usize, 0usize, false);
        self.len = (0, 0);
        loop {
            let input = match self.input.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            let (res, nin, nout, nend) = self.core.read_record(
                input,
                self.fields.get_mut(out..).unwrap_or_default(),
                self.ends.get_mut(end..).unwrap_or_default(),
            );
            self.input.consume(nin);
            out += nout;
            end += nend;
            if out + end > MAX_LINE_BYTES {
                too_long = true;
            }
            if too_long {
                // Read through to the record's end; nothing more of it is kept.
                (out, end) = (0, 0);
            }
            match res {
                R::InputEmpty => {}
                R::OutputFull if !too_long => self.fields.resize(self.fields.len() * 2, 0),
                R::OutputEndsFull if !too_long => self.ends.resize(self.ends.len() * 2, 0),
                R::OutputFull | R::OutputEndsFull => {}
                R::Record if too_long => return Ok(Next::TooLong(line)),
                R::Record => {
                    self.len = (out, end);
                    return Ok(Next::Record(line));
                }
                R::End => return Ok(Next::End),
            }
        }
    }

    /// The cells of the record just read.
    fn cells(&self) -> impl Iterator<Item = &[u8]> {
        let fields = self.fields.get(..self.len.0).unwrap_or_default();
        let mut start = 0;
        self.ends
            .get(..self.len.1)
            .unwrap_or_default()
            .iter()
            .map(move |&e| {
                let cell = fields.get(start..e).unwrap_or_default();
                start = e;
                cell
            })
    }
}
