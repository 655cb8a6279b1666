"""The Arrow boundary: every error a `CfsignError` with a stable code, the GIL released while a
batch is decided, and string views from any producer of the Arrow PyCapsule interface."""

import os
import subprocess
import sys
import textwrap
import threading
import time

import pyarrow as pa
import pytest

from cfsign import CfsignError
from cfsign.logs import (
    BatchVerifier,
    LineVerifier,
    ReportBuilder,
    merge_reports,
    report_json,
    verify_batch,
)
from conftest import ROOT

HERE = os.path.dirname(os.path.abspath(__file__))

BASE = {
    "date": ["2026-03-01"],
    "time": ["00:00:00"],
    "x-host-header": ["www.example.com"],
    "cs-uri-stem": ["/a"],
    "cs-uri-query": ["-"],
}


def table(**columns):
    return pa.table({k: pa.array(v, pa.string()) for k, v in {**BASE, **columns}.items()})


def failing_stream(first):
    """A stream whose producer fails after `first` (a table)."""

    def batches():
        yield first.to_batches()[0]
        raise OSError("the producer failed")

    return pa.RecordBatchReader.from_batches(first.schema, batches())


def verdicts(**change):
    out = verify_batch(table(), {})
    for name, column in change.items():
        out = out.set_column(out.schema.get_field_index(name), name, column)
    return out


PRIVATE = open(os.path.join(ROOT, "tests", "keys", "rsa2048_pkcs1.pem")).read()

# (what is called, the code, a piece of the message)
CASES = [
    ("batch not Arrow", lambda k: verify_batch([1, 2], k), "invalid_option", "batch"),
    ("keys not a dict", lambda k: verify_batch(table(), [PRIVATE]), "invalid_option", "keys"),
    ("key ID not a str", lambda k: verify_batch(table(), {1: PRIVATE}), "invalid_option", "key ID"),
    ("key not text", lambda k: verify_batch(table(), {"K1": 5}), "invalid_option", 'keys["K1"]'),
    ("key bytes not UTF-8", lambda k: verify_batch(table(), {"K1": b"\xff"}), "invalid_key", 'keys["K1"]'),
    ("private key", lambda k: verify_batch(table(), {"K1": PRIVATE}), "invalid_key", 'keys["K1"]'),
    ("skew", lambda k: verify_batch(table(), k, skew=86_401), "invalid_option", "skew"),
    ("verifier skew", lambda k: BatchVerifier(k, skew=86_401), "invalid_option", "skew"),
    ("verifier keys", lambda k: BatchVerifier([PRIVATE]), "invalid_option", "keys"),
    ("verifier batch", lambda k: BatchVerifier(k).verify({"a": 1}), "invalid_option", "batch"),
    ("missing column", lambda k: verify_batch(table().drop_columns(["cs-uri-stem"]), k), "missing_column", "cs-uri-stem"),
    ("column type", lambda k: verify_batch(table().set_column(3, "cs-uri-stem", pa.array([1.5])), k), "column_type", "cs-uri-stem"),
    ("stream fails", lambda k: verify_batch(failing_stream(table()), k), "invalid_input", "batch"),
    ("line format", lambda k: LineVerifier(k, format="xml"), "invalid_option", "format"),
    ("line fields", lambda k: LineVerifier(k, fields="date time"), "invalid_option", "fields"),
    ("line keys", lambda k: LineVerifier({"K1": PRIVATE}), "invalid_key", 'keys["K1"]'),
    ("no lines column", lambda k: LineVerifier(k).verify(pa.table({"a": ["x"], "b": ["y"]})), "missing_column", "value"),
    ("lines column type", lambda k: LineVerifier(k).verify(pa.table({"value": [1]})), "column_type", "value"),
    ("report batch", lambda k: ReportBuilder().add([1]), "invalid_option", "batch"),
    ("report column missing", lambda k: ReportBuilder().add(verdicts().drop_columns(["verdict"])), "missing_column", "verdict"),
    ("report column type", lambda k: ReportBuilder().add(verdicts(time=pa.array(["x"]))), "column_type", "time"),
    ("report value", lambda k: ReportBuilder().add(verdicts(verdict=pa.array(["maybe"]))), "invalid_input", "verdict"),
    ("report stream fails", lambda k: ReportBuilder().add(failing_stream(verdicts())), "invalid_input", "batch"),
    ("report bytes", lambda k: report_json(b"not a report"), "invalid_input", ""),
    ("merged bytes", lambda k: merge_reports(b"x", b"y"), "invalid_input", ""),
]


@pytest.mark.parametrize("call,code,piece", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_error_is_a_cfsign_error_with_its_code(keys, call, code, piece):
    with pytest.raises(Exception) as e:
        call(keys)
    assert isinstance(e.value, CfsignError), f"{type(e.value).__name__}: {e.value}"
    assert isinstance(e.value, ValueError)
    assert e.value.code == code, str(e.value)
    assert piece in str(e.value)
    body = "".join(PRIVATE.splitlines()[1:-1])
    for text in (body[:16], body[100:116], "PRIVATE KEY"):
        assert text not in str(e.value)


def big_table(rows):
    return pa.table(
        {
            "date": pa.array(["2026-03-01"] * rows),
            "time": pa.array(["00:00:00"] * rows),
            "x-host-header": pa.array(["www.example.com"] * rows),
            "cs-uri-stem": pa.array([f"/video/{i}.ts" for i in range(rows)]),
            "cs-uri-query": pa.array(["Expires=1772323300&Signature=AAAA&Key-Pair-Id=K1"] * rows),
        }
    )


@pytest.mark.parametrize("how", ["verify_batch", "BatchVerifier", "ReportBuilder"])
def test_python_threads_run_while_a_batch_is_decided(keys, how):
    """A thread of Python code makes progress *during* a call, not only before or after it: with
    the GIL held for the whole call, the thread is stopped from the call's first instant to its
    last, so it never wakes in the middle half of the call. Several calls, one is enough: a loaded
    machine may starve the thread in one of them, never (with the GIL released) in all."""
    big = big_table(40_000)
    decided = verify_batch(big, keys)
    verifier = BatchVerifier(keys)
    calls = {
        "verify_batch": lambda: verify_batch(big, keys),
        "BatchVerifier": lambda: verifier.verify(big),
        "ReportBuilder": lambda: ReportBuilder().add(decided),
    }
    stamps, stop = [], threading.Event()

    def ticker():
        while not stop.is_set():
            stamps.append(time.perf_counter())
            time.sleep(0.001)  # sleeps without the GIL; waking needs it

    t = threading.Thread(target=ticker)
    t.start()
    try:
        overlapped = []
        for _ in range(5):
            time.sleep(0.05)
            start = time.perf_counter()
            calls[how]()
            end = time.perf_counter()
            quarter = (end - start) / 4
            middle = [s for s in stamps if start + quarter < s < end - quarter]
            overlapped.append((round(end - start, 3), len(middle)))
            if middle:
                break
    finally:
        stop.set()
        t.join()
    assert any(n > 0 for _, n in overlapped), f"(call seconds, ticks in its middle half): {overlapped}"


def run_isolated(code):
    """`code` in a fresh interpreter: a crash there is a failed test, not a dead pytest."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=120,
    )


# Producers of string_view columns whose strings are all inline (12 bytes or less), as pyarrow's
# casts make them: a null variadic data buffer, which pyarrow 18 crashes exporting as it is
# (apache/arrow#49740). Each wraps pyarrow the way any library implements the interface.
PRODUCERS = """
import pyarrow as pa
from cfsign.logs import BatchVerifier, ReportBuilder, verify_batch

BASE = {
    "date": ["2026-03-01", "2026-03-01"],
    "time": ["00:00:00", "00:00:01"],
    "x-host-header": ["h.example", "h.example"],
    "cs-uri-stem": ["/a", "/bb"],
    "cs-uri-query": ["-", "-"],
}
plain = pa.table({k: pa.array(v, pa.string()) for k, v in BASE.items()})
views = pa.table({k: pa.array(v, pa.string()).cast(pa.string_view()) for k, v in BASE.items()})
assert views.column("date").chunk(0).buffers()[2] is None  # the case

class Stream:
    # Only __arrow_c_stream__: no schema without asking for the stream.
    def __init__(self, t): self._t = t
    def __arrow_c_stream__(self, requested_schema=None):
        return self._t.__arrow_c_stream__(requested_schema)

class Array:
    # __arrow_c_array__ and __arrow_c_schema__, as nanoarrow's and arro3's batches.
    def __init__(self, b): self._b = b
    def __arrow_c_schema__(self): return self._b.schema.__arrow_c_schema__()
    def __arrow_c_array__(self, requested_schema=None):
        return self._b.__arrow_c_array__(requested_schema)

want = verify_batch(plain, {})
for name, obj in [
    ("pyarrow table", views),
    ("pyarrow batch", views.to_batches()[0]),
    ("stream", Stream(views)),
    ("array", Array(views.to_batches()[0])),
    ("reader", pa.RecordBatchReader.from_batches(views.schema, views.to_batches())),
]:
    got = verify_batch(obj, {})
    assert got.to_pylist() == want.to_pylist(), name
    assert BatchVerifier({}).verify(obj if name != "reader" else
        pa.RecordBatchReader.from_batches(views.schema, views.to_batches())).num_rows == 2, name
    print("ok", name)
# The verdict columns as views, read back by the report.
b = ReportBuilder()
b.add(Stream(pa.table({n: (c.cast(pa.string_view()) if pa.types.is_string(c.type) else c)
                       for n, c in zip(want.column_names, want.columns)})))
print("ok report")
"""


def test_string_views_from_any_producer_do_not_crash():
    out = run_isolated(PRODUCERS)
    assert out.returncode == 0, f"exit {out.returncode}\n{out.stdout}\n{out.stderr}"
    assert out.stdout.split("\n").count("ok report") == 1, out.stdout


INVALID = """
import struct
import pyarrow as pa
from cfsign import CfsignError
from cfsign.logs import verify_batch

class Stubborn:
    # A producer that hands its buffers over as they are (it ignores requested_schema).
    def __init__(self, t): self._t = t
    def __arrow_c_stream__(self, requested_schema=None): return self._t.__arrow_c_stream__()

BASE = {"date": ["2026-03-01"], "time": ["00:00:00"], "x-host-header": ["h.example"],
        "cs-uri-stem": ["/a"], "cs-uri-query": ["-"]}
t = pa.table({k: pa.array(v, pa.string()) for k, v in BASE.items()})
# Text that is not UTF-8, and a view of 40 bytes in a data buffer that does not exist: buffers
# pyarrow takes as they are (no full validation), as any producer could hand them over.
not_utf8 = pa.Array.from_buffers(pa.string(), 1, [None, pa.py_buffer(b"\\0\\0\\0\\0\\2\\0\\0\\0"), pa.py_buffer(b"\\xff\\xfe")])
past = pa.Array.from_buffers(pa.string_view(), 1, [None, pa.py_buffer(struct.pack("<iiii", 40, 0x41414141, 0, 0))])
# Bytes that are not UTF-8 in a string cell (Spark's strings may hold them): that row is
# `malformed` (`not_text`), as `cfsign logs` counts such a line; the batch goes on.
out = verify_batch(Stubborn(pa.concat_tables([t, t.set_column(3, "cs-uri-stem", not_utf8)])), {})
assert out.column("verdict").to_pylist() == ["unsigned", "malformed"], out
assert out.column("reason").to_pylist()[1] == "not_text", out
print("ok not-utf-8")
# A view past the buffers: an error naming the column, not a read out of bounds.
try:
    verify_batch(Stubborn(t.set_column(3, "cs-uri-stem", past)), {})
except CfsignError as e:
    assert e.code == "invalid_input", e.code
    assert "cs-uri-stem" in str(e), str(e)
    print("ok view-past-its-buffers")
except BaseException as e:
    print(type(e).__name__, "view-past-its-buffers")
else:
    print("accepted view-past-its-buffers")
"""


def test_invalid_buffers_from_a_producer_are_an_error_and_bad_text_a_malformed_row():
    out = run_isolated(INVALID)
    assert out.returncode == 0, f"exit {out.returncode}\n{out.stdout}\n{out.stderr}"
    assert out.stdout.split() == ["ok", "not-utf-8", "ok", "view-past-its-buffers"], out.stdout


def test_lines_that_are_not_utf8_are_not_text_rows(keys):
    """Spark's `read.text` hands a line's bytes as they are: one line that is not UTF-8 is one
    `not_text` row, and the lines around it are decided."""
    header = "#Version: 1.0\n#Fields: date time x-host-header cs-uri-stem cs-uri-query".split("\n")
    good = "2026-03-01\t00:00:00\twww.example.com\t/a\t-"
    lines = [h.encode() for h in header] + [good.encode(), b"2026-03-01\t00:00:00\th\t/\xff\xfe\t-", good.encode()]
    offsets, data = [0], b""
    for line in lines:
        data += line
        offsets.append(len(data))
    import struct

    column = pa.Array.from_buffers(
        pa.string(), len(lines), [None, pa.py_buffer(struct.pack(f"<{len(offsets)}i", *offsets)), pa.py_buffer(data)]
    )
    out = LineVerifier(keys).verify(pa.record_batch([column], names=["value"]))
    assert out.column("verdict").to_pylist() == ["unsigned", "malformed", "unsigned"]
    assert out.column("reason").to_pylist()[1] == "not_text"


# A producer that lies about its top-level ArrowArray: a pyarrow batch's capsules with the
# struct's `length` or `offset` raised past its children (ctypes on the capsule's pointer), in
# `__arrow_c_array__`, or in each array a stream's `get_next` hands over. Arrow's import slices
# the children by the parent's offset and length: an assertion (a Rust panic, raised in Python
# as a BaseException) unless the data is checked first.
import ctypes

_get_pointer = ctypes.pythonapi.PyCapsule_GetPointer
_get_pointer.restype = ctypes.c_void_p
_get_pointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
_GET_NEXT = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
# struct ArrowArray { int64 length, null_count, offset, ... }: the fields' byte offsets.
_FIELD = {"length": 0, "offset": 16}


def _raise(array_ptr, field, to):
    ctypes.c_int64.from_address(array_ptr + _FIELD[field]).value = to


class LyingArray:
    def __init__(self, batch, field, to):
        self._b, self._field, self._to = batch, field, to

    def __arrow_c_array__(self, requested_schema=None):
        schema, array = self._b.__arrow_c_array__()
        _raise(_get_pointer(array, b"arrow_array"), self._field, self._to)
        return schema, array


class LyingStream:
    def __init__(self, table, field, to):
        self._t, self._field, self._to = table, field, to

    def __arrow_c_stream__(self, requested_schema=None):
        capsule = self._t.__arrow_c_stream__()
        stream = _get_pointer(capsule, b"arrow_array_stream")
        slot = ctypes.c_void_p.from_address(stream + 8)  # struct ArrowArrayStream: get_next
        original = _GET_NEXT(slot.value)

        def get_next(s, out):
            rc = original(s, out)
            if rc == 0 and ctypes.c_void_p.from_address(out + 64).value:  # release set: not the end
                _raise(out, self._field, self._to)
            return rc

        self._keep = _GET_NEXT(get_next)  # alive as long as the stream
        slot.value = ctypes.cast(self._keep, ctypes.c_void_p).value
        return capsule


LINES = pa.table({"value": pa.array(["#Version: 1.0", "#Fields: date time", "2026-03-01\t00:00:00"])})


@pytest.mark.parametrize("field", ["length", "offset"])
@pytest.mark.parametrize("form", ["array", "stream"])
@pytest.mark.parametrize("how", ["LineVerifier", "verify_batch", "ReportBuilder"])
def test_a_producer_lying_about_its_length_or_offset_is_invalid_input(keys, how, form, field):
    data = {"LineVerifier": LINES, "verify_batch": table(), "ReportBuilder": verdicts()}[how]
    n = data.num_rows  # 3 rows: length 5 or offset 2; 1 row: length 3 or offset 1
    to = n + 2 if field == "length" else max(1, n - 1)
    obj = LyingArray(data.to_batches()[0], field, to) if form == "array" else LyingStream(data, field, to)
    call = {
        "LineVerifier": lambda: LineVerifier(keys).verify(obj),
        "verify_batch": lambda: verify_batch(obj, keys),
        "ReportBuilder": lambda: ReportBuilder().add(obj),
    }[how]
    try:
        call()
    except CfsignError as e:
        assert e.code == "invalid_input", str(e)
        assert "batch" in str(e), str(e)
    except BaseException as e:  # noqa: B036 - a panic is what this test is about
        pytest.fail(f"{type(e).__name__}: {e}")
    else:
        pytest.fail("accepted")


VIEW_SCHEMA = pa.schema([(n, pa.string_view()) for n in BASE])


class Asked:
    """A producer whose schema has views (so `requested_schema` is passed) and whose
    `__arrow_c_array__` fails as `fail(requested_schema)` says; it counts its calls."""

    def __init__(self, fail):
        self.calls, self._fail = [], fail

    def __arrow_c_schema__(self):
        return VIEW_SCHEMA.__arrow_c_schema__()

    def __arrow_c_array__(self, *args):
        self.calls.append(args)
        error = self._fail(*args)
        if error:
            raise error
        return table().to_batches()[0].__arrow_c_array__()


def test_a_producer_is_asked_again_only_when_it_refuses_the_requested_schema(keys):
    want = verify_batch(table(), keys).to_pylist()
    # An older producer without the parameter (TypeError), or one that cannot make the schema
    # (NotImplementedError): asked again without it.
    for refusal in (TypeError("takes 1 positional argument"), NotImplementedError("no cast")):
        obj = Asked(lambda *a, r=refusal: r if a else None)
        assert verify_batch(obj, keys).to_pylist() == want
        assert [len(a) for a in obj.calls] == [1, 0]
    # Its own failure: said once, the producer not called again.
    obj = Asked(lambda *a: ValueError("the producer failed"))
    with pytest.raises(CfsignError) as e:
        verify_batch(obj, keys)
    assert e.value.code == "invalid_input" and "the producer failed" in str(e.value)
    assert len(obj.calls) == 1
