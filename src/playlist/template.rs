//! DASH `SegmentTemplate` identifiers: `$RepresentationID$` is each Representation's own `id`,
//! which a template above the Representations (in an AdaptationSet or Period) does not know
//! until they are read.

use alloc::string::String;
use alloc::vec::Vec;

use super::rewriter::{Found, Rewriter};

/// A template with `$RepresentationID$` above the Representations, waiting for their ids.
pub(super) struct Pending {
    pub line: usize,
    pub kind: &'static str,
    pub uri: String,
    pub base: String,
    pub insert_at: usize,
}

/// An element's pending templates and the ids of the Representations inside it.
#[derive(Default)]
pub(super) struct Scope {
    pub pending: Vec<Pending>,
    ids: Vec<String>,
    /// A Representation inside without an `id`, or with one that is not a plain name.
    unsafe_id: bool,
}

impl Scope {
    /// A Representation inside closed.
    pub fn note_id(&mut self, id: Option<&str>) {
        match id {
            Some(id) if is_plain_name(id) => {
                if !self.ids.iter().any(|known| known == id) {
                    self.ids.push(String::from(id));
                }
            }
            _ => self.unsafe_id = true,
        }
    }

    /// The element closed: each pending template is signed only if every Representation inside
    /// has a plain `id` and every URL those ids give is covered.
    pub fn decide(self, rw: &mut Rewriter<'_>) {
        for p in &self.pending {
            let samples: Vec<String> = self
                .ids
                .iter()
                .map(|id| fill_template(&p.uri, Some(id)))
                .collect();
            let found = Found {
                line: p.line,
                kind: p.kind,
                uri: &p.uri,
                sample: None,
                base: &p.base,
                insert_at: p.insert_at,
                xml: true,
                variable: self.unsafe_id || samples.is_empty(),
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
