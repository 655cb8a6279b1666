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
    /// The URL of the entry last judged (a buffer reused from entry to entry).
    url: String,
    /// The base plain names were last resolved against, its folder checked once.
    folder: FolderCheck,
}

/// A base, the length of its folder ([`uri::folder_of_resolved`]) when plain names resolved
/// against it are the folder and the name, whether the folder's path passes
/// [`crate::sign::check_path`], and whether the resource covers every name in the folder
/// ([`ResourcePattern::covers_folder`]).
#[derive(Default)]
struct FolderCheck {
    base: String,
    folder: Option<usize>,
    safe: bool,
    covered: bool,
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
            url: String::new(),
            folder: FolderCheck::default(),
        }
    }

    /// Judges one URI: signs it if the policy covers it, lists it if not (or if asked to).
    pub fn entry(&mut self, found: Found<'_>) {
        let (status, has_url) = self.judge(&found, found.sample);
        let listed = status != EntryStatus::Signed || self.list_signed;
        let url = (has_url && listed).then(|| self.url.clone());
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
            let (status, has_url) = self.judge(&one, one.sample);
            let refused = status != EntryStatus::Signed;
            if verdict.is_none() || refused {
                verdict = Some((status, has_url.then(|| self.url.clone())));
            }
            if refused {
                break;
            }
        }
        let (status, url) = match verdict {
            Some(verdict) => verdict,
            None => {
                let (status, has_url) = self.judge(&found, found.sample);
                (status, has_url.then(|| self.url.clone()))
            }
        };
        self.record(found, status, url);
    }

    /// The entry's status, and whether its URL is in `self.url`.
    fn judge(&mut self, found: &Found<'_>, sample: Option<&str>) -> (EntryStatus, bool) {
        if found.variable {
            return (EntryStatus::Variable, false);
        }
        // Without a `?` there is no query to carry them (the usual entry: no search for one).
        let has_query = found.uri.bytes().any(|b| b == b'?');
        if has_query && !crate::url::signing_params_present(found.uri).is_empty() {
            return match uri::resolve(found.base, found.uri) {
                Some(url) => {
                    self.url = url;
                    (EntryStatus::AlreadySigned, true)
                }
                None => (EntryStatus::AlreadySigned, false),
            };
        }
        let target = sample.unwrap_or(found.uri);
        // The one rule of `SignedPrefix::url_for`: no dot segment or encoded separator.
        let (safe, covered) = match self.plain_url(found.base, target) {
            Some(checks) => checks,
            None => match uri::resolve_against_resolved(found.base, target) {
                None => return (EntryStatus::NotHttp, false),
                Some(url) => {
                    self.url = url;
                    (crate::sign::check_path(&self.url).is_ok(), false)
                }
            },
        };
        let status = if !safe {
            EntryStatus::UnsafePath
        } else if covered || self.resource.matches(&self.url) {
            EntryStatus::Signed
        } else {
            EntryStatus::OutsideResource
        };
        (status, true)
    }

    /// [`uri::resolve_against_resolved`] and [`crate::sign::check_path`] for a plain name
    /// ([`uri::is_plain_name`]), without a copy or a second reading of the base: its URL (the
    /// base's folder and the name) written into `self.url`; whether that URL passes
    /// `check_path`: the folder's segments (checked once per base) and the name's; and whether
    /// the resource is known to cover it without matching it (once per base). `None` for
    /// another reference, or a base whose folder has no path: the full reading decides.
    fn plain_url(&mut self, base: &str, name: &str) -> Option<(bool, bool)> {
        if !uri::is_plain_name(name) {
            return None;
        }
        if self.folder.base != base {
            let folder = uri::folder_of_resolved(base).filter(|folder| {
                // The path `check_path` reads starts in the folder, so the URL's segments are
                // the folder's and the name.
                let after_scheme = folder.split_once("://").map_or(*folder, |(_, rest)| rest);
                after_scheme.contains('/')
            });
            self.folder.folder = folder.map(str::len);
            self.folder.safe = folder.is_some_and(|f| crate::sign::check_path(f).is_ok());
            self.folder.covered = folder.is_some_and(|f| self.resource.covers_folder(f));
            self.folder.base.clear();
            self.folder.base.push_str(base);
        }
        let folder = self.folder.base.get(..self.folder.folder?)?;
        self.url.clear();
        self.url.push_str(folder);
        self.url.push_str(name);
        let safe = self.folder.safe && crate::sign::check_segment(name).is_ok();
        Some((safe, self.folder.covered))
    }

    fn record(&mut self, found: Found<'_>, status: EntryStatus, url: Option<String>) {
        if status == EntryStatus::Signed {
            let has_query = found
                .uri
                .bytes()
                .take_while(|&b| b != b'#')
                .any(|b| b == b'?');
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

#[cfg(test)]
mod tests;
