//! The URLs a canned signature may have been made for, each with the change that turns it into
//! the requested one: the candidates of [`super::Plan`], most likely first.
//!
//! Every candidate is one whole-URL rewrite made in one pass (never a combination of rewrites, nor
//! a permutation search), and each family is capped, so that a URL with thousands of parameters
//! or of percent-escapes gives at most a few dozen candidates, each built in linear time.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::rewrite::{
    double_decoded, hex_case, non_ascii_decoded, non_ascii_encoded, sub_delims_encoded,
    tilde_decoded, unreserved_decoded,
};

/// At most this many candidates of one family that grows with the number of query parameters.
const PER_FAMILY: usize = 6;
/// Parameter names shown in evidence, each cut to this many characters.
const NAME_CHARS: usize = 40;
/// At most this many names listed in one piece of evidence.
const NAMES_SHOWN: usize = 8;

/// A candidate URL: the cause it stands for and what differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Variant {
    pub code: &'static str,
    pub url: String,
    /// What was changed, for a person: "added after signing: utm_source".
    pub evidence: String,
}

/// `scheme://host` `path` `?query`, split at the first `://`, the first `/` or `?` after the host
/// and the first `?`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Parts<'a> {
    pub scheme: &'a str,
    pub host: &'a str,
    pub path: &'a str,
    pub query: Option<&'a str>,
}

impl<'a> Parts<'a> {
    pub fn of(url: &'a str) -> Option<Self> {
        let (scheme, rest) = url.split_once("://")?;
        let host_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (host, after) = rest.split_at_checked(host_end)?;
        let (path, query) = match after.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (after, None),
        };
        Some(Self {
            scheme,
            host,
            path,
            query,
        })
    }

    fn with(scheme: &str, host: &str, path: &str, query: Option<&str>) -> String {
        match query {
            Some(q) => format!("{scheme}://{host}{path}?{q}"),
            None => format!("{scheme}://{host}{path}"),
        }
    }

    fn with_query(self, query: Option<&str>) -> String {
        Self::with(self.scheme, self.host, self.path, query)
    }

    fn with_path(self, path: &str) -> String {
        Self::with(self.scheme, self.host, path, self.query)
    }
}

/// A parameter name as evidence shows it: cut, control characters dropped.
fn shown_name(piece: &str) -> String {
    let name = piece.split_once('=').map_or(piece, |(n, _)| n);
    let mut out: String = name
        .chars()
        .filter(|c| !c.is_control())
        .take(NAME_CHARS)
        .collect();
    if name.chars().count() > NAME_CHARS {
        out.push('…');
    }
    out
}

fn names(pieces: &[&str]) -> String {
    let mut shown: Vec<String> = pieces
        .iter()
        .take(NAMES_SHOWN)
        .map(|p| shown_name(p))
        .collect();
    if pieces.len() > NAMES_SHOWN {
        shown.push(format!("and {} more", pieces.len() - NAMES_SHOWN));
    }
    shown.join(", ")
}

/// Query parameters that trackers, ad platforms and mailers append to links.
fn is_tracking(piece: &str) -> bool {
    let name = piece.split_once('=').map_or(piece, |(n, _)| n);
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_")
        || matches!(
            lower.as_str(),
            "fbclid"
                | "gclid"
                | "dclid"
                | "msclkid"
                | "yclid"
                | "mc_cid"
                | "mc_eid"
                | "_ga"
                | "ref"
        )
}

/// The URLs signed before parameters were appended or inserted: the tracking ones dropped, the
/// last one, two, … dropped, each single one dropped.
pub(super) fn query_added(parts: Parts<'_>, out: &mut Vec<Variant>) {
    let Some(query) = parts.query else { return };
    let pieces: Vec<&str> = query.split('&').collect();
    let n = pieces.len();
    let mut push = |kept: Vec<&str>, dropped: Vec<&str>| {
        if dropped.is_empty() {
            return;
        }
        let q = kept.join("&");
        let url = parts.with_query((!kept.is_empty()).then_some(q.as_str()));
        let evidence = format!("added after signing: {}", names(&dropped));
        out.push(Variant {
            code: "query_added",
            url,
            evidence,
        });
    };
    let (tracking, other): (Vec<&str>, Vec<&str>) = pieces.iter().partition(|p| is_tracking(p));
    if !tracking.is_empty() {
        push(other, tracking);
    }
    for k in 1..=n.min(PER_FAMILY / 2) {
        push(pieces[..n - k].to_vec(), pieces[n - k..].to_vec());
    }
    for i in 0..n.min(PER_FAMILY) {
        let mut kept = pieces.clone();
        let dropped = kept.remove(i);
        push(kept, alloc::vec![dropped]);
    }
    push(Vec::new(), pieces.clone());
}

/// The URLs signed with the parameters in another order: sorted by name (what caches and
/// proxies that normalize do), reversed, each adjacent pair swapped.
pub(super) fn query_reordered(parts: Parts<'_>, out: &mut Vec<Variant>) {
    let Some(query) = parts.query else { return };
    let pieces: Vec<&str> = query.split('&').collect();
    if pieces.len() < 2 {
        return;
    }
    let mut push = |order: Vec<&str>| {
        let q = order.join("&");
        let evidence = format!(
            "signed in the order {}; requested in the order {}",
            names(&order),
            names(&pieces)
        );
        out.push(Variant {
            code: "query_reordered",
            url: parts.with_query(Some(&q)),
            evidence,
        });
    };
    let mut sorted = pieces.clone();
    sorted.sort_by_key(|p| p.split_once('=').map_or(*p, |(n, _)| n));
    push(sorted);
    push(pieces.iter().rev().copied().collect());
    for i in 0..(pieces.len() - 1).min(PER_FAMILY) {
        let mut swapped = pieces.clone();
        swapped.swap(i, i + 1);
        push(swapped);
    }
}

/// One rewrite of a path or query: what it stands for, and the function.
type Rewrite = (&'static str, fn(&str) -> String);

/// The query rewrites: how the request's query may have been re-encoded after signing.
const QUERY_REWRITES: [Rewrite; 6] = [
    ("signed with %20 for a space where the request has +", |s| {
        s.replace('+', "%20")
    }),
    ("signed with + for a space where the request has %20", |s| {
        s.replace("%20", "+")
    }),
    ("signed with ~ where the request has %7E", tilde_decoded),
    ("signed with %7E where the request has ~", |s| {
        s.replace('~', "%7E")
    }),
    (
        "signed with lowercase hex escapes (%2f) where the request has uppercase",
        |s| hex_case(s, false),
    ),
    (
        "signed with uppercase hex escapes (%2F) where the request has lowercase",
        |s| hex_case(s, true),
    ),
];

/// The path rewrites.
const PATH_REWRITES: [Rewrite; 11] = [
    ("signed with the UTF-8 characters unescaped where the request has %XX escapes", non_ascii_decoded),
    ("signed with spaces and UTF-8 characters escaped (%20, %C3%A9) where the request has them raw", non_ascii_encoded),
    ("signed with ~ where the request has %7E", tilde_decoded),
    ("signed with %7E where the request has ~", |s| s.replace('~', "%7E")),
    ("signed with lowercase hex escapes where the request has uppercase", |s| hex_case(s, false)),
    ("signed with uppercase hex escapes where the request has lowercase", |s| hex_case(s, true)),
    ("signed with letters, digits and -._~ unescaped where the request escapes them", unreserved_decoded),
    ("signed with + escaped as %2B where the request has it raw", |s| s.replace('+', "%2B")),
    ("signed with !'()* escaped where the request has them raw", sub_delims_encoded),
    ("signed escaped once where the request is escaped twice (%2520)", double_decoded),
    ("signed escaped twice (%2520) where the request is escaped once", |s| {
        s.replace('%', "%25")
    }),
];

/// The query re-encoded each way that differs from the request.
pub(super) fn query_reencoded(parts: Parts<'_>, out: &mut Vec<Variant>) {
    let Some(query) = parts.query else { return };
    for (evidence, rewrite) in QUERY_REWRITES {
        let q = rewrite(query);
        if q != query {
            out.push(Variant {
                code: "query_reencoded",
                url: parts.with_query(Some(&q)),
                evidence: evidence.into(),
            });
        }
    }
}

/// The path re-encoded each way that differs from the request.
pub(super) fn path_reencoded(parts: Parts<'_>, out: &mut Vec<Variant>) {
    for (evidence, rewrite) in PATH_REWRITES {
        let p = rewrite(parts.path);
        if p != parts.path {
            out.push(Variant {
                code: "path_reencoded",
                url: parts.with_path(&p),
                evidence: evidence.into(),
            });
        }
    }
}

/// The URL for the other scheme (`http` ⇄ `https`).
pub(super) fn scheme_changed(parts: Parts<'_>, out: &mut Vec<Variant>) {
    let other = match parts.scheme {
        "https" => "http",
        "http" => "https",
        _ => return,
    };
    out.push(Variant {
        code: "scheme_changed",
        url: Parts::with(other, parts.host, parts.path, parts.query),
        evidence: format!("signed for {other}://, requested over {}://", parts.scheme),
    });
}

/// The URL for `host` instead of the request's, with the request's scheme, then the other one
/// (an edge guard's public `https://` origin, a development server's `http://`).
pub(super) fn host_changed(parts: Parts<'_>, host: &str, out: &mut Vec<Variant>) {
    if host.eq_ignore_ascii_case(parts.host) || host.is_empty() {
        return;
    }
    let other = match parts.scheme {
        "https" => "http",
        _ => "https",
    };
    for scheme in [parts.scheme, other] {
        out.push(Variant {
            code: "host_changed",
            url: Parts::with(scheme, host, parts.path, parts.query),
            evidence: format!(
                "signed for {scheme}://{host}, requested on {}://{}",
                parts.scheme, parts.host
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_urls() {
        let p = Parts::of("https://h.example/a/b?x=1&y").unwrap();
        assert_eq!(
            (p.scheme, p.host, p.path, p.query),
            ("https", "h.example", "/a/b", Some("x=1&y"))
        );
        let p = Parts::of("https://h.example?x").unwrap();
        assert_eq!((p.host, p.path, p.query), ("h.example", "", Some("x")));
        assert!(Parts::of("not a url").is_none());
    }

    #[test]
    fn families_stay_small_on_huge_queries() {
        let query: Vec<String> = (0..5000).map(|i| format!("p{i}=%7e%20+")).collect();
        let url = format!(
            "https://h.example/{}?{}",
            "%2f".repeat(2000),
            query.join("&")
        );
        let parts = Parts::of(&url).unwrap();
        let mut out = Vec::new();
        query_added(parts, &mut out);
        query_reordered(parts, &mut out);
        query_reencoded(parts, &mut out);
        path_reencoded(parts, &mut out);
        assert!(out.len() <= 40, "{}", out.len());
        assert!(out.iter().all(|v| v.evidence.len() < 1000));
    }
}
