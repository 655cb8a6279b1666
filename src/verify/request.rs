//! Reading a request: its signing parameters (the URL's, else the cookies'), what decoding found
//! wrong, and the policy CloudFront evaluates.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

#[cfg(feature = "on-call")]
use crate::cookie_jar;
use crate::cookie_jar::Sent;
use crate::decode::{self, CarriedPolicy, Source, Unverified};
use crate::policy::PolicyDocument;
use crate::sign::check_key_pair_id;

use super::{Malformed, Reason, Request};

/// The signing parameters of `request`: the URL's, else the cookies' (the signed URL wins, as in
/// CloudFront).
///
/// A URL over the size limit is refused whatever the cookies say: its decoding keeps the source
/// [`Source::Url`] with its one problem, so the cookies are not read.
///
/// `Set-Cookie` lines are first read as a browser keeps and sends them for this request
/// ([`crate::cookie_jar::cookies_sent`]): the parameters are those of the `Cookie:` header it sends, and
/// the second value is what it does not send.
pub(super) fn decode_request(request: &Request<'_>) -> (Unverified, Option<Sent>) {
    #[cfg(feature = "on-call")]
    let repaired = crate::repair::repair_url(request.url);
    #[cfg(feature = "on-call")]
    let repaired_url = (request.repair && repaired.changed).then_some(repaired.url);
    #[cfg(feature = "on-call")]
    let request = &Request {
        url: repaired_url.as_deref().unwrap_or(request.url),
        ..request.clone()
    };
    #[cfg_attr(not(feature = "on-call"), allow(unused_mut))]
    let mut from_url = decode::decode_url(request.url);
    #[cfg(feature = "on-call")]
    {
        from_url.damage = repaired.damage;
        from_url.repaired_url = repaired_url.clone();
    }
    let mut sent = None;
    let mut decoded = match (from_url.source, request.cookies) {
        (Source::None, Some(cookies)) => {
            sent = cookies_sent(cookies, request);
            let header = sent.as_ref().map_or(cookies, |s| s.header.as_str());
            let mut d = decode::decode_cookies(header);
            d.url_without_signing_params = from_url.url_without_signing_params;
            d.damage = from_url.damage;
            d.repaired_url = from_url.repaired_url;
            d
        }
        _ => from_url,
    };
    if let Some(id) = decoded.key_pair_id.as_mut() {
        if let Some(shown) = not_a_key_id(id) {
            *id = shown;
        }
    }
    (decoded, sent)
}

/// The cookies a browser sends with `request` of its `Set-Cookie` lines
/// ([`crate::cookie_jar::cookies_sent`]), with the feature `on-call`; without it (the lite WebAssembly
/// build, a guard given the `Cookie:` header a browser sent), none: the text is decoded as it is,
/// and the callers refuse `Set-Cookie` lines ([`decode::has_set_cookie_line`]).
#[cfg(feature = "on-call")]
fn cookies_sent(cookies: &str, request: &Request<'_>) -> Option<Sent> {
    cookie_jar::cookies_sent(cookies, request.url, request.now)
}

#[cfg(not(feature = "on-call"))]
fn cookies_sent(_: &str, _: &Request<'_>) -> Option<Sent> {
    None
}

/// What a verdict shows for a `Key-Pair-Id` that is not a CloudFront key ID's form
/// ([`check_key_pair_id`]): only its length, never the text, which could be a private key pasted
/// in the wrong place, or text meant for a terminal or a log. `None` for a key ID, shown as it is.
/// The stand-in is never a key ID, so it names no key of any key group: the verdict says
/// `unknown_key`, as CloudFront answers for a key it does not know.
fn not_a_key_id(id: &str) -> Option<String> {
    check_key_pair_id(id)
        .is_err()
        .then(|| alloc::format!("(not a key ID: {} bytes)", id.len()))
}

/// What decoding found wrong: the missing parameters first, then each problem.
pub(super) fn decoding_reasons(request: &Request<'_>, decoded: &Unverified) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let missing = decoded.missing();
    if !missing.is_empty() {
        reasons.push(Reason::MissingSignature { missing });
    }
    // The reasons own the problems of a second decoding, the same as the first: less code than
    // cloning each, and only a request with problems pays for it.
    if !decoded.problems.is_empty() {
        for problem in decode_request(request).0.problems {
            reasons.push(Reason::Malformed {
                problem: Malformed::Decode(problem),
            });
        }
    }
    reasons
}

/// The policy CloudFront evaluates: the canned one rebuilt for `url`, or the custom one.
pub(super) fn evaluated_policy(decoded: &Unverified, url: &str) -> Option<PolicyDocument> {
    match &decoded.policy {
        Some(CarriedPolicy::Canned { expires }) => Some(PolicyDocument {
            resource: url.to_string(),
            date_less_than: *expires,
            date_greater_than: None,
            source_ip: None,
            unknown_keys: Vec::new(),
        }),
        Some(CarriedPolicy::Custom { document, .. }) => document.clone(),
        None => None,
    }
}
