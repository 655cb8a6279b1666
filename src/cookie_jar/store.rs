//! Reading one `Set-Cookie` line into the jar, as a browser does (RFC 6265 5.2 and 5.3): its
//! attributes, its domain and path, and whether it is stored, replaces another or is dropped.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::time::parse_cookie_date;

use super::findings::{IgnoredWhy, NotSent, NotSentWhy};
use super::matching::{domain_covers, domain_matches, RequestTarget};
use super::{Sent, Stored, MAX_ATTRIBUTE_VALUE_BYTES, MAX_JAR_COOKIES, MAX_NAME_VALUE_BYTES};

/// The attributes of a `Set-Cookie` line that decide where it goes.
#[derive(Default)]
struct Attributes<'a> {
    expires: Option<i64>,
    max_age: Option<&'a str>,
    domain: Option<String>,
    path: Option<&'a str>,
    secure: bool,
}

/// Reads one `Set-Cookie` value (after `Set-Cookie:`) into the jar, as RFC 6265 5.2 and 5.3 do.
pub(super) fn store<'a>(
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
