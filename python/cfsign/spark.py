"""CloudFront log verdicts on Spark: ``DataFrame.mapInArrow`` runs the core on each executor.

``verdicts(df, keys)`` returns ``df.mapInArrow(...)`` with the verdict schema: ``df`` is a table of
log fields (v2 Parquet, an Athena table: ``spark.read.parquet("s3://...")``) or, with
``format="standard"`` or ``"json"``, the lines of W3C or v2 JSON logs (``read_lines``).
``report(verdicts_df)`` counts each partition into a shard of the report on the executors, merges
the shards there (``treeAggregate``), and returns the same report as ``cfsign logs --json``.

No key material crosses into a task, a log or the Spark UI: ``keys`` are public keys.
"""

import json

from .logs import VERDICT_COLUMNS, empty_report, merge_reports, report_json

#: The verdict DataFrame's schema (Spark DDL).
_SPARK_TYPES = {"bool": "boolean", "string": "string", "int64": "long", "int32": "int"}
VERDICT_SCHEMA = ", ".join(f"{name} {_SPARK_TYPES[t]}" for name, t in VERDICT_COLUMNS)


def read_lines(spark, path):
    """The lines of W3C (gzip or plain, ``#`` headers included) or JSON-lines logs at ``path``
    (a file, a folder, a glob, or an ``s3://`` prefix), one ``value`` string per line."""
    return spark.read.text(path)


def _fields_line(lines_df):
    """The first ``#Fields:`` line of W3C logs: the layout of every line (a gzip file is one
    split, but a plain file split among tasks has its header in the first split only)."""
    row = lines_df.filter(lines_df.value.startswith("#Fields:")).select("value").first()
    if row is None:
        raise ValueError('format="standard": the logs have no "#Fields:" line; pass fields=')
    return row[0]


def verdicts(df, keys, *, format="table", fields=None, skew=0):
    """The verdict of every request of ``df``: ``df.mapInArrow`` over the core.

    ``format``: ``"table"`` (columns named as the log's fields: v2 Parquet, Athena), or
    ``"standard"`` / ``"json"`` for the lines of ``read_lines``. ``keys``: a dict of key ID to
    PEM public key. ``skew``: seconds of clock skew to allow (0, as CloudFront decides).
    """
    keys = dict(keys)
    if format not in ("table", "standard", "json"):
        raise ValueError('format: expected "table", "standard" or "json"')
    if format == "standard" and fields is None:
        fields = _fields_line(df)
    # Checked on the driver, before any task: a bad key or argument fails here, once.
    from .logs import BatchVerifier, LineVerifier

    if format == "table":
        # The columns too: an empty batch of df's schema, decided here, names a missing or
        # mistyped column before any task runs.
        import pyarrow as pa
        from pyspark.sql.pandas.types import to_arrow_schema

        empty = pa.RecordBatch.from_pylist([], schema=to_arrow_schema(df.schema))
        BatchVerifier(keys, skew=skew).verify(empty)
    else:
        LineVerifier(keys, format=format, fields=fields, skew=skew)

    def decide(batches):
        from cfsign.logs import BatchVerifier, LineVerifier

        if format == "table":
            verifier = BatchVerifier(keys, skew=skew)
        else:
            verifier = LineVerifier(keys, format=format, fields=fields, skew=skew)
        for batch in batches:
            yield verifier.verify(batch)

    return df.mapInArrow(decide, VERDICT_SCHEMA)


def _shard(batches):
    import pyarrow as pa

    from cfsign._native import ReportBuilder

    builder = ReportBuilder()
    for batch in batches:
        builder.add(batch)
    yield pa.record_batch([pa.array([builder.to_bytes()], pa.binary())], names=["shard"])


def report_bytes(verdicts_df):
    """The report's state, counted per partition and merged on the executors."""
    shards = verdicts_df.mapInArrow(_shard, "shard binary")
    return shards.rdd.map(lambda row: bytes(row[0])).treeAggregate(
        empty_report(), merge_reports, merge_reports
    )


def report(verdicts_df, *, skew=300):
    """The report of ``verdicts(...)``'s DataFrame: a dict equal to ``cfsign logs --json``'s
    (``skew``: the rotation allowance, as ``cfsign logs --skew``)."""
    return json.loads(report_json(report_bytes(verdicts_df), skew=skew))


__all__ = ["VERDICT_SCHEMA", "read_lines", "report", "report_bytes", "verdicts"]
