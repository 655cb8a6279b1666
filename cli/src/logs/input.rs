//! Reading log files into chunks of lines: plain or gzipped (every member of a concatenated
//! gzip file), each line bounded, header lines handled here in order so that the chunks can be
//! decided in parallel.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::mpsc::SyncSender;

use cfsign::logs::{BadLine, Format, Layout, LogReader, MAX_LINE_BYTES};
use flate2::bufread::MultiGzDecoder;
use indicatif::ProgressBar;

use super::chunk::{Chunk, CHUNK_BYTES};
use crate::args::LogFormat;

/// Bad lines per chunk at most.
const MAX_BAD_PER_CHUNK: usize = 16 * 1024;
/// The read buffers.
const BUFFER_BYTES: usize = 256 * 1024;

/// What selects each file's reader.
pub struct Choice {
    pub format: LogFormat,
    pub fields: Option<Layout>,
}

impl Choice {
    /// The reader for a file whose first non-blank line is `first`.
    fn reader(&self, first: &[u8]) -> Result<LogReader, String> {
        let format = match self.format {
            LogFormat::Auto => Format::detect(first),
            LogFormat::Standard => Format::Standard,
            LogFormat::Json => Format::Json,
            LogFormat::Realtime => Format::Realtime,
            LogFormat::Csv | LogFormat::Parquet => {
                return Err("not a table: read as lines".into());
            }
        };
        Ok(match (format, &self.fields) {
            (Format::Json, _) => LogReader::json(),
            (Format::Standard, None) => LogReader::standard(),
            (Format::Standard, Some(l)) => LogReader::with_layout(Format::Standard, l.clone()),
            (_, Some(l)) => LogReader::with_layout(Format::Realtime, l.clone()),
            (_, None) => return Err(
                "no #Fields header: a real-time log needs its fields (--fields timestamp,c-ip,...)"
                    .into(),
            ),
        })
    }
}

/// Counts the bytes read from the file itself (compressed), for the progress bar.
struct Counting<R> {
    inner: R,
    bar: Option<ProgressBar>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

/// Opens `raw` as plain text or gzip (by its magic bytes, not its name).
pub fn open(
    raw: Box<dyn Read + Send>,
    bar: Option<ProgressBar>,
) -> io::Result<Box<dyn BufRead + Send>> {
    let mut buffered = BufReader::with_capacity(BUFFER_BYTES, Counting { inner: raw, bar });
    let gzip = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        Box::new(BufReader::with_capacity(
            BUFFER_BYTES,
            MultiGzDecoder::new(buffered),
        ))
    } else {
        Box::new(buffered)
    })
}

/// Appends the next line (without its `\n`) to `data`. `Ok(None)` at the end; `Ok(Some(true))`
/// for a line over [`MAX_LINE_BYTES`], read through and not kept.
fn next_line(input: &mut dyn BufRead, data: &mut Vec<u8>) -> io::Result<Option<bool>> {
    let start = data.len();
    let (mut too_long, mut any) = (false, false);
    loop {
        let buf = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                data.truncate(start);
                return Err(e);
            }
        };
        if buf.is_empty() {
            if !any {
                return Ok(None);
            }
            break;
        }
        any = true;
        let (end, used, done) = match memchr::memchr(b'\n', buf) {
            Some(i) => (i, i + 1, true),
            None => (buf.len(), buf.len(), false),
        };
        if !too_long {
            if data.len() - start + end > MAX_LINE_BYTES {
                too_long = true;
                data.truncate(start);
            } else {
                data.extend_from_slice(&buf[..end]);
            }
        }
        input.consume(used);
        if done {
            break;
        }
    }
    Ok(Some(too_long))
}

/// Reads one file into chunks sent to `tx`. `Err` is a read error (a truncated gzip file): the
/// lines before it have been sent.
pub fn read_file(
    source: u32,
    mut input: Box<dyn BufRead + Send>,
    choice: &Choice,
    tx: &SyncSender<Chunk>,
) -> Result<(), String> {
    let mut reader: Option<LogReader> = None;
    let mut chunk = Chunk::new(source);
    let mut line_no = 0u64;
    let send = |chunk: &mut Chunk, reader: &Option<LogReader>| {
        let mut full = std::mem::replace(chunk, Chunk::new(source));
        full.reader = reader.clone();
        // A closed channel means the workers are gone; nothing more to do.
        let _ = tx.send(full);
    };
    let result = loop {
        if chunk.bad.len() >= MAX_BAD_PER_CHUNK {
            // A file of nothing but bad lines (`#Fields:` lines naming nothing) is sent on in
            // chunks like any other, never held whole.
            send(&mut chunk, &reader);
        }
        let start = chunk.data.len();
        let too_long = match next_line(input.as_mut(), &mut chunk.data) {
            Ok(None) => break Ok(()),
            Ok(Some(t)) => t,
            Err(e) => break Err(e),
        };
        line_no += 1;
        if too_long {
            chunk.bad.push((line_no, BadLine::TooLong));
            continue;
        }
        let line = &chunk.data[start..];
        if reader.is_none() {
            if line.iter().all(u8::is_ascii_whitespace) {
                chunk.data.truncate(start);
                continue;
            }
            match choice.reader(line) {
                Ok(r) => reader = Some(r),
                Err(message) => return Err(message),
            }
        }
        if LogReader::is_header(line) {
            if let Some(r) = reader.as_mut() {
                let before = r.clone();
                if let cfsign::logs::Line::Bad(b) = r.read(line) {
                    chunk.bad.push((line_no, b));
                }
                chunk.data.truncate(start);
                if r.layout() != before.layout() && !chunk.lines.is_empty() {
                    // The lines so far are read as they were before this header.
                    let mut full = std::mem::replace(&mut chunk, Chunk::new(source));
                    full.reader = Some(before);
                    let _ = tx.send(full);
                }
            }
            continue;
        }
        let (s, e) = (start as u32, chunk.data.len() as u32);
        chunk.lines.push((line_no, s, e));
        if chunk.data.len() >= CHUNK_BYTES {
            send(&mut chunk, &reader);
        }
    };
    send(&mut chunk, &reader);
    result.map_err(|e| match e.kind() {
        io::ErrorKind::UnexpectedEof => {
            format!("the file ends before its gzip stream does (truncated) after line {line_no}")
        }
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
            format!("the gzip data is damaged after line {line_no}")
        }
        _ => format!("read error after line {line_no}: {e}"),
    })
}
