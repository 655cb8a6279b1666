//! `cfsign logs` on the columnar inputs: the generated v2 JSON lines written as Parquet (three
//! compressions) and the Athena CSV export give the same report as the lines themselves.

use serde_json::Value;

use super::{check, expected, file, logs_dir, run_logs};

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
