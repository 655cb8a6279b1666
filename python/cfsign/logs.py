"""Access-log verdicts over Arrow: the core's decision for every row, as ``cfsign logs`` makes it.

``verify_batch(batch, keys)`` takes a ``pyarrow.RecordBatch`` or ``Table`` (or any object with the
Arrow PyCapsule interface: DuckDB, Polars, arro3) whose columns are a CloudFront log's fields, by
their W3C names (``cs-uri-query``, ``cs(Cookie)``, ``x-host-header``) or the snake-case names of
AWS's Athena and Parquet tables (``cs_uri_query``, ``cs_cookie``, ``x_host_header``), and returns
the verdict columns (``VERDICT_COLUMNS``). ``LineVerifier`` decides raw log lines (W3C with their
``#`` headers, or v2 JSON lines) as ``cfsign logs`` reads a file. ``ReportBuilder`` counts verdict
batches into a shard of the report, ``merge_reports`` merges shards in any order, and
``report_json`` gives the same JSON as ``cfsign logs --json``.
"""

from ._native import BatchVerifier as _BatchVerifier
from ._native import (
    LineVerifier,
    ReportBuilder,
    merge_reports,
    report_json,
)
from ._native import verify_batch as _verify_batch


def _views_as_large(batch):
    """A pyarrow batch or table whose ``string_view`` columns are ``large_string``: arrow-rs 59
    crashes importing a ``string_view`` array with no data buffer (all its strings inline, 12
    bytes or less) from pyarrow 18, so pyarrow's views cross as ``large_string`` (the same text).
    Other PyCapsule objects pass as they are."""
    schema = getattr(batch, "schema", None)
    names = getattr(schema, "names", None)
    if names is None or not hasattr(batch, "set_column"):
        return batch
    import pyarrow as pa

    for i, field in enumerate(schema):
        if pa.types.is_string_view(field.type):
            batch = batch.set_column(i, field.name, batch.column(i).cast(pa.large_string()))
    return batch


def verify_batch(batch, keys, *, skew=0):
    """The verdict columns (``VERDICT_COLUMNS``) of every row of ``batch``: a
    ``pyarrow.RecordBatch`` (gives a batch) or ``Table`` (gives a table), or any object with the
    Arrow PyCapsule interface. ``keys``: a dict of key ID to PEM public key; ``skew``: seconds of
    clock skew to allow (0, as CloudFront decides). A row that is no request is a ``malformed``
    verdict with the bad line's code as its reason; a missing or mistyped column raises
    ``ValueError`` naming it."""
    return _verify_batch(_views_as_large(batch), keys, skew=skew)


class BatchVerifier:
    """``verify_batch`` for many batches: the trusted keys read once, one memo of signature
    checks for all."""

    def __init__(self, keys, *, skew=0):
        self._native = _BatchVerifier(keys, skew=skew)

    def verify(self, batch):
        return self._native.verify(_views_as_large(batch))

#: The verdict columns, in order, with their Arrow types (``pyarrow`` type names).
VERDICT_COLUMNS = (
    ("allowed", "bool"),
    ("reason", "string"),
    ("key_pair_id", "string"),
    ("expires", "int64"),
    ("hash_algorithm", "string"),
    ("source", "string"),
    ("verdict", "string"),
    ("starts", "int64"),
    ("signature_valid", "bool"),
    ("time", "int64"),
    ("edge_location", "string"),
    ("client_ip", "string"),
    ("path", "string"),
    ("status", "int32"),
    ("file", "int32"),
    ("line", "int64"),
)


def empty_report() -> bytes:
    """A shard with nothing counted (the neutral element of ``merge_reports``)."""
    return ReportBuilder().to_bytes()


def report(batches, *, skew: int = 300, sources=None) -> dict:
    """The report of verdict batches (an iterable of batches or tables), as a dict equal to
    ``cfsign logs --json``'s (``skew``: the rotation allowance, as ``cfsign logs --skew``;
    ``sources``: the files' names, by the index in the verdicts' ``file`` column)."""
    import json

    builder = ReportBuilder()
    for batch in batches:
        builder.add(batch)
    return json.loads(report_json(builder.to_bytes(), skew=skew, sources=sources))


__all__ = [
    "BatchVerifier",
    "LineVerifier",
    "ReportBuilder",
    "VERDICT_COLUMNS",
    "empty_report",
    "merge_reports",
    "report",
    "report_json",
    "verify_batch",
]
