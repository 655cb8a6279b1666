"""Access-log verdicts over Arrow: the core's decision for every row, as ``cfsign logs`` makes it.

``verify_batch(batch, keys)`` takes a ``pyarrow.RecordBatch`` or ``Table`` (or any object with the
Arrow PyCapsule interface: DuckDB, Polars, arro3) whose columns are a CloudFront log's fields, by
their W3C names (``cs-uri-query``, ``cs(Cookie)``, ``x-host-header``) or the snake-case names of
AWS's Athena and Parquet tables (``cs_uri_query``, ``cs_cookie``, ``x_host_header``), and returns
the verdict columns (``VERDICT_COLUMNS``). ``LineVerifier`` decides raw log lines (W3C with their
``#`` headers, or v2 JSON lines) as ``cfsign logs`` reads a file. ``ReportBuilder`` counts verdict
batches into a shard of the report, ``merge_reports`` merges shards in any order, and
``report_json`` gives the same JSON as ``cfsign logs --json``.

Every error is a ``cfsign.CfsignError`` (a ``ValueError``) with a stable ``code``:
``missing_column`` and ``column_type`` (the message names the column and what was expected),
``invalid_input`` (Arrow data that cannot be read: a failing stream, buffers with an offset or a
view out of bounds, verdict columns or report bytes that are none of cfsign's; a log cell that is
not UTF-8 is no error but a ``malformed`` row, ``not_text``), ``invalid_option``, ``invalid_key`` or
``unsupported_key`` (the message names the key ID, never the key's text). Batches are decided
without the GIL. ``string_view`` columns are asked of their producer as ``large_string`` (the
interface's ``requested_schema``), which keeps pyarrow from exporting the all-inline views it
cannot export (apache/arrow#49740).
"""

from ._native import (
    BatchVerifier,
    LineVerifier,
    ReportBuilder,
    merge_reports,
    report_json,
    verify_batch,
)

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
