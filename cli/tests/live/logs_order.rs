//! `cfsign logs s3://…` fetches several objects at once, yet reports them as it read them one by
//! one: in the listing's (key) order, files numbered in that order (the bad lines' `file` and
//! `line`), and stops at the first object that cannot be read, exactly as it would on the same
//! files from a local folder. The first object is much larger than the others, so the others
//! arrive before it.

use std::path::{Path, PathBuf};

use super::{aws, cfsign, stderr, stdout};

/// One W3C log: `lines` unsigned requests, and a malformed line (too few fields) after each
/// request whose number is in `bad`.
fn log(tag: usize, lines: usize, bad: &[usize]) -> String {
    let mut s = String::from(
        "#Version: 1.0\n#Fields: date time x-edge-location c-ip x-host-header cs-uri-stem cs-uri-query sc-status\n",
    );
    for i in 0..lines {
        s.push_str(&format!(
            "2026-03-01\t{:02}:{:02}:{:02}\tIAD89-C1\t192.0.2.{}\twww.example.com\t/f{tag}/{i}/{}\t-\t200\n",
            (i / 3600) % 24,
            (i / 60) % 60,
            i % 60,
            i % 250 + 1,
            "p".repeat(64)
        ));
        if bad.contains(&i) {
            s.push_str("2026-03-01\tnot a log line\n");
        }
    }
    s
}

/// A folder of logs under `name` (emptied first), uploaded to `s3://bucket/prefix/` with the AWS
/// CLI: a large first file, then small ones, one bad line each at a different position.
fn folder(name: &str, bucket: &str, prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // About 24 MB: read last of the first batch of fetches.
    std::fs::write(dir.join("00-big.log"), log(0, 160_000, &[2, 150_000])).unwrap();
    for i in 1..16 {
        std::fs::write(dir.join(format!("{i:02}-small.log")), log(i, 3 + i, &[i])).unwrap();
    }
    aws(&["s3api", "create-bucket", "--bucket", bucket]);
    aws(&[
        "s3",
        "cp",
        "--recursive",
        "--quiet",
        &dir.display().to_string(),
        &format!("s3://{bucket}/{prefix}/"),
    ]);
    dir
}

/// `cfsign logs ARGS --json`: its exit code, its stdout, its stderr.
fn logs(inputs: &[String]) -> (Option<i32>, String, String) {
    let key = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys/rsa2048_pub.pem");
    let key = format!("K2JCJMDEHXQW5F={}", key.display());
    let mut args = vec!["logs"];
    args.extend(inputs.iter().map(String::as_str));
    args.extend(["--public-key", &key, "--json", "--progress", "never"]);
    let out = cfsign(&args);
    (out.status.code(), stdout(&out), stderr(&out))
}

/// The files of `dir` in name order (the listing's order: the names are ASCII).
fn local(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn an_s3_prefix_fetched_at_once_reports_like_the_folder_in_key_order() {
    let bucket = "cfsign-live-logs-order";
    let dir = folder("live-logs-order", bucket, "cf");
    let (code, from_s3, err) = logs(&[format!("s3://{bucket}/cf/")]);
    assert_eq!(code, Some(0), "{err}");
    let (code, from_disk, err) = logs(&local(&dir));
    assert_eq!(code, Some(0), "{err}");
    // Byte for byte, once the objects' names are the files'.
    let from_s3 = from_s3.replace(
        &format!("s3://{bucket}/cf/"),
        &format!("{}/", dir.display()),
    );
    assert_eq!(from_s3, from_disk);
    // The report does name every file's bad line, in file order (the check has teeth).
    let r: serde_json::Value = serde_json::from_str(&from_disk).unwrap();
    let listed: Vec<(String, u64)> = r["bad_lines_listed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["file"].as_str().unwrap().to_owned(),
                b["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(listed.len(), 17, "{r}");
    assert!(listed[0].0.ends_with("/00-big.log") && listed[1].0.ends_with("/00-big.log"));
    assert!(listed[16].0.ends_with("/15-small.log"), "{listed:?}");
}

/// An object that cannot be read (an archived object: GetObject answers InvalidObjectState) stops
/// the run there, as before: the report of the objects before it, exit 2, the object named with
/// the operation; the objects after it, although fetched, are not counted.
#[test]
fn an_s3_object_that_fails_stops_the_run_where_the_folder_would() {
    let bucket = "cfsign-live-logs-fail";
    let dir = folder("live-logs-fail", bucket, "cf");
    let body = dir.join("05-small.log").display().to_string();
    aws(&[
        "s3api",
        "put-object",
        "--bucket",
        bucket,
        "--key",
        "cf/05-small.log",
        "--body",
        &body,
        "--storage-class",
        "GLACIER",
    ]);
    let (code, from_s3, err) = logs(&[format!("s3://{bucket}/cf/")]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.starts_with(&format!(
            "cfsign: error: s3://{bucket}/cf/05-small.log: S3 GetObject failed: "
        )),
        "{err}"
    );
    assert!(err.contains("InvalidObjectState"), "{err}");
    assert!(
        err.trim_end().ends_with("; the caller needs s3:GetObject"),
        "{err}"
    );
    assert!(!err.contains("testing"), "{err}");
    let before: Vec<String> = local(&dir).into_iter().take(5).collect();
    let (code, from_disk, err) = logs(&before);
    assert_eq!(code, Some(0), "{err}");
    let from_s3 = from_s3.replace(
        &format!("s3://{bucket}/cf/"),
        &format!("{}/", dir.display()),
    );
    // The folder run names only five files: the sixth (the failed object) is not in its list.
    let r: serde_json::Value = serde_json::from_str(&from_s3).unwrap();
    assert_eq!(r["requests"], 160_000 + 4 + 5 + 6 + 7, "{r}");
    assert_eq!(from_s3, from_disk);
}
