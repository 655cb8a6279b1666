//! The verdict of one request as a row of columns: written from a [`Verdict`], and read back.

use alloc::string::String;
use alloc::vec::Vec;

use super::reason_code;
use crate::decode::Source;
use crate::key::HashAlgorithm;
use crate::verify::{Reason, Verdict};

/// What became of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Signed, and CloudFront would serve it.
    Allowed,
    /// Signed, and refused: the reasons say why.
    Denied,
    /// No signing parameter in the URL or the cookies.
    Unsigned,
    /// Refused with cookies that a real-time log cut at 800 bytes: maybe only in the log.
    Truncated,
}

impl Kind {
    /// `allowed`, `denied`, `unsigned` or `truncated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Denied => "denied",
            Self::Unsigned => "unsigned",
            Self::Truncated => "truncated",
        }
    }

    /// The kind named by [`Kind::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Allowed, Self::Denied, Self::Unsigned, Self::Truncated]
            .into_iter()
            .find(|k| k.as_str() == name)
    }
}

/// The decision for one logged request: what a verdict row holds, and all that the report counts
/// of it besides the request's own fields ([`Seen`](super::Seen)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowVerdict {
    /// What became of it.
    pub kind: Kind,
    /// The reason codes of a refusal, each once, in the verdict's order (empty when allowed).
    pub codes: Vec<&'static str>,
    /// Where the signing parameters came from.
    pub source: Source,
    /// The `Key-Pair-Id` sent (not trusted).
    pub key_pair_id: Option<String>,
    /// The hash named (`SHA1` unless `Hash-Algorithm` says otherwise), when signed.
    pub hash_algorithm: Option<HashAlgorithm>,
    /// The policy's `DateLessThan`, epoch seconds.
    pub expires: Option<u64>,
    /// The policy's `DateGreaterThan`, epoch seconds.
    pub starts: Option<u64>,
    /// The signature's result, when it was checked (a trusted key and a readable policy).
    pub signature_valid: Option<bool>,
}

impl RowVerdict {
    /// The row of `verdict`, whose signature check gave `valid`; `truncated` when the log may
    /// have cut the request's cookies.
    pub fn of(verdict: &Verdict, valid: Option<bool>, truncated: bool) -> Self {
        let source = verdict.source();
        let mut codes: Vec<&'static str> = verdict.reasons.iter().map(Reason::code).collect();
        codes.dedup();
        let kind = if truncated && !verdict.allowed() && source != Source::Url {
            Kind::Truncated
        } else if source == Source::None {
            Kind::Unsigned
        } else if verdict.allowed() {
            Kind::Allowed
        } else {
            Kind::Denied
        };
        let signed = source != Source::None;
        Self {
            kind,
            codes,
            source,
            key_pair_id: verdict.decoded.key_pair_id.clone(),
            hash_algorithm: signed.then_some(verdict.decoded.hash_algorithm),
            expires: verdict.policy.as_ref().map(|p| p.date_less_than),
            starts: verdict.policy.as_ref().and_then(|p| p.date_greater_than),
            signature_valid: valid,
        }
    }

    /// The reason codes joined with `,` (what the report's examples show), empty when allowed.
    pub fn reason(&self) -> String {
        self.codes.join(",")
    }

    /// Whether CloudFront would serve it.
    pub fn allowed(&self) -> bool {
        self.kind == Kind::Allowed
    }
}

/// Why a verdict row cannot be read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RowError {
    /// The `verdict` is none of cfsign's.
    Verdict,
    /// A `reason` code is none of cfsign's.
    Reason,
    /// The `source` is not `url`, `cookies` or `none`.
    Source,
    /// The `hash_algorithm` is not `SHA1` or `SHA256`.
    Hash,
}

impl RowError {
    /// The column that does not read.
    pub fn column(self) -> &'static str {
        match self {
            Self::Verdict => "verdict",
            Self::Reason => "reason",
            Self::Source => "source",
            Self::Hash => "hash_algorithm",
        }
    }
}

/// The columns of a verdict row, as [`RowVerdict`] writes them.
#[derive(Debug, Clone, Copy, Default)]
pub struct VerdictColumns<'a> {
    /// [`Kind::as_str`].
    pub verdict: &'a str,
    /// [`RowVerdict::reason`].
    pub reason: Option<&'a str>,
    /// [`Source::as_str`].
    pub source: &'a str,
    /// See [`RowVerdict`].
    pub key_pair_id: Option<&'a str>,
    /// [`HashAlgorithm::as_str`].
    pub hash_algorithm: Option<&'a str>,
    /// See [`RowVerdict`].
    pub expires: Option<u64>,
    /// See [`RowVerdict`].
    pub starts: Option<u64>,
    /// See [`RowVerdict`].
    pub signature_valid: Option<bool>,
}

impl VerdictColumns<'_> {
    /// The verdict these columns hold.
    pub fn read(&self) -> Result<RowVerdict, RowError> {
        let kind = Kind::parse(self.verdict).ok_or(RowError::Verdict)?;
        let codes = match self.reason.filter(|r| !r.is_empty()) {
            None => Vec::new(),
            Some(r) => r
                .split(',')
                .map(|c| reason_code(c).ok_or(RowError::Reason))
                .collect::<Result<_, _>>()?,
        };
        let source = match self.source {
            "url" => Source::Url,
            "cookies" => Source::Cookies,
            "none" => Source::None,
            _ => return Err(RowError::Source),
        };
        let hash_algorithm = match self.hash_algorithm {
            None => None,
            Some(h) => Some(HashAlgorithm::from_param(h).ok_or(RowError::Hash)?),
        };
        Ok(RowVerdict {
            kind,
            codes,
            source,
            key_pair_id: self.key_pair_id.map(String::from),
            hash_algorithm,
            expires: self.expires,
            starts: self.starts,
            signature_valid: self.signature_valid,
        })
    }
}
