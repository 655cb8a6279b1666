//! Matching a request URL against a policy's `Resource`, as CloudFront's developer guide describes
//! it ("Create a signed URL using a custom policy", values of `Resource`; sources and open
//! questions in `docs/research/cloudfront-verification.md`).
//!
//! - `*` matches zero or more characters and `?` exactly one, each **within its section**:
//!   `[protocol]://[domain]/[path]?[query string]`.
//! - The policy's query section starts at the first `\?` or, failing that, the first `?` after the
//!   domain; every other `?` is a one-character wildcard. So a path wildcard `?` needs the query
//!   separator written `\?` (`/v?.mp4\?*`), as in the guide's `[path]\?[query string]`, while a
//!   policy written the usual way (`/a.jpg?size=large`) keeps its literal query.
//! - Exceptions, from the guide: a trailing `*` in the path also covers the query string
//!   (`/hello*` ≡ `/hello*\?*`); a trailing `*` in the domain covers path and query
//!   (`example.com*` ≡ `example.com*/*\?*`); a resource may omit the protocol and start with `*`
//!   (`*example.com` ≡ `*://*example.com/`); a lone `*` matches any URL.
//! - A policy without a query section matches only requests without a query (after the signing
//!   parameters are removed).
//! - Bytes are compared exactly, without percent-decoding or case folding: CloudFront checks the
//!   URL as the viewer sent it, and URLs re-encoded after signing are refused.
//!
//! That **section reading** is one of two. The AWS CLI's own check before signing
//! (`SignCommand._get_policy_resource` in `awscli/customizations/cloudfront/sign.py`) reads the
//! resource as **one string**: `*` any run and `?` any one character, across sections, with no
//! query separator and no exceptions (`re.fullmatch` of `*`→`.*`, `?`→`.`). Which one CloudFront
//! applies where they differ (`https://host/season?/ep?.mp4` for `/season1/ep7.mp4`) has not been
//! confirmed by a live test. [`ResourceReadings`] gives both: the signer signs when either matches
//! (never stricter than the AWS CLI), and the verifier decides on the section reading and says so
//! whenever the two disagree.

use alloc::string::{String, ToString};

/// Whether `url` (without signing parameters) matches the resource `pattern`.
pub fn resource_matches(pattern: &str, url: &str) -> bool {
    ResourcePattern::new(pattern).matches(url)
}

/// A resource pattern read once, for matching many URLs against it ([`resource_matches`]'s
/// rule, without cutting the pattern into its sections for each URL: a playlist's segments).
#[derive(Clone, Copy)]
pub struct ResourcePattern<'a> {
    pattern: &'a str,
    sections: Option<Sections<'a>>,
}

impl<'a> ResourcePattern<'a> {
    /// Reads `pattern`.
    pub fn new(pattern: &'a str) -> Self {
        Self {
            pattern,
            sections: Sections::of_pattern(pattern),
        }
    }

    /// [`resource_matches`] of this pattern and `url`.
    pub fn matches(&self, url: &str) -> bool {
        if self.pattern == "*" {
            return true;
        }
        let Some(p) = &self.sections else {
            // Not in the guide's shape: fall back to a whole-string match.
            return glob(self.pattern.as_bytes(), url.as_bytes());
        };
        let Some(u) = Sections::of_url(url) else {
            return false;
        };
        glob(p.protocol, u.protocol)
            && glob(p.domain, u.domain)
            && glob(p.path, u.path)
            && match (p.query, u.query) {
                (Some(pq), uq) => glob(pq, uq.unwrap_or(b"")),
                (None, uq) => uq.is_none(),
            }
    }

    /// Whether it matches every URL made of `folder` (an absolute URL whose path ends in `/`,
    /// without query) and a name without `/`, `?` or `#`, whatever the name: proved for a lone
    /// `*`, and for a literal protocol and domain equal to the folder's with a path of a literal
    /// and one trailing `*` (a prefix policy, `https://host/videos/*`) that the folder's path
    /// starts with. `false` when not proved: match each URL then. (A playlist's segments share
    /// a folder: one proof for all of them.)
    pub(crate) fn covers_folder(&self, folder: &str) -> bool {
        if self.pattern == "*" {
            return true;
        }
        let (Some(p), Some(u)) = (&self.sections, Sections::of_url(folder)) else {
            return false;
        };
        let literal = |b: &[u8]| !b.iter().any(|c| matches!(c, b'*' | b'?' | b'\\'));
        let path_prefix = match p.path.split_last() {
            Some((b'*', head)) if literal(head) => head,
            _ => return false,
        };
        literal(p.protocol)
            && literal(p.domain)
            && p.protocol == u.protocol
            && p.domain == u.domain
            && p.query == Some(b"*")
            && u.query.is_none()
            && folder.ends_with('/')
            && u.path.starts_with(path_prefix)
    }
}

/// Whether a custom policy's resource `pattern` holds a wildcard under the section reading
/// ([`resource_matches`]): a `*`, or a `?` other than the one that starts the query (the first
/// `\?`, else the first `?` after the domain) and other than an escaped `\?`. So
/// `https://host/a.jpg?size=large` has none, `https://host/v?.mp4\?*` has two. (A canned
/// policy's resource is the request URL itself: it has no wildcards, whatever it holds.)
pub fn has_wildcard(pattern: &str) -> bool {
    let any = |b: &[u8]| {
        let mut escaped = false;
        b.iter().any(|&c| {
            let wild = !escaped && matches!(c, b'*' | b'?');
            escaped = c == b'\\';
            wild
        })
    };
    match Sections::of_pattern(pattern) {
        Some(s) => any(s.protocol) || any(s.domain) || any(s.path) || s.query.is_some_and(any),
        None => any(pattern.as_bytes()),
    }
}

/// Whether `url` matches `pattern` read as one string, as the AWS CLI checks it before signing:
/// `*` matches any run of bytes and `?` any one (one character in the ASCII the AWS CLI requires),
/// across the protocol, domain, path and query alike; everything else is literal, compared
/// exactly. (`\?`, possible only in policy JSON since the AWS CLI refuses backslashes, is a
/// literal `?` here as in the section reading.)
pub fn whole_string_matches(pattern: &str, url: &str) -> bool {
    glob(pattern.as_bytes(), url.as_bytes())
}

/// A URL against a resource pattern under both readings of CloudFront's developer guide (see the
/// module documentation): section by section, and as one string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceReadings {
    /// [`resource_matches`]: `[protocol]://[domain]/[path]?[query]`, each wildcard within its
    /// section, the first `?` after the domain separating the query (the verifier's reading).
    pub section: bool,
    /// [`whole_string_matches`]: every `*` and `?` a wildcard over the whole string (the AWS
    /// CLI's reading).
    pub whole_string: bool,
}

impl ResourceReadings {
    /// Both readings of `pattern` for `url` (without signing parameters).
    pub fn of(pattern: &str, url: &str) -> Self {
        Self {
            section: resource_matches(pattern, url),
            whole_string: whole_string_matches(pattern, url),
        }
    }

    /// Whether either reading matches: what a signer accepts, so that it signs whatever the AWS
    /// CLI signs.
    pub fn either(self) -> bool {
        self.section || self.whole_string
    }

    /// Whether the two readings give the same answer.
    pub fn agree(self) -> bool {
        self.section == self.whole_string
    }
}

/// The cookie `Path` under which a browser sends cookies for `pattern`: its path up to the last
/// `/` before the first wildcard (`https://media.example.com/videos/*` gives `/videos/`), or `/`
/// when the protocol or domain has a wildcard. `None` when the pattern has no domain or is not in
/// the guide's `[protocol]://[domain]/[path]` shape.
pub fn cookie_path(pattern: &str) -> Option<String> {
    let s = Sections::of_pattern(pattern)?;
    if s.domain.is_empty() {
        return None;
    }
    let wild = |b: &[u8]| b.iter().any(|c| matches!(c, b'*' | b'?'));
    if wild(s.protocol) || wild(s.domain) {
        return Some("/".to_string());
    }
    let literal_end = s
        .path
        .iter()
        .position(|c| matches!(c, b'*' | b'?' | b'\\'))
        .unwrap_or(s.path.len());
    let literal = s.path.get(..literal_end).unwrap_or_default();
    Some(match literal.iter().rposition(|&c| c == b'/') {
        Some(slash) => String::from_utf8_lossy(literal.get(..=slash).unwrap_or(b"/")).into_owned(),
        None => "/".to_string(),
    })
}

/// The absolute URL every relative path under `pattern` is resolved against: its protocol,
/// domain and path up to the last `/` before the first wildcard
/// (`https://d111111abcdef8.cloudfront.net/videos/123/*` gives
/// `https://d111111abcdef8.cloudfront.net/videos/123/`), the path from [`cookie_path`]. `None`
/// when the protocol or the domain holds a wildcard (or is empty), or the pattern is not in the
/// guide's `[protocol]://[domain]/[path]` shape.
pub fn literal_base(pattern: &str) -> Option<String> {
    let s = Sections::of_pattern(pattern)?;
    let wild = |b: &[u8]| b.iter().any(|c| matches!(c, b'*' | b'?'));
    if s.domain.is_empty() || s.protocol.is_empty() || wild(s.protocol) || wild(s.domain) {
        return None;
    }
    let path = cookie_path(pattern)?;
    let mut base = String::with_capacity(pattern.len());
    base.push_str(core::str::from_utf8(s.protocol).ok()?);
    base.push_str("://");
    base.push_str(core::str::from_utf8(s.domain).ok()?);
    base.push_str(&path);
    Some(base)
}

/// One URL or pattern cut into the guide's four sections.
#[derive(Clone, Copy)]
struct Sections<'a> {
    protocol: &'a [u8],
    domain: &'a [u8],
    path: &'a [u8],
    query: Option<&'a [u8]>,
}

impl<'a> Sections<'a> {
    fn of_pattern(pattern: &'a str) -> Option<Self> {
        Self::of(pattern, true)
    }

    fn of_url(url: &'a str) -> Option<Self> {
        Self::of(url, false)
    }

    /// A resource `pattern`, with the guide's exceptions and `\?`, or a URL: one reading for both.
    fn of(text: &'a str, pattern: bool) -> Option<Self> {
        let b = text.as_bytes();
        // A byte search: `str::find` of a three-byte needle sets up a two-way searcher per
        // call, which costs more than the short scan (a playlist matches thousands of URLs).
        let (protocol, rest): (&[u8], &[u8]) = match b.windows(3).position(|w| w == b"://") {
            Some(i) => cut(b, i, 3),
            // Exception 3: no protocol, starting with `*` in the domain.
            None if pattern && b.first() == Some(&b'*') => (b"*", b),
            None => return None,
        };
        let domain_end = rest
            .iter()
            .position(|&c| c == b'/' || c == b'?' || (pattern && c == b'\\'))
            .unwrap_or(rest.len());
        let (domain, rest) = rest.split_at(domain_end);
        if pattern && rest.is_empty() && domain.last() == Some(&b'*') {
            // Exception 2: `example.com*` ≡ `example.com*/*\?*`.
            return Some(Self {
                protocol,
                domain,
                path: b"/*",
                query: Some(b"*"),
            });
        }
        // A pattern's query starts at the first `\?`, else (and a URL's) at the first `?`.
        let escaped = match pattern {
            true => rest.windows(2).position(|w| w == b"\\?"),
            false => None,
        };
        let split = match escaped {
            Some(i) => Some((i, 2)),
            None => rest.iter().position(|&c| c == b'?').map(|i| (i, 1)),
        };
        let (path, query) = match split {
            Some((i, skip)) => {
                let (path, query) = cut(rest, i, skip);
                (path, Some(query))
            }
            None => (rest, None),
        };
        let path: &[u8] = if path.is_empty() { b"/" } else { path };
        // Exception 1: a trailing `*` in the path implies `\?*`.
        let query = match query {
            None if pattern && path.last() == Some(&b'*') => Some(&b"*"[..]),
            q => q,
        };
        Some(Self {
            protocol,
            domain,
            path,
            query,
        })
    }
}

/// `b` before `at`, and after the `skip` bytes at `at` (empty past the end: never panics).
fn cut(b: &[u8], at: usize, skip: usize) -> (&[u8], &[u8]) {
    let before = b.get(..at).unwrap_or(b);
    let after = at
        .checked_add(skip)
        .and_then(|from| b.get(from..))
        .unwrap_or_default();
    (before, after)
}

/// Glob over bytes: `*` any run, `?` one byte, `\?` a literal `?`. Iterative with one backtrack
/// point, so `O(pattern × text)` at worst, never exponential.
fn glob(p: &[u8], t: &[u8]) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while let Some(&tc) = t.get(ti) {
        let step = match p.get(pi) {
            Some(b'*') => {
                star = Some((pi + 1, ti));
                pi += 1;
                continue;
            }
            Some(b'\\') if p.get(pi + 1) == Some(&b'?') => (tc == b'?').then_some(2),
            Some(b'?') => Some(1),
            Some(&c) => (c == tc).then_some(1),
            None => None,
        };
        match (step, star) {
            (Some(n), _) => {
                pi += n;
                ti += 1;
            }
            (None, Some((sp, st))) => {
                pi = sp;
                ti = st + 1;
                star = Some((sp, st + 1));
            }
            (None, None) => return false,
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests;
