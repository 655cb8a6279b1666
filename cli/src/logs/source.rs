//! Where a file's bytes come from: standard input, a local file (lines, CSV or Parquet, told
//! apart by `--format` or by the file itself) or the objects under an S3 prefix, opened (or
//! listed) before any work and read, each in its turn, into chunks for the workers. S3 objects
//! are fetched a few at a time ahead of their turn (`crate::aws::logs`).

use crate::args::LogFormat;
use crate::usage::{fail, shown, Failure};

use super::chunk::Chunk;
use super::input::{self, Choice};
use super::table;

/// Opens every input (`-`, `s3://BUCKET/PREFIX` or a file) before any work: a missing one is bad
/// usage. Each comes with its name and, when known, its size.
pub(super) fn open_all(
    files: &[String],
    format: LogFormat,
) -> Result<Vec<(String, Source, Option<u64>)>, Failure> {
    if files.iter().filter(|f| *f == "-").count() > 1 {
        return Err(fail("FILE", "standard input (-) can be read only once"));
    }
    let mut inputs: Vec<(String, Source, Option<u64>)> = Vec::new();
    let mut s3 = None;
    for name in files {
        if name == "-" {
            let stdin = Source::Stream(Box::new(std::io::stdin()));
            inputs.push(("(standard input)".into(), stdin, None));
            continue;
        }
        if name.starts_with("s3://") {
            s3_inputs(name, &mut inputs, &mut s3)?;
            continue;
        }
        let cannot = |e: std::io::Error| {
            fail(
                "FILE",
                format!("cannot read {}: {}", shown(name), crate::io_reason(&e)),
            )
        };
        let mut file = std::fs::File::open(name).map_err(cannot)?;
        let size = file.metadata().ok().map(|m| m.len());
        let parquet = match format {
            LogFormat::Parquet => true,
            LogFormat::Auto => {
                let mut magic = [0u8; 4];
                let n = std::io::Read::read(&mut file, &mut magic).map_err(cannot)?;
                std::io::Seek::rewind(&mut file).map_err(cannot)?;
                n == 4 && &magic == b"PAR1"
            }
            _ => false,
        };
        let source = match parquet {
            true => Source::Parquet(file),
            false => Source::Stream(Box::new(file)),
        };
        inputs.push((name.clone(), source, size));
    }
    Ok(inputs)
}

/// Where a file's bytes come from.
pub(super) enum Source {
    /// Read in order (plain or gzipped lines, CSV).
    Stream(Box<dyn std::io::Read + Send>),
    /// A Parquet file, read by row group.
    Parquet(std::fs::File),
    /// An S3 object, fetched ahead and read when its turn comes.
    #[cfg(feature = "aws")]
    S3(
        std::sync::Arc<crate::aws::logs::Queue>,
        crate::aws::logs::Object,
    ),
}

/// The objects under an `s3://bucket/prefix`, listed now (a bad prefix fails before any work).
#[cfg(feature = "aws")]
fn s3_inputs(
    url: &str,
    inputs: &mut Vec<(String, Source, Option<u64>)>,
    s3: &mut Option<std::sync::Arc<crate::aws::logs::Queue>>,
) -> Result<(), Failure> {
    use crate::aws::logs::{split, Queue, S3Logs};
    let (bucket, prefix) = split(url)
        .filter(|(b, _)| !b.is_empty())
        .ok_or_else(|| fail("FILE", "an S3 input is s3://BUCKET/PREFIX"))?;
    let queue = match s3 {
        Some(q) => q.clone(),
        None => s3.insert(Queue::new(S3Logs::new()?)).clone(),
    };
    let objects = queue.list(bucket, prefix)?;
    if objects.is_empty() {
        return Err(fail("FILE", format!("no object under {}", shown(url))));
    }
    for o in objects {
        let name = format!("s3://{}/{}", o.bucket, o.key);
        let size = o.size;
        inputs.push((name, Source::S3(queue.clone(), o), size));
    }
    Ok(())
}

#[cfg(not(feature = "aws"))]
fn s3_inputs(
    _: &str,
    _: &mut Vec<(String, Source, Option<u64>)>,
    _: &mut Option<()>,
) -> Result<(), Failure> {
    Err(fail(
        "FILE",
        "s3:// inputs need cfsign built with its `aws` feature (the release binary has it)",
    ))
}

/// An S3 Parquet object, copied to a temporary file (Parquet is read from its end).
#[cfg(feature = "aws")]
fn spool(source: u32, mut body: Box<dyn std::io::Read + Send>) -> Result<std::fs::File, String> {
    let path = std::env::temp_dir().join(format!(
        "cfsign-logs-{}-{source}.parquet",
        std::process::id()
    ));
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("cannot create a temporary file: {}", crate::io_reason(&e)))?;
    // Removed at once: the open handle keeps it until it is closed.
    let _ = std::fs::remove_file(&path);
    std::io::copy(&mut body, &mut file).map_err(|e| format!("cannot read: {e}"))?;
    std::io::Seek::rewind(&mut file).map_err(|e| format!("cannot read: {e}"))?;
    Ok(file)
}

/// Reads one input into chunks sent to `tx`.
pub(super) fn read_one(
    source: u32,
    name: &str,
    raw: Source,
    choice: &Choice,
    bar: Option<indicatif::ProgressBar>,
    tx: &std::sync::mpsc::SyncSender<Chunk>,
) -> Result<(), String> {
    let raw = match raw {
        Source::Parquet(file) => return table::read_parquet(source, file, tx),
        Source::Stream(raw) => raw,
        #[cfg(feature = "aws")]
        Source::S3(queue, object) => {
            let body = queue.open(&object)?;
            let parquet = choice.format == LogFormat::Parquet
                || (choice.format == LogFormat::Auto
                    && object.key.to_ascii_lowercase().ends_with(".parquet"));
            if parquet {
                return table::read_parquet(source, spool(source, body)?, tx);
            }
            body
        }
    };
    let mut opened = input::open(raw, bar).map_err(|e| format!("cannot read: {e}"))?;
    let lower = name.to_ascii_lowercase();
    let csv = match choice.format {
        LogFormat::Csv => true,
        LogFormat::Auto => {
            lower.ends_with(".csv")
                || lower.ends_with(".csv.gz")
                || std::io::BufRead::fill_buf(&mut opened)
                    .map_err(|e| format!("cannot read: {e}"))?
                    .starts_with(b"\"")
        }
        _ => false,
    };
    match (csv, choice.format) {
        (true, _) => table::read_csv(source, Box::new(opened), tx),
        (false, LogFormat::Parquet) => Err("not a Parquet file".into()),
        (false, _) => input::read_file(source, opened, choice, tx),
    }
}
