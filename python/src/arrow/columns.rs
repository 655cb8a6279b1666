//! Reading the log's columns out of an Arrow batch: which column is which field (the core's
//! names), and each cell as text, whatever string layout the engine chose.

use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use cfsign::logs::{Column, Layout, LayoutError};

use crate::error::{Error, Result, TableCode};

/// A column's cells: one of Arrow's three string layouts. An engine's string may hold bytes that
/// are not UTF-8 (Spark's do): such a column is read as the binary layout of the same buffers,
/// each cell checked when it is read, so one bad line is one `not_text` row, not a failed batch.
/// A column that is UTF-8 throughout (checked once, as Arrow validates) is read as text.
pub enum Text {
    Utf8(arrow_array::StringArray),
    Large(arrow_array::LargeStringArray),
    View(arrow_array::StringViewArray),
    Bytes(arrow_array::BinaryArray),
    LargeBytes(arrow_array::LargeBinaryArray),
    ViewBytes(arrow_array::BinaryViewArray),
}

/// A cell that is not UTF-8.
pub struct NotText;

fn utf8(b: &[u8]) -> std::result::Result<&str, NotText> {
    std::str::from_utf8(b).map_err(|_| NotText)
}

/// Whether `row` is a valid (non-null) cell of `a`.
fn at(a: &dyn Array, row: usize) -> bool {
    row < a.len() && a.is_valid(row)
}

impl Text {
    /// The cell at `row`: `None` when null, `Err` when not UTF-8.
    pub fn cell(&self, row: usize) -> Option<std::result::Result<&str, NotText>> {
        match self {
            Self::Utf8(a) => at(a, row).then(|| Ok(a.value(row))),
            Self::Large(a) => at(a, row).then(|| Ok(a.value(row))),
            Self::View(a) => at(a, row).then(|| Ok(a.value(row))),
            Self::Bytes(a) => at(a, row).then(|| utf8(a.value(row))),
            Self::LargeBytes(a) => at(a, row).then(|| utf8(a.value(row))),
            Self::ViewBytes(a) => at(a, row).then(|| utf8(a.value(row))),
        }
    }

    /// The bytes of the cell at `row`, `None` when null.
    pub fn bytes(&self, row: usize) -> Option<&[u8]> {
        match self {
            Self::Utf8(a) => at(a, row).then(|| a.value(row).as_bytes()),
            Self::Large(a) => at(a, row).then(|| a.value(row).as_bytes()),
            Self::View(a) => at(a, row).then(|| a.value(row).as_bytes()),
            Self::Bytes(a) => at(a, row).then(|| a.value(row)),
            Self::LargeBytes(a) => at(a, row).then(|| a.value(row)),
            Self::ViewBytes(a) => at(a, row).then(|| a.value(row)),
        }
    }

    /// The text of the cell at `row`, `None` when null or not UTF-8.
    pub fn get(&self, row: usize) -> Option<&str> {
        self.cell(row).and_then(|c| c.ok())
    }

    /// Whether every cell is UTF-8.
    pub fn is_text(&self) -> bool {
        matches!(self, Self::Utf8(_) | Self::Large(_) | Self::View(_))
    }

    /// The cells of the string column `name`; `None` for another type. The column's internal
    /// consistency is checked first: its offsets and views against the buffers the producer
    /// declared (the C Data Interface hands them over unchecked, and an offset or a view past its
    /// buffer would be read out of bounds; here it is an error naming the column). This is no
    /// protection against a producer that lies about its buffers' sizes: the interface hands over
    /// pointers and must trust the declared lengths.
    pub fn read(name: &str, array: &ArrayRef) -> Result<Option<Self>> {
        let data = array.to_data();
        let bytes = match data.data_type() {
            DataType::Utf8 => DataType::Binary,
            DataType::LargeUtf8 => DataType::LargeBinary,
            DataType::Utf8View => DataType::BinaryView,
            _ => return Ok(None),
        };
        if data.validate_full().is_ok() {
            return Ok(Some(match array.data_type() {
                DataType::Utf8 => Self::Utf8(array.as_string::<i32>().clone()),
                DataType::LargeUtf8 => Self::Large(array.as_string::<i64>().clone()),
                _ => Self::View(array.as_string_view().clone()),
            }));
        }
        // Not UTF-8 throughout, or out of bounds: the same buffers as bytes, if they are sound.
        let data = data
            .into_builder()
            .data_type(bytes)
            .build()
            .map_err(|_| invalid(name))?;
        Ok(Some(match data.data_type() {
            DataType::Binary => Self::Bytes(data.into()),
            DataType::LargeBinary => Self::LargeBytes(data.into()),
            _ => Self::ViewBytes(data.into()),
        }))
    }
}

/// What a column's type must be, said in an error.
const STRINGS: &str = "string, large_string or string_view";

impl Text {
    /// The cells of the string column `name`: an error naming it and its type for another type.
    pub fn column(name: &str, array: &ArrayRef) -> Result<Self> {
        Self::read(name, array)?.ok_or_else(|| {
            Error::new(
                TableCode::ColumnType,
                format_args!(
                    "column {name:?}: expected {STRINGS}, found {}",
                    array.data_type()
                ),
            )
        })
    }
}

fn invalid(name: &str) -> Error {
    Error::new(
        TableCode::InvalidInput,
        format_args!(
            "column {name:?}: its Arrow data is not valid (an offset or a view past its buffer)"
        ),
    )
}

/// `array` (of another type than a string) once its buffers are known to hold what its type
/// says (see [`Text::read`]).
pub fn checked<'a>(name: &str, array: &'a ArrayRef) -> Result<&'a ArrayRef> {
    array.to_data().validate_full().map_err(|_| invalid(name))?;
    Ok(array)
}

/// The text of `array`, the column `name` of role `column`: a string column, or for a time or
/// status column the typed values Parquet and Athena use (integers, a date, a timestamp), written
/// as a log writes them. Anything else is an error naming the column and what was expected.
fn text_of(name: &str, column: Column, array: &ArrayRef) -> Result<Text> {
    if let Some(t) = Text::read(name, array)? {
        return Ok(t);
    }
    let array = checked(name, array)?;
    let ty = array.data_type();
    let cast = |to: &DataType| -> Result<ArrayRef> {
        arrow_cast::cast(array, to).map_err(|_| mistyped(name, ty, STRINGS))
    };
    let utf8 = |a: ArrayRef| -> Result<Text> {
        let s = arrow_cast::cast(&a, &DataType::Utf8).map_err(|_| mistyped(name, ty, STRINGS))?;
        Text::read(name, &s)?.ok_or_else(|| mistyped(name, ty, STRINGS))
    };
    match ty {
        DataType::Dictionary(_, v) if matches!(**v, DataType::Utf8 | DataType::LargeUtf8) => {
            utf8(array.clone())
        }
        DataType::Timestamp(_, _) if column.is_timestamp() => {
            // Epoch seconds (`timestamp`) or milliseconds (`timestamp(ms)`), as the log writes.
            let unit = match column.is_milliseconds() {
                true => TimeUnit::Millisecond,
                false => TimeUnit::Second,
            };
            let ints = arrow_cast::cast(&cast(&DataType::Timestamp(unit, None))?, &DataType::Int64)
                .map_err(|_| mistyped(name, ty, STRINGS))?;
            utf8(ints)
        }
        t if t.is_integer() || matches!(t, DataType::Date32 | DataType::Date64) => {
            utf8(array.clone())
        }
        _ => Err(mistyped(name, ty, STRINGS)),
    }
}

fn mistyped(name: &str, found: &DataType, expected: &str) -> Error {
    Error::new(
        TableCode::ColumnType,
        format_args!(
            "column {name:?}: expected {expected} (or, for a time or status, integers, a date or a timestamp), found {found}"
        ),
    )
}

/// The columns of a batch the analysis reads, with their roles.
pub struct Columns {
    pub cells: Vec<(Column, Text)>,
}

impl Columns {
    /// The log columns of `batch`. A batch without the fields the analysis needs is an error
    /// naming the missing one (the core's rule for a `#Fields` line).
    pub fn of(batch: &RecordBatch) -> Result<Self> {
        let schema = batch.schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        Layout::new(names.iter().copied()).map_err(|e| match e {
            LayoutError::Missing(what) => Error::new(
                TableCode::MissingColumn,
                format_args!(
                    "the batch has no column for {what} ({}); its columns are the W3C names (cs-uri-query, cs(Cookie), x-host-header) or the snake-case ones of AWS's Athena and Parquet tables (cs_uri_query, cs_cookie, x_host_header)",
                    e.code()
                ),
            ),
            e => Error::new(TableCode::InvalidInput, format_args!("the batch: {e} ({})", e.code())),
        })?;
        let mut cells = Vec::new();
        for (name, array) in names.iter().zip(batch.columns()) {
            if let Some(column) = Column::of(name) {
                cells.push((column, text_of(name, column, array)?));
            }
        }
        Ok(Self { cells })
    }
}
