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

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::IpAddr;

#[cfg(feature = "on-call")]
use crate::cookie_jar;
#[cfg(feature = "on-call")]
use crate::cookie_jar::NotSentWhy;
use crate::cookie_jar::Sent;
use crate::decode::{self, CarriedPolicy, Source, Unverified};
use crate::key::{HashAlgorithm, PublicKey};
use crate::policy::{IpRange, PolicyDocument, ResourceReadings, EPOCH_2038};
use crate::sign::check_key_pair_id;

pub mod diagnose;
mod ip_text;
mod json;
mod keys;
mod note;
mod reason;
#[cfg(feature = "rust-crypto")]
pub use diagnose::diagnose;
pub use diagnose::{Diagnosis, Hints, LikelyCause};
pub use json::{
    policy_info, DamageJson, DecodedJson, DiagnosisJson, NoteJson, PolicyInfo, ReasonJson,
    VerdictJson,
};
pub use keys::KeyGroup;
pub use note::Note;
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

/// The signing parameters of `request`: the URL's, else the cookies' (the signed URL wins, as in
/// CloudFront).
///
/// A URL over the size limit is refused whatever the cookies say: its decoding keeps the source
/// [`Source::Url`] with its one problem, so the cookies are not read.
///
/// `Set-Cookie` lines are first read as a browser keeps and sends them for this request
/// ([`crate::cookie_jar::cookies_sent`]): the parameters are those of the `Cookie:` header it sends, and
/// the second value is what it does not send.
fn decode_request(request: &Request<'_>) -> (Unverified, Option<Sent>) {
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
fn decoding_reasons(request: &Request<'_>, decoded: &Unverified) -> Vec<Reason> {
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
fn evaluated_policy(decoded: &Unverified, url: &str) -> Option<PolicyDocument> {
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

/// The request's time and viewer, all the policy's conditions read.
#[derive(Debug, Clone, Copy)]
struct Viewer {
    now: u64,
    skew: u64,
    client_ip: Option<IpAddr>,
}

/// Adds the policy's conditions that the request fails: expiry, start, client IP.
fn condition_reasons(doc: &PolicyDocument, request: Viewer, conditions: &mut Vec<Reason>) {
    if request.now >= doc.date_less_than.saturating_add(request.skew) {
        conditions.push(Reason::Expired {
            expires: doc.date_less_than,
            now: request.now,
        });
    }
    if let Some(start) = doc.date_greater_than {
        if request.now.saturating_add(request.skew) <= start {
            conditions.push(Reason::NotYetValid {
                starts: start,
                now: request.now,
            });
        }
    }
    if let Some(source_ip) = &doc.source_ip {
        match IpRange::parse(source_ip) {
            Ok(range) => {
                let v4 = match request.client_ip {
                    Some(IpAddr::V4(v4)) => Some(v4),
                    // IPv4 ranges only: an IPv6 viewer never matches.
                    Some(IpAddr::V6(v6)) => v6.to_ipv4_mapped(),
                    None => None,
                };
                let inside = v4.is_some_and(|v4| range.contains(v4.octets()));
                if !inside {
                    conditions.push(Reason::IpDenied {
                        range: range.as_str().to_string(),
                        client_ip: request.client_ip,
                    });
                }
            }
            Err(e) => conditions.push(Reason::Malformed {
                problem: Malformed::SourceIp(e),
            }),
        }
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

/// A request decoded and evaluated except for its signature: for hosts that check signatures
/// with their own crypto (WebCrypto), which may be asynchronous. [`verify`] is
/// `Pending::new`, the check, then [`Pending::finish`].
#[derive(Debug, Clone)]
pub struct Pending {
    decoded: Unverified,
    policy: Option<PolicyDocument>,
    signed_bytes: Option<Vec<u8>>,
    /// The trusted key named by `Key-Pair-Id`.
    key: Option<PublicKey>,
    reasons: Vec<Reason>,
    viewer: Viewer,
    /// For `Set-Cookie` lines: what a browser sends, and what not.
    #[cfg_attr(not(feature = "on-call"), allow(dead_code))]
    sent: Option<Sent>,
}

/// The one signature check a request needs.
#[derive(Debug, Clone, Copy)]
pub struct SignatureCheck<'p> {
    /// The key named by `Key-Pair-Id`.
    pub key_pair_id: &'p str,
    /// Its public key.
    pub key: &'p PublicKey,
    /// The exact policy bytes that were signed.
    pub message: &'p [u8],
    /// The decoded signature (DER for ECDSA).
    pub signature: &'p [u8],
    /// The hash named by `Hash-Algorithm`.
    pub hash: HashAlgorithm,
}

impl Pending {
    /// Decodes `request` and keeps what evaluating it needs; all but the signature is decided
    /// (in [`Pending::finish`]) without any more input.
    pub fn new(request: &Request<'_>, keys: &KeyGroup) -> Self {
        let (decoded, sent) = decode_request(request);
        let mut reasons = decoding_reasons(request, &decoded);
        let url = decoded.url_without_signing_params.as_deref().unwrap_or("");
        let policy = evaluated_policy(&decoded, url);
        let signed_bytes = decoded.signed_bytes(url);
        let key = match &decoded.key_pair_id {
            Some(id) => match keys.get(id) {
                Some(k) => Some(k.clone()),
                None => {
                    reasons.push(Reason::UnknownKey {
                        key_pair_id: id.clone(),
                        trusted: keys.ids(),
                    });
                    None
                }
            },
            None => None,
        };
        Self {
            decoded,
            policy,
            signed_bytes,
            key,
            reasons,
            viewer: Viewer {
                now: request.now,
                skew: request.skew,
                client_ip: request.client_ip,
            },
            sent,
        }
    }

    /// The same decoded request, made at `now` by `client_ip`: what decoding found does not depend
    /// on them, so a caller that sees the same URL and cookies again (an access log) decodes once.
    pub fn at(&self, now: u64, client_ip: Option<IpAddr>) -> Self {
        let mut again = self.clone();
        again.viewer.now = now;
        again.viewer.client_ip = client_ip;
        again
    }

    /// The signature check still to do, if the request has a known key, a signature and policy
    /// bytes; `None` when there is nothing to check (other reasons already deny it).
    pub fn signature_check(&self) -> Option<SignatureCheck<'_>> {
        Some(SignatureCheck {
            key_pair_id: self.decoded.key_pair_id.as_deref()?,
            key: self.key.as_ref()?,
            message: self.signed_bytes.as_deref()?,
            signature: self.decoded.signature.as_deref()?,
            hash: self.decoded.hash_algorithm,
        })
    }

    /// The verdict, given the result of [`Pending::signature_check`] (`None` when there was none).
    pub fn finish(self, signature_valid: Option<bool>) -> Verdict {
        self.decide(signature_valid, true)
    }

    /// The verdict on everything but the signature, which is not checked: the time, the client
    /// IP, the resource and the cookies. Its `allowed` means that nothing else denies; it is
    /// never [`Verdict::verified`], and it says that the signature was not checked
    /// ([`Note::SignatureNotChecked`]).
    pub fn finish_without_signature(mut self) -> Verdict {
        self.reasons
            .retain(|r| !matches!(r, Reason::UnknownKey { .. }));
        self.key = None;
        self.decide(None, false)
    }

    fn decide(self, signature_valid: Option<bool>, checked: bool) -> Verdict {
        let check_due = self.signature_check().is_some();
        let mut reasons = self.reasons;
        // A check that was due and did not pass (false, or never made) denies.
        if let (true, Some(id)) = (
            check_due && signature_valid != Some(true),
            &self.decoded.key_pair_id,
        ) {
            reasons.push(Reason::BadSignature {
                key_pair_id: id.clone(),
                hash: self.decoded.hash_algorithm,
                diagnosis: None,
            });
        }
        // The conditions follow; the resource match (up to pattern × URL steps) only for a valid
        // signature, so that anonymous requests cannot make it run.
        if let Some(doc) = &self.policy {
            condition_reasons(doc, self.viewer, &mut reasons);
        }
        let mut notes = Vec::new();
        if let Some(doc) = self
            .policy
            .as_ref()
            .filter(|d| d.date_less_than > EPOCH_2038)
        {
            notes.push(Note::ExpiryAfter2038 {
                date_less_than: doc.date_less_than,
            });
        }
        if let (Some(doc), Some(CarriedPolicy::Custom { .. })) =
            (&self.policy, &self.decoded.policy)
        {
            if !doc.unknown_keys.is_empty() {
                notes.push(Note::UnknownPolicyKeys {
                    keys: doc.unknown_keys.clone(),
                });
            }
        }
        // Without a key, the resource is matched as it would be for a valid signature.
        let resource_due = signature_valid == Some(true) || !checked;
        if let (true, Some(doc), Some(CarriedPolicy::Custom { .. })) =
            (resource_due, &self.policy, &self.decoded.policy)
        {
            let url = self.decoded.url_without_signing_params.as_deref();
            let url = url.unwrap_or_default();
            let readings = ResourceReadings::of(&doc.resource, url);
            if !readings.section {
                let (pattern, url) = (doc.resource.clone(), url.to_string());
                reasons.push(match readings.whole_string {
                    true => Reason::ResourceAmbiguous { pattern, url },
                    false => Reason::ResourceMismatch { pattern, url },
                });
            }
            if !readings.agree() {
                notes.push(Note::AmbiguousResourceMatch {
                    pattern: doc.resource.clone(),
                    url: url.to_string(),
                    readings,
                });
            }
        }
        #[cfg(feature = "on-call")]
        if let Some(sent) = self.sent {
            cookie_findings(sent, &mut reasons, &mut notes);
        }
        if !checked {
            notes.insert(0, Note::SignatureNotChecked);
        }
        let verified = match (&self.decoded.key_pair_id, &self.policy, reasons.is_empty()) {
            (Some(id), Some(doc), true)
                if checked && check_due && signature_valid == Some(true) =>
            {
                Some(Verified {
                    key_pair_id: id.clone(),
                    resource: doc.resource.clone(),
                    date_less_than: doc.date_less_than,
                })
            }
            _ => None,
        };
        Verdict {
            signed_policy: self
                .signed_bytes
                .map(|b| String::from_utf8_lossy(&b).into_owned()),
            decoded: self.decoded,
            policy: self.policy,
            reasons,
            notes,
            signature_checked: checked,
            verified,
        }
    }
}

/// What a browser does with the `Set-Cookie` lines: each cookie it would not send is a reason,
/// first of all, when the request is denied, and a note when it is allowed all the same (the
/// cookies sent are enough); a shadowed cookie (sent too, after another of its name: the
/// duplicate is the reason) and what it ignores are notes.
#[cfg(feature = "on-call")]
fn cookie_findings(sent: Sent, reasons: &mut Vec<Reason>, notes: &mut Vec<Note>) {
    if !sent.ignored.is_empty() || sent.more_ignored > 0 {
        notes.push(Note::SetCookieIgnored {
            ignored: sent.ignored,
            more: sent.more_ignored,
        });
    }
    // A shadowed cookie is sent as well (after another of its name): the verdict is CloudFront's
    // on that header (the name twice, a duplicate), and the shadowing is a note explaining it.
    let (shadowed, not_sent): (Vec<_>, Vec<_>) = sent
        .not_sent
        .into_iter()
        .partition(|n| matches!(n.why, NotSentWhy::Shadowed { .. }));
    if reasons.is_empty() {
        notes.extend(not_sent.into_iter().map(Note::CookieNotSent));
    } else {
        reasons.splice(0..0, not_sent.into_iter().map(Reason::CookieNotSent));
    }
    notes.extend(shadowed.into_iter().map(Note::CookieNotSent));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::DecodeProblem;
    use alloc::string::String;

    #[test]
    fn refuses_a_url_over_the_limit_whatever_the_cookies_say() {
        let url: String = ["https://d111111abcdef8.cloudfront.net/", &"a".repeat(9000)].concat();
        let cookies =
            "CloudFront-Expires=1893456000; CloudFront-Signature=AAAA; CloudFront-Key-Pair-Id=K";
        let request = Request {
            cookies: Some(cookies),
            ..Request::new(&url, 1_767_225_600)
        };
        let verdict = Pending::new(&request, &KeyGroup::new()).finish(None);
        assert_eq!(verdict.source(), Source::Url);
        assert!(verdict.decoded.key_pair_id.is_none());
        assert!(verdict.reasons.iter().any(|r| matches!(
            r,
            Reason::Malformed {
                problem: Malformed::Decode(DecodeProblem::TooLong { what: "URL", .. })
            }
        )));
        assert!(!verdict.allowed());
    }

    /// Two valid cookies of one name at `Path=/` and `Path=/private/`: a browser sends both, so
    /// the verdict is CloudFront's on that header (the name twice: refused as a duplicate), and
    /// the shadowed note says the cookie is sent too, never that the first one is read.
    #[test]
    fn a_shadowed_cookie_is_sent_and_denied_as_a_duplicate() {
        let lines = "Set-Cookie: CloudFront-Expires=1893456000; Path=/\n\
            Set-Cookie: CloudFront-Signature=AAAA; Path=/\n\
            Set-Cookie: CloudFront-Signature=BBBB; Path=/private/\n\
            Set-Cookie: CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F; Path=/";
        let request = Request {
            cookies: Some(lines),
            ..Request::new("https://h.example/private/x", 1_767_225_600)
        };
        let verdict = verify(&request, &KeyGroup::new());
        assert!(!verdict.allowed());
        assert!(verdict.reasons.iter().any(|r| matches!(
            r,
            Reason::Malformed {
                problem: Malformed::Decode(DecodeProblem::Duplicate { param: "Signature" })
            }
        )));
        assert!(
            !verdict
                .reasons
                .iter()
                .any(|r| r.code() == "cookie_not_sent"),
            "{:?}",
            verdict.reasons
        );
        let note = verdict
            .notes
            .iter()
            .map(|n| n.to_string())
            .find(|n| n.contains("line 2"))
            .unwrap_or_default();
        assert!(note.contains("sends it too"), "{note}");
        assert!(note.contains("more than once"), "{note}");
        assert!(!note.contains("the one read"), "{note}");
    }

    /// A `Key-Pair-Id` (or `CloudFront-Key-Pair-Id`) that is not a key ID, such as a private key
    /// pasted in the wrong place, is never echoed by a verdict: reasons, their messages, the JSON.
    #[test]
    fn never_echoes_a_key_pair_id_that_is_not_one() {
        let pem = include_str!("../tests/keys/rsa2048_pkcs1.pem");
        let body: Vec<&str> = pem
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with("-----"))
            .collect();
        let url = "https://d111111abcdef8.cloudfront.net/v.mp4?Expires=1893456000&Signature=AAAA&Key-Pair-Id=";
        let long = "x".repeat(300);
        for id in [
            pem,
            long.as_str(),
            "K1; Domain=evil.example\u{1b}[1A",
            "\u{202e}K1",
        ] {
            let encoded = crate::url::extended_encode_uri_component(id);
            let in_url = [url, encoded.as_str()].concat();
            let cookies = [
                "CloudFront-Expires=1893456000; CloudFront-Signature=AAAA; CloudFront-Key-Pair-Id=",
                encoded.as_str(),
            ]
            .concat();
            let keys = KeyGroup::new();
            let by_url = verify(&Request::new(&in_url, 1_767_225_600), &keys);
            let by_cookies = verify(
                &Request {
                    cookies: Some(&cookies),
                    ..Request::new("https://d111111abcdef8.cloudfront.net/v.mp4", 1_767_225_600)
                },
                &keys,
            );
            for verdict in [by_url, by_cookies] {
                assert!(!verdict.allowed());
                let shown = verdict.decoded.key_pair_id.clone().unwrap_or_default();
                assert!(shown.starts_with("(not a key ID"), "{shown}");
                let mut text = verdict.to_json();
                for reason in &verdict.reasons {
                    text.push_str(&reason.to_string());
                }
                assert!(verdict.reasons.iter().any(|r| r.code() == "unknown_key"));
                assert!(!text.contains("BEGIN"), "{text}");
                assert!(!text.contains("xxxxxxxxxx"), "{text}");
                assert!(!text.contains("Domain"), "{text}");
                assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'));
                for line in &body {
                    assert!(!text.contains(&line[..24]), "{text}");
                }
            }
        }
        // A key ID is shown as it is.
        let other = [url, "K3UNKNOWNKEY"].concat();
        let verdict = verify(&Request::new(&other, 1_767_225_600), &KeyGroup::new());
        assert_eq!(verdict.decoded.key_pair_id.as_deref(), Some("K3UNKNOWNKEY"));
    }
}
