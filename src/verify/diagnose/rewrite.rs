//! The one-pass rewrites of a path or query that [`super::variants`] tries: hex case, `~`,
//! unreserved and non-ASCII escapes, sub-delimiters, double escaping. Each is linear in its input.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

pub(super) fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Each `%XX` escape whose two hex digits are valid, decoded by `keep` (`Some(byte)` to write
/// the byte, `None` to keep the escape as it is, with its hex digits in `upper` case if given).
pub(super) fn map_escapes(s: &str, upper: Option<bool>, keep: fn(u8) -> bool) -> Vec<u8> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex_value(h)
                .zip(hex_value(l))
                .map(|(h1, l1)| (h, l, h1 << 4 | l1)),
            _ => None,
        };
        match hex {
            Some((_, _, value)) if keep(value) => {
                out.push(value);
                i += 3;
            }
            Some((h, l, _)) => {
                let case = |c: u8| match upper {
                    Some(true) => c.to_ascii_uppercase(),
                    Some(false) => c.to_ascii_lowercase(),
                    None => c,
                };
                out.extend_from_slice(&[b'%', case(h), case(l)]);
                i += 3;
            }
            None => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

pub(super) fn to_string(bytes: Vec<u8>, fallback: &str) -> String {
    String::from_utf8(bytes).unwrap_or_else(|_| fallback.into())
}

pub(super) fn hex_case(s: &str, upper: bool) -> String {
    to_string(map_escapes(s, Some(upper), |_| false), s)
}

pub(super) fn tilde_decoded(s: &str) -> String {
    to_string(map_escapes(s, None, |b| b == b'~'), s)
}

pub(super) fn unreserved_decoded(s: &str) -> String {
    to_string(
        map_escapes(s, None, |b| {
            b.is_ascii_alphanumeric() || b"-._~".contains(&b)
        }),
        s,
    )
}

/// The `%XX` escapes of non-ASCII bytes decoded, when the result is UTF-8.
pub(super) fn non_ascii_decoded(s: &str) -> String {
    to_string(map_escapes(s, None, |b| b >= 0x80), s)
}

/// Spaces and non-ASCII characters escaped as `%XX` (uppercase), as browsers send them.
pub(super) fn non_ascii_encoded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b >= 0x80 || b == b' ' {
            out.push_str(&format!("%{b:02X}"));
        } else {
            out.push(b as char);
        }
    }
    out
}

pub(super) fn sub_delims_encoded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '!' | '\'' | '(' | ')' | '*' => out.push_str(&format!("%{:02X}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// `%25XX` read as `%XX` (one level of escaping undone, only for escapes of escapes).
pub(super) fn double_decoded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("%25") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let tail = after.get(3..).unwrap_or("");
        let hexes = tail.as_bytes();
        let escape = matches!((hexes.first(), hexes.get(1)), (Some(h), Some(l)) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit());
        out.push_str(if escape { "%" } else { "%25" });
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_are_exact() {
        assert_eq!(hex_case("/a%2fb%C3%a9", true), "/a%2Fb%C3%A9");
        assert_eq!(hex_case("/a%2Fb%zz", false), "/a%2fb%zz");
        assert_eq!(tilde_decoded("a%7eb%7E%20"), "a~b~%20");
        assert_eq!(unreserved_decoded("%41%2D%2F"), "A-%2F");
        assert_eq!(non_ascii_decoded("/caf%C3%A9%20"), "/café%20");
        assert_eq!(non_ascii_decoded("/bad%C3"), "/bad%C3");
        assert_eq!(non_ascii_encoded("/café b"), "/caf%C3%A9%20b");
        assert_eq!(sub_delims_encoded("/a(1)!"), "/a%281%29%21");
        assert_eq!(double_decoded("/a%2520b%25zz%25"), "/a%20b%25zz%25");
    }
}
