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
    """`cfsign logs FILE --json`, as a dict."""
    binary = os.environ.get("CFSIGN_BIN", os.path.join(ROOT, "target", "debug", "cfsign"))

    def run(name):
        args = [binary, "logs", str(logs / name), "--json"]
        for kid, key in expected["keys"].items():
            args += ["--public-key", f"{kid}={os.path.join(ROOT, 'tests', 'keys', key)}"]
        return json.loads(subprocess.run(args, capture_output=True, check=True).stdout)

    return run


def comparable(report):
    """A report as both sides give it: `memo_hits` counts the memo's work in that run (it depends
    on how the rows were split), and a table engine knows no file or line number of a bad line,
    so those are compared by code."""
    report = dict(report)
    report.pop("memo_hits")
    report["bad_lines_listed"] = sorted(b["code"] for b in report["bad_lines_listed"])
    return report
