//! Reads a log one line at a time ([`LogReader`]), as its format and its `#Fields` line say.

use super::fields::{Layout, Role};
use super::line::{record, BadLine, Line, Raw};
use super::{json, MAX_LINE_BYTES};

/// The log formats CloudFront writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Tab-separated W3C with `#Version` and `#Fields` headers (legacy, or v2 in W3C form).
    Standard,
    /// Standard logging v2 as JSON lines.
    Json,
    /// Real-time logs: tab-separated, the fields given by the caller.
    Realtime,
}

impl Format {
    /// The format a log's first line shows: `{` for JSON lines, `#` for a standard log's header,
    /// anything else a real-time record.
    pub fn detect(first_line: &[u8]) -> Self {
        match first_line.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Self::Json,
            Some(b'#') => Self::Standard,
            _ => Self::Realtime,
        }
    }
}

/// Reads lines of one log format, following its `#Fields` line.
#[derive(Debug, Clone)]
pub struct LogReader {
    format: Format,
    layout: Option<Layout>,
}

impl LogReader {
    /// A reader of standard logs (the layout comes from the `#Fields` line).
    pub fn standard() -> Self {
        Self {
            format: Format::Standard,
            layout: None,
        }
    }

    /// A reader of v2 JSON lines.
    pub fn json() -> Self {
        Self {
            format: Format::Json,
            layout: None,
        }
    }

    /// A reader of tab-separated records with these fields: a real-time log's configuration,
    /// or a standard log whose header is missing (`--fields`).
    pub fn with_layout(format: Format, layout: Layout) -> Self {
        Self {
            format,
            layout: Some(layout),
        }
    }

    /// The format read.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The layout in use, once known.
    pub fn layout(&self) -> Option<&Layout> {
        self.layout.as_ref()
    }

    /// Whether `line` is a header line (`#...`), which [`LogReader::read`] must see in order;
    /// records can be read by clones of the reader, in any order ([`LogReader::read_record`]).
    pub fn is_header(line: &[u8]) -> bool {
        line.first() == Some(&b'#')
    }

    /// Reads one line (without its line break), headers included.
    pub fn read<'a>(&mut self, line: &'a [u8]) -> Line<'a> {
        if !Self::is_header(line) {
            return self.read_record(line);
        }
        let Some(fields) = line.strip_prefix(b"#Fields:") else {
            return Line::Header; // #Version and other comments
        };
        if self.format == Format::Json {
            return Line::Header;
        }
        let Ok(fields) = core::str::from_utf8(fields) else {
            return Line::Bad(BadLine::NotText);
        };
        match (Layout::parse(fields), &self.layout) {
            (Ok(new), None) => {
                self.layout = Some(new);
                Line::Header
            }
            (Ok(new), Some(old)) if new == *old => Line::Header,
            (Ok(_), Some(_)) => Line::Bad(BadLine::FieldsChanged),
            (Err(_), _) => Line::Bad(BadLine::BadFields),
        }
    }

    /// Reads a line that is not a header.
    pub fn read_record<'a>(&self, line: &'a [u8]) -> Line<'a> {
        if line.len() > MAX_LINE_BYTES {
            return Line::Bad(BadLine::TooLong);
        }
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) || Self::is_header(line) {
            return Line::Header;
        }
        let Ok(text) = core::str::from_utf8(line) else {
            return Line::Bad(BadLine::NotText);
        };
        if text.contains('\0') {
            return Line::Bad(BadLine::NotText);
        }
        match (self.format, &self.layout) {
            (Format::Json, _) => json::read(text),
            (_, Some(layout)) => read_tabbed(text, layout, self.format == Format::Realtime),
            (_, None) => Line::Bad(BadLine::NoFields),
        }
    }
}

fn read_tabbed<'a>(text: &'a str, layout: &Layout, realtime: bool) -> Line<'a> {
    let mut raw = Raw::default();
    let mut found = 0;
    for (value, role) in text
        .split('\t')
        .zip(layout.roles.iter().chain(core::iter::repeat(&Role::Other)))
    {
        found += 1;
        let slot = match role {
            Role::Other => continue,
            Role::Date => &mut raw.date,
            Role::Time => &mut raw.time,
            Role::Timestamp => &mut raw.timestamp,
            Role::TimestampMs => &mut raw.timestamp_ms,
            Role::Edge => &mut raw.edge,
            Role::ClientIp => &mut raw.client_ip,
            Role::HostHeader => &mut raw.host_header,
            Role::CsHost => &mut raw.cs_host,
            Role::Stem => &mut raw.stem,
            Role::Query => &mut raw.query,
            Role::Cookie => &mut raw.cookie,
            Role::Status => &mut raw.status,
            Role::Protocol => &mut raw.protocol,
        };
        *slot = Some(value);
    }
    if found != layout.len() {
        return Line::Bad(BadLine::FieldCount {
            expected: layout.len(),
            found,
        });
    }
    record(raw, realtime)
}
