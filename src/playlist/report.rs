//! What [`super::sign_playlist`] reports: each entry with its status, and the warnings.

use alloc::string::String;

/// One URI a playlist names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The line it is on, from 1.
    pub line: usize,
    /// Where it is: `segment` or `variant` (an HLS URI line, after `EXT-X-STREAM-INF` for a
    /// variant), the HLS tag (`EXT-X-KEY`, `EXT-X-MAP`, …), `BaseURL`, or a DASH element and
    /// attribute (`SegmentTemplate@media`, `SegmentURL@media`, `Initialization@sourceURL`, …).
    pub kind: &'static str,
    /// The URI as the playlist gives it (XML references decoded).
    pub uri: String,
    /// The URL a player requests (absolute, without fragment, template identifiers filled in),
    /// when it is an `http(s)` URL.
    pub url: Option<String>,
    /// Signed, or why not.
    pub status: EntryStatus,
}

/// Whether an entry was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStatus {
    /// The signing parameters were appended.
    Signed,
    /// The policy's resource does not cover its URL: CloudFront would refuse it (403) with this
    /// policy, so it is left alone.
    OutsideResource,
    /// Not an `http(s)` URL (`data:`, `skd:`): no request to CloudFront.
    NotHttp,
    /// It already carries signing parameters of its own.
    AlreadySigned,
    /// Its text depends on a value the player substitutes (an HLS variable `{$name}`, whose
    /// `QUERYPARAM` a viewer sets; a DASH `$RepresentationID$` applying to a `Representation`
    /// whose `id` is missing or not a plain name): where the request goes is not known, so it is
    /// left alone.
    Variable,
    /// Its path has a dot segment or an encoded separator (`%2F`, `%5C`, `%2e`, in any number of
    /// encodings), which [`crate::sign::SignedPrefix::url_for`] refuses too: left alone.
    UnsafePath,
}

impl EntryStatus {
    /// The stable code: `signed`, `outside_resource`, `not_http`, `already_signed`, `variable`,
    /// `unsafe_path`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Signed => "signed",
            Self::OutsideResource => "outside_resource",
            Self::NotHttp => "not_http",
            Self::AlreadySigned => "already_signed",
            Self::Variable => "variable",
            Self::UnsafePath => "unsafe_path",
        }
    }

    /// One sentence for a person.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Signed => "Covered by the policy's resource: signed.",
            Self::OutsideResource => "The policy's resource does not cover this URL: CloudFront answers 403 unless something else signs it.",
            Self::NotHttp => "Not an http(s) URL (data:, a DRM key scheme): the player does not request it from CloudFront.",
            Self::AlreadySigned => "It carries signing parameters of its own, which CloudFront checks instead: left as it is.",
            Self::Variable => "It uses a value the player fills in (an HLS variable, a DASH Representation id that is missing or not a plain name), so where it goes is not known: not signed.",
            Self::UnsafePath => "Its path has a dot segment or an encoded separator (%2F, %5C, %2e), which could leave the policy's resource: not signed.",
        }
    }
}

/// Something read but not understood; the rest of the playlist is rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Warning {
    /// The line, from 1.
    pub line: usize,
    /// What.
    pub kind: WarningKind,
}

/// What a [`Warning`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WarningKind {
    /// An HLS tag that names a URI has an attribute list that is not RFC 8216's (an unquoted or
    /// repeated `URI`, an unterminated quoted string, a missing `=`): the tag is left alone.
    BadAttributeList,
    /// An HLS URI uses a variable (`{$name}`, `EXT-X-DEFINE`): it is not signed (its entry's
    /// status is `variable`).
    Variables,
    /// A DASH URI uses an entity the DTD declares: left alone.
    XmlEntity,
    /// A DASH `BaseURL` whose text is in several pieces (comments, CDATA): left alone.
    SplitText,
}

impl WarningKind {
    /// The stable code: `bad_attribute_list`, `variables`, `xml_entity`, `split_text`.
    pub fn code(self) -> &'static str {
        match self {
            Self::BadAttributeList => "bad_attribute_list",
            Self::Variables => "variables",
            Self::XmlEntity => "xml_entity",
            Self::SplitText => "split_text",
        }
    }
}
