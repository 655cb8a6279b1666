//! `cfsign logs`: CloudFront access logs, every signed request decided again.
//!
//! One thread reads and decompresses the files into chunks of lines (bounded: a few chunks in
//! flight per core); rayon's workers decide the chunks, each with its own memo of signature
//! results and its own report; the reports are merged at the end. Memory stays bounded whatever
//! the size of the logs: lines over 1 MB are skipped as they are read, and every table of the
//! report has a bound (see `cfsign::logs`).

mod chunk;
mod input;
mod source;
mod table;
mod text;
mod verdicts;

use std::io::{IsTerminal, Write};
use std::sync::mpsc::sync_channel;

use cfsign::logs::{Analyzer, AnalyzerOptions, Layout, Line, Record, Report, RowFields, Seen};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::args::{LogsArgs, Progress};
use crate::usage::{fail, shown, Failure};
use chunk::Chunk;
use input::Choice;
use source::{read_one, Source};

/// Top entries shown per list.
const TOP: usize = 10;

/// Runs `cfsign logs`: the report (text or JSON) and the exit code (0, or 2 after a read error,
/// which is printed on stderr).
pub fn logs(args: &LogsArgs, now: u64) -> Result<(String, u8), Failure> {
    let keys = crate::inspect::public_keys(&args.public_keys)?;
    let fields = match &args.fields {
        Some(list) => {
            Some(Layout::parse(list).map_err(|e| fail("--fields", format!("{e} ({})", e.code())))?)
        }
        None => None,
    };
    let when = |flag: &'static str, v: &Option<String>| -> Result<Option<u64>, Failure> {
        v.as_ref()
            .map(|t| {
                cfsign::time::parse_when(t, now)
                    .map_err(|e| fail(flag, format!("{}: {e}", shown(t))))
            })
            .transpose()
    };
    let options = AnalyzerOptions {
        since: when("--since", &args.since)?,
        until: when("--until", &args.until)?,
        ..AnalyzerOptions::default()
    };
    // Open every file first: a missing one is bad usage, found before any work.
    let inputs = source::open_all(&args.files, args.format)?;
    // The verdicts file, created before any work (a bad path is bad usage).
    let verdicts_out = match &args.verdicts {
        None => None,
        Some(path) => {
            let format = verdicts::format_of(path, args.verdicts_format);
            let file = std::fs::File::create(path).map_err(|e| {
                fail(
                    "--verdicts",
                    format!("cannot create {}: {}", shown(path), crate::io_reason(&e)),
                )
            })?;
            Some(verdicts::Writer::new(file, format).map_err(|e| fail("--verdicts", e))?)
        }
    };
    let names: Vec<String> = inputs.iter().map(|(n, _, _)| n.clone()).collect();
    let bar = progress_bar(args.progress, &inputs);
    let choice = Choice {
        format: args.format,
        fields,
    };
    let threads = rayon::current_num_threads().max(1);
    let (tx, rx) = sync_channel::<Chunk>(threads * 2);
    let reader_bar = bar.clone();
    let reading = std::thread::spawn(move || -> Result<(), String> {
        for (source, (name, raw, _)) in inputs.into_iter().enumerate() {
            read_one(source as u32, &name, raw, &choice, reader_bar.clone(), &tx)
                .map_err(|e| format!("{name}: {e}"))?;
        }
        Ok(())
    });
    let (rows_tx, rows_rx) = sync_channel::<Vec<verdicts::Row>>(threads * 2);
    let writing = verdicts_out.map(|mut writer| {
        std::thread::spawn(move || -> Result<(), String> {
            for rows in rows_rx {
                writer.write(&rows)?;
            }
            writer.finish()
        })
    });
    let keep = writing.is_some();
    let analyzer = Analyzer::new(keys, options);
    let report = rx
        .into_iter()
        .par_bridge()
        .fold(
            || (analyzer.clone(), Report::new()),
            |(mut analyzer, mut report), chunk| {
                let mut rows = keep.then(Vec::new);
                decide(&mut analyzer, &mut report, &chunk, &options, rows.as_mut());
                if let Some(rows) = rows {
                    // A closed channel means the writer stopped on an error, reported below.
                    let _ = rows_tx.send(rows);
                }
                (analyzer, report)
            },
        )
        .map(|(_, report)| report)
        .reduce(Report::new, |mut a, b| {
            a.merge(b);
            a
        });
    drop(rows_tx);
    let mut read_error = match reading.join() {
        Ok(Ok(())) => None,
        Ok(Err(message)) => Some(message),
        Err(_) => Some("the reading thread failed".into()),
    };
    let write_error = match writing.map(std::thread::JoinHandle::join) {
        None | Some(Ok(Ok(()))) => None,
        Some(Ok(Err(message))) => Some(message),
        Some(Err(_)) => Some("the writing thread failed".into()),
    };
    if let (None, Some(message)) = (&read_error, write_error) {
        read_error = Some(format!("--verdicts: cannot write: {message}"));
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = report.summary(TOP, args.skew, &names);
    let out = if args.json {
        let mut json =
            serde_json::to_string_pretty(&summary).map_err(|e| fail("--json", e.to_string()))?;
        json.push('\n');
        json
    } else {
        text::render(&summary, report.memo_hits)
    };
    Ok(match read_error {
        Some(message) => {
            // The report so far first, then the line that says why it stopped.
            let mut stdout = std::io::stdout().lock();
            let _ = stdout
                .write_all(crate::terminal::output(&out).as_bytes())
                .and_then(|()| stdout.flush());
            let line = crate::terminal::output(&format!("cfsign: error: {message}")).into_owned();
            eprintln!("{line}");
            (String::new(), 2)
        }
        None => (out, 0),
    })
}

/// Decides `record` into `report`, and into `rows` (`--verdicts`) when kept.
fn observe(
    analyzer: &mut Analyzer,
    report: &mut Report,
    record: &Record<'_>,
    options: &AnalyzerOptions,
    rows: Option<&mut Vec<verdicts::Row>>,
) {
    let Some(rows) = rows else {
        analyzer.observe(record, report);
        return;
    };
    let t = record.time;
    if options.since.is_some_and(|s| t < s) || options.until.is_some_and(|u| t >= u) {
        report.outside_window += 1;
        return;
    }
    let verdict = analyzer.decide(record, report, &mut |c| {
        c.key.verify(c.message, c.signature, c.hash)
    });
    report.count(&Seen::of(record), &verdict, options.boundary_window);
    rows.push(verdicts::Row::of(record, &verdict));
}

/// Decides every line (or row) of `chunk` into `report` (and `rows`).
fn decide(
    analyzer: &mut Analyzer,
    report: &mut Report,
    chunk: &Chunk,
    options: &AnalyzerOptions,
    mut out: Option<&mut Vec<verdicts::Row>>,
) {
    for &(line, why) in &chunk.bad {
        report.bad_line(chunk.source, line, why);
    }
    if let Some(rows) = &chunk.rows {
        let width = rows.columns.len().max(1);
        for (cells, &line) in rows.cells.chunks(width).zip(&rows.numbers) {
            let mut fields = RowFields::new();
            for (column, cell) in rows.columns.iter().zip(cells) {
                if let Some(cell) = cell {
                    fields.set(*column, cell);
                }
            }
            match fields.record() {
                Ok(record) => observe(analyzer, report, &record, options, out.as_deref_mut()),
                Err(why) => report.bad_line(chunk.source, line, why),
            }
        }
        return;
    }
    let Some(reader) = &chunk.reader else {
        return;
    };
    for &(line, start, end) in &chunk.lines {
        let bytes = chunk
            .data
            .get(start as usize..end as usize)
            .unwrap_or_default();
        match reader.read_record(bytes) {
            Line::Record(record) => observe(analyzer, report, &record, options, out.as_deref_mut()),
            Line::Bad(why) => report.bad_line(chunk.source, line, why),
            Line::Header => {}
        }
    }
}

fn progress_bar(
    progress: Progress,
    inputs: &[(String, Source, Option<u64>)],
) -> Option<ProgressBar> {
    let show = match progress {
        Progress::Never => false,
        Progress::Always => true,
        Progress::Auto => std::io::stderr().is_terminal(),
    };
    if !show {
        return None;
    }
    let total: Option<u64> = inputs.iter().map(|(_, _, size)| *size).sum();
    // indicatif's stderr target draws only on a terminal; `always` draws anyway.
    let target = match progress {
        Progress::Always => ProgressDrawTarget::term_like(Box::new(console::Term::stderr())),
        _ => ProgressDrawTarget::stderr(),
    };
    let bar = ProgressBar::with_draw_target(total, target);
    let template = match total {
        Some(_) => "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        None => "{spinner} {bytes} {bytes_per_sec}",
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    Some(bar)
}
