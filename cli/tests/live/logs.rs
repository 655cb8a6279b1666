//! `cfsign logs s3://bucket/prefix/`: the generated logs uploaded with the real AWS CLI to moto's
//! S3, listed and streamed by cfsign through the AWS SDK for Rust; the report is the one of the
//! same files read from disk.

use std::path::Path;

use serde_json::Value;

use super::{aws, cfsign, stderr, stdout};

fn report(args: &[&str]) -> Value {
    let out = cfsign(args);
    assert!(out.status.success(), "cfsign {args:?}: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn an_s3_prefix_is_listed_and_streamed_like_the_files() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("live-logs");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/logs/generate.py");
    let out = std::process::Command::new("python3")
        .arg(&script)
        .arg(&dir)
        .output()
        .expect("python3 runs tests/logs/generate.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exp: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut keys = Vec::new();
    for (id, pem) in exp["keys"].as_object().unwrap() {
        let pem = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/keys")
            .join(pem.as_str().unwrap());
        keys.push("--public-key".to_string());
        keys.push(format!("{id}={}", pem.display()));
    }
    let bucket = "cfsign-live-logs";
    aws(&["s3api", "create-bucket", "--bucket", bucket]);
    let files = ["standard.log.gz", "multi.log.gz", "athena.csv"];
    for f in files {
        let from = dir.join(f).display().to_string();
        let key = format!("cf/2026/{f}");
        aws(&[
            "s3api",
            "put-object",
            "--bucket",
            bucket,
            "--key",
            &key,
            "--body",
            &from,
        ]);
    }
    // Outside the prefix: not read.
    let other = dir.join("v2.jsonl").display().to_string();
    aws(&[
        "s3api",
        "put-object",
        "--bucket",
        bucket,
        "--key",
        "other/v2.jsonl",
        "--body",
        &other,
    ]);

    let mut args: Vec<String> = vec!["logs".into(), format!("s3://{bucket}/cf/")];
    args.extend(keys.iter().cloned());
    args.push("--json".into());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let from_s3 = report(&refs);

    // The same files from disk, in the listing's (key) order.
    let mut sorted = files;
    sorted.sort();
    let mut args: Vec<String> = vec!["logs".into()];
    args.extend(sorted.iter().map(|f| dir.join(f).display().to_string()));
    args.extend(keys.iter().cloned());
    args.push("--json".into());
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let from_disk = report(&refs);
    for field in [
        "requests",
        "signed",
        "unsigned",
        "denied",
        "verdicts",
        "keys",
        "rotation",
        "clock_skew",
        "status_mismatch",
        "bad_lines",
    ] {
        assert_eq!(from_s3[field], from_disk[field], "{field}");
    }
    assert_eq!(
        from_s3["requests"].as_u64().unwrap(),
        3 * exp["standard"]["requests"].as_u64().unwrap()
    );

    // An empty prefix is bad usage, named.
    let out = cfsign(&[
        "logs",
        &format!("s3://{bucket}/none/"),
        "--json",
        &keys[0],
        &keys[1],
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("no object under"), "{}", stderr(&out));
    // A missing bucket: the operation and the reason.
    let out = cfsign(&[
        "logs",
        "s3://cfsign-no-such-bucket/x/",
        "--json",
        &keys[0],
        &keys[1],
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("ListObjectsV2"), "{}", stderr(&out));
}

/// More objects under the prefix than one ListObjectsV2 page holds (1,000): a listing that stops
/// at the first page reads 1,000 files, and the report's counts say so. Objects beside the prefix
/// (a longer key sharing its first letters, another folder) are not read.
#[test]
fn an_s3_prefix_past_one_listing_page_is_read_whole() {
    const FILES: usize = 1_001;
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("live-logs-pages");
    let _ = std::fs::remove_dir_all(&dir);
    let (inside, beside) = (dir.join("inside"), dir.join("beside"));
    std::fs::create_dir_all(&inside).unwrap();
    std::fs::create_dir_all(&beside).unwrap();
    // One unsigned request per file, a distinct path each (a W3C log as CloudFront writes it).
    let log = |i: usize| {
        format!(
            "#Version: 1.0\n#Fields: date time x-edge-location c-ip x-host-header cs-uri-stem cs-uri-query sc-status\n\
             2026-03-01\t00:{:02}:{:02}\tIAD89-C1\t192.0.2.{}\twww.example.com\t/page/{i}\t-\t200\n",
            (i / 60) % 60,
            i % 60,
            i % 250 + 1
        )
    };
    for i in 0..FILES {
        std::fs::write(inside.join(format!("{i:04}.log")), log(i)).unwrap();
    }
    for i in 0..3 {
        std::fs::write(beside.join(format!("{i}.log")), log(i)).unwrap();
    }
    let bucket = "cfsign-live-logs-pages";
    aws(&["s3api", "create-bucket", "--bucket", bucket]);
    // One command each, the AWS CLI's own parallel transfers (10 at a time).
    let inside = inside.display().to_string();
    let beside = beside.display().to_string();
    aws(&[
        "s3",
        "cp",
        "--recursive",
        "--quiet",
        &inside,
        &format!("s3://{bucket}/cf/"),
    ]);
    aws(&[
        "s3",
        "cp",
        "--recursive",
        "--quiet",
        &beside,
        &format!("s3://{bucket}/cf-other/"),
    ]);
    aws(&[
        "s3",
        "cp",
        "--recursive",
        "--quiet",
        &beside,
        &format!("s3://{bucket}/other/"),
    ]);

    let key = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys/rsa2048_pub.pem");
    let key = format!("K2JCJMDEHXQW5F={}", key.display());
    let r = report(&[
        "logs",
        &format!("s3://{bucket}/cf/"),
        "--public-key",
        &key,
        "--json",
    ]);
    assert_eq!(r["requests"], FILES, "{r}");
    assert_eq!(r["unsigned"], FILES, "{r}");
    assert_eq!(r["bad_lines"], 0, "{r}");
}
