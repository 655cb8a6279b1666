//! Damaged pastes: a signed URL copied from a web page's source (`&amp;`), from a log or a
//! redirect parameter (`https%3A%2F%2F…`), from an e-mail or a terminal (wrapped over lines,
//! between quotes or `<…>`), or cut by a shell at its first `&`.
//!
//! [`repair_url`] finds each kind of damage and undoes what can be undone, saying what it did
//! ([`Damage`]). A URL cut at `&` cannot be mended: it is reported with the hint to quote the
//! URL. Nothing else changes: a path or query percent-encoded on purpose (`/a%2Fb`,
//! `?next=https%3A%2F%2F…`) is left alone; only a whole URL encoded once (it starts
//! `https%3A%2F%2F`) is decoded, once.
//!
//! The repaired URL is a guess at what was signed: a verdict decided on it says so (CloudFront
//! itself would see the URL as given), and a caller that must decide as CloudFront does (a
//! guard) never repairs.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::url;
use crate::url::MAX_URL_BYTES;

/// The kinds of damage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DamageCode {
    /// `&amp;` for `&` (HTML source).
    HtmlEscaped,
    /// The whole URL percent-encoded once.
    PercentEncoded,
    /// Broken over lines.
    Wrapped,
    /// Between quotes or `<…>`.
    Quoted,
    /// Cut after its first query parameter (a shell's `&`).
    Truncated,
}

impl DamageCode {
    /// `html_escaped`, `percent_encoded`, `wrapped`, `quoted` or `truncated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HtmlEscaped => "html_escaped",
            Self::PercentEncoded => "percent_encoded",
            Self::Wrapped => "wrapped",
            Self::Quoted => "quoted",
            Self::Truncated => "truncated",
        }
    }
}

/// One kind of damage found in a pasted URL, and what was done about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    /// Which kind.
    pub code: DamageCode,
    /// What was found and done, for people.
    pub message: String,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A pasted URL with its damage undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    /// The URL, repaired where it could be (the text trimmed otherwise).
    pub url: String,
    /// Every kind of damage found, in the order undone.
    pub damage: Vec<Damage>,
    /// Whether `url` differs from the text given (trimmed).
    pub changed: bool,
}

/// Who is told of the damage found.
type Report<'a> = dyn FnMut(DamageCode, String) + 'a;
/// One repair: the URL changed, or `None` when it has nothing to undo.
type Step = fn(&str, &mut Report<'_>) -> Option<String>;

/// The most text read: a wrapped or encoded URL is longer than the URL (`%XX` triples it).
const MAX_PASTE_BYTES: usize = 3 * MAX_URL_BYTES;

/// Finds and undoes the damage of a pasted URL (see the module documentation). Text over three
/// times CloudFront's URL limit is left as it is (decoding refuses it).
pub fn repair_url(text: &str) -> Repaired {
    let trimmed = text.trim();
    let mut out = Repaired {
        url: trimmed.to_string(),
        damage: Vec::new(),
        changed: false,
    };
    if trimmed.len() > MAX_PASTE_BYTES {
        return out;
    }
    let mut damage = |code, message: String| out.damage.push(Damage { code, message });
    // Each step gives the URL changed, or `None` (no copy) when it has nothing to undo.
    let steps: [Step; 5] = [
        unquote,
        unwrap_lines,
        unescape_html,
        decode_whole,
        unescape_html,
    ];
    let mut url: Option<String> = None;
    // Most URLs have nothing to undo: one pass over the bytes says so (a verifier pays for no
    // more on every request).
    let steps = if may_be_damaged(trimmed) {
        &steps[..]
    } else {
        &[]
    };
    for step in steps {
        if let Some(changed) = step(url.as_deref().unwrap_or(trimmed), &mut damage) {
            url = Some(changed);
        }
    }
    if let Some(message) = truncated(url.as_deref().unwrap_or(trimmed)) {
        damage(DamageCode::Truncated, message);
    }
    if let Some(url) = url.filter(|u| u != trimmed) {
        out.url = url;
        out.changed = true;
    }
    out
}

/// Whether `text` may carry damage that a step undoes: a quote or `<` first, a line break, an
/// `&` before `a` or `#` (`&amp;`, `&#38;`), or a start of `http%3A`/`https%3A`.
fn may_be_damaged(text: &str) -> bool {
    let b = text.as_bytes();
    let quoted = matches!(b.first(), Some(b'"' | b'\'' | b'<' | b'`' | 0xE2));
    let encoded = b
        .get(..7)
        .is_some_and(|h| h.eq_ignore_ascii_case(b"http%3a") || h.eq_ignore_ascii_case(b"https%3"));
    let line_break = b.iter().any(|&c| c == b'\n' || c == b'\r');
    let escaped = text
        .split('&')
        .skip(1)
        .any(|after| matches!(after.as_bytes().first(), Some(b'a' | b'A' | b'#')));
    quoted || encoded || line_break || escaped
}

/// Removes quotes or angle brackets around the URL (several pairs, as `"<…>"`).
fn unquote(text: &str, damage: &mut Report<'_>) -> Option<String> {
    const PAIRS: [(char, char); 6] = [
        ('"', '"'),
        ('\'', '\''),
        ('<', '>'),
        ('`', '`'),
        ('\u{201c}', '\u{201d}'),
        ('\u{2018}', '\u{2019}'),
    ];
    let mut inner = text;
    let mut removed = Vec::new();
    // At most a few layers: each one shortens the text.
    for _ in 0..4 {
        let pair = PAIRS.iter().find(|(open, close)| {
            inner.len() >= 2 && inner.starts_with(*open) && inner.ends_with(*close)
        });
        let Some((open, close)) = pair else { break };
        inner = inner
            .strip_prefix(*open)
            .and_then(|s| s.strip_suffix(*close))
            .unwrap_or(inner)
            .trim();
        removed.push(format!("{open}…{close}"));
    }
    if removed.is_empty() {
        return None;
    }
    damage(
        DamageCode::Quoted,
        format!("the URL was between {}; removed", removed.join(" and ")),
    );
    Some(inner.to_string())
}

/// Joins a URL broken over lines: each line break goes, with the spaces around it and a shell's
/// `\` before it.
fn unwrap_lines(text: &str, damage: &mut Report<'_>) -> Option<String> {
    if !text.contains(['\n', '\r']) {
        return None;
    }
    let lines: Vec<&str> = text
        .lines()
        .map(|l| {
            let l = l.trim();
            l.strip_suffix('\\').map_or(l, str::trim_end)
        })
        .filter(|l| !l.is_empty())
        .collect();
    damage(
        DamageCode::Wrapped,
        format!(
            "the URL was broken over {} lines; the line breaks (and the spaces around them) were removed",
            lines.len()
        ),
    );
    Some(lines.concat())
}

/// `&amp;` (and `&#38;`, `&#x26;`) back to `&`: a URL copied from HTML source.
fn unescape_html(text: &str, damage: &mut Report<'_>) -> Option<String> {
    const ESCAPES: [&str; 3] = ["&amp;", "&#38;", "&#x26;"];
    // The escape at the start of `at` (a `&`), by its length.
    let escape = |at: &str| {
        ESCAPES
            .iter()
            .find(|e| at.get(..e.len()).is_some_and(|h| h.eq_ignore_ascii_case(e)))
            .map(|e| e.len())
    };
    let mut out = String::new();
    let (mut count, mut rest) = (0, text);
    while let Some(i) = rest.find('&') {
        let (before, at) = rest.split_at(i);
        out.push_str(before);
        out.push('&');
        let skip = escape(at).inspect(|_| count += 1).unwrap_or(1);
        rest = at.get(skip..).unwrap_or("");
    }
    if count == 0 {
        return None;
    }
    out.push_str(rest);
    damage(
        DamageCode::HtmlEscaped,
        format!(
            "the URL was HTML-escaped ({count} × &amp; for &), as in a web page's source; each was read as &"
        ),
    );
    Some(out)
}

/// A whole URL percent-encoded once (`https%3A%2F%2F…`), decoded once.
fn decode_whole(text: &str, damage: &mut Report<'_>) -> Option<String> {
    let starts = |prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(prefix))
    };
    if !starts("https%3a%2f%2f") && !starts("http%3a%2f%2f") {
        return None;
    }
    damage(
        DamageCode::PercentEncoded,
        "the whole URL was percent-encoded once (https%3A%2F%2F…), as in a log or a redirect parameter; it was decoded once".to_string(),
    );
    Some(url::percent_decode_lossy(text))
}

/// Whether `url` looks cut by a shell at its first `&`: a one-piece query holding a signing
/// parameter, and a required one missing.
fn truncated(url: &str) -> Option<String> {
    let query = url::query(url)?;
    if query.contains('&') {
        return None;
    }
    let name = query.split_once('=').map_or(query, |(name, _)| name);
    let first = url::SIGNING_PARAMS.iter().find(|p| **p == name)?;
    let missing: Vec<&str> = ["Signature", "Key-Pair-Id"]
        .into_iter()
        .filter(|p| p != first)
        .collect();
    Some(format!(
        "the URL ends after its first query parameter ({first}), without {}: a shell cuts an unquoted URL at '&'. Quote the URL in your shell: 'https://…'",
        missing.join(" or ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    const SIGNED: &str = "https://d111111abcdef8.cloudfront.net/a%2Fb.mp4?Expires=1893456000&Signature=A~B_C-&Key-Pair-Id=K2JCJMDEHXQW5F";

    fn codes(r: &Repaired) -> Vec<&'static str> {
        r.damage.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn undoes_each_kind_of_damage() {
        let html = SIGNED.replace('&', "&amp;");
        let encoded = url::encode_uri_component(SIGNED);
        let wrapped = [
            &SIGNED[..40],
            "\n   ",
            &SIGNED[40..90],
            " \\\r\n",
            &SIGNED[90..],
        ]
        .concat();
        for (text, expected) in [
            (html.as_str(), vec!["html_escaped"]),
            (&encoded, vec!["percent_encoded"]),
            (&wrapped, vec!["wrapped"]),
            (&["\"", SIGNED, "\""].concat(), vec!["quoted"]),
            (&[" <", SIGNED, ">\n"].concat(), vec!["quoted"]),
            (
                &["'<", &html, ">'"].concat(),
                vec!["quoted", "html_escaped"],
            ),
            (
                &["\u{201c}", &wrapped, "\u{201d}"].concat(),
                vec!["quoted", "wrapped"],
            ),
        ] {
            let r = repair_url(text);
            assert_eq!(r.url, SIGNED, "{text:?}");
            assert_eq!(codes(&r), expected, "{text:?}");
            assert!(r.changed);
        }
    }

    #[test]
    fn leaves_intended_encoding_alone() {
        for text in [
            SIGNED,
            "https://h.example/a%2Fb%3Fc?next=https%3A%2F%2Fother.example%2F&Expires=1&Signature=S&Key-Pair-Id=K",
            "https://h.example/a?q=x%26amp%3By",
            "https://h.example/a?b=&c",
        ] {
            let r = repair_url(text);
            assert_eq!((r.url.as_str(), r.changed), (text, false), "{text}");
            assert!(r.damage.is_empty(), "{text}: {:?}", r.damage);
        }
    }

    #[test]
    fn says_to_quote_a_url_cut_at_the_first_ampersand() {
        let cut = "https://d111111abcdef8.cloudfront.net/a.mp4?Expires=1893456000";
        let r = repair_url(cut);
        assert_eq!((codes(&r), r.changed), (vec!["truncated"], false));
        assert!(
            r.damage[0].message.contains("quote the URL")
                || r.damage[0].message.contains("Quote the URL")
        );
        assert!(r.damage[0].message.contains("Signature or Key-Pair-Id"));
        for whole in [
            "https://h.example/a.mp4?v=2",
            "https://h.example/a.mp4",
            SIGNED,
        ] {
            assert!(repair_url(whole).damage.is_empty(), "{whole}");
        }
    }

    #[test]
    fn bounded_whatever_the_text() {
        let long = "&amp;".repeat(10_000);
        assert!(!repair_url(&long).changed);
        for text in [
            "\"",
            "<>",
            "\"\"\"\"\"\"\"\"\"\"",
            "&",
            "&am",
            "https%3A%2F%2",
            "\n\n\n",
            "\u{201c}",
        ] {
            let _ = repair_url(text);
        }
    }
}
