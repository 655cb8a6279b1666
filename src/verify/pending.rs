//! Deciding a decoded request: the signature check a host may make with its own crypto, then the
//! policy's conditions, the resource, the cookies a browser would not send, and the notes.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::IpAddr;

#[cfg(feature = "on-call")]
use crate::cookie_jar::NotSentWhy;
use crate::cookie_jar::Sent;
use crate::decode::{CarriedPolicy, Unverified};
use crate::key::{HashAlgorithm, PublicKey};
use crate::policy::{IpRange, PolicyDocument, ResourceReadings, EPOCH_2038};

use super::request::{decode_request, decoding_reasons, evaluated_policy};
use super::{KeyGroup, Malformed, Note, Reason, Request, Verdict, Verified};

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

/// A request decoded and evaluated except for its signature: for hosts that check signatures
/// with their own crypto (WebCrypto), which may be asynchronous. [`verify`](super::verify) is
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
