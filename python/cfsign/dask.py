"""CloudFront log verdicts on Dask: the same Arrow batches as Spark's, one partition at a time.

``verdicts(ddf, keys)`` maps each partition (pandas, with pyarrow strings: ``large_string``)
through ``verify_batch``; ``report(verdicts_ddf)`` counts each partition into a shard on the
workers and merges the shards there, giving the same report as ``cfsign logs --json``.
``read_parquet(path)`` reads v2 Parquet logs one row group per partition, with ``file`` (the
index of its file, as ``cfsign logs`` numbers the files) and ``line`` (the 1-based row number in
its file, as ``cfsign logs`` numbers a Parquet file's rows), so the report lists bad rows as
``cfsign logs`` does (``report(..., sources=)`` names the files: ``read_parquet``'s ``.sources``).
"""

import json

from .logs import VERDICT_COLUMNS, merge_reports, report_json

_PANDAS_TYPES = {"bool": "bool", "string": "string[pyarrow]", "int64": "Int64", "int32": "Int32"}


def _meta():
    import pandas as pd

    return pd.DataFrame(
        {name: pd.Series([], dtype=_PANDAS_TYPES[t]) for name, t in VERDICT_COLUMNS}
    )


def _decide(part, keys, skew):
    import pyarrow as pa

    from cfsign.logs import verify_batch

    table = pa.Table.from_pandas(part, preserve_index=False)
    out = verify_batch(table, keys, skew=skew)
    return out.to_pandas(types_mapper=_types_mapper)


def _types_mapper(t):
    import pandas as pd
    import pyarrow as pa

    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return pd.StringDtype("pyarrow")
    if pa.types.is_int64(t):
        return pd.Int64Dtype()
    if pa.types.is_int32(t):
        return pd.Int32Dtype()
    return None


def _placed(table, index, first):
    """``table`` with ``file`` (``index``) and ``line`` (from ``first``) appended, as pandas."""
    import numpy as np
    import pyarrow as pa

    n = table.num_rows
    table = table.append_column("file", pa.array(np.full(n, index, dtype=np.int32)))
    table = table.append_column("line", pa.array(np.arange(first, first + n, dtype=np.int64)))
    return table.to_pandas(types_mapper=_types_mapper)


def _row_group(part):
    """One row group of a Parquet file, with its place (``file``, ``line``)."""
    import pyarrow.parquet as pq

    path, index, group, first = part
    return _placed(pq.ParquetFile(path).read_row_group(group), index, first)


class Logs:
    """``read_parquet``'s result: ``frame`` (the Dask DataFrame) and ``sources`` (the files'
    names, by the index in its ``file`` column)."""

    def __init__(self, frame, sources):
        self.frame = frame
        self.sources = sources


def read_parquet(path):
    """v2 Parquet logs at ``path`` (a local file, folder or glob, or a list of them), one row
    group per partition (the row numbers from the files' footers, read here), as ``Logs``. Logs
    on S3: ``cfsign.spark.read_table``, or ``dd.read_parquet`` (its bad rows are then listed with
    no file or line).

    The files are numbered and named as ``cfsign logs`` numbers and names the files it is given:
    each path in the order given, a glob's files by name in byte order (a shell's ``LC_ALL=C``
    expansion). ``cfsign logs`` takes files and globs, not folders: a folder here stands for every
    file under it, its subfolders included, by name (``folder/sub/x.parquet``) in byte order, as
    ``cfsign logs $(find folder -type f | LC_ALL=C sort)`` gives them, leaving out the names Spark
    and Hadoop leave out (beginning with ``.`` or ``_``: ``_SUCCESS``, ``.crc`` files, and folders
    so named). A file given twice (or matched by two paths) is read once, at its first place;
    ``cfsign logs a a`` reads it twice (and counts its rows twice)."""
    import glob
    import os

    import dask.dataframe as dd
    import pyarrow.parquet as pq

    from ._sources import expand_braces, file_key, log_files

    def hidden(name):
        return name.startswith((".", "_"))

    given = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    found = []
    for p in map(os.fspath, given):
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = [d for d in dirs if not hidden(d)]
                found += [os.path.join(root, f) for f in files if not hidden(f)]
        else:
            for q in expand_braces(p):
                found += glob.glob(q) if any(c in q for c in "*?[") else [q]
    names, index = log_files(given, found)
    parts, seen, schema = [], set(), None
    for f in sorted(found, key=lambda f: index[file_key(f)]):
        if file_key(f) in seen:
            continue
        seen.add(file_key(f))
        file = pq.ParquetFile(f)
        schema = schema or file.schema_arrow
        first = 1
        for g in range(file.metadata.num_row_groups):
            parts.append((f, index[file_key(f)], g, first))
            first += file.metadata.row_group(g).num_rows
    if not parts:
        raise ValueError("path: no Parquet file")
    # The columns from the first file's footer: no row is read on the driver.
    frame = dd.from_map(_row_group, parts, meta=_placed(schema.empty_table(), 0, 1))
    return Logs(frame, names)


def verdicts(ddf, keys, *, skew=0):
    """The verdict of every request of ``ddf`` (columns named as the log's fields; ``file`` and
    ``line`` carried when present)."""
    keys = dict(keys)
    from cfsign.logs import BatchVerifier

    if isinstance(ddf, Logs):
        ddf = ddf.frame
    BatchVerifier(keys, skew=skew)  # a bad key fails here, once
    return ddf.map_partitions(_decide, keys, skew, meta=_meta())


def _shard(part):
    import pyarrow as pa

    from cfsign._native import ReportBuilder

    builder = ReportBuilder()
    builder.add(pa.Table.from_pandas(part, preserve_index=False))
    return builder.to_bytes()


def report(verdicts_ddf, *, skew=300, sources=None):
    """The report of ``verdicts(...)``: a dict equal to ``cfsign logs --json``'s (``sources``:
    the files' names by index, ``read_parquet(...).sources``)."""
    import dask

    shards = [dask.delayed(_shard)(p) for p in verdicts_ddf.to_delayed()]
    while len(shards) > 1:
        pairs = [shards[i : i + 2] for i in range(0, len(shards), 2)]
        shards = [dask.delayed(merge_reports)(*p) if len(p) == 2 else p[0] for p in pairs]
    if not shards:
        from .logs import empty_report

        return json.loads(report_json(empty_report(), skew=skew, sources=sources))
    return json.loads(report_json(shards[0].compute(), skew=skew, sources=sources))


__all__ = ["Logs", "read_parquet", "report", "verdicts"]
