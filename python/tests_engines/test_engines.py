"""The same verdicts on the engines that run them past one machine: PySpark 3.5.4 (AWS Glue 5's)
in local[2], a Dask LocalCluster of 2 worker processes, and DuckDB, on the generated logs in W3C
gzip, v2 JSON lines and Parquet. Each report must equal `cfsign logs --json` on the same files,
field for field: the bad lines too, by file and line (or row) number."""

import os
import sys

import pytest


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    s = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        # Small splits: a plain file is read by several tasks (split.log).
        .config("spark.sql.files.maxPartitionBytes", "64k")
        .getOrCreate()
    )
    yield s
    s.stop()


def test_spark_w3c_gzip_json_lines_and_parquet(spark, logs, keys, cli):
    import pyspark

    import cfsign.spark as cs

    assert pyspark.__version__ == "3.5.4"
    # W3C gzip with its bad lines (a short line, binary junk, a changed #Fields, a 1 MB line):
    # each a `malformed` verdict, none fails the job, each listed by file and line.
    lines = cs.read_lines(spark, str(logs / "standard.log.gz"))
    v = cs.verdicts(lines, keys, format="standard")
    expected = cli("standard.log.gz")
    assert [b["line"] for b in expected["bad_lines_listed"]] != [0] * expected["bad_lines"]
    assert cs.report(v) == expected
    # Two gzip members, each a file with its header.
    v = cs.verdicts(cs.read_lines(spark, str(logs / "multi.log.gz")), keys, format="standard")
    assert cs.report(v) == cli("multi.log.gz")
    # v2 JSON lines, split among 2 tasks.
    lines = cs.read_lines(spark, str(logs / "v2.jsonl")).repartition(2)
    assert cs.report(cs.verdicts(lines, keys, format="json")) == cli("v2.jsonl")
    # v2 Parquet with the snake-case names, in several partitions.
    df = cs.read_table(spark, str(logs / "standard_v2.parquet")).repartition(3)
    v = cs.verdicts(df, keys)
    assert v.schema.simpleString().startswith("struct<allowed:boolean,reason:string")
    assert v.count() == 37
    assert cs.report(v) == cli("standard_v2.parquet")
    # Rows that are no request, listed by file and row number (row groups of 8 rows).
    v = cs.verdicts(cs.read_table(spark, str(logs / "bad_v2.parquet")).repartition(3), keys)
    expected = cli("bad_v2.parquet")
    assert [b["line"] for b in expected["bad_lines_listed"]] == [10, 34]
    assert cs.report(v) == expected


def test_spark_split_plain_file_and_folder(spark, logs, keys, cli):
    import cfsign.spark as cs

    # A plain file read by several tasks: the lines of a later split are numbered after the
    # earlier splits' (counted on the executors, offsets from the driver).
    lines = cs.read_lines(spark, str(logs / "split.log"))
    assert lines.rdd.getNumPartitions() > 2
    expected = cli("split.log")
    assert [b["code"] for b in expected["bad_lines_listed"]] == ["field_count"] * 2 + ["not_text"]
    assert cs.report(cs.verdicts(lines, keys, format="standard")) == expected
    # A folder: its files numbered and named as `cfsign logs two/a.log.gz two/b.log.gz`.
    lines = cs.read_lines(spark, str(logs / "two"))
    v = cs.verdicts(lines, keys, format="standard")
    expected = cli("two/a.log.gz", "two/b.log.gz")
    assert cs.file_names(v) == [str(logs / "two" / n) for n in ("a.log.gz", "b.log.gz")]
    assert {b["file"] for b in expected["bad_lines_listed"]} == {str(logs / "two" / "a.log.gz")}
    assert cs.report(v) == expected
    # A Hadoop brace glob: its files numbered as bash expands it for `cfsign logs` (in the
    # order written), though Spark lists them its own way.
    lines = cs.read_lines(spark, str(logs / "two" / "{b,a}.log.gz"))
    v = cs.verdicts(lines, keys, format="standard")
    assert cs.file_names(v) == [str(logs / "two" / n) for n in ("b.log.gz", "a.log.gz")]
    assert cs.report(v) == cli("two/b.log.gz", "two/a.log.gz")


def test_brace_globs_expand_as_bash_expands_them():
    from cfsign._sources import expand_braces

    assert expand_braces("logs/{b,a}*.gz") == ["logs/b*.gz", "logs/a*.gz"]
    assert expand_braces("a{b,c{d,e}}{1,2}") == ["ab1", "ab2", "acd1", "acd2", "ace1", "ace2"]
    assert expand_braces("s3://b/{p1,p2}/") == ["s3://b/p1/", "s3://b/p2/"]
    assert expand_braces("{,x}y") == ["y", "xy"]
    for literal in ("plain", "no{brace", r"a\{b,c}"):
        assert expand_braces(literal) == [literal]


def test_spark_bad_input_fails_on_the_driver_without_key_text(spark, logs, keys):
    import cfsign.spark as cs

    private = open(os.path.join(os.path.dirname(__file__), "..", "..", "tests", "keys", "rsa2048_pkcs1.pem")).read()
    df = spark.read.parquet(str(logs / "standard_v2.parquet"))
    with pytest.raises(ValueError) as e:
        cs.verdicts(df, {"KX": private})
    assert "PRIVATE" not in str(e.value) and private[40:60] not in str(e.value)
    with pytest.raises(ValueError, match="cs-uri-query"):
        cs.verdicts(df.drop("cs_uri_query"), keys)
    with pytest.raises(ValueError, match='column "cs_uri_query": expected string'):
        cs.verdicts(df.withColumn("cs_uri_query", df.cs_uri_query.cast("binary")), keys)


def test_dask_two_worker_processes(logs, keys, cli):
    import dask
    import distributed

    import cfsign.dask as cd

    assert dask.__version__ == distributed.__version__
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster):
        for name in ("standard_v2.parquet", "bad_v2.parquet"):
            # One partition per row group, numbered from the files' footers.
            logs_in = cd.read_parquet(str(logs / name))
            assert logs_in.frame.npartitions == 5
            # Dask hands pyarrow strings: large_string in the batches.
            assert str(logs_in.frame.dtypes["cs_uri_query"]) == "string"
            v = cd.verdicts(logs_in, keys)
            assert cd.report(v, sources=logs_in.sources) == cli(name)
        # The columns' types without reading a row on the driver: those of the partitions.
        assert dict(logs_in.frame.dtypes) == dict(logs_in.frame.partitions[0].compute().dtypes)
        # A file given twice, or matched by two paths, is read once (at its first place);
        # braces expand as bash expands them, in the order written.
        twice = [str(logs / "bad_v2.parquet"), str(logs / "*_v2.parquet"), str(logs / "bad_v2.parquet")]
        logs_in = cd.read_parquet(twice)
        assert logs_in.sources == [str(logs / n) for n in ("bad_v2.parquet", "standard_v2.parquet")]
        assert logs_in.frame.npartitions == 10
        v = cd.verdicts(logs_in, keys)
        assert cd.report(v, sources=logs_in.sources) == cli("bad_v2.parquet", "standard_v2.parquet")
        logs_in = cd.read_parquet(str(logs / "{standard,bad}_v2.parquet"))
        assert logs_in.sources == [str(logs / n) for n in ("standard_v2.parquet", "bad_v2.parquet")]
        v = cd.verdicts(logs_in, keys)
        assert cd.report(v, sources=logs_in.sources) == cli("standard_v2.parquet", "bad_v2.parquet")


def test_duckdb_record_batches(logs, keys, cli):
    import duckdb

    from cfsign.logs import report, verify_batch

    for name in ("standard_v2.parquet", "bad_v2.parquet"):
        path = str(logs / name)
        # DuckDB numbers a file's rows from 0: `line` from 1, as `cfsign logs`; one file, index 0.
        query = (
            "select *, 0 as file, file_row_number + 1 as line "
            f"from read_parquet('{path}', file_row_number = true)"
        )
        reader = duckdb.sql(query).fetch_arrow_reader(batch_size=10)
        out = [verify_batch(b, keys) for b in reader]
        assert report(out, sources=[path]) == cli(name)
        # A whole result as an Arrow stream (the PyCapsule interface).
        table = duckdb.sql(query).arrow()
        assert report([verify_batch(table, keys)], sources=[path]) == cli(name)
