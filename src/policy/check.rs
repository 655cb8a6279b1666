//! The checks a resource or a URL passes before it is signed, side by side with the AWS CLI's
//! (`_validate_resource` and `_is_http_url` in `awscli/customizations/cloudfront/sign.py`).

use alloc::string::ToString;

use super::PolicyError;

/// Checks a resource as the AWS CLI's `_validate_resource` does (see
/// [`Policy::new`](super::Policy::new)).
pub fn check_resource(resource: &str) -> Result<(), PolicyError> {
    let bytes = resource.as_bytes();
    let problem = if resource.is_empty() {
        ResourceProblem::Empty
    } else if bytes
        .iter()
        .any(|&b| b == b'"' || b == b'\\' || b.is_ascii_control())
    {
        ResourceProblem::UnsafeCharacter
    } else if !resource.is_ascii() || resource.contains(' ') {
        ResourceProblem::NotAscii
    } else if resource.contains('#') {
        ResourceProblem::Fragment
    } else if resource.contains('*') || is_http_url(resource) {
        return Ok(());
    } else {
        ResourceProblem::NotHttpUrl
    };
    Err(PolicyError::InvalidResource {
        resource: resource.to_string(),
        problem,
    })
}

/// Whether `url` is an absolute `http://` or `https://` URL with a host and a valid port, read as
/// the AWS CLI's `_is_http_url` reads it with Python's `urlsplit`: the scheme in any case; the
/// authority after `//` up to the first `/`, `?` or `#`; brackets balanced, a bracketed host an
/// IPv6 address (with an optional `%zone`) or an `IPvFuture` `v…`; the port after the host's first
/// `:` (after `]` for a bracketed host), empty or ASCII digits up to 65535, leading zeros
/// allowed; the host (after any `userinfo@`) not empty.
pub fn is_http_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return false;
    }
    let Some(rest) = rest.strip_prefix("//") else {
        return false;
    };
    let end = rest
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let netloc = rest.get(..end).unwrap_or_default();
    if netloc.contains('[') != netloc.contains(']') {
        return false;
    }
    if let Some((_, after)) = netloc.split_once('[') {
        let bracketed = after.split_once(']').map_or(after, |(host, _)| host);
        if !is_bracketed_host(bracketed) {
            return false;
        }
    }
    let hostinfo = netloc.rsplit_once('@').map_or(netloc, |(_, h)| h);
    let (host, port) = match hostinfo.split_once('[') {
        Some((_, bracketed)) => {
            let (host, after) = bracketed.split_once(']').unwrap_or((bracketed, ""));
            (host, after.split_once(':').map_or("", |(_, port)| port))
        }
        None => hostinfo.split_once(':').unwrap_or((hostinfo, "")),
    };
    let port_ok = port.is_empty()
        || (port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u64>().is_ok_and(|n| n <= 65535));
    !host.is_empty() && port_ok
}

/// A host between brackets as Python's `urlsplit` takes it (`_check_bracketed_host`): an
/// `IPvFuture` (`v1.x`), or an IPv6 address with an optional non-empty `%zone`.
fn is_bracketed_host(host: &str) -> bool {
    if let Some(future) = host.strip_prefix('v') {
        return future.split_once('.').is_some_and(|(version, rest)| {
            !version.is_empty()
                && version.bytes().all(|b| b.is_ascii_hexdigit())
                && !rest.is_empty()
        });
    }
    let address = match host.split_once('%') {
        Some((address, zone)) if !zone.is_empty() && !zone.contains('%') => address,
        Some(_) => return false,
        None => host,
    };
    // Read as an `IpAddr`, the one core::net entry the lite WebAssembly links (the client IP's,
    // the IP range's): the same IPv6 texts as `Ipv6Addr`'s.
    matches!(address.parse(), Ok(core::net::IpAddr::V6(_)))
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

    /// `_is_http_url`, as Python's `urlsplit` reads a URL.
    #[test]
    fn http_urls_as_the_aws_cli_reads_them() {
        for good in [
            "https://a.example/p",
            "HTTP://a.example",
            "https://a.example?q",
            "https://a.example:/p",
            "https://a.example:0/p",
            "https://a.example:000443/p",
            "https://user:pw@a.example:8443/p",
            "https://[2001:db8::1]/p",
            "https://[2001:db8::1]:8443/p",
            "https://[fe80::1%25eth0]/p",
            "https://[v1.fe]/p",
            "https://a.example/season?/ep?.mp4",
        ] {
            assert!(is_http_url(good), "{good}");
        }
        for bad in [
            "",
            "a.example/p",
            "ftp://a.example/p",
            "https:/a.example/p",
            "https:a.example/p",
            "https:///p",
            "https://user@/p",
            "https://:443/p",
            "https://a.example:99999/p",
            "https://a.example:65536/p",
            "https://a.example:99999999999999999999999/p",
            "https://a.example:8o/p",
            "https://a.example:80:90/p",
            "https://[2001:db8::1/p",
            "https://2001:db8::1]/p",
            "https://[192.0.2.1]/p",
            "https://[zz]/p",
            "https://[]/p",
            "https://[fe80::1%]/p",
            "https://[v1]/p",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }

    /// The AWS CLI's reading (Python's `urlsplit`, `.port`, `.hostname`) on 1,300 texts
    /// (tests/vectors/core_refs.json, written by tests/vectors/gen_core_refs.py).
    #[test]
    fn reads_urls_as_python_urlsplit() {
        let refs: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/vectors/core_refs.json")).unwrap();
        for pair in refs["is_http_url"].as_array().unwrap() {
            let url = pair[0].as_str().unwrap();
            assert_eq!(is_http_url(url), pair[1].as_bool().unwrap(), "{url:?}");
        }
    }
}
