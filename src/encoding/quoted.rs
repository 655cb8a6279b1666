//! How messages show a value: quoted, with the characters that could disguise or break a message
//! escaped, as Rust's `{:?}` does for them (without core's Unicode tables, about 3 KB of
//! WebAssembly).

use core::fmt::{self, Write as _};

/// A value as the crate's messages show it: between double quotes, with `"` and `\` and every
/// character that could disguise or break the message backslash-escaped.
///
/// The messages are shown to users and written to logs, and the values in them (URLs, cookie
/// values, policy keys) come from outside. So the escaped characters are: the quote and `\`, so
/// that the value's end is unambiguous; the control characters (U+0000–U+001F, U+007F–U+009F),
/// so that a value cannot end a log line, add a forged one or send terminal escapes, written
/// `\0`, `\t`, `\r`, `\n` or `\u{1b}`; the line and paragraph separators U+2028 and U+2029 (line
/// breaks to some log viewers and older JavaScript); the bidirectional controls (U+061C, U+200E,
/// U+200F, U+202A–U+202E, U+2066–U+2069), which can reorder how the rest of a line reads; and
/// the invisible format characters U+00AD, U+180E, U+200B–U+200D, U+2060–U+2065, U+206A–U+206F
/// and U+FEFF, which would hide a difference between two values that look alike, written as
/// `\u{200b}`. Every one is written exactly as `{:?}` writes it; other characters are written as
/// they are, where `{:?}` also escapes the rest of Unicode's non-printable and combining
/// characters.
///
/// ```
/// use cfsign::encoding::Quoted;
///
/// assert_eq!(Quoted::new("a \"b\"\n").to_string(), r#""a \"b\"\n""#);
/// assert_eq!(Quoted::new("caf\u{e9}\u{200b}").to_string(), r#""café\u{200b}""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quoted<'a> {
    text: &'a str,
    quote: char,
}

impl<'a> Quoted<'a> {
    /// `text` between double quotes, as `{:?}` shows a string.
    pub fn new(text: &'a str) -> Self {
        Self { text, quote: '"' }
    }

    /// `c` between single quotes, as `{:?}` shows a `char` (`'"'`, `'\''`); `buf` holds it.
    pub(crate) fn char(c: char, buf: &'a mut [u8; 4]) -> Self {
        Self {
            text: c.encode_utf8(buf),
            quote: '\'',
        }
    }
}

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char(self.quote)?;
        for c in self.text.chars() {
            match c {
                '\0' => f.write_str("\\0")?,
                '\t' => f.write_str("\\t")?,
                '\r' => f.write_str("\\r")?,
                '\n' => f.write_str("\\n")?,
                '\\' => f.write_str("\\\\")?,
                c if c == self.quote => {
                    f.write_char('\\')?;
                    f.write_char(c)?;
                }
                c if escaped(c) => write!(f, "\\u{{{:x}}}", u32::from(c))?,
                c => f.write_char(c)?,
            }
        }
        f.write_char(self.quote)
    }
}

/// Whether `c` is written as `\u{…}`: a control, separator, bidirectional or invisible format
/// character (see [`Quoted`]).
fn escaped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{feff}'
        )
}

#[cfg(test)]
mod tests;
