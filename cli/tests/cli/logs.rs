//! `cfsign logs` against logs whose every signature is the AWS tools' own: tests/logs/generate.py
//! signs with botocore (and `cryptography`) and @aws-sdk/cloudfront-signer, writes the same
//! requests as a standard log, a v2 W3C log in another field order, v2 JSON lines and a real-time
//! log, plain and gzipped (one member, two members, truncated), and the counts each report must
//! show. The reports must equal them exactly.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::common::*;

mod columnar;
mod verdicts;

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
