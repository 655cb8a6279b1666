//! A note as JSON: [`NoteJson`], written by [`Note::json`].

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use serde::Serialize;

use super::text;
use crate::policy::UnknownPolicyKey;
use crate::verify::Note;

/// A note as JSON ([`Note::json`]): `code`, `message`, then its facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct NoteJson<'a> {
    /// [`Note::code`].
    pub code: &'static str,
    /// The note's message (`Display`).
    pub message: String,
    /// `ambiguous_resource_match`: whether the section reading matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section_reading: Option<bool>,
    /// `ambiguous_resource_match`: whether the whole-string reading matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub whole_string_reading: Option<bool>,
    /// `ambiguous_resource_match`: the reading the verdict follows, `"section_reading"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<&'static str>,
    /// `ambiguous_resource_match`: the resource pattern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<&'a str>,
    /// `ambiguous_resource_match`: the URL compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'a str>,
    /// `unknown_policy_keys`: the keys, each `{"within", "key"}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_keys: Option<&'a [UnknownPolicyKey]>,
    /// `expiry_after_2038`: the expiry, epoch seconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_less_than: Option<u64>,
    /// `cookie_not_sent`: the cookie's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    /// `cookie_not_sent`: why (as the reason's `why`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<&'static str>,
    /// `cookie_not_sent`: its `Set-Cookie` line, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// `set_cookie_ignored`: each line or attribute ignored, as a sentence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<Vec<String>>,
}

impl<'a> NoteJson<'a> {
    /// A note's `code` and `message`, without facts.
    fn of(note: &Note) -> Self {
        Self {
            code: note.code(),
            message: note.to_string(),
            section_reading: None,
            whole_string_reading: None,
            decided_by: None,
            pattern: None,
            url: None,
            unknown_keys: None,
            date_less_than: None,
            name: None,
            why: None,
            line: None,
            ignored: None,
        }
    }
}

impl Note {
    /// This note as a `Serialize` value: the object [`Note::to_json`] writes.
    // Out of line: inlined into `Verdict::to_json` (with `Reason::json`) it costs the lite .wasm
    // 141 bytes gzipped (`make package`: 106,483 -> 106,342).
    #[inline(never)]
    pub fn json(&self) -> NoteJson<'_> {
        let mut json = NoteJson::of(self);
        match self {
            Self::AmbiguousResourceMatch {
                pattern,
                url,
                readings,
            } => {
                json.section_reading = Some(readings.section);
                json.whole_string_reading = Some(readings.whole_string);
                json.decided_by = Some("section_reading");
                json.pattern = Some(pattern);
                json.url = Some(url);
            }
            Self::UnknownPolicyKeys { keys } => json.unknown_keys = Some(keys),
            Self::ExpiryAfter2038 { date_less_than } => json.date_less_than = Some(*date_less_than),
            #[cfg(feature = "on-call")]
            Self::CookieNotSent(not_sent) => {
                json.name = Some(&not_sent.name);
                json.why = Some(not_sent.why.code());
                json.line = Some(not_sent.line);
            }
            Self::SignatureNotChecked => {}
            #[cfg(feature = "on-call")]
            Self::SetCookieIgnored { ignored, .. } => {
                json.ignored = Some(ignored.iter().map(ToString::to_string).collect());
            }
        }
        json
    }

    /// This note as a JSON object: `code`, `message`, and its facts. For
    /// `ambiguous_resource_match`: `section_reading` and `whole_string_reading` (whether each
    /// reading matches), `decided_by` (`"section_reading"`, the one the verdict follows),
    /// `pattern` and `url`. For `unknown_policy_keys`: `unknown_keys`. For `expiry_after_2038`:
    /// `date_less_than`.
    pub fn to_json(&self) -> String {
        text(&self.json())
    }
}
