//! RFC 6265's matching rules: the request's host and path, domain-match (5.1.3), the default path
//! and path-match (5.1.4).

use alloc::string::{String, ToString};

/// What a browser compares cookies with: the request's scheme, host and path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestTarget {
    /// Whether the scheme is `https`.
    pub secure: bool,
    /// The host, lowercase, without user information, port or brackets' contents changed.
    pub host: String,
    /// The path, as sent (percent-encoded), `/` when empty.
    pub path: String,
}

impl RequestTarget {
    /// The scheme, host and path of an `http://` or `https://` URL; `None` for anything else.
    pub fn of(url: &str) -> Option<Self> {
        let url = url.trim();
        let (scheme, rest) = url.split_once("://")?;
        let secure = match scheme {
            s if s.eq_ignore_ascii_case("https") => true,
            s if s.eq_ignore_ascii_case("http") => false,
            _ => return None,
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(end);
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host = match host.strip_prefix('[') {
            // An IPv6 literal: up to its `]`.
            Some(v6) => v6.split_once(']').map(|(v6, _)| v6)?,
            None => host.split_once(':').map_or(host, |(h, _)| h),
        };
        if host.is_empty() {
            return None;
        }
        let path_end = rest.find(['?', '#']).unwrap_or(rest.len());
        let path = rest
            .get(..path_end)
            .filter(|p| !p.is_empty())
            .unwrap_or("/");
        Some(Self {
            secure,
            host: host.to_ascii_lowercase(),
            path: path.to_string(),
        })
    }

    /// The path a cookie without a (valid) `Path` gets: the request path up to, not including,
    /// its last `/`; `/` when that leaves nothing (RFC 6265 5.1.4).
    pub fn default_path(&self) -> String {
        match self.path.rfind('/') {
            Some(0) | None => "/".to_string(),
            Some(i) => self.path.get(..i).unwrap_or("/").to_string(),
        }
    }
}

/// Whether a cookie `Domain` covers `host` (RFC 6265 5.1.3, "domain-match"): the same name
/// (case-insensitive), or `host` a host name ending in `.` + `domain`. An IP address matches only
/// itself. A leading `.` of `domain` is ignored, as browsers ignore it.
pub fn domain_matches(host: &str, domain: &str) -> bool {
    let domain = domain.strip_prefix('.').unwrap_or(domain);
    if domain.is_empty() || host.is_empty() {
        return false;
    }
    if host.eq_ignore_ascii_case(domain) {
        return true;
    }
    let is_ip = host.parse::<core::net::IpAddr>().is_ok() || host.contains(':');
    let Some(cut) = host.len().checked_sub(domain.len() + 1) else {
        return false;
    };
    !is_ip
        && host.as_bytes().get(cut) == Some(&b'.')
        && host
            .get(cut + 1..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(domain))
}

/// Whether a cookie's `path` covers the request path (RFC 6265 5.1.4, "path-match"): the same
/// path, or a prefix of it that ends with `/` or is followed by `/`.
pub fn path_matches(request_path: &str, path: &str) -> bool {
    match request_path.strip_prefix(path) {
        Some("") => true,
        Some(rest) => path.ends_with('/') || rest.starts_with('/'),
        None => false,
    }
}

/// Whether `domain` (lowercase, without a leading dot) is a public suffix that a browser refuses
/// as a cookie's `Domain` (RFC 6265 5.3, step 5): a single label (`com`, `net`) or
/// `cloudfront.net`, which the Public Suffix List holds ("Amazon CloudFront", in its private
/// section), so that one distribution's cookies never reach another's. The rest of the list is not
/// shipped (`co.uk` is not known here).
pub fn is_public_suffix(domain: &str) -> bool {
    !domain.contains('.') || domain.eq_ignore_ascii_case("cloudfront.net")
}

/// Whether a browser sends a cookie with this `Domain` (a leading dot ignored) to `host`: the
/// domain-match ([`domain_matches`]), and not a public suffix other than the host itself
/// ([`is_public_suffix`]).
pub fn domain_covers(host: &str, domain: &str) -> bool {
    let domain = domain.strip_prefix('.').unwrap_or(domain);
    domain_matches(host, domain) && (!is_public_suffix(domain) || host.eq_ignore_ascii_case(domain))
}
