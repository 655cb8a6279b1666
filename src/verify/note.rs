//! What a person on call should know about a verdict that does not decide it by itself.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

#[cfg(feature = "on-call")]
use crate::cookie_jar::{Ignored, NotSent, NotSentWhy};
use crate::policy::{ResourceReadings, UnknownPolicyKey};
use crate::time::format_utc;

/// Something worth knowing about a verdict that is not a reason for denying it by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Note {
    /// The two readings of CloudFront's resource rules give different answers for this URL: read
    /// section by section (`[protocol]://[domain]/[path]?[query]`, each wildcard within its
    /// section, the first `?` after the domain starting the query), or read as one string (every
    /// `*` and `?` a wildcard, as the AWS CLI checks before signing).
    ///
    /// The verdict follows the section reading, the one the guide describes: when only the
    /// whole-string reading matches, it denies with [`Reason::ResourceAmbiguous`]
    /// (`resource_ambiguous`); when only the section reading matches, it allows (the guide's
    /// exceptions, such as a trailing `*` covering the query). Which one CloudFront applies has
    /// not been confirmed by a live test.
    ///
    /// [`Reason::ResourceAmbiguous`]: super::Reason::ResourceAmbiguous
    AmbiguousResourceMatch {
        /// The resource pattern.
        pattern: String,
        /// The URL compared (without signing parameters).
        url: String,
        /// The answer of each reading.
        readings: ResourceReadings,
    },
    /// The policy has keys CloudFront's guide does not document (a top-level `Comment`, another
    /// condition operator such as `StringLike`). The verdict decides on the keys it knows;
    /// whether CloudFront ignores the others or refuses the policy is undocumented
    /// (`docs/research/cloudfront-verification.md`, §3.3).
    UnknownPolicyKeys {
        /// The keys, as [`PolicyDocument::unknown_keys`](crate::policy::PolicyDocument) lists them.
        keys: Vec<UnknownPolicyKey>,
    },
    /// The expiry is after 2147483647 (2038-01-19T03:14:07Z), the limit of CloudFront's guide
    /// before 2023. The current guide takes a 64-bit integer, and botocore and the JS SDK sign
    /// such expiries, so the verdict decides as for any other expiry; no live test here has shown
    /// CloudFront accepting one (`docs/research/cloudfront-verification.md`, §3.4).
    ExpiryAfter2038 {
        /// The expiry, epoch seconds.
        date_less_than: u64,
    },
    /// A `CloudFront-*` cookie of the `Set-Cookie` lines that a browser would not send, on a
    /// verdict the cookies it does send allow (when they do not, it is a reason,
    /// [`Reason::CookieNotSent`](super::Reason::CookieNotSent), first of all); or one it sends
    /// after another of its name (`shadowed`, always a note: the reason is the duplicate).
    #[cfg(feature = "on-call")]
    CookieNotSent(NotSent),
    /// The signature was not checked (no key was given): the verdict decides everything else.
    SignatureNotChecked,
    /// What a browser ignores in the `Set-Cookie` lines: lines it refuses, attributes it skips.
    #[cfg(feature = "on-call")]
    SetCookieIgnored {
        /// Each line or attribute ignored, at most [`MAX_IGNORED`](crate::cookie_jar::MAX_IGNORED).
        ignored: Vec<Ignored>,
        /// How many more were ignored.
        more: usize,
    },
}

impl Note {
    /// The stable code callers branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::AmbiguousResourceMatch { .. } => "ambiguous_resource_match",
            Self::UnknownPolicyKeys { .. } => "unknown_policy_keys",
            Self::ExpiryAfter2038 { .. } => "expiry_after_2038",
            #[cfg(feature = "on-call")]
            Self::CookieNotSent(_) => "cookie_not_sent",
            Self::SignatureNotChecked => "signature_not_checked",
            #[cfg(feature = "on-call")]
            Self::SetCookieIgnored { .. } => "set_cookie_ignored",
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let answer = |matches: bool| if matches { "match" } else { "no match" };
        match self {
            Self::AmbiguousResourceMatch {
                pattern,
                url,
                readings,
            } => write!(
                f,
                "CloudFront's documentation can be read two ways here: section by section (the first ? after the domain starts the query, each wildcard stays in its section) or as one string (every * and ? a wildcard, as the AWS CLI checks before signing). For {url} against the resource {pattern}: section reading: {} / whole-string reading: {}. This verdict follows the section reading; CloudFront's own has not been confirmed.",
                answer(readings.section),
                answer(readings.whole_string)
            ),
            Self::UnknownPolicyKeys { keys } => {
                f.write_str("The policy has keys CloudFront's guide does not document: ")?;
                for (i, key) in keys.iter().enumerate() {
                    let sep = if i == 0 { "" } else { ", " };
                    write!(f, "{sep}{:?} in {}", key.key, key.within)?;
                }
                f.write_str(". This verdict decides on the keys it knows; CloudFront's handling is undocumented.")
            }
            Self::ExpiryAfter2038 { date_less_than } => write!(
                f,
                "The expiry {date_less_than} ({}) is after 2147483647 (2038-01-19T03:14:07Z), the limit of CloudFront's guide before 2023. The current guide takes a 64-bit integer and the AWS SDKs sign such expiries, so this verdict treats it as any other; CloudFront's acceptance has not been confirmed by a live test.",
                format_utc(*date_less_than)
            ),
            #[cfg(feature = "on-call")]
            Self::CookieNotSent(not_sent) => {
                let enough = match not_sent.why {
                    NotSentWhy::Shadowed { .. } => "",
                    _ => " The cookies the browser does send are enough here.",
                };
                write!(f, "{not_sent}.{enough} {}", not_sent.why.fix())
            }
            Self::SignatureNotChecked => f.write_str(
                "The signature was NOT checked (no public key was given): this verdict decides the time, the client IP, the resource and the cookies only. Check the signature with the public key of the Key-Pair-Id.",
            ),
            #[cfg(feature = "on-call")]
            Self::SetCookieIgnored { ignored, more } => {
                for (i, item) in ignored.iter().enumerate() {
                    let sep = if i == 0 { "" } else { "; " };
                    write!(f, "{sep}{item}")?;
                }
                if *more > 0 {
                    write!(f, "; and {more} more")?;
                }
                Ok(())
            }
        }
    }
}
