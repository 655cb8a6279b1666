//! URI references in a playlist: resolving them against the playlist's URL (RFC 3986, section
//! 5.2, with the WHATWG URL Standard's readings that browsers and players apply to `http(s)`
//! URLs: `\` as `/`, `%2e` as `.` in dot segments, the scheme and host in lower case, the default
//! port dropped), and where the signing parameters go in one.

use alloc::string::String;

/// The five parts of a URI reference (RFC 3986, appendix B), as slices of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Parts<'a> {
    pub scheme: Option<&'a str>,
    pub authority: Option<&'a str>,
    pub path: &'a str,
    pub query: Option<&'a str>,
}

impl<'a> Parts<'a> {
    /// RFC 3986's appendix B: `^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?`,
    /// without the fragment.
    pub fn of(reference: &'a str) -> Self {
        let without_fragment = reference.split_once('#').map_or(reference, |(r, _)| r);
        let (rest, query) = match without_fragment.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (without_fragment, None),
        };
        let scheme_end = rest.find([':', '/']).filter(|&i| {
            i > 0 && rest.as_bytes().get(i) == Some(&b':') && is_scheme(rest.get(..i).unwrap_or(""))
        });
        let (scheme, rest) = match scheme_end {
            Some(i) => (rest.get(..i), rest.get(i + 1..).unwrap_or("")),
            None => (None, rest),
        };
        let (authority, path) = match rest.strip_prefix("//") {
            Some(after) => {
                let end = after.find('/').unwrap_or(after.len());
                (after.get(..end), after.get(end..).unwrap_or(""))
            }
            None => (None, rest),
        };
        Self {
            scheme,
            authority,
            path,
            query,
        }
    }
}

/// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Whether `scheme` is `http` or `https`, in any case.
pub(crate) fn is_http(scheme: &str) -> bool {
    scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
}

/// The absolute URL (without its fragment) that `reference` names relative to `base` (an
/// absolute `http(s)` URL): RFC 3986's section 5.2.2. `None` for a reference with another
/// scheme (`data:`, `skd:`), which is not a request to CloudFront, or a base that is not an
/// absolute `http(s)` URL.
pub(crate) fn resolve(base: &str, reference: &str) -> Option<String> {
    let b = Parts::of(base);
    let base_scheme = b.scheme.filter(|s| is_http(s))?;
    let base_authority = b.authority?;
    // Browsers read `\` as `/` in http(s) URLs.
    let owned;
    let reference = if reference.contains('\\') {
        owned = reference.replace('\\', "/");
        owned.as_str()
    } else {
        reference
    };
    let r = Parts::of(reference);
    let mut out = String::with_capacity(base.len() + reference.len());
    let (scheme, authority, path, query, merge_with): (
        &str,
        &str,
        &str,
        Option<&str>,
        Option<&str>,
    ) = match (r.scheme, r.authority) {
        (Some(s), _) if !is_http(s) => return None,
        (Some(s), Some(a)) => (s, a, r.path, r.query, None),
        // `http:foo` is relative to an http base in browsers; RFC 3986's strict reading
        // makes it absolute with an empty authority, which no request can have.
        (Some(s), None) if s.eq_ignore_ascii_case(base_scheme) => {
            return resolve(base, reference.get(s.len() + 1..).unwrap_or(""));
        }
        (Some(_), None) => return None,
        (None, Some(a)) => (base_scheme, a, r.path, r.query, None),
        (None, None) if r.path.is_empty() => (
            base_scheme,
            base_authority,
            b.path,
            r.query.or(b.query),
            None,
        ),
        (None, None) if r.path.starts_with('/') => {
            (base_scheme, base_authority, r.path, r.query, None)
        }
        (None, None) => (base_scheme, base_authority, "", r.query, Some(r.path)),
    };
    for c in scheme.chars() {
        out.push(c.to_ascii_lowercase());
    }
    out.push_str("://");
    push_authority(&mut out, scheme, authority);
    let path_start = out.len();
    match merge_with {
        // Section 5.2.3: the base path up to its last `/`, then the reference's path.
        Some(relative) => {
            let base_path = if b.path.is_empty() { "/" } else { b.path };
            let dir = base_path
                .rfind('/')
                .map_or("/", |i| base_path.get(..=i).unwrap_or("/"));
            push_without_dot_segments(&mut out, dir, relative);
        }
        None => push_without_dot_segments(&mut out, path, ""),
    }
    if out.len() == path_start {
        out.push('/');
    }
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    Some(out)
}

/// [`resolve`] against a base that is itself a result of [`resolve`] (every base the readers
/// use: the playlist's URL resolved, or a `BaseURL` resolved). A plain name ([`is_plain_name`])
/// is the base's folder ([`folder_of_resolved`]) and the name, found without parsing either
/// again: a playlist's usual entry.
pub(crate) fn resolve_against_resolved(base: &str, reference: &str) -> Option<String> {
    if !is_plain_name(reference) {
        return resolve(base, reference);
    }
    let folder = folder_of_resolved(base)?;
    let mut url = String::with_capacity(folder.len() + reference.len());
    url.push_str(folder);
    url.push_str(reference);
    Some(url)
}

/// A name that resolves to its base's folder followed by itself (`segment_00042.m4s`): not
/// empty, not `.` or `..`, and only unreserved characters, sub-delims and `@` (no `/`, `\`,
/// `?`, `#`, `%` or `:`).
pub(crate) fn is_plain_name(reference: &str) -> bool {
    !reference.is_empty()
        && reference != "."
        && reference != ".."
        && reference
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&b))
}

/// The folder of a base that is a result of [`resolve`]: up to its path's last `/`, without
/// its query. A plain name resolves against `base` to this and the name.
pub(crate) fn folder_of_resolved(base: &str) -> Option<&str> {
    let without_query = base.split_once('?').map_or(base, |(u, _)| u);
    without_query
        .rfind('/')
        .and_then(|i| without_query.get(..=i))
}

/// The authority with its host in lower case and the scheme's default port dropped, as browsers
/// send it.
fn push_authority(out: &mut String, scheme: &str, authority: &str) {
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    if let Some(u) = userinfo {
        out.push_str(u);
        out.push('@');
    }
    let port_at = hostport
        .rfind(':')
        .filter(|&i| !hostport.get(i..).unwrap_or("").contains(']'));
    let (host, port) = match port_at {
        Some(i) => (hostport.get(..i).unwrap_or(""), hostport.get(i + 1..)),
        None => (hostport, None),
    };
    for c in host.chars() {
        out.push(c.to_ascii_lowercase());
    }
    let default = if scheme.eq_ignore_ascii_case("https") {
        "443"
    } else {
        "80"
    };
    if let Some(port) = port.filter(|p| !p.is_empty() && *p != default) {
        out.push(':');
        out.push_str(port);
    }
}

/// Whether a path segment is `.` as browsers read it (`%2e` too).
fn is_dot(segment: &str) -> bool {
    segment == "." || segment.eq_ignore_ascii_case("%2e")
}

/// Whether a path segment is `..` as browsers read it (`.%2e`, `%2e.`, `%2e%2e` too).
fn is_dot_dot(segment: &str) -> bool {
    let b = segment.as_bytes();
    let unit = |s: &[u8]| s == b"." || s.eq_ignore_ascii_case(b"%2e");
    // `.` is one byte and `%2e` three: split after the first unit.
    [1, 3].into_iter().any(|at| {
        at < b.len() && b.split_at(at).0 != b"" && unit(b.split_at(at).0) && unit(b.split_at(at).1)
    })
}

/// Appends the path `first` followed by `second` with its dot segments removed (RFC 3986,
/// section 5.2.4, segment by segment): `/a/./b/../c` gives `/a/c`; `..` above the root stays at
/// the root; a path ending in `.` or `..` keeps its trailing `/`.
fn push_without_dot_segments(out: &mut String, first: &str, second: &str) {
    let start = out.len();
    let mut path = String::with_capacity(first.len() + second.len());
    path.push_str(first);
    path.push_str(second);
    let absolute = path.starts_with('/');
    let mut parts = path.split('/').skip(usize::from(absolute)).peekable();
    let mut trailing_slash = false;
    while let Some(segment) = parts.next() {
        let at_end = parts.peek().is_none();
        if is_dot(segment) || is_dot_dot(segment) {
            if is_dot_dot(segment) {
                let written = out.get(start..).unwrap_or("");
                out.truncate(written.rfind('/').map_or(start, |i| start + i));
            }
            trailing_slash = at_end;
            continue;
        }
        if absolute || out.len() > start {
            out.push('/');
        }
        out.push_str(segment);
    }
    if trailing_slash {
        out.push('/');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 3986, section 5.4: the normal and abnormal examples.
    #[test]
    fn rfc3986_examples() {
        let base = "http://a/b/c/d;p?q";
        let cases = [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g/"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q"),
            ("g#s", "http://a/b/c/g"),
            ("g?y#s", "http://a/b/c/g?y"),
            (";x", "http://a/b/c/;x"),
            ("g;x", "http://a/b/c/g;x"),
            ("g;x?y#s", "http://a/b/c/g;x?y"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("../../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            (".g", "http://a/b/c/.g"),
            ("g..", "http://a/b/c/g.."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("./g/.", "http://a/b/c/g/"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
            ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
            ("g;x=1/../y", "http://a/b/c/y"),
            ("g?y/./x", "http://a/b/c/g?y/./x"),
            ("g?y/../x", "http://a/b/c/g?y/../x"),
            ("g#s/./x", "http://a/b/c/g"),
            ("g#s/../x", "http://a/b/c/g"),
            // RFC 3986 leaves `http:g` absolute ("for strict parsers"); browsers read it as `g`.
            ("http:g", "http://a/b/c/g"),
        ];
        for (reference, want) in cases {
            assert_eq!(
                resolve(base, reference).as_deref(),
                Some(want),
                "{reference}"
            );
        }
    }

    #[test]
    fn plain_names_resolve_as_resolve_does() {
        for base in [
            "https://d/a/b/c.m3u8?x=1",
            "https://d/a/",
            "https://d/",
            "http://d:8080/a/b",
        ] {
            let resolved = resolve(base, "").unwrap();
            for name in ["seg.ts", "a$Number$.m4s", "x..y", ".g", "g.", "a&b=c", "@x"] {
                assert_eq!(
                    resolve_against_resolved(&resolved, name),
                    resolve(&resolved, name),
                    "{base} {name}"
                );
            }
        }
    }

    #[test]
    fn browser_readings() {
        let base = "HTTPS://D111.CloudFront.net:443/videos/1/master.m3u8";
        assert_eq!(
            resolve(base, "a.ts").as_deref(),
            Some("https://d111.cloudfront.net/videos/1/a.ts")
        );
        assert_eq!(
            resolve(base, "%2e%2e/x.ts").as_deref(),
            Some("https://d111.cloudfront.net/videos/x.ts")
        );
        assert_eq!(
            resolve(base, ".%2E/x.ts").as_deref(),
            Some("https://d111.cloudfront.net/videos/x.ts")
        );
        assert_eq!(
            resolve(base, "..\\x.ts").as_deref(),
            Some("https://d111.cloudfront.net/videos/x.ts")
        );
        assert_eq!(
            resolve(base, "%2F..%2Fx.ts").as_deref(),
            Some("https://d111.cloudfront.net/videos/1/%2F..%2Fx.ts")
        );
        assert_eq!(
            resolve(base, "https://other:8443/x").as_deref(),
            Some("https://other:8443/x")
        );
        assert_eq!(resolve(base, "data:text/plain,x"), None);
        assert_eq!(resolve(base, "skd://key"), None);
        assert_eq!(resolve("data:x", "a.ts"), None);
        assert_eq!(resolve("/relative/base", "a.ts"), None);
    }
}
