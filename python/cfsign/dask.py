"""CloudFront log verdicts on Dask: the same Arrow batches as Spark's, one partition at a time.

``verdicts(ddf, keys)`` maps each partition (pandas, with pyarrow strings: ``large_string``)
through ``verify_batch``; ``report(verdicts_ddf)`` counts each partition into a shard on the
workers and merges the shards there, giving the same report as ``cfsign logs --json``.
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


def verdicts(ddf, keys, *, skew=0):
    """The verdict of every request of ``ddf`` (columns named as the log's fields)."""
    keys = dict(keys)
    from cfsign.logs import BatchVerifier

    BatchVerifier(keys, skew=skew)  # a bad key fails here, once
    return ddf.map_partitions(_decide, keys, skew, meta=_meta())


def _shard(part):
    import pyarrow as pa

    from cfsign._native import ReportBuilder

    builder = ReportBuilder()
    builder.add(pa.Table.from_pandas(part, preserve_index=False))
    return builder.to_bytes()


def report(verdicts_ddf, *, skew=300):
    """The report of ``verdicts(...)``: a dict equal to ``cfsign logs --json``'s."""
    import dask

    shards = [dask.delayed(_shard)(p) for p in verdicts_ddf.to_delayed()]
    while len(shards) > 1:
        pairs = [shards[i : i + 2] for i in range(0, len(shards), 2)]
        shards = [dask.delayed(merge_reports)(*p) if len(p) == 2 else p[0] for p in pairs]
    if not shards:
        from .logs import empty_report

        return json.loads(report_json(empty_report(), skew=skew))
    return json.loads(report_json(shards[0].compute(), skew=skew))


__all__ = ["report", "verdicts"]
