//! Cookies as a browser sends them: which `CloudFront-*` cookies, set by `Set-Cookie` lines, a
//! browser sends with a request, in which order, and why the others stay home (RFC 6265,
//! sections 5.1–5.4).
//!
//! The lines are taken as received from the request's own host at the request time `now` (cfsign
//! cannot know which host set them or when): so a cookie without `Domain` (host-only) is the
//! request host's, and `Max-Age=N` runs from `now`. Then, as a browser does:
//! - `Domain` must domain-match the request host (the host itself, or a host name ending in
//!   `.` + the domain; an IP address only itself), else the browser refuses the cookie; so must a
//!   public suffix other than the host (a single label, or `cloudfront.net`, which the Public
//!   Suffix List holds: [`is_public_suffix`]);
//! - `Path` must path-match the request path (the same path, or a prefix ending at a `/`); a
//!   missing or relative `Path` is the request path up to its last `/`;
//! - a `Secure` cookie is neither set nor sent over `http`;
//! - `Max-Age` (which wins over `Expires`) of zero or less, or an `Expires` at or before `now`,
//!   deletes the cookie; an `Expires` that is not a cookie date is ignored;
//! - a line for the same name, domain and path replaces the earlier one (keeping its place);
//! - of two cookies of one name, the one with the longer `Path` is sent first, then the one set
//!   first.
//!
//! A `Cookie:` header (or a line without `Set-Cookie:`) is taken as sent, as it is. `SameSite`
//! is not judged: whether the request comes from another site is not known here.
//!
//! Bounded whatever the text: the text is at most [`MAX_COOKIE_BYTES`] (longer text is not read
//! here, and decoding refuses it), a browser's own limits drop a cookie over
//! [`MAX_NAME_VALUE_BYTES`] and an attribute value over [`MAX_ATTRIBUTE_VALUE_BYTES`], at most
//! [`MAX_JAR_COOKIES`] `CloudFront-*` cookies are kept, and at most [`MAX_IGNORED`] ignored lines
//! are listed (then their count).

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::decode::MAX_COOKIE_BYTES;

mod findings;
mod matching;
mod store;
#[cfg(test)]
mod tests;

pub use findings::{Ignored, IgnoredWhy, NotSent, NotSentWhy};
pub use matching::{domain_covers, domain_matches, is_public_suffix, path_matches, RequestTarget};
use store::store;

/// A browser ignores a cookie whose name and value together are longer (RFC 6265bis).
pub const MAX_NAME_VALUE_BYTES: usize = 4096;
/// A browser ignores an attribute whose value is longer (RFC 6265bis).
pub const MAX_ATTRIBUTE_VALUE_BYTES: usize = 1024;
/// The most `CloudFront-*` cookies kept; the lines after them are ignored, with a note.
pub const MAX_JAR_COOKIES: usize = 64;
/// The most ignored lines listed one by one.
pub const MAX_IGNORED: usize = 8;
/// The most cookies not sent listed one by one (the others are counted with the ignored lines).
pub const MAX_NOT_SENT: usize = 16;

/// What a browser sends, given `Set-Cookie` lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sent {
    /// The `Cookie:` header value the browser sends: the `CloudFront-*` cookies only, in the
    /// browser's order, after any given as a `Cookie:` header.
    pub header: String,
    /// The `CloudFront-*` cookies it does not send, or not first.
    pub not_sent: Vec<NotSent>,
    /// The lines and attributes it ignores, at most [`MAX_IGNORED`].
    pub ignored: Vec<Ignored>,
    /// How many more were ignored and not listed.
    pub more_ignored: usize,
}

impl Sent {
    /// Lists a cookie not sent, up to [`MAX_NOT_SENT`]; then counts it with the ignored.
    fn not_sent(&mut self, not_sent: NotSent) {
        if self.not_sent.len() < MAX_NOT_SENT {
            self.not_sent.push(not_sent);
        } else {
            self.more_ignored += 1;
        }
    }

    /// Lists what is ignored on `line`, up to [`MAX_IGNORED`]; then counts it.
    fn note(&mut self, line: usize, why: IgnoredWhy) {
        if self.ignored.len() < MAX_IGNORED {
            self.ignored.push(Ignored { line, why });
        } else {
            self.more_ignored += 1;
        }
    }
}

/// A stored cookie (RFC 6265 5.3).
struct Stored<'a> {
    name: &'a str,
    value: &'a str,
    domain: String,
    path: String,
    line: usize,
    /// The line that first set it (kept when a later line replaces it).
    created: usize,
}

/// Which of `text`'s `CloudFront-*` cookies a browser sends with a request for `url` at `now`,
/// when `text` has a `Set-Cookie` line; `None` otherwise (a `Cookie:` header is sent as it is),
/// when `text` is over [`MAX_COOKIE_BYTES`], or when `url` names no http(s) host.
pub fn cookies_sent(text: &str, url: &str, now: u64) -> Option<Sent> {
    if text.len() > MAX_COOKIE_BYTES {
        return None;
    }
    if !crate::decode::has_set_cookie_line(text) {
        return None;
    }
    let target = RequestTarget::of(url)?;
    let mut out = Sent::default();
    let mut headers: Vec<&str> = Vec::new();
    let mut jar: Vec<Stored<'_>> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim();
        match strip_prefix_ignore_case(line, "set-cookie:") {
            Some(set_cookie) => store(set_cookie, line_no, &target, now, &mut jar, &mut out),
            None => {
                let header = strip_prefix_ignore_case(line, "cookie:").unwrap_or(line);
                headers.extend(
                    header
                        .split(';')
                        .map(str::trim)
                        .filter(|p| p.starts_with("CloudFront-")),
                );
            }
        }
    }
    // Sent: those whose path matches, longest path first, then the first set (RFC 6265 5.4).
    let mut sent: Vec<&Stored<'_>> = Vec::new();
    for cookie in &jar {
        if path_matches(&target.path, &cookie.path) {
            sent.push(cookie);
        } else {
            out.not_sent(NotSent {
                name: cookie.name.to_string(),
                line: cookie.line,
                why: NotSentWhy::Path {
                    path: cookie.path.clone(),
                    request_path: target.path.clone(),
                },
            });
        }
    }
    insertion_sort(&mut sent, |a, b| {
        a.path.len() > b.path.len() || (a.path.len() == b.path.len() && a.created < b.created)
    });
    for (i, cookie) in sent.iter().enumerate() {
        let first = sent.iter().take(i).find(|c| c.name == cookie.name);
        if let Some(first) = first {
            out.not_sent(NotSent {
                name: cookie.name.to_string(),
                line: cookie.line,
                why: NotSentWhy::Shadowed {
                    path: cookie.path.clone(),
                    first_line: first.line,
                    first_path: first.path.clone(),
                },
            });
        }
    }
    let pairs = sent.iter().map(|c| [c.name, "=", c.value].concat());
    let all: Vec<String> = headers.into_iter().map(String::from).chain(pairs).collect();
    out.header = all.join("; ");
    insertion_sort(&mut out.not_sent, |a, b| a.line < b.line);
    Some(out)
}

/// Sorts `items` (a few dozen at most) stably by `before`: a few bytes of WebAssembly where the
/// standard library's sorts weigh kilobytes.
fn insertion_sort<T>(items: &mut [T], before: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 {
            match (items.get(j - 1), items.get(j)) {
                (Some(a), Some(b)) if before(b, a) => items.swap(j - 1, j),
                _ => break,
            }
            j -= 1;
        }
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}
