//! `cfsign sign-batch` on every core: the same output, in input order, whatever `--jobs`; and
//! bounded memory whatever the input size (the maximum resident set of the process, measured by
//! `/usr/bin/time`, does not grow with the input).

use std::process::{Command, Stdio};

use crate::common::*;

const ORIGIN: &str = "https://d111111abcdef8.cloudfront.net";

fn batch(jobs: &str, extra: &[&str], input: &str) -> Run {
    let mut cmd = command();
    cmd.args(["sign-batch", "--key-pair-id", "K2JCJMDEHXQW5F"]);
    cmd.args(["--private-key", &key("rsa2048_pkcs1.pem"), "--jobs", jobs]);
    cmd.args(["--date-less-than", "2030-01-01"]);
    cmd.args(extra);
    run_with_stdin(&mut cmd, input)
}

/// URLs, failing lines and blank lines mixed: every `--jobs` gives exactly `--jobs 1`'s output
/// and errors, in input order (RSA signatures are deterministic).
#[test]
fn every_jobs_count_gives_the_same_output_in_order() {
    let input: String = (0..60)
        .map(|i| match i % 10 {
            3 => "not a url\n".to_string(),
            5 => "\n".to_string(),
            7 => format!("{{\"url\": \"{ORIGIN}/{i}.mp4\", \"ip_address\": \"300.0.0.1\"}}\n"),
            _ => format!("{ORIGIN}/videos/{i}.mp4\n"),
        })
        .collect();
    let one = batch("1", &[], &input);
    assert_eq!(one.code, 1);
    let expected: Vec<String> = (0..60)
        .filter(|i| ![3, 5, 7].contains(&(i % 10)))
        .map(|i| format!("{ORIGIN}/videos/{i}.mp4?"))
        .collect();
    let lines: Vec<&str> = one.stdout.lines().collect();
    assert_eq!(lines.len(), expected.len());
    for (line, start) in lines.iter().zip(&expected) {
        assert!(line.starts_with(start.as_str()), "{line}");
    }
    assert_eq!(one.stderr.lines().count(), 13, "{}", one.stderr);
    let json_one = batch("1", &["--json"], &input);
    for jobs in ["2", "5"] {
        let many = batch(jobs, &[], &input);
        assert_eq!(many.code, 1);
        assert_eq!(many.stdout, one.stdout, "--jobs {jobs}");
        assert_eq!(many.stderr, one.stderr, "--jobs {jobs}");
        assert_eq!(batch(jobs, &["--json"], &input).stdout, json_one.stdout);
    }
    // --fail-fast: the lines before the first failure, whatever --jobs.
    for jobs in ["1", "4"] {
        let r = batch(jobs, &["--fail-fast"], &input);
        assert_eq!(r.code, 1);
        assert_eq!(
            r.stdout.lines().collect::<Vec<_>>(),
            one.stdout.lines().take(3).collect::<Vec<_>>()
        );
    }
}

#[test]
fn jobs_is_checked() {
    for bad in ["0", "x", "5000"] {
        let r = batch(bad, &[], "");
        assert_eq!(r.code, 2, "{bad}");
        assert!(r.stderr.contains("--jobs"), "{bad}: {}", r.stderr);
    }
}

/// The maximum resident set (kB) of `sign-batch --jobs 2 --json` over `lines` lines of `width`
/// bytes each, which are not URLs (each is refused at once: the pipeline carries every one).
fn max_rss_kb(lines: usize, width: usize) -> u64 {
    let path = std::env::temp_dir().join(format!(
        "cfsign-batch-rss-{}-{lines}-{width}.txt",
        std::process::id()
    ));
    let line = format!("{}\n", "x".repeat(width));
    std::fs::write(&path, line.repeat(lines)).unwrap();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%M", env!("CARGO_BIN_EXE_cfsign"), "sign-batch"])
        .arg(&path)
        .args([
            "--key-pair-id",
            "K2JCJMDEHXQW5F",
            "--private-key",
            &key("rsa2048_pkcs1.pem"),
        ])
        .args(["--date-less-than", "2030-01-01", "--jobs", "2", "--json"])
        .env_remove("CFSIGN_PRIVATE_KEY_FILE")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    // The last line is /usr/bin/time's; before it, cfsign's summary.
    assert!(
        stderr.contains(&format!("{lines} of {lines} lines failed")),
        "{stderr}"
    );
    stderr.lines().last().unwrap().trim().parse().unwrap()
}

#[test]
fn memory_stays_bounded_whatever_the_input_size() {
    // 4 MB and 160 MB of input, in short lines and in lines of 60 KB.
    let small = max_rss_kb(2_000, 2_000);
    let large = max_rss_kb(80_000, 2_000);
    let wide = max_rss_kb(2_700, 60_000);
    // The window holds at most 8 chunks of about 256 KB (plus one line each).
    assert!(
        large < small + 8 * 1024,
        "{small} kB for 4 MB, {large} kB for 160 MB"
    );
    assert!(
        wide < small + 8 * 1024,
        "{small} kB for 4 MB, {wide} kB for 160 MB of 60 KB lines"
    );
}
