//! `cfsign logs` on hostile CSV (and log lines): memory stays bounded whatever the rows look like. Peak memory
//! is the kernel's own count (`ru_maxrss` of the child, read by Python's `resource` module).

use std::io::Write;
use std::path::PathBuf;

use serde_json::Value;

use crate::common::key;

/// Peak resident memory allowed for one run, bytes: far below the hostile files' sizes.
const PEAK_LIMIT: u64 = 64 << 20;

fn write(name: &str, parts: &[&[u8]], repeat: usize) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(parts[0]).unwrap();
    for _ in 0..repeat {
        f.write_all(parts[1]).unwrap();
    }
    for p in &parts[2..] {
        f.write_all(p).unwrap();
    }
    f.flush().unwrap();
    path
}

/// Runs `cfsign logs --format FORMAT <path> --json`: (exit code, report, peak RSS in bytes).
fn run_measured(path: &PathBuf) -> (i32, Value, u64) {
    run_format(path, "csv")
}

fn run_format(path: &PathBuf, format: &str) -> (i32, Value, u64) {
    let script = "import resource, subprocess, sys\n\
                  r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)\n\
                  sys.stderr.write('%d %d\\n' % (r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n\
                  sys.stdout.buffer.write(r.stdout)\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script, env!("CARGO_BIN_EXE_cfsign"), "logs"])
        .arg(path)
        .args(["--format", format, "--json", "--public-key"])
        .arg(format!("K1={}", key("rsa2048_pub.pem")))
        .env_remove("CFSIGN_PRIVATE_KEY_FILE")
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    let last: Vec<u64> = err
        .lines()
        .last()
        .unwrap_or_default()
        .split(' ')
        .filter_map(|n| n.parse().ok())
        .collect();
    assert_eq!(last.len(), 2, "{err}");
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (last[0] as i32, report, last[1] * 1024)
}

const HEADER: &[u8] =
    b"\"date\",\"time\",\"cs_host\",\"cs_uri_stem\",\"cs_uri_query\",\"sc_status\"\n";
const GOOD: &[u8] =
    b"\"2026-01-02\",\"03:04:05\",\"d111111abcdef8.cloudfront.net\",\"/a.txt\",\"Expires=1767323045&Signature=x&Key-Pair-Id=K1\",\"403\"\n";

#[test]
fn logs_csv_rows_of_the_wrong_field_count_are_not_all_held_at_once() {
    // 6 million rows of one field each (`x`): a bad line each, and 12 MB of file.
    let path = write("bad-rows.csv", &[HEADER, b"x\n", GOOD], 6_000_000);
    let (code, report, peak) = run_measured(&path);
    assert!(code == 0 || code == 1, "exit {code}: {report}");
    assert_eq!(report["bad_lines"].as_u64(), Some(6_000_000), "{report}");
    assert_eq!(report["requests"].as_u64(), Some(1), "{report}");
    assert!(peak < PEAK_LIMIT, "peak RSS {} MiB", peak >> 20);
}

#[test]
fn logs_csv_an_unterminated_quote_is_one_too_long_row_never_buffered_whole() {
    // A quote never closed, then 40 MB of lines: one record to EOF, over the 1 MiB cap.
    let tail = [b'a'; 99].iter().chain(b"\n").copied().collect::<Vec<u8>>();
    let path = write(
        "open-quote.csv",
        &[&[HEADER, GOOD, b"\"2026-01-02\",\"03"].concat(), &tail],
        400_000,
    );
    let (code, report, peak) = run_measured(&path);
    assert!(code == 0 || code == 1, "exit {code}: {report}");
    assert_eq!(report["bad_lines"].as_u64(), Some(1), "{report}");
    assert_eq!(
        report["bad_lines_listed"][0]["code"], "too_long",
        "{report}"
    );
    assert_eq!(report["bad_lines_listed"][0]["line"], 3, "{report}");
    assert_eq!(report["requests"].as_u64(), Some(1), "{report}");
    assert!(peak < PEAK_LIMIT, "peak RSS {} MiB", peak >> 20);
}

#[test]
fn logs_csv_a_long_closed_record_is_too_long_and_the_rows_after_it_are_read() {
    // One 2 MB quoted cell, closed, then a good row: the long row is skipped, not the file.
    let path = write(
        "long-cell.csv",
        &[
            &[HEADER, GOOD, b"\"2026-01-02\",\"03:04:05\",\"h\",\"/"].concat(),
            b"b",
            b"\",\"\",\"403\"\n",
            GOOD,
        ],
        2_000_000,
    );
    let (code, report, _) = run_measured(&path);
    assert!(code == 0 || code == 1, "exit {code}: {report}");
    assert_eq!(report["bad_lines"].as_u64(), Some(1), "{report}");
    assert_eq!(
        report["bad_lines_listed"][0]["code"], "too_long",
        "{report}"
    );
    assert_eq!(report["bad_lines_listed"][0]["line"], 3, "{report}");
    assert_eq!(report["requests"].as_u64(), Some(2), "{report}");
}

#[test]
fn logs_text_bad_header_lines_are_not_all_held_at_once() {
    // 3 million `#Fields:` lines naming no field: a bad line each (`bad_fields`), 27 MB of file.
    let path = write(
        "bad-headers.log",
        &[b"#Version: 1.0\n", b"#Fields:\n"],
        3_000_000,
    );
    let (code, report, peak) = run_format(&path, "standard");
    assert!(code == 0 || code == 1, "exit {code}: {report}");
    assert_eq!(report["bad_lines"].as_u64(), Some(3_000_000), "{report}");
    assert!(peak < PEAK_LIMIT, "peak RSS {} MiB", peak >> 20);
}
