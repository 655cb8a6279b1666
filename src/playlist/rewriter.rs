//! The rewrite: each URI a format's reader finds is judged against the policy's resource; the
//! insertions are collected, then the output is written once, at its exact size.

use alloc::string::String;
use alloc::vec::Vec;

use super::report::{Entry, EntryStatus, Warning, WarningKind};
use super::{uri, Format, SignedPlaylist, SignedQuery};
use crate::policy::ResourcePattern;

/// One URI found by a format's reader, to be judged and perhaps signed.
pub(crate) struct Found<'u> {
    pub line: usize,
    pub kind: &'static str,
    /// The URI as a player reads it.
    pub uri: &'u str,
    /// The URI to resolve for coverage when it differs (a template with identifiers filled in).
    pub sample: Option<&'u str>,
    /// What it is relative to.
    pub base: &'u str,
    /// Where in the input the parameters go: after the URI's query, before its fragment.
    pub insert_at: usize,
    /// Written inside XML (`&amp;` between parameters).
    pub xml: bool,
    /// Its text depends on a value the player substitutes that is not known to be safe (an HLS
    /// variable, a DASH `$RepresentationID$` without a plain id): never signed.
    pub variable: bool,
}

/// Where the parameters go, and what precedes them.
#[derive(Clone, Copy)]
struct Insert {
    at: usize,
    separator: &'static str,
    xml: bool,
}

/// The playlist being read, and what was decided so far.
pub(crate) struct Rewriter<'a> {
    pub input: &'a str,
    /// The playlist's URL, resolved (`uri::resolve(url, "")`).
    pub base_url: &'a str,
    query: &'a SignedQuery,
    resource: ResourcePattern<'a>,
    list_signed: bool,
    inserts: Vec<Insert>,
    entries: Vec<Entry>,
    warnings: Vec<Warning>,
}

impl<'a> Rewriter<'a> {
    pub fn new(
        input: &'a str,
        base_url: &'a str,
        query: &'a SignedQuery,
        list_signed: bool,
    ) -> Self {
        Self {
            input,
            base_url,
            query,
            resource: ResourcePattern::new(&query.resource),
            list_signed,
            inserts: Vec::new(),
            entries: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Judges one URI: signs it if the policy covers it, lists it if not (or if asked to).
    pub fn entry(&mut self, found: Found<'_>) {
        let (status, url) = self.judge(&found, found.sample);
        self.record(found, status, url);
    }

    /// Judges a URI that stands for several URLs (one per sample and its base): signed only if
    /// every one would be; otherwise the first refusal is reported. No sample: judged as found.
    pub fn entry_all(&mut self, found: Found<'_>, samples: &[(String, &str)]) {
        let mut verdict = None;
        for (sample, base) in samples {
            let one = Found {
                base,
                sample: Some(sample),
                ..found
            };
            let (status, url) = self.judge(&one, one.sample);
            let refused = status != EntryStatus::Signed;
            if verdict.is_none() || refused {
                verdict = Some((status, url));
            }
            if refused {
                break;
            }
        }
        let (status, url) = verdict.unwrap_or_else(|| self.judge(&found, found.sample));
        self.record(found, status, url);
    }

    fn judge(&self, found: &Found<'_>, sample: Option<&str>) -> (EntryStatus, Option<String>) {
        if found.variable {
            (EntryStatus::Variable, None)
        } else if !crate::url::signing_params_present(found.uri).is_empty() {
            (
                EntryStatus::AlreadySigned,
                uri::resolve(found.base, found.uri),
            )
        } else {
            match uri::resolve_against_resolved(found.base, sample.unwrap_or(found.uri)) {
                None => (EntryStatus::NotHttp, None),
                // The one rule of `SignedPrefix::url_for`: no dot segment or encoded separator.
                Some(url) if crate::sign::check_path(&url).is_err() => {
                    (EntryStatus::UnsafePath, Some(url))
                }
                Some(url) if self.resource.matches(&url) => (EntryStatus::Signed, Some(url)),
                Some(url) => (EntryStatus::OutsideResource, Some(url)),
            }
        }
    }

    fn record(&mut self, found: Found<'_>, status: EntryStatus, url: Option<String>) {
        if status == EntryStatus::Signed {
            let has_query = found
                .uri
                .split_once('#')
                .map_or(found.uri, |(u, _)| u)
                .contains('?');
            let separator = match (found.xml, has_query) {
                (true, true) => "&amp;",
                (false, true) => "&",
                (_, false) => "?",
            };
            self.inserts.push(Insert {
                at: found.insert_at,
                separator,
                xml: found.xml,
            });
            if !self.list_signed {
                return;
            }
        }
        self.entries.push(Entry {
            line: found.line,
            kind: found.kind,
            uri: String::from(found.uri),
            url,
            status,
        });
    }

    /// Notes something not understood.
    pub fn warn(&mut self, line: usize, kind: WarningKind) {
        self.warnings.push(Warning { line, kind });
    }

    /// The rewritten text, written once at its exact size, and the report.
    pub fn finish(self, format: Format) -> SignedPlaylist {
        let params = |xml: bool| match xml {
            true => self.query.xml_params.as_str(),
            false => self.query.params.as_str(),
        };
        let extra: usize = self
            .inserts
            .iter()
            .map(|i| i.separator.len() + params(i.xml).len())
            .sum();
        // A DASH template above the Representations is decided after them: back in input order.
        let mut inserts = self.inserts;
        inserts.sort_by_key(|i| i.at);
        let mut text = String::with_capacity(self.input.len() + extra);
        let mut copied = 0usize;
        for insert in &inserts {
            text.push_str(self.input.get(copied..insert.at).unwrap_or(""));
            text.push_str(insert.separator);
            text.push_str(params(insert.xml));
            copied = insert.at;
        }
        text.push_str(self.input.get(copied..).unwrap_or(""));
        SignedPlaylist {
            text,
            format,
            rewritten: inserts.len(),
            entries: self.entries,
            warnings: self.warnings,
        }
    }
}
