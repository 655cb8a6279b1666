//! The checks a resource or a URL passes before it is signed, side by side with the AWS CLI's
//! (`_validate_resource` and `_is_http_url` in `awscli/customizations/cloudfront/sign.py`).

use alloc::string::ToString;

use super::PolicyError;

/// Checks a resource as the AWS CLI's `_validate_resource` does (see [`Policy::new`]).
pub fn check_resource(resource: &str) -> Result<(), PolicyError> {
    let bad = |problem| {
        Err(PolicyError::InvalidResource {
            resource: resource.to_string(),
            problem,
        })
    };
    if resource.is_empty() {
        return bad(ResourceProblem::Empty);
    }
    if resource
        .chars()
        .any(|c| c == '"' || c == '\\' || c.is_ascii_control())
    {
        return bad(ResourceProblem::UnsafeCharacter);
    }
    if !resource.is_ascii() || resource.contains(' ') {
        return bad(ResourceProblem::NotAscii);
    }
    if resource.contains('#') {
        return bad(ResourceProblem::Fragment);
    }
    if resource.contains('*') || is_http_url(resource) {
        return Ok(());
    }
    bad(ResourceProblem::NotHttpUrl)
}

/// Whether `url` is an absolute `http://` or `https://` URL with a non-empty host and a valid
/// port, as far as a URL without wildcards needs to be.
pub fn is_http_url(url: &str) -> bool {
    let rest = match url.split_once("://") {
        Some((scheme, rest))
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") =>
        {
            rest
        }
        _ => return false,
    };
    let authority = rest.split(['/', '?']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || !p.is_empty() => (h, Some(p)),
        _ => (host_port, None),
    };
    let port_ok = port.is_none_or(|p| {
        p.is_empty()
            || (p.len() <= 5
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u32>().is_ok_and(|n| n <= 65535))
    });
    !host.is_empty() && port_ok
}

/// What is wrong with a policy resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResourceProblem {
    /// The resource is empty.
    Empty,
    /// A `"`, `\` or control character.
    UnsafeCharacter,
    /// A non-ASCII character or a space.
    NotAscii,
    /// A `#` fragment.
    Fragment,
    /// Not an absolute `http://` or `https://` URL (and no wildcard).
    NotHttpUrl,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::{Policy, PolicyError};

    #[test]
    fn resource_checks() {
        for (bad, problem) in [
            ("", ResourceProblem::Empty),
            ("https://a.example/\"x", ResourceProblem::UnsafeCharacter),
            ("https://a.example/a\\b", ResourceProblem::UnsafeCharacter),
            ("https://a.example/\u{1}", ResourceProblem::UnsafeCharacter),
            ("https://a.example/caf\u{e9}", ResourceProblem::NotAscii),
            ("https://a.example/a b", ResourceProblem::NotAscii),
            ("https://a.example/a#b", ResourceProblem::Fragment),
            ("ftp://a.example/a", ResourceProblem::NotHttpUrl),
            ("https:///a", ResourceProblem::NotHttpUrl),
            ("https://a.example:99999/a", ResourceProblem::NotHttpUrl),
        ] {
            assert_eq!(
                Policy::new(bad, 1).unwrap_err(),
                PolicyError::InvalidResource {
                    resource: bad.into(),
                    problem
                },
                "{bad:?}"
            );
        }
        assert!(Policy::new("http*://*.example/*", 1).is_ok());
        assert!(Policy::new("https://a.example:8443/p?q=1", 1).is_ok());
    }
}
