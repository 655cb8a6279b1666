"""The same verdicts on the engines that run them past one machine: PySpark 3.5.4 (AWS Glue 5's)
in local[2], a Dask LocalCluster of 2 worker processes, and DuckDB, on the generated logs in W3C
gzip, v2 JSON lines and Parquet. Each report must equal `cfsign logs --json` on the same file."""

import os
import sys

import pytest

from conftest import comparable


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    from pyspark.sql import SparkSession

    s = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield s
    s.stop()


def test_spark_w3c_gzip_json_lines_and_parquet(spark, logs, keys, cli):
    import pyspark

    import cfsign.spark as cs

    assert pyspark.__version__ == "3.5.4"
    # W3C gzip with its bad lines (a short line, binary junk, a changed #Fields, a 1 MB line):
    # each a `malformed` verdict, none fails the job.
    lines = cs.read_lines(spark, str(logs / "standard.log.gz"))
    v = cs.verdicts(lines, keys, format="standard")
    assert comparable(cs.report(v)) == comparable(cli("standard.log.gz"))
    # Two gzip members, each a file with its header.
    v = cs.verdicts(cs.read_lines(spark, str(logs / "multi.log.gz")), keys, format="standard")
    assert comparable(cs.report(v)) == comparable(cli("multi.log.gz"))
    # v2 JSON lines, split among 2 tasks.
    lines = cs.read_lines(spark, str(logs / "v2.jsonl")).repartition(2)
    assert comparable(cs.report(cs.verdicts(lines, keys, format="json"))) == comparable(
        cli("v2.jsonl")
    )
    # v2 Parquet with the snake-case names, in several partitions.
    df = spark.read.parquet(str(logs / "standard_v2.parquet")).repartition(3)
    v = cs.verdicts(df, keys)
    assert v.schema.simpleString().startswith("struct<allowed:boolean,reason:string")
    assert v.count() == 37
    assert comparable(cs.report(v)) == comparable(cli("standard_v2.log"))


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
    import dask.dataframe as dd
    import distributed

    import cfsign.dask as cd

    assert dask.__version__ == distributed.__version__
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster):
        ddf = dd.read_parquet(str(logs / "standard_v2.parquet")).repartition(npartitions=3)
        # Dask hands pyarrow strings: large_string in the batches.
        assert str(ddf.dtypes["cs_uri_query"]) == "string"
        v = cd.verdicts(ddf, keys)
        assert comparable(cd.report(v)) == comparable(cli("standard_v2.log"))


def test_duckdb_record_batches(logs, keys, cli):
    import duckdb

    from cfsign.logs import report, verify_batch

    rel = duckdb.sql(f"select * from read_parquet('{logs / 'standard_v2.parquet'}')")
    reader = rel.fetch_arrow_reader(batch_size=10)
    out = [verify_batch(b, keys) for b in reader]
    assert comparable(report(out)) == comparable(cli("standard_v2.log"))
    # A whole result as an Arrow stream (the PyCapsule interface).
    table = duckdb.sql(f"select * from read_parquet('{logs / 'standard_v2.parquet'}')").arrow()
    assert comparable(report([verify_batch(table, keys)])) == comparable(cli("standard_v2.log"))
