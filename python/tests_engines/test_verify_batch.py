"""verify_batch and the report, in-process: string layouts, column names, bad input."""

import json
import os

import pyarrow as pa
import pytest

from cfsign import CfsignError
from cfsign.logs import LineVerifier, ReportBuilder, report, verify_batch
from conftest import ROOT, snake, w3c_table


def test_lines_and_tables_give_cfsign_logs_report(logs, keys, cli):
    for name, fmt in [("standard_v2.log", "standard"), ("v2.jsonl", "json"), ("standard.log", "standard")]:
        raw = (logs / name).read_bytes().decode("utf-8", "replace").split("\n")[:-1]
        # Where each line came from: file 0, lines from 1.
        place = [pa.array([0] * len(raw), pa.int32()), pa.array(range(1, len(raw) + 1), pa.int64())]
        lines = pa.record_batch([pa.array(raw), *place], names=["value", "file", "line"])
        out = LineVerifier(keys, format=fmt).verify(lines)
        assert report([out], sources=[str(logs / name)]) == cli(name), name
    table = w3c_table(logs / "standard_v2.log")
    assert report([verify_batch(table, keys)]) == cli("standard_v2.log")


def test_string_layouts_and_names_agree(logs, keys):
    table = w3c_table(logs / "standard_v2.log")
    want = verify_batch(table, keys)
    assert isinstance(want, pa.Table)
    assert want.num_rows == table.num_rows
    for kind in (pa.large_string(), pa.string_view()):
        other = pa.table({n: table[n].cast(kind) for n in table.column_names})
        assert verify_batch(other, keys).equals(want)
    snaked = table.rename_columns([snake(n) for n in table.column_names])
    assert verify_batch(snaked, keys).equals(want)
    batch = table.to_batches()[0]
    one = verify_batch(batch, keys)
    assert isinstance(one, pa.RecordBatch)
    assert one.column("allowed").to_pylist() == want.column("allowed").to_pylist()[: batch.num_rows]
    verdicts = set(want.column("verdict").to_pylist())
    assert verdicts == {"allowed", "denied", "unsigned"}
    assert set(want.column("source").to_pylist()) == {"url", "cookies", "none"}
    assert set(want.column("hash_algorithm").to_pylist()) <= {"SHA1", "SHA256", None}


def table_of(**columns):
    return pa.table({k: pa.array(v, pa.string()) for k, v in columns.items()})


BASE = dict(
    date=["2026-03-01"],
    time=["00:00:00"],
    **{"x-host-header": ["www.example.com"], "cs-uri-stem": ["/a"], "cs-uri-query": ["-"]},
)


def test_malformed_rows_are_verdicts_not_exceptions(keys):
    rows = table_of(
        date=["2026-03-01", "2026-13-01", "2026-03-01", "2026-03-01"],
        time=["00:00:00", "00:00:00", "00:00:00", "00:00:00"],
        **{
            "x-host-header": ["www.example.com", "h", "h", "-"],
            "cs-uri-stem": ["/a", "/a", "/" + "x" * (1 << 20), "/a"],
            "cs-uri-query": ["Expires=1&Signature=AA&Key-Pair-Id=K", "-", "-", "-"],
        },
    )
    out = verify_batch(rows, keys)
    assert out.column("verdict").to_pylist() == ["denied", "malformed", "malformed", "malformed"]
    assert out.column("reason").to_pylist()[1:] == ["bad_time", "too_long", "missing_field"]
    assert out.column("allowed").to_pylist() == [False] * 4
    b = ReportBuilder()
    b.add(out)
    from cfsign.logs import report_json

    r = json.loads(report_json(b.to_bytes()))
    assert (r["requests"], r["bad_lines"]) == (1, 3)


def test_missing_and_mistyped_columns_are_named(keys):
    with pytest.raises(CfsignError, match="cs-uri-query") as e:
        verify_batch(table_of(**{k: v for k, v in BASE.items() if k != "cs-uri-query"}), keys)
    assert e.value.code == "missing_column"
    with pytest.raises(CfsignError, match=r"time \(date and time, or timestamp\)") as e:
        verify_batch(table_of(**{k: v for k, v in BASE.items() if k != "time"}), keys)
    assert e.value.code == "missing_column"
    bad = table_of(**BASE).set_column(4, "cs-uri-query", pa.array([b"x"], pa.binary()))
    with pytest.raises(CfsignError, match=r'column "cs-uri-query": expected string, large_string or string_view.*found Binary') as e:
        verify_batch(bad, keys)
    assert e.value.code == "column_type"
    with pytest.raises(CfsignError, match="batch") as e:
        verify_batch([1, 2], keys)
    assert e.value.code == "invalid_option"
    typed = table_of(**{k: v for k, v in BASE.items() if k not in ("date", "time")}).append_column(
        "timestamp", pa.array([1772323200000], pa.timestamp("ms"))
    )
    assert verify_batch(typed, keys).column("time").to_pylist() == [1772323200]


def test_no_key_material_in_errors(keys):
    private = open(os.path.join(ROOT, "tests", "keys", "rsa2048_pkcs1.pem")).read()
    with pytest.raises(CfsignError) as e:
        verify_batch(table_of(**BASE), {"KPRIVATE": private})
    assert "KPRIVATE" in str(e.value)
    assert e.value.code == "invalid_key"
    body = "".join(private.splitlines()[1:-1])
    for piece in (body[:16], body[40:56], "PRIVATE KEY"):
        assert piece not in str(e.value)
    with pytest.raises(CfsignError, match="dict") as e:
        verify_batch(table_of(**BASE), [private])
    assert e.value.code == "invalid_option"
    assert body[:16] not in str(e.value)


def test_files_numbered_and_named_as_cfsign_logs(tmp_path, monkeypatch):
    from cfsign._sources import log_files

    # An S3 prefix: ListObjectsV2's order (by key), named s3:// whatever the engine's scheme.
    files = ["s3a://b/logs/E.2026-03-01-01.x.gz", "s3a://b/logs/E.2026-03-01-00.y.gz"]
    names, index = log_files("s3://b/logs/", files)
    assert names == ["s3://b/logs/E.2026-03-01-00.y.gz", "s3://b/logs/E.2026-03-01-01.x.gz"]
    assert index[("s3", "b", "logs/E.2026-03-01-01.x.gz")] == 1
    # A relative folder and a glob, as a shell gives them to `cfsign logs` (LC_ALL=C), matched
    # to the engine's percent-encoded file: URIs.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d").mkdir()
    for name in ("b.log", "a%20 x.log", "B.log"):
        (tmp_path / "d" / name).write_text("")
    uris = [f"file:{tmp_path}/d/b.log", f"file://{tmp_path}/d/a%2520%20x.log", f"file:{tmp_path}/d/B.log"]
    assert log_files("d", uris)[0] == ["d/B.log", "d/a%20 x.log", "d/b.log"]
    assert log_files("./d/*.log", uris)[0] == ["./d/B.log", "./d/a%20 x.log", "./d/b.log"]
    assert log_files(["d/b.log", "d/B.log"], uris[::2])[0] == ["d/b.log", "d/B.log"]
