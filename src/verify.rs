//! Deciding like CloudFront: is this request allowed, and if not, every reason why.
//!
//! [`verify`] takes the request (URL, time, client IP, cookies) and a [`KeyGroup`], runs every
//! check — signature, expiry, start, IP range, resource — and returns a [`Verdict`] listing all
//! failures, each with a stable [`Reason::code`], the numbers a person needs, the error CloudFront
//! itself would answer, and the usual fix. Signed URL parameters take precedence over cookies, as
//! in CloudFront. A custom policy is verified over its exact decoded bytes.
//!
//! A custom policy's resource is matched section by section, as CloudFront's guide describes it
//! (`crate::policy::resource_matches`). Where the AWS CLI's whole-string reading of the same
//! resource gives another answer (`https://host/season?/ep?.mp4` for `/season1/ep7.mp4`), the
//! verdict keeps the section reading's decision and says so: a [`Note::AmbiguousResourceMatch`]
//! in [`Verdict::notes`] with both answers, and the reason `resource_ambiguous` instead of
//! `resource_mismatch` when only the whole-string reading matches. CloudFront's own reading there
//! is unconfirmed (`docs/research/cloudfront-verification.md`, §1.3).

use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use crate::decode::{Source, Unverified};
use crate::policy::PolicyDocument;

pub mod diagnose;
mod ip_text;
mod json;
mod keys;
mod note;
mod pending;
mod reason;
mod request;
#[cfg(feature = "rust-crypto")]
pub use diagnose::diagnose;
pub use diagnose::{Diagnosis, Hints, LikelyCause};
pub use json::{
    policy_info, DamageJson, DecodedJson, DiagnosisJson, NoteJson, PolicyInfo, ReasonJson,
    VerdictJson,
};
pub use keys::KeyGroup;
pub use note::Note;
pub use pending::{Pending, SignatureCheck};
pub use reason::{Malformed, Reason};

/// One request as CloudFront sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request<'a> {
    /// The requested URL, with its query string (and any signing parameters).
    pub url: &'a str,
    /// The request time, epoch seconds.
    pub now: u64,
    /// The viewer's IP address, if known.
    pub client_ip: Option<IpAddr>,
    /// The `Cookie:` header value (or `Set-Cookie` lines), if any.
    pub cookies: Option<&'a str>,
    /// Clock skew to tolerate, seconds: a URL expired less than this ago, or starting less than this
    /// from now, is still allowed.
    pub skew: u64,
    /// Decide on the URL with its paste damage undone ([`crate::repair::repair_url`]: `&amp;`,
    /// a whole URL percent-encoded, line breaks, quotes), as a person checking a pasted URL
    /// wants; the verdict says so ([`Unverified::repaired_url`]). Off by default, and never for
    /// a guard: CloudFront sees the URL as given. The damage is reported either way.
    pub repair: bool,
}

impl<'a> Request<'a> {
    /// A request for `url` at `now`, with no client IP, no cookies and no skew.
    pub fn new(url: &'a str, now: u64) -> Self {
        Self {
            url,
            now,
            client_ip: None,
            cookies: None,
            skew: 0,
            repair: false,
        }
    }
}

/// A verified request: what a signature really grants. Only [`verify`] makes one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    key_pair_id: String,
    resource: String,
    date_less_than: u64,
}

impl Verified {
    /// The key that signed it.
    pub fn key_pair_id(&self) -> &str {
        &self.key_pair_id
    }
    /// The resource pattern the signature covers.
    pub fn resource(&self) -> &str {
        &self.resource
    }
    /// Until when, epoch seconds.
    pub fn expires(&self) -> u64 {
        self.date_less_than
    }
}

/// The decision for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Everything decoding found (not trusted).
    pub decoded: Unverified,
    /// The policy as CloudFront evaluates it (a canned one rebuilt from the URL).
    pub policy: Option<PolicyDocument>,
    /// The exact policy bytes the signature was checked over.
    pub signed_policy: Option<String>,
    /// The reasons for denying; empty when allowed.
    pub reasons: Vec<Reason>,
    /// What a person should know that does not decide the verdict by itself: that the two
    /// readings of the policy's resource disagree for this URL ([`Note::AmbiguousResourceMatch`]),
    /// that the policy has keys the guide does not document ([`Note::UnknownPolicyKeys`]), or
    /// that the expiry is past the old guide's 2038 limit ([`Note::ExpiryAfter2038`]). Usually
    /// empty.
    pub notes: Vec<Note>,
    /// Whether the signature was part of the decision: `false` only from [`verify_without_key`],
    /// whose `allowed` means that nothing but the signature denies.
    pub signature_checked: bool,
    verified: Option<Verified>,
}

impl Verdict {
    /// Whether CloudFront would serve the request.
    pub fn allowed(&self) -> bool {
        self.reasons.is_empty()
    }

    /// The verified grant, when allowed.
    pub fn verified(&self) -> Option<&Verified> {
        self.verified.as_ref()
    }

    /// Where the signing parameters came from.
    pub fn source(&self) -> Source {
        self.decoded.source
    }
}

/// Decodes and verifies `request` against `keys`, the signature with Rust's own crypto.
#[cfg(feature = "rust-crypto")]
pub fn verify(request: &Request<'_>, keys: &KeyGroup) -> Verdict {
    let pending = Pending::new(request, keys);
    let valid = pending
        .signature_check()
        .map(|c| c.key.verify(c.message, c.signature, c.hash));
    pending.finish(valid)
}

/// [`verify`], then, when the signature does not verify, its diagnosis: which change most likely
/// broke it ([`diagnose()`]), on the `bad_signature` reason. Up to [`diagnose::MAX_CHECKS`] more
/// signature verifications for a bad signature, none otherwise: for people and tools, not for an
/// enforcement point serving anonymous viewers.
#[cfg(feature = "rust-crypto")]
pub fn verify_and_diagnose(request: &Request<'_>, keys: &KeyGroup, hints: &Hints<'_>) -> Verdict {
    let mut verdict = verify(request, keys);
    diagnose(&mut verdict, keys, hints);
    verdict
}

/// Decides `request` on everything but its signature, without any key (triage when no public
/// key is at hand): expiry, start, client IP, resource and cookies. See
/// [`Pending::finish_without_signature`].
pub fn verify_without_key(request: &Request<'_>) -> Verdict {
    Pending::new(request, &KeyGroup::new()).finish_without_signature()
}

#[cfg(test)]
mod tests;
