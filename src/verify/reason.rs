//! Why CloudFront would answer 403: each reason with its stable code, the error CloudFront answers,
//! what usually causes it and the usual fix.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::net::IpAddr;

#[cfg(feature = "on-call")]
use crate::cookie_jar::{NotSent, NotSentWhy};
use crate::decode::DecodeProblem;
use crate::key::HashAlgorithm;
use crate::policy::PolicyError;

use super::diagnose::Diagnosis;
use super::ip_text::IpText;

/// Why CloudFront would answer 403.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// No signature at all, or required signing parameters absent.
    MissingSignature {
        /// The missing parameters.
        missing: Vec<&'static str>,
    },
    /// Something does not decode.
    Malformed {
        /// What.
        problem: Malformed,
    },
    /// The key ID is not in the key group.
    UnknownKey {
        /// The ID sent.
        key_pair_id: String,
        /// The IDs trusted.
        trusted: Vec<String>,
    },
    /// The signature does not match the policy under the named key.
    BadSignature {
        /// The key it was checked with.
        key_pair_id: String,
        /// The hash used.
        hash: HashAlgorithm,
        /// Which change most likely broke it, when diagnosed
        /// ([`diagnose`](super::diagnose::diagnose), [`Plan`](super::diagnose::Plan)).
        diagnosis: Option<Box<Diagnosis>>,
    },
    /// `DateLessThan` has passed.
    Expired {
        /// The expiry, epoch seconds.
        expires: u64,
        /// The request time.
        now: u64,
    },
    /// `DateGreaterThan` has not come yet.
    NotYetValid {
        /// The start, epoch seconds.
        starts: u64,
        /// The request time.
        now: u64,
    },
    /// The client is outside `IpAddress`.
    IpDenied {
        /// The range.
        range: String,
        /// The client IP, if known.
        client_ip: Option<IpAddr>,
    },
    /// The URL does not match the policy's resource (under either reading of the guide).
    ResourceMismatch {
        /// The resource pattern.
        pattern: String,
        /// The URL compared (without signing parameters).
        url: String,
    },
    /// The URL matches the policy's resource only when the resource is read as one string (every
    /// `*` and `?` a wildcard, as the AWS CLI checks before signing), not section by section as
    /// the guide describes it. The verdict follows the section reading and denies; CloudFront's
    /// own reading is unconfirmed. [`Verdict::notes`](super::Verdict::notes) carries both
    /// readings ([`Note::AmbiguousResourceMatch`](super::Note::AmbiguousResourceMatch)).
    ResourceAmbiguous {
        /// The resource pattern.
        pattern: String,
        /// The URL compared (without signing parameters).
        url: String,
    },
    /// A `CloudFront-*` cookie of the `Set-Cookie` lines that a browser would not send with this
    /// request (or not first), and the request is denied: listed before the other reasons, which
    /// follow from it.
    #[cfg(feature = "on-call")]
    CookieNotSent(NotSent),
}

/// A decoding failure, as a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Malformed {
    /// Found while decoding.
    Decode(DecodeProblem),
    /// The policy's `AWS:SourceIp` is not an IPv4 range.
    SourceIp(PolicyError),
    /// The request URL itself is not usable.
    Url(String),
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decode(p) => p.fmt(f),
            Self::SourceIp(e) => write!(f, "policy AWS:SourceIp: {e}"),
            Self::Url(s) => f.write_str(s),
        }
    }
}

impl Reason {
    /// The stable code callers branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingSignature { .. } => "missing_signature",
            Self::Malformed { .. } => "malformed",
            Self::UnknownKey { .. } => "unknown_key",
            Self::BadSignature { .. } => "bad_signature",
            Self::Expired { .. } => "expired",
            Self::NotYetValid { .. } => "not_yet_valid",
            Self::IpDenied { .. } => "ip_denied",
            Self::ResourceMismatch { .. } => "resource_mismatch",
            Self::ResourceAmbiguous { .. } => "resource_ambiguous",
            #[cfg(feature = "on-call")]
            Self::CookieNotSent(_) => "cookie_not_sent",
        }
    }

    /// The error code CloudFront answers with.
    pub fn cloudfront_error(&self) -> &'static str {
        match self {
            Self::MissingSignature { missing } if missing.contains(&"Key-Pair-Id") => "MissingKey",
            Self::MissingSignature { .. } => "AccessDenied",
            Self::Malformed {
                problem: Malformed::Decode(p),
            } => p.cloudfront_error(),
            Self::Malformed { .. } => "MalformedPolicy",
            Self::UnknownKey { .. } => "InvalidKey",
            #[cfg(feature = "on-call")]
            Self::CookieNotSent(n) if n.name == "CloudFront-Key-Pair-Id" => "MissingKey",
            _ => "AccessDenied",
        }
    }

    /// One sentence on what usually causes it.
    pub fn explanation(&self) -> &'static str {
        match self {
            Self::MissingSignature { .. } => "The request carries no complete signed URL or signed cookie set, so CloudFront treats it as unsigned.",
            Self::Malformed { .. } => "Part of the signature or policy was damaged or encoded the wrong way, often by a tool that re-encoded the URL or cookie.",
            Self::UnknownKey { .. } => "The Key-Pair-Id names a key that is not in the distribution's trusted key groups.",
            Self::BadSignature { .. } => "The signature does not match: the URL or policy changed after signing, or it was signed with a different private key.",
            Self::Expired { .. } => "The policy's DateLessThan has passed (or the signer's or viewer's clock is off).",
            Self::NotYetValid { .. } => "The policy's DateGreaterThan is still in the future (or the signer's clock is ahead).",
            Self::IpDenied { .. } => "The policy limits viewers to an IP range and this viewer is outside it (IPv6 viewers never match; a proxy or VPN changes the address).",
            Self::ResourceMismatch { .. } => "The policy was signed for another resource: a different path, host, scheme or query string.",
            #[cfg(feature = "on-call")]
            Self::CookieNotSent(n) => match n.why {
                NotSentWhy::Domain { .. } => "A browser sends a cookie only to hosts its Domain covers: the host itself or, with a Domain, the hosts ending in it; it refuses a cookie whose Domain does not cover the host that sets it.",
                NotSentWhy::PublicSuffix { .. } => "A browser refuses a cookie whose Domain is a public suffix (a top-level domain, or cloudfront.net, which the Public Suffix List holds), so that one site's cookies never reach another's.",
                NotSentWhy::Path { .. } => "A browser sends a cookie only for request paths its Path covers (the same path, or one that continues it after a '/').",
                NotSentWhy::Secure => "A browser sends a Secure cookie only over https.",
                NotSentWhy::MaxAge { .. } | NotSentWhy::Expires { .. } => "A browser deletes a cookie once its Max-Age or Expires has passed (Max-Age wins when both are given).",
                NotSentWhy::Shadowed { .. } => "A browser sends every cookie of one name that matches, the one with the longest Path first, then the one set first; a Cookie header with one signing cookie twice is malformed, so a stale cookie at another Path that still matches gets the request refused.",
                _ => "A browser drops a cookie whose name and value are over 4,096 bytes.",
            },
            Self::ResourceAmbiguous { .. } => "The guide can be read two ways here. Read as one string (every * and ? a wildcard, as the AWS CLI checks before signing), the resource matches this URL; read section by section (the first ? after the domain starts the query, each wildcard stays in its section), as this verdict does, it does not. Which reading CloudFront applies has not been confirmed.",
        }
    }

    /// The usual fix.
    pub fn fix(&self) -> &'static str {
        match self {
            Self::MissingSignature { .. } => "Sign the URL (Expires or Policy, Signature, Key-Pair-Id) or set all CloudFront-* cookies for the cookie's Domain and Path.",
            Self::Malformed { .. } => "Pass the signed URL through untouched; keep CloudFront's base64 (-, ~, _) and do not percent-encode or re-encode it.",
            Self::UnknownKey { .. } => "Add the public key to a key group trusted by the cache behavior, or sign with the ID of a key that is in it.",
            Self::BadSignature { .. } => "Sign the exact URL that is requested (same scheme, host, path and query) with the private key matching the Key-Pair-Id.",
            Self::Expired { .. } => "Sign with a later expiry, and check the signing server's clock (NTP).",
            Self::NotYetValid { .. } => "Use an earlier start time, or none, and check the signing server's clock.",
            Self::IpDenied { .. } => "Widen the IP range, drop the IP condition, or disable IPv6 on the distribution if viewers connect over IPv6.",
            Self::ResourceMismatch { .. } => "Sign a resource pattern that covers the requested URL (for example with a trailing *), or request the URL that was signed.",
            #[cfg(feature = "on-call")]
            Self::CookieNotSent(n) => n.why.fix(),
            Self::ResourceAmbiguous { .. } => "Sign a resource both readings agree on: * rather than ? before the query, the query separator escaped as \\? (in a policy given as JSON), or the URL itself; to learn CloudFront's answer, request the URL from CloudFront.",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingSignature { missing } => {
                write!(f, "missing signing parameters: {}", missing.join(", "))
            }
            Self::Malformed { problem } => write!(f, "malformed: {problem}"),
            Self::UnknownKey {
                key_pair_id,
                trusted,
            } => {
                if trusted.is_empty() {
                    write!(
                        f,
                        "key {key_pair_id} is not trusted (the key group is empty)"
                    )
                } else {
                    write!(
                        f,
                        "key {key_pair_id} is not trusted (trusted: {})",
                        trusted.join(", ")
                    )
                }
            }
            Self::BadSignature {
                key_pair_id,
                hash,
                diagnosis,
            } => {
                write!(
                    f,
                    "signature does not match the policy under key {key_pair_id} ({hash})"
                )?;
                // A diagnosis is made with the feature `on-call` only (the lite WebAssembly build
                // never has one to show).
                #[cfg(feature = "on-call")]
                if let Some(cause) = diagnosis.as_deref().and_then(|d| d.likely_cause.as_ref()) {
                    write!(f, "; likely cause: {} ({})", cause.code, cause.evidence)?;
                }
                #[cfg(not(feature = "on-call"))]
                let _ = diagnosis;
                Ok(())
            }
            Self::Expired { expires, now } => write!(
                f,
                "expired at {} ({}s before now, {})",
                crate::time::format_utc(*expires),
                now.saturating_sub(*expires),
                crate::time::format_utc(*now)
            ),
            Self::NotYetValid { starts, now } => write!(
                f,
                "not valid before {} ({}s after now, {})",
                crate::time::format_utc(*starts),
                starts.saturating_sub(*now),
                crate::time::format_utc(*now)
            ),
            Self::IpDenied {
                range,
                client_ip: Some(ip),
            } => write!(f, "client {} is outside {range}", IpText(*ip)),
            Self::IpDenied {
                range,
                client_ip: None,
            } => {
                write!(
                    f,
                    "the policy allows only {range} and the client IP is unknown"
                )
            }
            Self::ResourceMismatch { pattern, url } => {
                write!(f, "{url} does not match the policy resource {pattern}")
            }
            Self::ResourceAmbiguous { pattern, url } => write!(
                f,
                "{url} matches the policy resource {pattern} only when it is read as one string (the AWS CLI's reading), not section by section (the guide's, which decides here)"
            ),
            #[cfg(feature = "on-call")]
            Self::CookieNotSent(not_sent) => not_sent.fmt(f),
        }
    }
}
