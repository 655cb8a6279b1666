//! `cfsign logs --verdicts`: the per-request CSV and Parquet files, read back through the core,
//! hold one row per request and the report's counts.

use std::path::Path;

use super::run_logs;

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
