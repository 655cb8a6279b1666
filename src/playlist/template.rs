//! DASH `SegmentTemplate` identifiers: `$RepresentationID$` is each Representation's own `id`,
//! which a template above the Representations (in an AdaptationSet or Period) does not know
//! until they are read.

use alloc::string::String;
use alloc::vec::Vec;

use super::rewriter::{Found, Rewriter};

/// A URI attribute above the Representations (in an AdaptationSet or Period), waiting for them:
/// each Representation requests it with its own `id` and relative to its own `BaseURL`.
pub(super) struct Pending {
    pub line: usize,
    pub kind: &'static str,
    pub uri: String,
    /// The base where it is written (used when no Representation is inside).
    pub base: String,
    pub insert_at: usize,
    /// A `SegmentTemplate` URL with identifiers.
    pub template: bool,
    /// It uses `$RepresentationID$`.
    pub by_id: bool,
}

/// An element's pending URIs and the Representations inside it.
#[derive(Default)]
pub(super) struct Scope {
    pub pending: Vec<Pending>,
    /// Each Representation's plain-name `id` (if any) and base, once.
    representations: Vec<(Option<String>, String)>,
    /// A Representation inside without an `id`, or with one that is not a plain name.
    unsafe_id: bool,
}

impl Scope {
    /// A Representation inside closed.
    pub fn note_representation(&mut self, id: Option<&str>, base: &str) {
        let id = id.filter(|id| is_plain_name(id));
        if id.is_none() {
            self.unsafe_id = true;
        }
        let known = self
            .representations
            .iter()
            .any(|(i, b)| i.as_deref() == id && b == base);
        if !known {
            self.representations
                .push((id.map(String::from), String::from(base)));
        }
    }

    /// The element closed: each pending URI is signed only if the URL every Representation
    /// inside requests is covered (and, for `$RepresentationID$`, every `id` is a plain name).
    pub fn decide(self, rw: &mut Rewriter<'_>) {
        for p in &self.pending {
            let samples: Vec<(String, &str)> = self
                .representations
                .iter()
                .map(|(id, base)| {
                    let sample = match p.template {
                        true => fill_template(&p.uri, id.as_deref()),
                        false => p.uri.clone(),
                    };
                    (sample, base.as_str())
                })
                .collect();
            let own = p.template.then(|| fill_template(&p.uri, None));
            let found = Found {
                line: p.line,
                kind: p.kind,
                uri: &p.uri,
                sample: own.as_deref(),
                base: &p.base,
                insert_at: p.insert_at,
                xml: true,
                variable: p.by_id && (self.unsafe_id || samples.is_empty()),
            };
            rw.entry_all(found, &samples);
        }
    }
}

/// Whether a `SegmentTemplate` URL uses `$RepresentationID$` (with or without a format).
pub(super) fn uses_representation_id(template: &str) -> bool {
    let mut rest = template;
    while let Some((_, after)) = rest.split_once('$') {
        let Some((identifier, tail)) = after.split_once('$') else {
            return false;
        };
        if identifier.starts_with("RepresentationID") {
            return true;
        }
        rest = tail;
    }
    false
}

/// A `Representation@id` that is one plain path segment: not empty, not `.` or `..`, without
/// `/`, `\`, `:`, `%`, `?`, `#`.
pub(super) fn is_plain_name(id: &str) -> bool {
    !id.is_empty() && id != "." && id != ".." && !id.contains(['/', '\\', ':', '%', '?', '#'])
}

/// A `SegmentTemplate` URL with its identifiers filled in, for deciding its coverage:
/// `$$` is `$`, `$RepresentationID$` the representation's `id` (or `1`), `$Number$`, `$Time$`,
/// `$Bandwidth$`, `$SubNumber$` (with or without a `%0Nd` format) `1`.
pub(super) fn fill_template(template: &str, id: Option<&str>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('$') {
        out.push_str(before);
        let Some((identifier, tail)) = after.split_once('$') else {
            out.push('$');
            rest = after;
            break;
        };
        match identifier {
            "" => out.push('$'),
            i if i.starts_with("RepresentationID") => out.push_str(id.unwrap_or("1")),
            _ => out.push('1'),
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::fill_template;

    #[test]
    fn templates() {
        assert_eq!(
            fill_template("v/$RepresentationID$/$Number%05d$.m4s", Some("720p")),
            "v/720p/1.m4s"
        );
        assert_eq!(fill_template("$$x$Time$", None), "$x1");
        assert_eq!(fill_template("a$b", None), "a$b");
    }
}
