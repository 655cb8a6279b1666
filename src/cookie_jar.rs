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
use core::fmt;

use crate::decode::MAX_COOKIE_BYTES;
use crate::time::{format_utc, parse_cookie_date};

mod matching;
#[cfg(test)]
mod tests;

pub use matching::{domain_covers, domain_matches, is_public_suffix, path_matches, RequestTarget};

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

/// Why a browser does not send a cookie (or sends after another cookie of its name).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotSentWhy {
    /// Its `Domain` does not domain-match the request host.
    Domain {
        /// The `Domain` attribute (lowercase, without a leading dot).
        domain: String,
        /// The request host.
        host: String,
    },
    /// Its `Domain` is a public suffix (`cloudfront.net`, `com`): the browser refuses it.
    PublicSuffix {
        /// The `Domain` attribute (lowercase, without a leading dot).
        domain: String,
    },
    /// Its `Path` does not path-match the request path.
    Path {
        /// The cookie's path.
        path: String,
        /// The request's path.
        request_path: String,
    },
    /// `Secure`, and the request is `http`.
    Secure,
    /// `Max-Age` of zero or less: the line deletes the cookie.
    MaxAge {
        /// The `Max-Age` value.
        max_age: String,
    },
    /// `Expires` at or before the request time.
    Expires {
        /// The expiry, epoch seconds (0 for a date before 1970).
        expires: u64,
        /// The request time.
        now: u64,
    },
    /// Another cookie of the same name is sent before it (a longer `Path`, or set earlier): the
    /// browser sends both, and CloudFront refuses the header (the name given twice, a
    /// [`Duplicate`](crate::decode::DecodeProblem::Duplicate)).
    Shadowed {
        /// This cookie's path.
        path: String,
        /// The line of the cookie sent first.
        first_line: usize,
        /// Its path.
        first_path: String,
    },
    /// Its name and value are over [`MAX_NAME_VALUE_BYTES`].
    TooLarge {
        /// Their length.
        bytes: usize,
    },
}

impl NotSentWhy {
    /// The stable code: `domain`, `public_suffix`, `path`, `secure`, `max_age`, `expires`, `shadowed` or
    /// `too_large`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Domain { .. } => "domain",
            Self::PublicSuffix { .. } => "public_suffix",
            Self::Path { .. } => "path",
            Self::Secure => "secure",
            Self::MaxAge { .. } => "max_age",
            Self::Expires { .. } => "expires",
            Self::Shadowed { .. } => "shadowed",
            Self::TooLarge { .. } => "too_large",
        }
    }

    /// The usual fix.
    pub fn fix(&self) -> &'static str {
        match self {
            Self::Domain { .. } => "Set the cookies without Domain (they go back to the host that set them), or with a Domain the host of the CloudFront URL ends with (media.example.com for .example.com); a CloudFront domain (*.cloudfront.net) needs an alternate domain name of your own to share cookies with your site.",
            Self::PublicSuffix { .. } => "Set the cookies without Domain, or with the distribution's own host (d111111abcdef8.cloudfront.net): browsers refuse a Domain of cloudfront.net, a public suffix. To share cookies across hosts, give the distribution an alternate domain name under a domain of your own.",
            Self::Path { .. } => "Set the cookies with a Path that starts the requested path at a '/' (Path=/ covers everything), as cfsign sign-cookies does by default.",
            Self::Secure => "Request the https:// URL (CloudFront serves both), or leave Secure off only if the viewer must use http.",
            Self::MaxAge { .. } => "Set a positive Max-Age (seconds from now), or none for a session cookie; Max-Age=0 deletes the cookie.",
            Self::Expires { .. } => "Set an Expires in the future (or a Max-Age, or neither for a session cookie), and check the server's clock.",
            Self::Shadowed { .. } => "Delete the stale cookie (the same name, Domain and Path with Max-Age=0), or set the new cookies at the same Domain and Path so they replace the old ones.",
            Self::TooLarge { .. } => "Shorten the cookie: a custom policy with fewer conditions or a shorter resource (a browser drops cookies over 4,096 bytes).",
        }
    }
}

/// A `CloudFront-*` cookie a browser would not send (or not send first) with the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSent {
    /// The cookie's name.
    pub name: String,
    /// Its `Set-Cookie` line (1 for the first line of the text).
    pub line: usize,
    /// Why.
    pub why: NotSentWhy,
}

impl fmt::Display for NotSent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, line) = (&self.name, self.line);
        write!(f, "{name} (Set-Cookie line {line}) is not sent: ")?;
        match &self.why {
            NotSentWhy::Domain { domain, host } => write!(
                f,
                "its Domain={domain} does not cover the request host {host}, so the browser refuses it"
            ),
            NotSentWhy::PublicSuffix { domain } => write!(
                f,
                "its Domain={domain} is a public suffix, so the browser refuses it"
            ),
            NotSentWhy::Path { path, request_path } => write!(
                f,
                "its Path={path} does not cover the request path {request_path}"
            ),
            NotSentWhy::Secure => {
                f.write_str("it is Secure, and the request is http, not https")
            }
            NotSentWhy::MaxAge { max_age } => {
                write!(f, "Max-Age={max_age} deletes it")
            }
            NotSentWhy::Expires { expires, now } => write!(
                f,
                "it expired at {} ({}), before the request",
                format_utc(*expires),
                crate::time::ago(now.saturating_sub(*expires))
            ),
            NotSentWhy::Shadowed {
                path,
                first_line,
                first_path,
            } => write!(
                f,
                "the browser sends it too (Path={path}), after the cookie of the same name from line {first_line} (Path={first_path}): the Cookie header carries the name more than once, which CloudFront refuses as malformed"
            ),
            NotSentWhy::TooLarge { bytes } => write!(
                f,
                "its name and value are {bytes} bytes, over the {MAX_NAME_VALUE_BYTES} bytes a browser keeps"
            ),
        }
    }
}

/// A `Set-Cookie` line, or one of its attributes, that a browser ignores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IgnoredWhy {
    /// No `name=value` before the first `;`.
    NoPair,
    /// An empty name.
    EmptyName,
    /// A control character in the name or value.
    ControlCharacter,
    /// An `Expires` that is not a cookie date: the cookie lasts the browser session.
    BadExpires,
    /// A `Max-Age` that is not a whole number: ignored.
    BadMaxAge,
    /// An empty `Domain`: ignored (the cookie is host-only).
    EmptyDomain,
    /// An attribute value over [`MAX_ATTRIBUTE_VALUE_BYTES`]: ignored.
    LongAttribute,
    /// Over [`MAX_JAR_COOKIES`] `CloudFront-*` cookies: the line is not read.
    TooMany,
}

impl IgnoredWhy {
    fn as_str(self) -> &'static str {
        match self {
            Self::NoPair => "has no name=value before its first ';': the browser ignores the line",
            Self::EmptyName => "has an empty cookie name: the browser ignores the line",
            Self::ControlCharacter => "has a control character in its name or value: the browser ignores the line",
            Self::BadExpires => "has an Expires that is not a date a browser reads (as in Wed, 09 Jun 2027 10:18:14 GMT): the attribute is ignored, so the cookie lasts the browser session",
            Self::BadMaxAge => "has a Max-Age that is not a whole number of seconds: the attribute is ignored",
            Self::EmptyDomain => "has an empty Domain: the attribute is ignored, so the cookie goes back only to the host that set it",
            Self::LongAttribute => "has an attribute value over 1,024 bytes: the attribute is ignored",
            Self::TooMany => "is past the 64th CloudFront cookie: not read",
        }
    }
}

/// What a browser ignores in the `Set-Cookie` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ignored {
    /// The line (1 for the first line of the text).
    pub line: usize,
    /// What is ignored, and why.
    pub why: IgnoredWhy,
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Set-Cookie line {} {}", self.line, self.why.as_str())
    }
}

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

/// The attributes of a `Set-Cookie` line that decide where it goes.
#[derive(Default)]
struct Attributes<'a> {
    expires: Option<i64>,
    max_age: Option<&'a str>,
    domain: Option<String>,
    path: Option<&'a str>,
    secure: bool,
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

/// Reads one `Set-Cookie` value (after `Set-Cookie:`) into the jar, as RFC 6265 5.2 and 5.3 do.
fn store<'a>(
    set_cookie: &'a str,
    line: usize,
    target: &RequestTarget,
    now: u64,
    jar: &mut Vec<Stored<'a>>,
    out: &mut Sent,
) {
    let ignore = |out: &mut Sent, why| out.note(line, why);
    let (pair, attributes) = set_cookie.split_once(';').unwrap_or((set_cookie, ""));
    let Some((name, value)) = pair.split_once('=') else {
        return ignore(out, IgnoredWhy::NoPair);
    };
    let (name, value) = (name.trim(), value.trim());
    if name.is_empty() {
        return ignore(out, IgnoredWhy::EmptyName);
    }
    let control = |b: u8| b.is_ascii_control() && b != b'\t';
    if name.bytes().any(control) || value.bytes().any(control) {
        return ignore(out, IgnoredWhy::ControlCharacter);
    }
    if !name.starts_with("CloudFront-") {
        return;
    }
    let not_sent = |why| NotSent {
        name: name.to_string(),
        line,
        why,
    };
    if name.len() + value.len() > MAX_NAME_VALUE_BYTES {
        out.not_sent(not_sent(NotSentWhy::TooLarge {
            bytes: name.len() + value.len(),
        }));
        return;
    }
    let attrs = read_attributes(attributes, &mut |why| out.note(line, why));
    // The domain: the attribute's (which must cover the host), else the host's alone.
    let domain = match attrs.domain {
        Some(domain) if !domain_matches(&target.host, &domain) => {
            let host = target.host.clone();
            out.not_sent(not_sent(NotSentWhy::Domain { domain, host }));
            return;
        }
        Some(domain) if !domain_covers(&target.host, &domain) => {
            out.not_sent(not_sent(NotSentWhy::PublicSuffix { domain }));
            return;
        }
        Some(domain) => domain,
        None => target.host.clone(),
    };
    if attrs.secure && !target.secure {
        out.not_sent(not_sent(NotSentWhy::Secure));
        return;
    }
    let path = match attrs.path {
        Some(p) if p.starts_with('/') => p.to_string(),
        _ => target.default_path(),
    };
    // Expired: Max-Age first, else Expires.
    let expired = match (attrs.max_age, attrs.expires) {
        (Some(max_age), _) if max_age.starts_with('-') || max_age.bytes().all(|b| b == b'0') => {
            Some(NotSentWhy::MaxAge {
                max_age: max_age.to_string(),
            })
        }
        (Some(_), _) => None,
        (None, Some(expires)) if expires <= now as i64 => Some(NotSentWhy::Expires {
            expires: u64::try_from(expires).unwrap_or(0),
            now,
        }),
        _ => None,
    };
    // The same name, domain and path replace the earlier cookie, which keeps its place.
    let same = jar
        .iter()
        .position(|c| c.name == name && c.domain == domain && c.path == path);
    let created = same.and_then(|i| jar.get(i)).map_or(line, |c| c.created);
    let replaced = same.map(|i| jar.remove(i)).is_some();
    if let Some(why) = expired {
        // A deletion that deletes nothing, with no value, is a clean-up: not worth a word.
        if replaced || !value.is_empty() {
            out.not_sent(not_sent(why));
        }
        return;
    }
    if jar.len() >= MAX_JAR_COOKIES {
        return ignore(out, IgnoredWhy::TooMany);
    }
    let stored = Stored {
        name,
        value,
        domain,
        path,
        line,
        created,
    };
    match same {
        Some(i) if i <= jar.len() => jar.insert(i, stored),
        _ => jar.push(stored),
    }
}

/// The attributes after a `Set-Cookie` line's pair (RFC 6265 5.2): the last of each name wins.
fn read_attributes<'a>(attributes: &'a str, ignore: &mut impl FnMut(IgnoredWhy)) -> Attributes<'a> {
    let mut attrs = Attributes::default();
    for attribute in attributes.split(';') {
        let (name, value) = attribute.split_once('=').unwrap_or((attribute, ""));
        let (name, value) = (name.trim(), value.trim());
        let is = |known: &str| name.eq_ignore_ascii_case(known);
        if value.len() > MAX_ATTRIBUTE_VALUE_BYTES {
            ignore(IgnoredWhy::LongAttribute);
            continue;
        }
        if is("expires") {
            match parse_cookie_date(value) {
                Some(t) => attrs.expires = Some(t),
                None => ignore(IgnoredWhy::BadExpires),
            }
        } else if is("max-age") {
            let digits = value.strip_prefix('-').unwrap_or(value);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                attrs.max_age = Some(value);
            } else {
                ignore(IgnoredWhy::BadMaxAge);
            }
        } else if is("domain") {
            let domain = value.strip_prefix('.').unwrap_or(value);
            if domain.is_empty() {
                ignore(IgnoredWhy::EmptyDomain);
            } else {
                attrs.domain = Some(domain.to_ascii_lowercase());
            }
        } else if is("path") {
            attrs.path = Some(value);
        } else if is("secure") {
            attrs.secure = true;
        }
    }
    attrs
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}
