//! Decoding `CloudFront-*` cookies: from a `Cookie:` header value or `Set-Cookie` lines, and
//! telling cookie text from a URL.

use super::fields::Fields;
use super::{DecodeProblem, Source, Unverified, MAX_COOKIE_BYTES};

/// Decodes `CloudFront-*` cookies from a `Cookie:` header value (with or without the `Cookie:`
/// name) or from `Set-Cookie` lines (one per line, attributes after `;` ignored).
pub fn decode_cookies(input: &str) -> Unverified {
    let mut out = Unverified::empty(Source::Cookies);
    if input.len() > MAX_COOKIE_BYTES {
        out.problems.push(DecodeProblem::TooLong {
            what: "cookies",
            bytes: input.len(),
            max: MAX_COOKIE_BYTES,
        });
        return out;
    }
    let mut fields = Fields::default();
    for line in input.lines() {
        let line = line.trim();
        // A `Set-Cookie` line sets one cookie (its attributes follow); a `Cookie:` header many.
        let cookies = match strip_prefix_ignore_case(line, "set-cookie:") {
            Some(set_cookie) => {
                let (cookie, attributes) = set_cookie.split_once(';').unwrap_or((set_cookie, ""));
                if deletes(attributes) {
                    continue;
                }
                cookie
            }
            None => strip_prefix_ignore_case(line, "cookie:").unwrap_or(line),
        };
        for pair in cookies.split(';') {
            let Some((name, value)) = pair.trim().split_once('=') else {
                continue;
            };
            let Some(param) = name.trim().strip_prefix("CloudFront-") else {
                continue;
            };
            // Quotes around the value (any number of them) are not part of it.
            let mut value = value.trim();
            while let Some(inner) = value.strip_prefix('"') {
                value = inner;
            }
            while let Some(inner) = value.strip_suffix('"') {
                value = inner;
            }
            fields.set(param, value, &mut out.problems);
        }
    }
    fields.apply(&mut out);
    out
}

/// Whether the attributes of a `Set-Cookie` line delete its cookie (`Max-Age` of zero or less)
/// rather than set it: a browser keeps nothing from it.
fn deletes(attributes: &str) -> bool {
    attributes.split(';').any(|attribute| {
        let (name, value) = attribute.split_once('=').unwrap_or((attribute, ""));
        name.trim().eq_ignore_ascii_case("max-age") && non_positive(value.trim())
    })
}

/// Whether `value` reads as an `i64` of zero or less (what `value.parse::<i64>()` accepts), by
/// the `u64` reader the policy code already needs.
pub(super) fn non_positive(value: &str) -> bool {
    let (negative, digits) = match value.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    // `u64` takes a leading `+` of its own, which an `i64` after its sign does not.
    !digits.starts_with('+')
        && digits
            .parse::<u64>()
            .is_ok_and(|n| if negative { n <= 1 << 63 } else { n == 0 })
}

/// Whether cookie text has a `Set-Cookie` line (which a browser keeps in its jar before it sends
/// anything: [`crate::cookie_jar::cookies_sent`]) rather than only the `Cookie:` header it sends.
pub fn has_set_cookie_line(text: &str) -> bool {
    text.lines()
        .any(|l| strip_prefix_ignore_case(l.trim(), "set-cookie:").is_some())
}

/// Whether `text` looks like cookies rather than a URL.
pub fn looks_like_cookies(text: &str) -> bool {
    let t = text.trim_start();
    !t.contains("://")
        && (t.contains("CloudFront-")
            || strip_prefix_ignore_case(t, "cookie:").is_some()
            || strip_prefix_ignore_case(t, "set-cookie:").is_some())
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}
