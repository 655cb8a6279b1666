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
/// Parameter names shown in evidence, each cut to this many bytes.
const NAME_BYTES: usize = 40;
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

/// A parameter name as evidence shows it: at most [`NAME_BYTES`] bytes (cut at a character),
/// control characters dropped.
fn shown_name(piece: &str) -> String {
    let name = piece.split_once('=').map_or(piece, |(n, _)| n);
    let mut end = name.len().min(NAME_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let mut out: String = name
        .get(..end)
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .collect();
    if end < name.len() {
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
    if pieces.len() <= SORTED_MAX {
        push(sorted_by_name(&pieces));
    }
    push(pieces.iter().rev().copied().collect());
    for i in 0..(pieces.len() - 1).min(PER_FAMILY) {
        let mut swapped = pieces.clone();
        swapped.swap(i, i + 1);
        push(swapped);
    }
}

/// The most parameters sorted for the `query_reordered` candidate (an insertion sort).
const SORTED_MAX: usize = 64;

/// `pieces` sorted by name, stable: an insertion sort, small in the WebAssembly where the
/// standard library's sorts are kilobytes.
fn sorted_by_name<'a>(pieces: &[&'a str]) -> Vec<&'a str> {
    fn name(p: &str) -> &str {
        p.split_once('=').map_or(p, |(n, _)| n)
    }
    let mut out: Vec<&str> = Vec::with_capacity(pieces.len());
    for p in pieces {
        let at = out
            .iter()
            .position(|q| name(q) > name(p))
            .unwrap_or(out.len());
        out.insert(at, p);
    }
    out
}

/// One rewrite of a path or query: what it stands for, and the function.
type Rewrite = (&'static str, fn(&str) -> String);

/// The query rewrites: how the request's query may have been re-encoded after signing.
const QUERY_REWRITES: [Rewrite; 6] = [
    ("%20 signed, + sent", |s| s.replace('+', "%20")),
    ("+ signed, %20 sent", |s| s.replace("%20", "+")),
    ("~ signed, %7E sent", tilde_decoded),
    ("%7E signed, ~ sent", |s| s.replace('~', "%7E")),
    ("lowercase hex signed, uppercase sent", |s| {
        hex_case(s, false)
    }),
    ("uppercase hex signed, lowercase sent", |s| {
        hex_case(s, true)
    }),
];

/// The path rewrites.
const PATH_REWRITES: [Rewrite; 11] = [
    ("UTF-8 signed raw, sent escaped", non_ascii_decoded),
    (
        "spaces and UTF-8 signed escaped, sent raw",
        non_ascii_encoded,
    ),
    ("~ signed, %7E sent", tilde_decoded),
    ("%7E signed, ~ sent", |s| s.replace('~', "%7E")),
    ("lowercase hex signed, uppercase sent", |s| {
        hex_case(s, false)
    }),
    ("uppercase hex signed, lowercase sent", |s| {
        hex_case(s, true)
    }),
    (
        "letters, digits, -._~ signed raw, sent escaped",
        unreserved_decoded,
    ),
    ("+ signed as %2B, sent raw", |s| s.replace('+', "%2B")),
    ("!'()* signed escaped, sent raw", sub_delims_encoded),
    ("signed escaped once, sent twice (%2520)", double_decoded),
    ("signed escaped twice (%2520), sent once", |s| {
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
