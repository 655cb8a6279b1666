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

use alloc::string::{String, ToString};

/// Whether `url` (without signing parameters) matches the resource `pattern`.
pub fn resource_matches(pattern: &str, url: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let Some(p) = Sections::of_pattern(pattern) else {
        // Not in the guide's shape: fall back to a whole-string match.
        return glob(pattern.as_bytes(), url.as_bytes());
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

/// One URL or pattern cut into the guide's four sections.
struct Sections<'a> {
    protocol: &'a [u8],
    domain: &'a [u8],
    path: &'a [u8],
    query: Option<&'a [u8]>,
}

impl<'a> Sections<'a> {
    fn of_pattern(pattern: &'a str) -> Option<Self> {
        let b = pattern.as_bytes();
        let (protocol, rest): (&[u8], &[u8]) = match pattern.find("://") {
            Some(i) => (&b[..i], &b[i + 3..]),
            // Exception 3: no protocol, starting with `*` in the domain.
            None if pattern.starts_with('*') => (b"*", b),
            None => return None,
        };
        let domain_end = rest
            .iter()
            .position(|&c| c == b'/' || c == b'?' || c == b'\\')
            .unwrap_or(rest.len());
        let (domain, rest) = rest.split_at(domain_end);
        if rest.is_empty() && domain.ends_with(b"*") {
            // Exception 2: `example.com*` ≡ `example.com*/*\?*`.
            return Some(Self {
                protocol,
                domain,
                path: b"/*",
                query: Some(b"*"),
            });
        }
        let (path, query) = split_query(rest);
        let path: &[u8] = if path.is_empty() { b"/" } else { path };
        // Exception 1: a trailing `*` in the path implies `\?*`.
        let query = match query {
            None if path.ends_with(b"*") => Some(&b"*"[..]),
            q => q,
        };
        Some(Self {
            protocol,
            domain,
            path,
            query,
        })
    }

    fn of_url(url: &'a str) -> Option<Self> {
        let b = url.as_bytes();
        let i = url.find("://")?;
        let (protocol, rest) = (&b[..i], &b[i + 3..]);
        let domain_end = rest
            .iter()
            .position(|&c| c == b'/' || c == b'?')
            .unwrap_or(rest.len());
        let (domain, rest) = rest.split_at(domain_end);
        let (path, query) = match rest.iter().position(|&c| c == b'?') {
            Some(q) => (&rest[..q], Some(&rest[q + 1..])),
            None => (rest, None),
        };
        let path: &[u8] = if path.is_empty() { b"/" } else { path };
        Some(Self {
            protocol,
            domain,
            path,
            query,
        })
    }
}

/// Splits a pattern's path from its query at the first `\?`, else the first `?`.
fn split_query(rest: &[u8]) -> (&[u8], Option<&[u8]>) {
    if let Some(i) = rest.windows(2).position(|w| w == b"\\?") {
        return (&rest[..i], Some(&rest[i + 2..]));
    }
    match rest.iter().position(|&c| c == b'?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    }
}

/// Glob over bytes: `*` any run, `?` one byte, `\?` a literal `?`. Iterative with one backtrack
/// point, so `O(pattern × text)` at worst, never exponential.
fn glob(p: &[u8], t: &[u8]) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        let step = match p.get(pi) {
            Some(b'*') => {
                star = Some((pi + 1, ti));
                pi += 1;
                continue;
            }
            Some(b'\\') if p.get(pi + 1) == Some(&b'?') => (t[ti] == b'?').then_some(2),
            Some(b'?') => Some(1),
            Some(&c) => (c == t[ti]).then_some(1),
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
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::resource_matches as m;
    use alloc::format;

    #[test]
    fn cookie_path_is_the_folder_before_the_first_wildcard() {
        let p = |pattern: &str| super::cookie_path(pattern);
        assert_eq!(p("https://media.example.com/videos/*").unwrap(), "/videos/");
        assert_eq!(
            p("https://media.example.com/videos/free/*").unwrap(),
            "/videos/free/"
        );
        assert_eq!(
            p("https://media.example.com/videos/ep*.mp4").unwrap(),
            "/videos/"
        );
        assert_eq!(p("https://media.example.com/v?/a.mp4").unwrap(), "/");
        assert_eq!(p("https://*.example.com/videos/*").unwrap(), "/");
        assert_eq!(p("https://media.example.com*").unwrap(), "/");
        assert_eq!(p("https://media.example.com/a.mp4").unwrap(), "/");
        assert_eq!(p("https:///videos/*"), None);
        assert_eq!(p("videos/*"), None);
    }

    const D: &str = "https://d111111abcdef8.cloudfront.net";

    #[test]
    fn the_guides_examples() {
        assert!(m(
            "https://www.example.com/hello*world",
            "https://www.example.com/helloworld"
        ));
        assert!(m(
            "https://www.example.com/hello*world",
            "https://www.example.com/hello-world"
        ));
        assert!(!m(
            "https://www.example.com/hello*world",
            "https://www.example.net/hello?world"
        ));
        let game = format!("{D}/*game_download.zip*");
        assert!(m(&game, &format!("{D}/game_download.zip")));
        assert!(m(
            &game,
            &format!("{D}/example_game_download.zip?license=yes")
        ));
        assert!(m(
            &game,
            &format!("{D}/test_game_download.zip?license=temp")
        ));
        assert!(m(
            &format!("{D}/training/*"),
            &format!("{D}/training/orientation.pdf")
        ));
        assert!(m("https://*", &format!("{D}/training/orientation.pdf")));
        assert!(!m(
            "https://*",
            "http://d111111abcdef8.cloudfront.net/training/orientation.pdf"
        ));
        assert!(m("*", "http://anything.example/x?y=1"));
        assert!(m(
            &format!("{D}/images/horizon.jpg?size=large&license=yes"),
            &format!("{D}/images/horizon.jpg?size=large&license=yes")
        ));
        assert!(m(
            &format!("{D}/images/horizon.jpg\\?size=large&license=yes"),
            &format!("{D}/images/horizon.jpg?size=large&license=yes")
        ));
    }

    #[test]
    fn the_guides_exceptions() {
        // 1. A trailing * in the path covers the query.
        assert!(m(
            "http://example.com/hello*",
            "http://example.com/hello/a?b=c"
        ));
        // Without it, a query is not covered.
        assert!(!m(
            "http://example.com/hello*x",
            "http://example.com/hellox?b=c"
        ));
        assert!(!m(
            "http://example.com/a.jpg",
            "http://example.com/a.jpg?b=c"
        ));
        // 2. A trailing * in the domain covers path and query.
        assert!(m("http://example.com*", "http://example.com.evil/x?y"));
        assert!(m("http://example.com*", "http://example.com/x?y"));
        // 3. No protocol, starting with *: the root path only.
        assert!(m("*example.com", "https://www.example.com/"));
        assert!(m("*example.com", "http://example.com"));
        assert!(!m("*example.com", "https://www.example.com/x.jpg"));
        // 4. A lone * matches anything.
        assert!(m("*", ""));
    }

    #[test]
    fn wildcards_stay_in_their_section() {
        // * in the path does not cross into the query.
        assert!(!m(&format!("{D}/a*b"), &format!("{D}/a?x=b")));
        assert!(m(&format!("{D}/a*b"), &format!("{D}/a/c/b")));
        // * in the domain does not cross into the path.
        assert!(!m(
            "https://*.example.com/a",
            "https://x.example.com/evil/a"
        ));
        assert!(m("https://*.example.com/a", "https://cdn.example.com/a"));
        assert!(m("http*://example.com/a", "https://example.com/a"));
        assert!(m("http*://example.com/a", "http://example.com/a"));
        // ? is one character; in the path only once the query separator is written `\?`.
        assert!(m(&format!("{D}/v?.mp4\\?"), &format!("{D}/v1.mp4")));
        assert!(!m(&format!("{D}/v?.mp4\\?"), &format!("{D}/v12.mp4")));
        assert!(m(&format!("{D}/v?.mp4\\?*"), &format!("{D}/v1.mp4?a=b")));
        // Without `\?`, the first `?` starts the query.
        assert!(!m(&format!("{D}/v?.mp4"), &format!("{D}/v1.mp4")));
        assert!(m(&format!("{D}/v?.mp4"), &format!("{D}/v?.mp4")));
        // Query wildcards.
        assert!(m(
            &format!("{D}/a.jpg?size=*"),
            &format!("{D}/a.jpg?size=large")
        ));
        assert!(!m(
            &format!("{D}/a.jpg?size=*"),
            &format!("{D}/a.jpg?width=1")
        ));
        assert!(m(&format!("{D}/a.jpg?*"), &format!("{D}/a.jpg")));
        // Exact bytes: no decoding, no case folding.
        assert!(!m(&format!("{D}/a%20b"), &format!("{D}/a b")));
        assert!(!m(&format!("{D}/A.jpg"), &format!("{D}/a.jpg")));
    }

    #[test]
    fn pathological_patterns_stay_fast() {
        let url = format!("{D}/{}b", "a".repeat(8000));
        assert!(!m(&format!("{D}/{}", "*a".repeat(200)), &url));
    }
}
