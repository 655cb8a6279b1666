//! Text that reaches a terminal (issue 29, p03): whatever came from the input (a URL, a policy,
//! a key ID, a path, a line of `sign-batch`) is shown with its control characters escaped, so
//! that it cannot move the cursor, rewrite a line or reorder text. Escaped are C0 controls
//! (ESC, CR, backspace, line feed inside a value...), DEL, C1 controls (CSI `U+009B` among them),
//! the Unicode line and paragraph separators and the bidirectional controls. `main` passes every finished output through
//! [`output`] as well, so that cfsign's own line feeds are the only controls left.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::Path;

/// Whether `c` can change what a terminal shows other than by printing a glyph.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every character for which `escape` holds written as `\uXXXX` (all of them are
/// in the Basic Multilingual Plane): an escape JSON reads as the same character, so one form
/// serves text and JSON output alike.
fn escaped(text: &str, escape: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escape(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A value from the input, for one line of text: every unsafe character escaped, line feeds
/// included.
pub fn value(text: &str) -> Cow<'_, str> {
    escaped(text, is_unsafe)
}

/// A path, for a message.
pub fn path(path: &Path) -> String {
    value(&path.to_string_lossy()).into_owned()
}

/// A finished output, text or JSON: every unsafe character but the line feed escaped. In JSON,
/// serde_json has already escaped the C0 controls; DEL, C1 and the bidirectional controls it
/// writes as they are, and they can only be inside strings, where `\uXXXX` means the same.
pub fn output(text: &str) -> Cow<'_, str> {
    escaped(text, |c| c != '\n' && is_unsafe(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_moves_the_cursor() {
        assert_eq!(value("K\u{1b}[1A\r"), "K\\u001b[1A\\u000d");
        assert_eq!(
            value("a\nb\u{7f}\u{9b}\u{202e}"),
            "a\\u000ab\\u007f\\u009b\\u202e"
        );
        assert_eq!(output("a\nb\u{1b}"), "a\nb\\u001b");
        assert_eq!(value("https://a.example/é"), "https://a.example/é");
        let json = output("{\"a\": \"\u{7f}\u{9b}\u{2066}\"}\n");
        assert_eq!(json, "{\"a\": \"\\u007f\\u009b\\u2066\"}\n");
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(parsed["a"], "\u{7f}\u{9b}\u{2066}");
    }
}
