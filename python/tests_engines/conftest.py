"""Shared fixtures: the logs of `cfsign logs`' own tests (tests/logs/generate.py, signed by
botocore and @aws-sdk/cloudfront-signer), the same requests as Parquet with the snake-case names of
AWS's Athena and Parquet tables, the trusted keys, and `cfsign logs --json` run on each file."""

import json
import os
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def snake(name):
    """`cs(Cookie)` -> `cs_cookie`, `timestamp(ms)` -> `timestamp_ms`: the Athena/Parquet names."""
    return name.lower().replace("(", "_").replace(")", "").replace("-", "_")


def w3c_table(path, names=None):
    """A W3C log (one `#Fields:` header) as a pyarrow Table of string columns."""
    import pyarrow as pa

    fields, rows = None, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#Fields:"):
                fields = line[len("#Fields:") :].split()
            elif line and not line.startswith("#"):
                rows.append(line.split("\t"))
    names = names or fields
    return pa.table({n: pa.array([r[i] for r in rows], pa.string()) for i, n in enumerate(names)})


@pytest.fixture(scope="session")
def logs(tmp_path_factory):
    out = tmp_path_factory.mktemp("logs")
    subprocess.run(
        ["python3", os.path.join(ROOT, "tests", "logs", "generate.py"), str(out)], check=True
    )
    import pyarrow.parquet as pq

    table = w3c_table(out / "standard_v2.log")
    table = table.rename_columns([snake(n) for n in table.column_names])
    pq.write_table(table, out / "standard_v2.parquet", row_group_size=8)
    # The same rows with two that are no request (a time that is none), in the second and the
    # last row group: the report lists them by file and row number.
    rows = table.to_pylist()
    for i in (9, 33):
        rows[i] = dict(rows[i], timestamp_ms="soon", date="someday")
    pq.write_table(
        type(table).from_pylist(rows, schema=table.schema), out / "bad_v2.parquet", row_group_size=8
    )
    # A plain W3C file that Spark splits among tasks (the engine tests read with a small
    # spark.sql.files.maxPartitionBytes), with bad lines in its later splits: a wrong line offset
    # for a split fails the comparison.
    lines = (out / "standard_v2.log").read_bytes().splitlines(keepends=True)
    head = [l for l in lines if l.startswith(b"#")]
    body = [l for l in lines if not l.startswith(b"#")]
    with open(out / "split.log", "wb") as f:
        f.writelines(head)
        for copy in range(12):
            f.writelines(body)
            if copy in (5, 9):
                f.write(b"a short line\n")
            if copy == 10:
                f.write(b"\xff\xfe not text\n")
    # A folder of two files: `cfsign logs two/a.log.gz two/b.log.gz` (a shell's `two/*`).
    (out / "two").mkdir()
    (out / "two" / "a.log.gz").write_bytes((out / "standard.log.gz").read_bytes())
    (out / "two" / "b.log.gz").write_bytes((out / "multi.log.gz").read_bytes())
    return out


@pytest.fixture(scope="session")
def expected(logs):
    return json.loads((logs / "expected.json").read_text())


@pytest.fixture(scope="session")
def keys(expected):
    return {
        kid: open(os.path.join(ROOT, "tests", "keys", name)).read()
        for kid, name in expected["keys"].items()
    }


@pytest.fixture(scope="session")
def cli(logs, expected):
    """`cfsign logs FILE... --json`, as a dict (each name in the logs' folder)."""
    binary = os.environ.get("CFSIGN_BIN", os.path.join(ROOT, "target", "debug", "cfsign"))

    def run(*names):
        args = [binary, "logs", *(str(logs / n) for n in names), "--json"]
        for kid, key in expected["keys"].items():
            args += ["--public-key", f"{kid}={os.path.join(ROOT, 'tests', 'keys', key)}"]
        return json.loads(subprocess.run(args, capture_output=True, check=True).stdout)

    return run

