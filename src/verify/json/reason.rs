//! A reason as JSON: [`ReasonJson`], written by [`Reason::json`], with its diagnosis
//! ([`DiagnosisJson`]).

use alloc::string::{String, ToString};
use serde::Serialize;

use super::text;
use crate::time::format_utc;
use crate::verify::ip_text::IpText;
use crate::verify::{LikelyCause, Reason};

/// A reason as JSON ([`Reason::json`]): `code`, `message`, `cloudfront_error`, `explanation`,
/// `fix`, then the facts of the reason (the others are left out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ReasonJson<'a> {
    /// [`Reason::code`].
    pub code: &'static str,
    /// The reason's message (`Display`).
    pub message: String,
    /// [`Reason::cloudfront_error`].
    pub cloudfront_error: &'static str,
    /// [`Reason::explanation`].
    pub explanation: &'static str,
    /// [`Reason::fix`].
    pub fix: &'static str,
    /// `missing_signature`: the parameters missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<&'a [&'static str]>,
    /// `malformed`: what does not decode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub what: Option<String>,
    /// `unknown_key` and `bad_signature`: the key pair ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_pair_id: Option<&'a str>,
    /// `unknown_key`: the IDs trusted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusted: Option<&'a [String]>,
    /// `bad_signature`: the hash the signature was checked with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash_algorithm: Option<&'static str>,
    /// `bad_signature`, when diagnosed: the change that most likely broke the signature, `null`
    /// when none was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub likely_cause: Option<Option<&'a LikelyCause>>,
    /// `bad_signature`, when diagnosed: what was ruled out, the checks made, a note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<DiagnosisJson<'a>>,
    /// `expired`: the expiry, epoch seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<u64>,
    /// `expired`: the expiry in UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_utc: Option<String>,
    /// `not_yet_valid`: the start, epoch seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts: Option<u64>,
    /// `not_yet_valid`: the start in UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub starts_utc: Option<String>,
    /// `expired` and `not_yet_valid`: the request time, epoch seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now: Option<u64>,
    /// `expired` and `not_yet_valid`: the request time in UTC.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub now_utc: Option<String>,
    /// `ip_denied`: the range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub range: Option<&'a str>,
    /// `ip_denied`: the client IP, `null` when unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<Option<String>>,
    /// `resource_mismatch` and `resource_ambiguous`: the resource pattern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<&'a str>,
    /// `resource_mismatch` and `resource_ambiguous`: the URL compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// `cookie_not_sent`: the cookie's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    /// `cookie_not_sent`: why (`domain`, `path`, `secure`, `max_age`, `expires`, `shadowed`,
    /// `too_large`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<&'static str>,
    /// `cookie_not_sent`: its `Set-Cookie` line, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl Reason {
    /// This reason as a `Serialize` value: the object [`Reason::to_json`] writes.
    // Out of line: inlined into `Verdict::to_json` (with `Note::json`) it costs the lite .wasm
    // 141 bytes gzipped (`make package`: 106,483 -> 106,342).
    #[inline(never)]
    pub fn json(&self) -> ReasonJson<'_> {
        let mut json = ReasonJson {
            code: self.code(),
            message: self.to_string(),
            cloudfront_error: self.cloudfront_error(),
            explanation: self.explanation(),
            fix: self.fix(),
            missing: None,
            what: None,
            key_pair_id: None,
            trusted: None,
            hash_algorithm: None,
            likely_cause: None,
            diagnosis: None,
            expires: None,
            expires_utc: None,
            starts: None,
            starts_utc: None,
            now: None,
            now_utc: None,
            range: None,
            client_ip: None,
            pattern: None,
            url: None,
            name: None,
            why: None,
            line: None,
        };
        match self {
            Self::MissingSignature { missing } => json.missing = Some(missing),
            Self::Malformed { problem } => json.what = Some(problem.to_string()),
            Self::UnknownKey {
                key_pair_id,
                trusted,
            } => {
                json.key_pair_id = Some(key_pair_id);
                json.trusted = Some(trusted);
            }
            Self::BadSignature {
                key_pair_id,
                hash,
                diagnosis,
            } => {
                json.key_pair_id = Some(key_pair_id);
                json.hash_algorithm = Some(hash.as_str());
                #[cfg(not(feature = "on-call"))]
                let _ = diagnosis;
                #[cfg(feature = "on-call")]
                if let Some(d) = diagnosis {
                    json.likely_cause = Some(d.likely_cause.as_ref());
                    json.diagnosis = Some(DiagnosisJson {
                        ruled_out: &d.ruled_out,
                        checks: d.checks as u64,
                        note: d.note.as_deref(),
                    });
                }
            }
            Self::Expired { expires, now } => {
                json.expires = Some(*expires);
                json.expires_utc = Some(format_utc(*expires));
                json.now = Some(*now);
                json.now_utc = Some(format_utc(*now));
            }
            Self::NotYetValid { starts, now } => {
                json.starts = Some(*starts);
                json.starts_utc = Some(format_utc(*starts));
                json.now = Some(*now);
                json.now_utc = Some(format_utc(*now));
            }
            Self::IpDenied { range, client_ip } => {
                json.range = Some(range);
                json.client_ip = Some(client_ip.map(|ip| IpText(ip).to_string()));
            }
            Self::ResourceMismatch { pattern, url } | Self::ResourceAmbiguous { pattern, url } => {
                json.pattern = Some(pattern);
                json.url = Some(url);
            }
            #[cfg(feature = "on-call")]
            Self::CookieNotSent(not_sent) => {
                json.name = Some(&not_sent.name);
                json.why = Some(not_sent.why.code());
                json.line = Some(not_sent.line);
            }
        }
        json
    }

    /// This reason as a JSON object: `code`, `message`, `cloudfront_error`, `explanation`, `fix`,
    /// and the facts of the reason.
    pub fn to_json(&self) -> String {
        text(&self.json())
    }
}

/// A diagnosis as JSON, beside its `likely_cause` ([`ReasonJson::diagnosis`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct DiagnosisJson<'a> {
    /// The codes of the explanations tried that do not hold.
    pub ruled_out: &'a [&'static str],
    /// The signature verifications made.
    pub checks: u64,
    /// What else a person should know, `null` for nothing.
    pub note: Option<&'a str>,
}
