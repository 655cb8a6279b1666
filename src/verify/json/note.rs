//! A note as JSON: [`NoteJson`], written by [`Note::json`].

use alloc::string::{String, ToString};
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
}

impl Note {
    /// This note as a `Serialize` value: the object [`Note::to_json`] writes.
    pub fn json(&self) -> NoteJson<'_> {
        match self {
            Self::AmbiguousResourceMatch {
                pattern,
                url,
                readings,
            } => NoteJson {
                code: self.code(),
                message: self.to_string(),
                section_reading: Some(readings.section),
                whole_string_reading: Some(readings.whole_string),
                decided_by: Some("section_reading"),
                pattern: Some(pattern),
                url: Some(url),
                unknown_keys: None,
                date_less_than: None,
            },
            Self::UnknownPolicyKeys { keys } => NoteJson {
                code: self.code(),
                message: self.to_string(),
                section_reading: None,
                whole_string_reading: None,
                decided_by: None,
                pattern: None,
                url: None,
                unknown_keys: Some(keys),
                date_less_than: None,
            },
            Self::ExpiryAfter2038 { date_less_than } => NoteJson {
                code: self.code(),
                message: self.to_string(),
                section_reading: None,
                whole_string_reading: None,
                decided_by: None,
                pattern: None,
                url: None,
                unknown_keys: None,
                date_less_than: Some(*date_less_than),
            },
        }
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
