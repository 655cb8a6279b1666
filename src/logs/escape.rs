//! The log layer's escaping, undone exactly once.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Undoes the log's `%XX` escaping once: `%2520` becomes `%20` (what the viewer sent), `%7E`
/// becomes `~`. A `%` not followed by two hex digits is kept as it is. Bytes that do not form
/// UTF-8 become U+FFFD (a URL or cookie with them cannot verify anyway).
///
/// ```
/// use cfsign::logs::unescape;
/// assert_eq!(unescape("a%2520b%7Ec"), "a%20b~c");
/// assert_eq!(unescape("plain"), "plain");
/// ```
pub fn unescape(field: &str) -> Cow<'_, str> {
    if !field.contains('%') {
        return Cow::Borrowed(field);
    }
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let pair = (
                bytes.get(i + 1).copied().and_then(hex),
                bytes.get(i + 2).copied().and_then(hex),
            );
            if let (Some(h), Some(l)) = pair {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

/// `None` for an empty field (`-` or nothing), else the field unescaped.
pub(super) fn field(raw: &str) -> Option<Cow<'_, str>> {
    match raw {
        "" | "-" => None,
        _ => Some(unescape(raw)),
    }
}
