"""CloudFront log verdicts on Spark: ``DataFrame.mapInArrow`` runs the core on each executor.

``verdicts(df, keys)`` returns ``df.mapInArrow(...)`` with the verdict schema: ``df`` is a table of
log fields (v2 Parquet, an Athena table: ``spark.read.parquet("s3://...")``) or, with
``format="standard"`` or ``"json"``, the lines of W3C or v2 JSON logs (``read_lines``).
``report(verdicts_df)`` counts each partition into a shard of the report on the executors, merges
the shards there (``treeAggregate``), and returns the same report as ``cfsign logs --json``.

``read_lines`` and ``read_table`` add where each row came from (``file``: the index of its file as
``cfsign logs`` numbers the files it is given, ``line``: its line or row number), and the verdicts
carry it, so the report lists bad lines by file and line as ``cfsign logs`` does; the files'
names travel in the ``file`` column's metadata (``report`` reads them).

No key material crosses into a task, a log or the Spark UI: ``keys`` are public keys.
"""

import json

from ._sources import file_key, log_files
from .logs import VERDICT_COLUMNS, empty_report, merge_reports, report_json

#: The verdict DataFrame's schema (Spark DDL).
_SPARK_TYPES = {"bool": "boolean", "string": "string", "int64": "long", "int32": "int"}
VERDICT_SCHEMA = ", ".join(f"{name} {_SPARK_TYPES[t]}" for name, t in VERDICT_COLUMNS)
#: The ``file`` column's metadata key holding the files' names, by index.
SOURCES = "cfsign_sources"
_PATH, _START, _ROW = "_cfsign_path", "_cfsign_start", "_cfsign_row"


def _splits(df):
    """The ``file_key`` of each file Spark reads in more than one split (each split a task),
    from the planned scan on the driver (no data read); ``None`` when the plan cannot be read
    (an adaptive or other plan: then every file's lines are counted)."""
    try:
        leaves = df._jdf.queryExecution().executedPlan().collectLeaves()
        starts = {}
        for i in range(leaves.size()):
            parts = leaves.apply(i).inputRDD().filePartitions()
            for j in range(parts.size()):
                for f in parts.apply(j).files():
                    starts.setdefault(file_key(f.urlEncodedPath()), set()).add(f.start())
        return {k for k, s in starts.items() if len(s) > 1}
    except Exception:  # noqa: BLE001 - a Spark without these internals: count every file
        return None


def _line_offsets(df):
    """``{(file key, block start): lines before that split}`` for the files read in several
    splits: a count per (file, split) collected on the driver, only when some file has more than
    one split (a gzip file never does). That count is an extra ``groupBy`` pass over the data
    (over all of it when the plan cannot be read): large uncompressed logs are read twice;
    CloudFront's own standard logs are gzip, so they cost no extra pass."""
    split = _splits(df)
    if split is not None and not split:
        return {}
    counts = df.groupBy(_PATH, _START).count().collect()
    per_file = {}
    for path, start, n in counts:
        key = file_key(path)
        if split is None or key in split:
            per_file.setdefault(key, []).append((start, n))
    offsets = {}
    for key, splits in per_file.items():
        before = 0
        for start, n in sorted(splits):
            offsets[(key, start)] = before
            before += n
    return offsets


def _placed(df, paths, kind):
    """``df`` (with the helper columns) with ``file`` and ``line`` in place of them, by a
    ``mapInArrow`` that keeps the rows' order and the partitions; the files' names in ``file``'s
    metadata."""
    from pyspark.sql.types import IntegerType, LongType, StructField, StructType

    names, index = log_files(paths, df.inputFiles())
    offsets = _line_offsets(df) if kind == "lines" else {}
    shared = df.sparkSession.sparkContext.broadcast((index, offsets))
    helpers = (_PATH, _START, _ROW)
    kept = [f for f in df.schema.fields if f.name not in helpers]
    schema = StructType(
        kept + [StructField("file", IntegerType(), True), StructField("line", LongType(), True)]
    )

    def place(batches):
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        from cfsign._sources import file_key

        index, offsets = shared.value
        keys = {}

        def key(p):
            k = keys.get(p)
            return k if k is not None else keys.setdefault(p, file_key(p))

        def same(column):
            first = column[0]
            return column.null_count == 0 and pc.all(pc.equal(column, first)).as_py()

        at, seen = None, 0
        for batch in batches:
            n = batch.num_rows
            path = batch.column(_PATH)
            if kind == "lines":
                start = batch.column(_START)
                if n and same(path) and same(start):
                    # The usual batch: all of one split.
                    p, s = path[0].as_py(), start[0].as_py()
                    if (p, s) != at:
                        at, seen = (p, s), offsets.get((key(p), s), 0)
                    files = pa.nulls(n, pa.int32()).fill_null(index.get(key(p)))
                    lines = pa.array(np.arange(seen + 1, seen + n + 1, dtype=np.int64))
                    seen += n
                else:
                    files, lines = [], []
                    for p, s in zip(path.to_pylist(), start.to_pylist()):
                        if (p, s) != at:
                            at, seen = (p, s), offsets.get((key(p), s), 0)
                        seen += 1
                        files.append(index.get(key(p)))
                        lines.append(seen)
            else:
                if n and same(path):
                    files = pa.nulls(n, pa.int32()).fill_null(index.get(key(path[0].as_py())))
                else:
                    files = [index.get(key(p)) for p in path.to_pylist()]
                lines = pc.add(batch.column(_ROW), 1)
            columns = [batch.column(f.name) for f in kept]
            columns += [_array(files, pa.int32()), _array(lines, pa.int64())]
            yield pa.record_batch(columns, names=[f.name for f in kept] + ["file", "line"])

    out = df.mapInArrow(place, schema)
    return out.withMetadata("file", {SOURCES: names})


def _array(values, type):
    import pyarrow as pa

    if isinstance(values, pa.Array):
        return values.cast(type)
    return pa.array(values, type)


def read_lines(spark, path):
    """The lines of W3C (gzip or plain, ``#`` headers included) or JSON-lines logs at ``path``
    (a file, a folder, a glob, an ``s3://`` prefix, or a list of them), one ``value`` string per
    line, with ``file`` (its file's index, as ``cfsign logs`` numbers the files) and ``line``
    (1-based, as ``cfsign logs`` counts lines: ``\n`` ends a line)."""
    from pyspark.sql import functions as F

    df = spark.read.option("lineSep", "\n").text(path)
    df = df.select(
        "value",
        F.col("_metadata.file_path").alias(_PATH),
        F.col("_metadata.file_block_start").alias(_START),
    )
    return _placed(df, path, "lines")


def read_table(spark, path):
    """v2 Parquet logs (or an Athena query's Parquet output) at ``path``, with ``file`` (as
    ``read_lines``) and ``line``: the 1-based row number in its file, as ``cfsign logs`` numbers
    a Parquet file's rows."""
    from pyspark.sql import functions as F

    df = spark.read.parquet(path)
    df = df.select(
        "*",
        F.col("_metadata.file_path").alias(_PATH),
        F.col("_metadata.row_index").alias(_ROW),
    )
    return _placed(df, path, "table")


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

    out = df.mapInArrow(decide, VERDICT_SCHEMA)
    names = file_names(df)
    return out if names is None else out.withMetadata("file", {SOURCES: names})


def file_names(df):
    """The files' names, by the index in the ``file`` column of ``read_lines``/``read_table``
    (and of their verdicts), or ``None`` when ``df`` does not carry them."""
    if "file" not in df.columns:
        return None
    return df.schema["file"].metadata.get(SOURCES)


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


def report(verdicts_df, *, skew=300, sources=None):
    """The report of ``verdicts(...)``'s DataFrame: a dict equal to ``cfsign logs --json``'s
    (``skew``: the rotation allowance, as ``cfsign logs --skew``; ``sources``: the files' names by
    index, by default those ``read_lines``/``read_table`` gave)."""
    if sources is None:
        sources = file_names(verdicts_df)
    return json.loads(report_json(report_bytes(verdicts_df), skew=skew, sources=sources))


__all__ = [
    "SOURCES",
    "VERDICT_SCHEMA",
    "file_names",
    "read_lines",
    "read_table",
    "report",
    "report_bytes",
    "verdicts",
]
