//! `cfsign logs` against logs whose every signature is the AWS tools' own: tests/logs/generate.py
//! signs with botocore (and `cryptography`) and @aws-sdk/cloudfront-signer, writes the same
//! requests as a standard log, a v2 W3C log in another field order, v2 JSON lines and a real-time
//! log, plain and gzipped (one member, two members, truncated), and the counts each report must
//! show. The reports must equal them exactly.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::*;

/// The generated logs, once per test run.
fn logs_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("logs");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/logs/generate.py");
        let out = std::process::Command::new("python3")
            .arg(&script)
            .arg(&dir)
            .output()
            .expect("python3 runs tests/logs/generate.py (botocore, cryptography, node)");
        assert!(
            out.status.success(),
            "generate.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

fn expected() -> Value {
    let text = std::fs::read_to_string(logs_dir().join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn file(name: &str) -> String {
    logs_dir().join(name).display().to_string()
}

fn key_args() -> Vec<String> {
    let exp = expected();
    let mut args = Vec::new();
    for (id, pem) in exp["keys"].as_object().unwrap() {
        args.push("--public-key".to_string());
        args.push(format!("{id}={}", key(pem.as_str().unwrap())));
    }
    args
}

fn run_logs(files: &[&str], extra: &[&str]) -> (Run, Value) {
    let mut args: Vec<String> = vec!["logs".into()];
    args.extend(files.iter().map(|f| file(f)));
    args.extend(key_args());
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push("--json".into());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = cfsign(&refs);
    let json = serde_json::from_str(&r.stdout).unwrap_or(Value::Null);
    (r, json)
}

/// The report equals the generator's counts.
fn check(report: &Value, exp: &Value, bad_lines: u64, what: &str) {
    for field in ["requests", "signed", "unsigned", "denied"] {
        assert_eq!(report[field], exp[field], "{what}: {field}");
    }
    assert_eq!(report["verdicts"], exp["verdicts"], "{what}: verdicts");
    let m = &report["status_mismatch"];
    assert_eq!(m["allowed_but_403"], exp["allowed_but_403"], "{what}");
    assert_eq!(m["denied_but_served"], exp["denied_but_served"], "{what}");
    assert_eq!(
        m["denied_but_served_example"]["path"], "/public/leak.mp4",
        "{what}"
    );
    let keys = report["keys"].as_array().unwrap();
    assert_eq!(keys.len(), exp["keys"].as_object().unwrap().len(), "{what}");
    for k in keys {
        let id = k["id"].as_str().unwrap();
        assert_eq!(k["requests"], exp["keys"][id], "{what}: key {id}");
        let latest = exp["latest_expiry"][id].as_u64();
        let shown = latest.map(|t| Value::from(cfsign::time::format_utc(t)));
        assert_eq!(
            k["latest_expiry"],
            shown.unwrap_or(Value::Null),
            "{what}: {id}"
        );
    }
    for r in report["rotation"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        assert_eq!(r["status"], exp["rotation"][id], "{what}: rotation {id}");
    }
    for s in report["clock_skew"].as_array().unwrap() {
        let edge = s["edge_location"].as_str().unwrap();
        let e = &exp["clock_skew"][edge];
        let got = [
            &s["expired_near_boundary"],
            &s["max_seconds_after_expiry"],
            &s["not_yet_valid_near_boundary"],
            &s["max_seconds_before_start"],
        ];
        assert_eq!(
            Value::from(got.map(Clone::clone).to_vec()),
            *e,
            "{what}: {edge}"
        );
    }
    assert_eq!(
        report["clock_skew"].as_array().unwrap().len(),
        exp["clock_skew"].as_object().unwrap().len(),
        "{what}"
    );
    assert_eq!(
        report["last_time"],
        Value::from(cfsign::time::format_utc(exp["last_time"].as_u64().unwrap())),
        "{what}"
    );
    assert_eq!(report["bad_lines"], bad_lines, "{what}: bad lines");
}

#[test]
fn standard_v1_plain_gzipped_and_multi_member() {
    let exp = expected();
    for (name, bad) in [
        ("standard.log", "standard"),
        ("standard.log.gz", "standard"),
        ("multi.log.gz", "multi"),
        ("standard_v2.log", "standard_v2"),
    ] {
        let (r, report) = run_logs(&[name], &[]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let bad = exp["bad_lines"][bad].as_u64().unwrap();
        check(&report, &exp["standard"], bad, name);
    }
    // The bad lines, by number and code, in the first file.
    let (_, report) = run_logs(&["standard.log"], &[]);
    let codes: Vec<&str> = report["bad_lines_listed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["field_count", "not_text", "fields_changed", "too_long"]
    );
    // The JSON describes the logs only: the memo's hits depend on how the rows were split among
    // threads, so they are in the text (run statistics), not in `--json`.
    assert!(report.get("memo_hits").is_none());
    assert!(report["verifications"].as_u64().unwrap() > 0);
    let mut args: Vec<String> = vec!["logs".into(), file("standard.log")];
    args.extend(key_args());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let text = cfsign(&refs).stdout;
    // One verification per distinct signature: the repeated URL and cookies hit the memo.
    let hits = text
        .split_once(" answered from the memo")
        .and_then(|(before, _)| before.rsplit_once('('))
        .and_then(|(_, n)| n.parse::<u64>().ok());
    assert!(hits.is_some_and(|n| n > 0), "{text}");
}

#[test]
fn json_lines_and_realtime_give_the_same_counts() {
    let exp = expected();
    let (r, report) = run_logs(&["v2.jsonl"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    check(
        &report,
        &exp["standard"],
        exp["bad_lines"]["json"].as_u64().unwrap(),
        "json",
    );
    let fields = exp["realtime_fields"].as_str().unwrap().to_string();
    let (r, report) = run_logs(&["realtime.log"], &["--fields", &fields]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    check(&report, &exp["realtime"], 1, "realtime");
    assert_eq!(report["verdicts"]["truncated"], 1);
    // A real-time log without --fields is bad usage.
    let (r, _) = run_logs(&["realtime.log"], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--fields"), "{}", r.stderr);
    // Several files at once, several formats.
    let (r, report) = run_logs(&["standard.log", "standard_v2.log"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        report["requests"],
        exp["standard"]["requests"].as_u64().unwrap() * 2
    );
}

#[test]
fn a_truncated_gzip_file_reports_what_was_read_and_exits_2() {
    let (r, report) = run_logs(&["truncated.log.gz"], &[]);
    assert_eq!(r.code, 2);
    let requests = report["requests"].as_u64().unwrap();
    assert!(requests > 0 && requests < 37, "{requests}");
    assert!(
        r.stderr.starts_with("cfsign: error: ") && r.stderr.contains("truncated"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
}

#[test]
fn since_until_and_bad_usage() {
    // 2026-03-01T01:00:00Z onwards: only the late requests.
    let (r, report) = run_logs(
        &["standard.log"],
        &[
            "--since",
            "2026-03-01T01:00:00Z",
            "--until",
            "2026-03-01T02:00:00Z",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let inside = report["requests"].as_u64().unwrap();
    assert_eq!(inside + report["outside_window"].as_u64().unwrap(), 37);
    assert_eq!(report["verdicts"]["expired"], 3);
    let (r, _) = run_logs(&["no-such-file.log"], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no such file"), "{}", r.stderr);
    let (r, _) = run_logs(&["standard.log"], &["--fields", "date,time"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--fields"), "{}", r.stderr);
}

#[test]
fn reads_standard_input_and_text() {
    let path = logs_dir().join("standard_v2.log");
    let text = std::fs::read_to_string(path).unwrap();
    let mut args = vec!["logs".to_string(), "-".to_string()];
    args.extend(key_args());
    let r = run_with_stdin(command().args(&args), &text);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("Requests: 37 (31 signed, 6 unsigned)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("safe to remove after 2026-03-01T02:05:00Z"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("cfsign doctor"));
    // No progress bar when stderr is not a terminal.
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

#[test]
fn progress_always_draws_on_stderr_only() {
    let (r, report) = run_logs(&["standard.log.gz"], &["--progress", "always"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(report["requests"], 37, "stdout is the report alone");
    assert!(
        r.stderr.contains('\u{2588}'),
        "a bar on stderr: {:?}",
        r.stderr
    );
    let (r, _) = run_logs(&["standard.log.gz"], &["--progress", "never"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
}

/// The v2 JSON lines as a v2 Parquet file: the snake-case names of AWS's Parquet tables, text
/// cells, `sc_status` as a number, `compression` for every column, row groups of 7 rows.
fn write_parquet(name: &str, compression: parquet::basic::Compression) -> String {
    use std::sync::Arc;

    use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
    use arrow_schema::{DataType, Field, Schema};

    let bytes = std::fs::read(file("v2.jsonl")).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let rows: Vec<serde_json::Map<String, Value>> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let names: Vec<String> = rows[0].keys().cloned().collect();
    let snake = |n: &str| {
        n.replace('(', "_")
            .replace(')', "")
            .replace('-', "_")
            .to_lowercase()
    };
    let mut fields = Vec::new();
    let mut columns: Vec<ArrayRef> = Vec::new();
    for n in &names {
        let cells = rows.iter().map(|r| r[n].as_str().map(str::to_string));
        if n == "sc-status" {
            let ints: Int64Array = cells.map(|c| c.and_then(|c| c.parse().ok())).collect();
            fields.push(Field::new(snake(n), DataType::Int64, true));
            columns.push(Arc::new(ints));
        } else {
            fields.push(Field::new(snake(n), DataType::Utf8, true));
            columns.push(Arc::new(cells.collect::<StringArray>()));
        }
    }
    let batch = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap();
    let path = logs_dir().join(name);
    let props = parquet::file::properties::WriterProperties::builder()
        .set_compression(compression)
        .set_max_row_group_row_count(Some(7))
        .build();
    let out = std::fs::File::create(&path).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(out, batch.schema(), Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    path.display().to_string()
}

#[test]
fn parquet_and_athena_csv_give_the_same_report_as_the_lines() {
    use parquet::basic::{Compression, GzipLevel, ZstdLevel};
    let exp = expected();
    let (r, lines) = run_logs(&["standard.log.gz"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for (name, compression) in [
        ("v2.snappy.parquet", Compression::SNAPPY),
        ("v2.gzip.parquet", Compression::GZIP(GzipLevel::default())),
        ("v2.zstd.parquet", Compression::ZSTD(ZstdLevel::default())),
    ] {
        write_parquet(name, compression);
        let (r, report) = run_logs(&[name], &[]);
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        check(&report, &exp["standard"], 0, name);
        for field in [
            "verdicts",
            "keys",
            "rotation",
            "clock_skew",
            "status_mismatch",
        ] {
            assert_eq!(report[field], lines[field], "{name}: {field}");
        }
    }
    let (r, report) = run_logs(&["athena.csv"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    check(
        &report,
        &exp["standard"],
        exp["bad_lines"]["csv"].as_u64().unwrap(),
        "csv",
    );
    for field in [
        "verdicts",
        "keys",
        "rotation",
        "clock_skew",
        "status_mismatch",
    ] {
        assert_eq!(report[field], lines[field], "csv: {field}");
    }
    // A file that is not Parquet, read as Parquet: an error naming the file, exit 2.
    let (r, _) = run_logs(&["athena.csv"], &["--format", "parquet"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a Parquet file"), "{}", r.stderr);
}

/// The rows of a --verdicts file, as text cells by column name, sorted.
fn verdict_rows(path: &Path) -> Vec<Vec<(String, String)>> {
    use arrow_array::cast::AsArray;
    use arrow_array::Array;
    let mut rows = Vec::new();
    if path.extension().is_some_and(|e| e == "parquet") {
        let f = std::fs::File::open(path).unwrap();
        let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
            .unwrap()
            .build()
            .unwrap();
        for batch in reader {
            let batch = batch.unwrap();
            let schema = batch.schema();
            for i in 0..batch.num_rows() {
                let mut row = Vec::new();
                for (field, col) in schema.fields().iter().zip(batch.columns()) {
                    let text = arrow_cast::cast(col, &arrow_schema::DataType::Utf8).unwrap();
                    let text = text.as_string::<i32>();
                    let cell = if text.is_valid(i) { text.value(i) } else { "" };
                    row.push((field.name().clone(), cell.to_string()));
                }
                rows.push(row);
            }
        }
    } else {
        let mut reader = csv::Reader::from_path(path).unwrap();
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        for record in reader.records() {
            let record = record.unwrap();
            rows.push(
                header
                    .iter()
                    .cloned()
                    .zip(record.iter().map(String::from))
                    .collect(),
            );
        }
    }
    rows.sort();
    rows
}

#[test]
fn verdicts_files_hold_one_row_per_request_as_the_report_counts() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let (csv_path, parquet_path) = (dir.join("verdicts.csv"), dir.join("verdicts.parquet"));
    let mut reports = Vec::new();
    for out in [&csv_path, &parquet_path] {
        let out = out.display().to_string();
        let (r, report) = run_logs(&["standard.log.gz"], &["--verdicts", &out]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        reports.push(report);
    }
    assert_eq!(reports[0], reports[1]);
    let report = &reports[0];
    let (csv_rows, parquet_rows) = (verdict_rows(&csv_path), verdict_rows(&parquet_path));
    assert_eq!(csv_rows, parquet_rows);
    assert_eq!(csv_rows.len() as u64, report["requests"].as_u64().unwrap());
    let get = |row: &Vec<(String, String)>, name: &str| -> String {
        row.iter().find(|(n, _)| n == name).unwrap().1.clone()
    };
    // Read back through the core: every row is a verdict it knows; the counts are the report's.
    let mut counts = std::collections::BTreeMap::<String, u64>::new();
    for row in &csv_rows {
        let opt = |n: &str| Some(get(row, n)).filter(|v| !v.is_empty());
        let (reason, kid, hash) = (opt("reason"), opt("key_pair_id"), opt("hash_algorithm"));
        let verdict = get(row, "verdict");
        let source = get(row, "source");
        let columns = cfsign::logs::VerdictColumns {
            verdict: &verdict,
            reason: reason.as_deref(),
            source: &source,
            key_pair_id: kid.as_deref(),
            hash_algorithm: hash.as_deref(),
            expires: opt("expires").map(|e| e.parse().unwrap()),
            ..Default::default()
        };
        let v = columns.read().unwrap();
        assert_eq!(get(row, "allowed"), v.allowed().to_string());
        match v.kind {
            cfsign::logs::Kind::Denied => {
                for code in &v.codes {
                    *counts.entry(code.to_string()).or_default() += 1;
                }
            }
            cfsign::logs::Kind::Unsigned => {}
            k => *counts.entry(k.as_str().to_string()).or_default() += 1,
        }
        assert!(get(row, "uri").starts_with('/'), "{row:?}");
    }
    let want: std::collections::BTreeMap<String, u64> =
        serde_json::from_value(report["verdicts"].clone()).unwrap();
    assert_eq!(counts, want);
    // The leaked file: denied, served 200, its request's fields beside the verdict.
    let leak = csv_rows
        .iter()
        .find(|r| get(r, "uri") == "/public/leak.mp4")
        .unwrap();
    assert_eq!(get(leak, "allowed"), "false");
    assert_eq!(get(leak, "status"), "200");
    // A path that cannot be created is bad usage, before any work.
    let (r, _) = run_logs(
        &["standard.log.gz"],
        &["--verdicts", "/nonexistent/dir/v.csv"],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--verdicts"), "{}", r.stderr);
}

/// The JSON describes the logs, not the run: equal with one thread or two on a log of several
/// chunks (each worker with its own memo, so the memo's hits differ; they are not in it).
#[test]
fn json_equal_whatever_the_threads() {
    let text = std::fs::read(logs_dir().join("standard_v2.log")).unwrap();
    let (head, body): (Vec<&[u8]>, Vec<&[u8]>) = text
        .split_inclusive(|b| *b == b'\n')
        .partition(|l| l.starts_with(b"#"));
    let mut big = head.concat();
    for _ in 0..150 {
        big.extend(body.concat());
    }
    assert!(big.len() > 3 << 20, "several chunks of 1 MB");
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("logs-threads.log");
    std::fs::write(&path, big).unwrap();
    let run = |threads: &str, json: bool| {
        let mut cmd = command();
        cmd.env("RAYON_NUM_THREADS", threads)
            .arg("logs")
            .arg(&path)
            .args(key_args());
        if json {
            cmd.arg("--json");
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    let one = run("1", true);
    assert!(one.contains("\"verifications\""), "{one}");
    assert_eq!(one, run("2", true));
    // The text output still shows the memo's hits, a statistic of the run.
    assert!(run("2", false).contains("answered from the memo"));
}
