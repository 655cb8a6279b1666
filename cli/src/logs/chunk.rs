//! What the readers hand to the workers: a chunk of one file's lines, or of a table's rows
//! (`input` reads lines, `table` reads Parquet and CSV; both fill a [`Chunk`]).

use cfsign::logs::{BadLine, Column, LogReader};

/// About this many bytes of lines per chunk.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Lines of one file for a worker, with the reader (layout) in force for all of them.
pub struct Chunk {
    pub source: u32,
    pub reader: Option<LogReader>,
    pub data: Vec<u8>,
    /// (line number, start, end) in `data`.
    pub lines: Vec<(u64, u32, u32)>,
    /// Lines already found bad (too long, bad headers).
    pub bad: Vec<(u64, BadLine)>,
    /// Rows of a table (Parquet, CSV) instead of lines.
    pub rows: Option<Rows>,
}

impl Chunk {
    pub(super) fn new(source: u32) -> Self {
        Self {
            source,
            reader: None,
            data: Vec::with_capacity(CHUNK_BYTES + 4096),
            lines: Vec::new(),
            bad: Vec::new(),
            rows: None,
        }
    }
}

/// Rows of a table for a worker: `cells` holds `columns.len()` cells per row.
pub struct Rows {
    pub columns: Vec<Column>,
    pub cells: Vec<Option<String>>,
    /// (row number, 1-based, as a line number) of each row.
    pub numbers: Vec<u64>,
}
