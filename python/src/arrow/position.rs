//! Where a row came from: the optional input columns `file` (the index of its file, as `cfsign
//! logs` numbers the files it is given) and `line` (its 1-based line number, or a table's row
//! number), carried into the verdicts so that the report lists bad lines by file and line exactly
//! as `cfsign logs` does.

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, Int64Array, RecordBatch};
use arrow_schema::DataType;

use crate::error::{Error, Result, TableCode};

/// The column of the file's index.
pub const FILE: &str = "file";
/// The column of the line (or row) number, 1-based.
pub const LINE: &str = "line";

/// A row's file index and line number, when the input has them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct At {
    pub file: Option<u32>,
    pub line: Option<u64>,
}

/// The `file` and `line` columns of a batch, each optional.
pub struct Position {
    file: Option<Int64Array>,
    line: Option<Int64Array>,
}

fn ints(batch: &RecordBatch, name: &str, what: &str) -> Result<Option<Int64Array>> {
    let Some(c) = batch.column_by_name(name) else {
        return Ok(None);
    };
    let ty = c.data_type();
    if !ty.is_integer() && *ty != DataType::Null {
        return Err(Error::new(
            TableCode::ColumnType,
            format_args!("column {name:?}: expected integers ({what}), found {ty}"),
        ));
    }
    let cast = arrow_cast::cast(c, &DataType::Int64).map_err(|_| {
        Error::new(
            TableCode::ColumnType,
            format_args!("column {name:?}: expected integers ({what})"),
        )
    })?;
    Ok(Some(cast.as_primitive::<Int64Type>().clone()))
}

fn get(a: Option<&Int64Array>, row: usize) -> Option<i64> {
    a.filter(|a| row < a.len() && a.is_valid(row))
        .map(|a| a.value(row))
}

impl Position {
    /// The columns of `batch`; a `file` or `line` column that holds no integers is an error
    /// naming it.
    pub fn of(batch: &RecordBatch) -> Result<Self> {
        Ok(Self {
            file: ints(batch, FILE, "the index of the log file, from 0")?,
            line: ints(batch, LINE, "the line or row number, from 1")?,
        })
    }

    /// Row `row`'s place (a negative or out-of-range value is no place).
    pub fn at(&self, row: usize) -> At {
        At {
            file: get(self.file.as_ref(), row).and_then(|f| u32::try_from(f).ok()),
            line: get(self.line.as_ref(), row).and_then(|l| u64::try_from(l).ok()),
        }
    }
}
