//! Python's `json.dumps` with its default `ensure_ascii=True`, from serde_json's output.

use alloc::string::String;
use core::fmt::Write;

/// `json` (serde_json's compact output, whose escapes are `json.dumps`' own: `\"`, `\\`, `\b`,
/// `\f`, `\n`, `\r`, `\t`, other control characters as `\u00xx`) with every character outside
/// `' '..='~'` that serde_json leaves as it is (DEL and everything beyond ASCII) written as
/// `json.dumps` writes it: `\uXXXX` in lower-case hex, a UTF-16 surrogate pair above U+FFFF.
/// Outside strings JSON is ASCII, so only string contents change.
pub fn ensure_ascii(json: &str) -> String {
    if json.bytes().all(|b| b < 0x7f) {
        return json.into();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if (c as u32) < 0x7f {
            out.push(c);
            continue;
        }
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{unit:04x}");
        }
    }
    out
}
