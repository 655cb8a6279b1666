//! `sign-batch`'s input: its lines, read with bounded memory, and what is wrong with one, said
//! without quoting it.

use std::io::{BufRead, Read};

use crate::usage::{fail, Failure};

/// Longer lines are refused (a URL CloudFront accepts is at most 8,192 bytes).
pub(super) const MAX_LINE: usize = 64 * 1024;

/// One input line: its number, its bytes, and whether it was longer than [`MAX_LINE`].
pub(super) type Input = (u64, Vec<u8>, bool);

/// Whether `text` starts with `http://` or `https://`, in any case.
pub(super) fn has_http_scheme(text: &str) -> bool {
    ["http://", "https://"].iter().any(|scheme| {
        text.get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
    })
}

/// What is wrong with a JSON line, without quoting any of it (serde_json's messages quote
/// values and field names).
pub(super) fn json_problem(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    // The name of an unknown field, when it is a plausible field name (lower case and `_`).
    let message = e.to_string();
    let unknown = message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name)
        .filter(|name| {
            (1..=32).contains(&name.len())
                && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        });
    if let Some(name) = unknown {
        return format!(
            "unknown field {name}: the fields are url, date_less_than, date_greater_than, ip_address, policy_resource"
        );
    }
    let what = match e.classify() {
        Category::Data => "a field is unknown, missing or of the wrong type",
        Category::Eof => "the object is incomplete",
        Category::Syntax | Category::Io => "it is not valid JSON",
    };
    format!(
        "{what} (column {}): a line is a URL or a JSON object of url, date_less_than, date_greater_than, ip_address, policy_resource",
        e.column()
    )
}

/// A JSON line's time: a string in the forms of --date-less-than, or epoch seconds.
pub(super) fn when_text(
    field: &'static str,
    value: &Option<serde_json::Value>,
) -> Result<Option<String>, Failure> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
        Some(serde_json::Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(fail(field, "must be a string or a number of epoch seconds")),
    }
}

/// Reads one line (with its `\n`) into `buf`, at most [`MAX_LINE`] bytes of it: true when the
/// line was longer (the rest of it is skipped). An empty `buf` is the end of the input.
pub(super) fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    buf.clear();
    reader
        .by_ref()
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', buf)?;
    if buf.len() <= MAX_LINE || buf.ends_with(b"\n") {
        return Ok(false);
    }
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(true);
        }
        match available.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(true);
            }
            None => {
                let n = available.len();
                reader.consume(n);
            }
        }
    }
}
