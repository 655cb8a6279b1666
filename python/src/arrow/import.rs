//! Arrow data from any producer of the Arrow PyCapsule interface (pyarrow, DuckDB, Polars,
//! nanoarrow, arro3, a caller's own wrapper), asked for without string views.
//!
//! pyarrow up to 23 crashes the process *while exporting* a `string_view` or `binary_view` array
//! whose strings are all inline and whose variadic data buffer is null, as its casts leave them
//! (apache/arrow#49740, fixed by apache/arrow#50166): the crash is in the producer, before any
//! consumer sees a byte, so no import can catch it. What a consumer can do is not ask for views:
//! the interface's `requested_schema` asks the producer for the same columns with `large_string`
//! (`large_binary`) in their place, which pyarrow makes by a cast (the same text) without
//! exporting the views. The schema is read first without exporting any data: from
//! `__arrow_c_schema__` (or the object's `schema`), or from the stream itself (a stream's schema
//! crosses alone), which is then asked for again. A producer that ignores the request gives its
//! views as they are, and they are read as views.
//!
//! What is checked of the data is its internal consistency: a batch whose declared length or
//! offset is past its columns makes Arrow's import assert (in `StructArray::from`); that panic is
//! caught here ([`guarded`], the wheel unwinds) and is `invalid_input`, on the array path and at
//! each batch of a stream. The columns' offsets and views are then validated against the buffers
//! the producer declared (`columns.rs`). Nothing can check a producer that lies about its buffers'
//! sizes: the C Data Interface hands over pointers and must trust the declared lengths.

use arrow_array::{RecordBatch, RecordBatchReader};
use std::panic::AssertUnwindSafe;

use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use pyo3::exceptions::{PyNotImplementedError, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use pyo3_arrow::ffi::to_schema_pycapsule;
use pyo3_arrow::{PyRecordBatch, PyRecordBatchReader, PySchema};

use crate::error::{Error, Result, TableCode};

/// What a caller's object holds: one batch (`__arrow_c_array__`) or a stream of them.
pub enum Input {
    Batch(RecordBatch),
    Stream(Batches),
}

/// What `batch` must be, said in an error.
const ARROW: &str = "expected a pyarrow.RecordBatch or Table, or an object with the Arrow PyCapsule interface (__arrow_c_array__ or __arrow_c_stream__)";

/// The producer failed to hand its data over (its own words, which hold no option of ours).
fn unreadable(e: impl std::fmt::Display) -> Error {
    Error::new(
        TableCode::InvalidInput,
        format_args!("batch: its Arrow data cannot be read ({e})"),
    )
}

fn is_view(t: &DataType) -> bool {
    matches!(t, DataType::Utf8View | DataType::BinaryView)
}

/// `schema` with its view columns as large ones; `None` when it has none.
fn without_views(schema: &Schema) -> Option<Schema> {
    if !schema.fields().iter().any(|f| is_view(f.data_type())) {
        return None;
    }
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| {
            let t = match f.data_type() {
                DataType::Utf8View => DataType::LargeUtf8,
                DataType::BinaryView => DataType::LargeBinary,
                t => t.clone(),
            };
            f.as_ref().clone().with_data_type(t)
        })
        .collect();
    Some(Schema::new_with_metadata(fields, schema.metadata().clone()))
}

/// The object's schema without any of its data: `__arrow_c_schema__`, or its `schema`'s
/// (pyarrow's tables and batches); `None` when it says nothing.
fn schema_of(obj: &Bound<'_, PyAny>) -> Option<SchemaRef> {
    let py = obj.py();
    let dunder = intern!(py, "__arrow_c_schema__");
    let holder = if obj.hasattr(dunder).ok()? {
        obj.clone()
    } else {
        let s = obj.getattr(intern!(py, "schema")).ok()?;
        s.hasattr(dunder).ok()?.then_some(s)?
    };
    holder.extract::<PySchema>().ok().map(PySchema::into_inner)
}

fn capsule<'py>(py: Python<'py>, schema: &Schema) -> Result<Bound<'py, PyCapsule>> {
    to_schema_pycapsule(py, schema).map_err(|e| unreadable(PyErr::from(e)))
}

/// `method(requested)`, or `method()` when there is no request or the producer refuses the
/// argument as the PyCapsule interface lets it (a `TypeError`: an older producer without the
/// parameter; a `NotImplementedError`: one that cannot make that schema). Any other error is the
/// producer's failure, said once: the producer is not called again.
fn call<'py>(method: &Bound<'py, PyAny>, requested: Option<&Schema>) -> Result<Bound<'py, PyAny>> {
    let py = method.py();
    if let Some(s) = requested {
        match method.call1((capsule(py, s)?,)) {
            Ok(out) => return Ok(out),
            Err(e) if e.is_instance_of::<PyTypeError>(py) => {}
            Err(e) if e.is_instance_of::<PyNotImplementedError>(py) => {}
            Err(e) => return Err(unreadable(e)),
        }
    }
    method.call0().map_err(unreadable)
}

/// `obj.__arrow_c_stream__(requested)` as a reader (its schema read, no batch yet).
fn stream(obj: &Bound<'_, PyAny>, requested: Option<&Schema>) -> Result<Batches> {
    let py = obj.py();
    let method = obj
        .getattr(intern!(py, "__arrow_c_stream__"))
        .map_err(unreadable)?;
    let out = call(&method, requested)?
        .cast_into::<PyCapsule>()
        .map_err(unreadable)?;
    let reader = PyRecordBatchReader::from_arrow_pycapsule(&out)
        .and_then(PyRecordBatchReader::into_reader)
        .map_err(unreadable)?;
    Ok(Batches(reader))
}

/// A panic of Arrow's import (an assertion on what the producer declared) as an error.
fn guarded<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    std::panic::catch_unwind(AssertUnwindSafe(f))
        .map_err(|_| "its arrays do not agree with their declared lengths and offsets".to_owned())
}

/// A stream's batches, each imported under [`guarded`]; a batch the stream cannot give is
/// `invalid_input`, said once here for every caller.
pub struct Batches(Box<dyn RecordBatchReader + Send>);

impl Batches {
    fn schema(&self) -> SchemaRef {
        self.0.schema()
    }
}

impl Iterator for Batches {
    type Item = Result<RecordBatch>;

    fn next(&mut self) -> Option<Self::Item> {
        let next = guarded(|| self.0.next())
            .unwrap_or_else(|e| Some(Err(ArrowError::CDataInterface(e))))?;
        Some(next.map_err(|e| {
            Error::new(
                TableCode::InvalidInput,
                format_args!("batch: its Arrow stream failed ({e})"),
            )
        }))
    }
}

/// The data of `obj`, asked for without views (see the module's comment).
pub fn import(obj: &Bound<'_, PyAny>) -> Result<Input> {
    let py = obj.py();
    let has = |name| obj.hasattr(name).unwrap_or(false);
    let requested = schema_of(obj).and_then(|s| without_views(&s));
    if has(intern!(py, "__arrow_c_array__")) {
        let method = obj
            .getattr(intern!(py, "__arrow_c_array__"))
            .map_err(unreadable)?;
        let pair = call(&method, requested.as_ref())?;
        let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) =
            pair.extract().map_err(unreadable)?;
        let batch = guarded(|| PyRecordBatch::from_arrow_pycapsule(&schema, &array))
            .map_err(unreadable)?
            .map_err(unreadable)?;
        return Ok(Input::Batch(batch.into_inner()));
    }
    if !has(intern!(py, "__arrow_c_stream__")) {
        return Err(Error::argument("batch", ARROW));
    }
    if let Some(s) = requested {
        return Ok(Input::Stream(stream(obj, Some(&s))?));
    }
    let first = stream(obj, None)?;
    let Some(s) = without_views(&first.schema()) else {
        return Ok(Input::Stream(first));
    };
    // Views, said only by the stream: asked for again without them (a one-shot producer that
    // cannot be asked twice gives the first stream, read as it is).
    match stream(obj, Some(&s)) {
        Ok(second) => Ok(Input::Stream(second)),
        Err(_) => Ok(Input::Stream(first)),
    }
}
