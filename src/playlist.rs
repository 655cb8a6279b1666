//! Signed streaming playlists: every segment, key, map and rendition of an HLS playlist or a DASH
//! manifest given the signing parameters of one custom policy.
//!
//! A signed `.m3u8` or `.mpd` URL gets the playlist; everything the playlist names is then
//! requested without a signature and refused. [`sign_playlist`] appends one custom policy's
//! signing parameters (a wildcard over the stream's prefix, signed once, for example by
//! `signPrefix`) to each URI the playlist names that the policy's resource covers, and leaves
//! every other byte as it was:
//!
//! - **HLS** (RFC 8216): the URI lines of media and master playlists, and the `URI="…"`
//!   attribute of `EXT-X-KEY`, `EXT-X-MAP`, `EXT-X-MEDIA`, `EXT-X-I-FRAME-STREAM-INF`,
//!   `EXT-X-SESSION-KEY`, `EXT-X-SESSION-DATA`, `EXT-X-PART`, `EXT-X-PRELOAD-HINT` and
//!   `EXT-X-RENDITION-REPORT`. Comments, unknown tags, blank lines and line endings (LF or CRLF)
//!   are kept. An attribute list that does not read as RFC 8216's (section 4.2) leaves its tag
//!   alone with the warning `bad_attribute_list`.
//! - **DASH** (ISO/IEC 23009-1): `BaseURL`, the `media`, `initialization`, `index` and
//!   `bitstreamSwitching` templates of `SegmentTemplate`, `media` and `index` of `SegmentURL`,
//!   and `sourceURL` of `Initialization`, `RepresentationIndex` and `BitstreamSwitching`. The XML
//!   is read by the `xmlparser` tokenizer and rewritten by its byte spans; references (`&amp;`)
//!   are decoded to read a URI, and the parameters are written with `&amp;` between them. A
//!   `BaseURL` that ends in `/` names a folder, not a request: it is resolved (nested as the
//!   MPD nests it) and not signed, since a relative reference drops its base's query.
//!   `$Number$`, `$Time$` and the other template identifiers are kept as they are; the coverage
//!   of a template is decided on the URL with its identifiers filled in (`$RepresentationID$`
//!   by the enclosing `Representation`'s `id`, the numbers by `1`).
//!
//! Each URI is resolved against the playlist's URL (and the `BaseURL`s above it) as a browser
//! resolves it (RFC 3986 section 5.2 with the URL Standard's `\` and `%2e`), then matched
//! against the policy's resource by CloudFront's rule ([`crate::policy::resource_matches`], the
//! verifier's).
//! A URI that the resource does not cover (another host, a folder outside the prefix), one that
//! is not `http(s)` (`data:`, `skd:`), and one that already carries signing parameters are left
//! alone and listed in [`SignedPlaylist::entries`] with the reason. A URI with a query gets the
//! parameters after `&`, one without after `?`, before any `#fragment`.
//!
//! The policy must be custom: a canned policy covers one URL, never a playlist's entries. Its
//! resource is read from the signed query's `Policy`, so the coverage decided here is what
//! CloudFront decides on the same URL.
//!
//! Bad input is an error with a stable code ([`PlaylistError::code`]), never a panic: a
//! playlist over the size cap, one that is not text, one that is neither HLS nor an MPD, XML that
//! does not parse. A caller that rewrites playlists in passing (an edge handler) passes such a
//! playlist through unchanged with the code.
//!
//! # Example
//!
//! ```
//! use cfsign::playlist::{sign_playlist, EntryStatus};
//!
//! # let policy = cfsign::CfBase64::encode(br#"{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/videos/1/*","Condition":{"DateLessThan":{"AWS:EpochTime":1893456000}}}]}"#);
//! # let sig = cfsign::CfBase64::encode(&[0xfb; 256]);
//! let query = format!("Policy={policy}&Signature={sig}&Key-Pair-Id=K2JCJMDEHXQW5F");
//! let playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nseg1.ts\n#EXTINF:10,\nhttps://ads.example.com/ad.ts\n";
//! let signed = sign_playlist(playlist.as_bytes(), "https://d111111abcdef8.cloudfront.net/videos/1/index.m3u8", &query)?;
//! assert!(signed.text.contains(&format!("\nseg1.ts?{query}\n")));
//! assert!(signed.text.contains("\nhttps://ads.example.com/ad.ts\n"));
//! assert_eq!(signed.rewritten, 1);
//! assert_eq!(signed.entries[0].status, EntryStatus::OutsideResource);
//! # Ok::<(), cfsign::playlist::PlaylistError>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::decode::CarriedPolicy;

mod dash;
mod hls;
mod report;
mod rewriter;
mod served;
mod template;
mod uri;

pub use report::{Entry, EntryStatus, Warning, WarningKind};
use rewriter::Rewriter;
pub use served::served_format;

/// The default size cap of [`PlaylistOptions::max_bytes`]: 16 MiB, well over a 10,000-segment
/// playlist (about 0.5 MB).
pub const DEFAULT_MAX_PLAYLIST_BYTES: usize = 16 * 1024 * 1024;

/// The signing parameters of one custom policy, read once and appended to every entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedQuery {
    params: String,
    xml_params: String,
    resource: String,
    date_less_than: u64,
}

impl SignedQuery {
    /// Reads the signing parameters (`Policy`, `Signature`, `Key-Pair-Id`, and `Hash-Algorithm`
    /// if present) from a query string (with or without its leading `?`) or from a whole signed
    /// URL; any other parameter is dropped. The policy must be custom and readable.
    pub fn parse(text: &str) -> Result<Self, PlaylistError> {
        let text = text.trim();
        let text = text.split_once('#').map_or(text, |(t, _)| t);
        let query = text.split_once('?').map_or(text, |(_, q)| q);
        let mut params = String::with_capacity(query.len());
        for piece in query.split('&') {
            let name = piece.split_once('=').map_or(piece, |(n, _)| n);
            if crate::url::SIGNING_PARAMS.contains(&name) {
                if !params.is_empty() {
                    params.push('&');
                }
                params.push_str(piece);
            }
        }
        // What is appended to a playlist's lines and attributes: URL-safe bytes only.
        let safe =
            |b: u8| b.is_ascii_graphic() && !matches!(b, b'"' | b'\'' | b'<' | b'>' | b'#' | b'\\');
        if !params.bytes().all(safe) {
            return Err(PlaylistError::BadSignedQuery {
                problem: "unsafe_character",
            });
        }
        let decoded = crate::decode::decode_url(&alloc::format!("?{params}"));
        if !decoded.missing().is_empty() {
            return Err(PlaylistError::BadSignedQuery {
                problem: "missing_parameter",
            });
        }
        if matches!(decoded.policy, Some(CarriedPolicy::Canned { .. })) {
            return Err(PlaylistError::CannedPolicy);
        }
        if !decoded.problems.is_empty() {
            return Err(PlaylistError::BadSignedQuery {
                problem: "unreadable_parameter",
            });
        }
        let document = match decoded.policy {
            Some(CarriedPolicy::Custom {
                document: Some(d), ..
            }) => d,
            Some(CarriedPolicy::Custom { document: None, .. }) => {
                return Err(PlaylistError::BadSignedQuery {
                    problem: "unreadable_policy",
                })
            }
            Some(CarriedPolicy::Canned { .. }) => return Err(PlaylistError::CannedPolicy),
            None => {
                return Err(PlaylistError::BadSignedQuery {
                    problem: "missing_parameter",
                })
            }
        };
        Ok(Self {
            xml_params: params.replace('&', "&amp;"),
            params,
            resource: document.resource,
            date_less_than: document.date_less_than,
        })
    }

    /// The parameters appended to each entry (`Policy=…&Signature=…&Key-Pair-Id=…`).
    pub fn as_str(&self) -> &str {
        &self.params
    }

    /// The policy's `Resource`: what decides which entries are covered.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// The policy's `DateLessThan`, epoch seconds.
    pub fn date_less_than(&self) -> u64 {
        self.date_less_than
    }
}

/// How [`sign_playlist_with`] works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlaylistOptions {
    /// The largest playlist read, in bytes; a larger one is [`PlaylistError::TooLarge`].
    pub max_bytes: usize,
    /// List the signed entries too in [`SignedPlaylist::entries`] (a report for a person);
    /// without it only the entries left alone are listed.
    pub list_signed: bool,
}

impl Default for PlaylistOptions {
    fn default() -> Self {
        Self {
            max_bytes: DEFAULT_MAX_PLAYLIST_BYTES,
            list_signed: false,
        }
    }
}

/// Which kind of playlist was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// An HLS playlist (`#EXTM3U`).
    Hls,
    /// A DASH manifest (an `MPD` element).
    Dash,
}

impl Format {
    /// `hls` or `dash`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hls => "hls",
            Self::Dash => "dash",
        }
    }
}

/// The rewritten playlist and what was done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedPlaylist {
    /// The playlist with the signing parameters appended to each covered entry; every other byte
    /// as it was.
    pub text: String,
    /// HLS or DASH.
    pub format: Format,
    /// How many entries got the signing parameters.
    pub rewritten: usize,
    /// The entries left alone, with the reason, in playlist order; with
    /// [`PlaylistOptions::list_signed`] the signed ones too.
    pub entries: Vec<Entry>,
    /// What was read but not understood, in playlist order.
    pub warnings: Vec<Warning>,
}

/// Why a playlist was not rewritten. A caller rewriting in passing serves it unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PlaylistError {
    /// Over the size cap.
    TooLarge {
        /// Its size.
        bytes: usize,
        /// The cap.
        max: usize,
    },
    /// Not UTF-8 text, or it holds control characters other than tab, CR and LF.
    NotText,
    /// Neither an HLS playlist (`#EXTM3U` first) nor a DASH manifest (an `MPD` root element).
    UnknownFormat,
    /// An MPD that is not well-formed XML.
    BadXml {
        /// The line of the first error, from 1.
        line: u32,
    },
    /// The playlist's URL is not an absolute `http(s)` URL.
    BadBaseUrl,
    /// The signed query cannot be appended: `problem` is `missing_parameter`,
    /// `unreadable_parameter`, `unreadable_policy` or `unsafe_character`.
    BadSignedQuery {
        /// What is wrong, as a code.
        problem: &'static str,
    },
    /// The signed query carries a canned policy (`Expires`), which covers one URL only.
    CannedPolicy,
}

impl PlaylistError {
    /// The stable code: `too_large`, `not_text`, `unknown_format`, `bad_xml`, `bad_base_url`,
    /// `bad_signed_query`, `canned_policy`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge { .. } => "too_large",
            Self::NotText => "not_text",
            Self::UnknownFormat => "unknown_format",
            Self::BadXml { .. } => "bad_xml",
            Self::BadBaseUrl => "bad_base_url",
            Self::BadSignedQuery { .. } => "bad_signed_query",
            Self::CannedPolicy => "canned_policy",
        }
    }
}

impl fmt::Display for PlaylistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge { bytes, max } => {
                write!(f, "the playlist is {bytes} bytes, over the cap of {max}")
            }
            Self::NotText => f.write_str("the playlist is not UTF-8 text (or holds control characters)"),
            Self::UnknownFormat => f.write_str("the playlist is neither HLS (#EXTM3U) nor a DASH MPD"),
            Self::BadXml { line } => write!(f, "the MPD is not well-formed XML (line {line})"),
            Self::BadBaseUrl => f.write_str("the playlist URL is not an absolute http(s) URL"),
            Self::BadSignedQuery { problem } => {
                write!(f, "the signed query cannot be used ({problem}): it needs Policy, Signature and Key-Pair-Id")
            }
            Self::CannedPolicy => f.write_str(
                "the signed query has a canned policy (Expires), which covers one URL: sign a custom policy for the stream's prefix",
            ),
        }
    }
}

impl core::error::Error for PlaylistError {}

/// Rewrites `text`, the playlist served at `base_url`, appending `signed_query` (the signing
/// parameters of a custom policy, or a URL carrying them) to every entry its resource covers,
/// with the default [`PlaylistOptions`].
pub fn sign_playlist(
    text: &[u8],
    base_url: &str,
    signed_query: &str,
) -> Result<SignedPlaylist, PlaylistError> {
    let query = SignedQuery::parse(signed_query)?;
    sign_playlist_with(text, base_url, &query, &PlaylistOptions::default())
}

/// [`sign_playlist`] with a [`SignedQuery`] read once and [`PlaylistOptions`].
pub fn sign_playlist_with(
    text: &[u8],
    base_url: &str,
    query: &SignedQuery,
    options: &PlaylistOptions,
) -> Result<SignedPlaylist, PlaylistError> {
    if text.len() > options.max_bytes {
        return Err(PlaylistError::TooLarge {
            bytes: text.len(),
            max: options.max_bytes,
        });
    }
    let text = core::str::from_utf8(text).map_err(|_| PlaylistError::NotText)?;
    let control = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f;
    // By blocks without an early exit inside one, which the compiler vectorizes (a byte-by-byte
    // `any` is a tenth of a large playlist's rewrite).
    if text
        .as_bytes()
        .chunks(64)
        .any(|block| block.iter().fold(false, |found, &b| found | control(b)))
    {
        return Err(PlaylistError::NotText);
    }
    // The playlist's URL as a browser reads it (host in lower case, dot segments removed): what
    // every URI is resolved against.
    let base = uri::resolve(base_url, "").ok_or(PlaylistError::BadBaseUrl)?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let format = if body.starts_with("#EXTM3U") {
        Format::Hls
    } else if body.trim_start().starts_with('<') {
        Format::Dash
    } else {
        return Err(PlaylistError::UnknownFormat);
    };
    let mut rw = Rewriter::new(text, &base, query, options.list_signed);
    match format {
        Format::Hls => hls::rewrite(&mut rw),
        Format::Dash => dash::rewrite(&mut rw)?,
    }
    Ok(rw.finish(format))
}

#[cfg(test)]
mod tests;
