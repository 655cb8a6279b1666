//! The verdict and the decoded content as JSON text: one shape for the command line, the
//! JavaScript bindings (which hand the text to `JSON.parse`) and the worker.
//!
//! Each object's members come in one fixed order, the order of the TypeScript declarations
//! (`bindings/src/cfsign.d.ts`): what it is first (`allowed`, `code`), then the details.

use alloc::string::{String, ToString};

use super::{Note, Reason, Verdict};
use crate::decode::{CarriedPolicy, Unverified};
use crate::policy::{push_json_string, PolicyDocument};
use crate::time::format_utc;

/// Compact JSON written front to back. The caller opens and closes objects and arrays; each
/// member (or array element, with the key `""`) gets its comma from [`Writer::key`].
pub(crate) struct Writer(String);

impl Writer {
    pub(crate) fn new() -> Self {
        Self(String::new())
    }

    pub(crate) fn finish(self) -> String {
        self.0
    }

    /// Starts a member `"key":` of the open object, or with `""` an element of the open array.
    fn key(&mut self, key: &str) -> &mut String {
        if !matches!(self.0.as_bytes().last(), None | Some(b'{' | b'[')) {
            self.0.push(',');
        }
        if !key.is_empty() {
            self.0.push('"');
            self.0.push_str(key);
            self.0.push_str("\":");
        }
        &mut self.0
    }

    /// A member whose value is JSON already: `null`, `true`, `{` or `[` opening one.
    fn raw(&mut self, key: &str, json: &str) {
        self.key(key).push_str(json);
    }

    /// Closes the open object (`}`) or array (`]`).
    fn close(&mut self, bracket: char) {
        self.0.push(bracket);
    }

    fn str(&mut self, key: &str, value: &str) {
        push_json_string(self.key(key), value);
    }

    fn opt_str(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(value) => self.str(key, value),
            None => self.raw(key, "null"),
        }
    }

    fn num(&mut self, key: &str, value: u64) {
        self.key(key).push_str(&value.to_string());
    }

    fn opt_num(&mut self, key: &str, value: Option<u64>) {
        match value {
            Some(value) => self.num(key, value),
            None => self.raw(key, "null"),
        }
    }

    fn bool(&mut self, key: &str, value: bool) {
        self.raw(key, if value { "true" } else { "false" });
    }

    /// A time as epoch seconds, and `<key>_utc` beside it.
    fn time(&mut self, key: &str, utc_key: &str, value: Option<u64>) {
        self.opt_num(key, value);
        self.opt_str(utc_key, value.map(format_utc).as_deref());
    }

    #[inline(never)]
    fn strs(&mut self, key: &str, values: &[impl AsRef<str>]) {
        self.raw(key, "[");
        for value in values {
            self.str("", value.as_ref());
        }
        self.close(']');
    }
}

impl Reason {
    /// This reason as a JSON object: `code`, `message`, `cloudfront_error`, `explanation`, `fix`,
    /// and the facts of the reason.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        self.write_json(&mut w, "");
        w.finish()
    }

    /// Writes the object as the member `key`, or with `""` an array element (not inlined: the
    /// smaller wasm).
    #[inline(never)]
    fn write_json(&self, w: &mut Writer, key: &str) {
        w.raw(key, "{");
        w.str("code", self.code());
        w.str("message", &self.to_string());
        w.str("cloudfront_error", self.cloudfront_error());
        w.str("explanation", self.explanation());
        w.str("fix", self.fix());
        match self {
            Self::MissingSignature { missing } => w.strs("missing", missing),
            Self::Malformed { problem } => w.str("what", &problem.to_string()),
            Self::UnknownKey {
                key_pair_id,
                trusted,
            } => {
                w.str("key_pair_id", key_pair_id);
                w.strs("trusted", trusted);
            }
            Self::BadSignature { key_pair_id, hash } => {
                w.str("key_pair_id", key_pair_id);
                w.str("hash_algorithm", hash.as_str());
            }
            Self::Expired { expires, now } => {
                w.time("expires", "expires_utc", Some(*expires));
                w.time("now", "now_utc", Some(*now));
            }
            Self::NotYetValid { starts, now } => {
                w.time("starts", "starts_utc", Some(*starts));
                w.time("now", "now_utc", Some(*now));
            }
            Self::IpDenied { range, client_ip } => {
                w.str("range", range);
                w.opt_str("client_ip", client_ip.map(|ip| ip.to_string()).as_deref());
            }
            Self::ResourceMismatch { pattern, url } | Self::ResourceAmbiguous { pattern, url } => {
                w.str("pattern", pattern);
                w.str("url", url);
            }
        }
        w.close('}');
    }
}

impl Note {
    /// This note as a JSON object: `code`, `message`, and its facts. For
    /// `ambiguous_resource_match`: `section_reading` and `whole_string_reading` (whether each
    /// reading matches), `decided_by` (`"section_reading"`, the one the verdict follows),
    /// `pattern` and `url`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        self.write_json(&mut w, "");
        w.finish()
    }

    /// Writes the object as the member `key`, or with `""` an array element (not inlined).
    #[inline(never)]
    fn write_json(&self, w: &mut Writer, key: &str) {
        w.raw(key, "{");
        w.str("code", self.code());
        w.str("message", &self.to_string());
        match self {
            Self::AmbiguousResourceMatch {
                pattern,
                url,
                readings,
            } => {
                w.bool("section_reading", readings.section);
                w.bool("whole_string_reading", readings.whole_string);
                w.str("decided_by", "section_reading");
                w.str("pattern", pattern);
                w.str("url", url);
            }
        }
        w.close('}');
    }
}

/// A policy as a JSON object: its resource, times (with their UTC forms) and IP range; `null`
/// for none. A canned cookie's resource is `null` too: it is the URL of each request.
pub(crate) fn write_policy_info(w: &mut Writer, key: &str, doc: Option<&PolicyDocument>) {
    let Some(doc) = doc else {
        return w.raw(key, "null");
    };
    w.raw(key, "{");
    w.str("resource", &doc.resource);
    w.time(
        "date_less_than",
        "date_less_than_utc",
        Some(doc.date_less_than),
    );
    w.time(
        "date_greater_than",
        "date_greater_than_utc",
        doc.date_greater_than,
    );
    w.opt_str("source_ip", doc.source_ip.as_deref());
    w.close('}');
}

/// What the policy type of a decoded URL or cookie set is called.
fn policy_type(policy: Option<&CarriedPolicy>) -> Option<&'static str> {
    match policy? {
        CarriedPolicy::Canned { .. } => Some("canned"),
        CarriedPolicy::Custom { .. } => Some("custom"),
    }
}

impl Unverified {
    /// What the URL or cookies carry, as a JSON object (no key needed, nothing verified).
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.raw("", "{");
        w.str("source", self.source.as_str());
        w.opt_str("key_pair_id", self.key_pair_id.as_deref());
        w.str("hash_algorithm", self.hash_algorithm.as_str());
        w.opt_str("policy_type", policy_type(self.policy.as_ref()));
        let raw = match &self.policy {
            Some(CarriedPolicy::Canned { expires }) => {
                let resource = self.url_without_signing_params.as_deref();
                // Canned cookies: the resource is the URL of each request (`null`).
                write_canned_info(&mut w, resource, *expires);
                resource
                    .and_then(|r| self.signed_bytes(r))
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
            }
            Some(CarriedPolicy::Custom { raw, document }) => {
                write_policy_info(&mut w, "policy", document.as_ref());
                Some(String::from_utf8_lossy(raw).into_owned())
            }
            None => {
                w.raw("policy", "null");
                None
            }
        };
        w.opt_str("policy_json", raw.as_deref());
        w.opt_num(
            "signature_bytes",
            self.signature.as_ref().map(|s| s.len() as u64),
        );
        w.opt_str(
            "url_without_signing_params",
            self.url_without_signing_params.as_deref(),
        );
        w.strs("missing", &self.missing());
        w.raw("problems", "[");
        for problem in &self.problems {
            w.str("", &problem.to_string());
        }
        w.close(']');
        w.close('}');
        w.finish()
    }
}

/// A canned policy's information: its resource (`null` for cookies) and expiry.
fn write_canned_info(w: &mut Writer, resource: Option<&str>, expires: u64) {
    w.raw("policy", "{");
    w.opt_str("resource", resource);
    w.time("date_less_than", "date_less_than_utc", Some(expires));
    w.time("date_greater_than", "date_greater_than_utc", None);
    w.raw("source_ip", "null");
    w.close('}');
}

impl Verdict {
    /// The verdict as a JSON object: `{"allowed", "reasons": [...], "notes": [...],
    /// "key_pair_id", "source", "hash_algorithm", "policy_type", "policy", "policy_json", "url"}`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.raw("", "{");
        w.bool("allowed", self.allowed());
        w.raw("reasons", "[");
        for reason in &self.reasons {
            reason.write_json(&mut w, "");
        }
        w.close(']');
        w.raw("notes", "[");
        for note in &self.notes {
            note.write_json(&mut w, "");
        }
        w.close(']');
        w.opt_str("key_pair_id", self.decoded.key_pair_id.as_deref());
        w.str("source", self.decoded.source.as_str());
        w.str("hash_algorithm", self.decoded.hash_algorithm.as_str());
        w.opt_str("policy_type", policy_type(self.decoded.policy.as_ref()));
        write_policy_info(&mut w, "policy", self.policy.as_ref());
        w.opt_str("policy_json", self.signed_policy.as_deref());
        w.opt_str("url", self.decoded.url_without_signing_params.as_deref());
        w.close('}');
        w.finish()
    }
}

/// A policy document as the verdicts' JSON describes one (`policy` in [`Verdict::to_json`]):
/// the npm package's `parsePolicy` result.
pub fn policy_info(doc: &PolicyDocument) -> String {
    let mut w = Writer::new();
    write_policy_info(&mut w, "", Some(doc));
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::ResourceReadings;
    use alloc::vec;

    #[test]
    fn writes_compact_json_in_the_declared_order() {
        let expired = Reason::Expired {
            expires: 0,
            now: 86_400,
        };
        let text = expired.to_json();
        let tail = r#""expires":0,"expires_utc":"1970-01-01T00:00:00Z","now":86400,"now_utc":"1970-01-02T00:00:00Z"}"#;
        assert!(
            text.starts_with(r#"{"code":"expired","message":""#) && text.ends_with(tail),
            "{text}"
        );
        let denied = Reason::IpDenied {
            range: "192.0.2.0/24".into(),
            client_ip: None,
        };
        assert!(denied
            .to_json()
            .ends_with(r#","range":"192.0.2.0/24","client_ip":null}"#));
        let missing = Reason::MissingSignature {
            missing: vec!["Signature", "Key-Pair-Id"],
        };
        assert!(missing
            .to_json()
            .ends_with(r#","missing":["Signature","Key-Pair-Id"]}"#));
        let note = Note::AmbiguousResourceMatch {
            pattern: "p".into(),
            url: "u\"\n\u{1}é".into(),
            readings: ResourceReadings {
                section: false,
                whole_string: true,
            },
        };
        let text = note.to_json();
        assert!(text.ends_with(r#","section_reading":false,"whole_string_reading":true,"decided_by":"section_reading","pattern":"p","url":"u\"\n\u0001é"}"#), "{text}");
        let doc = PolicyDocument {
            resource: "https://a/*".into(),
            date_less_than: 5,
            date_greater_than: None,
            source_ip: Some("192.0.2.1".into()),
        };
        let mut w = Writer::new();
        write_policy_info(&mut w, "", Some(&doc));
        assert_eq!(
            w.finish(),
            r#"{"resource":"https://a/*","date_less_than":5,"date_less_than_utc":"1970-01-01T00:00:05Z","date_greater_than":null,"date_greater_than_utc":null,"source_ip":"192.0.2.1"}"#
        );
    }

    #[test]
    fn writes_what_nothing_carries() {
        assert_eq!(
            crate::decode_url("").to_json(),
            r#"{"source":"none","key_pair_id":null,"hash_algorithm":"SHA1","policy_type":null,"policy":null,"policy_json":null,"signature_bytes":null,"url_without_signing_params":"","missing":["Expires or Policy","Signature","Key-Pair-Id"],"problems":[]}"#
        );
    }
}

/// Whatever the strings, the writer's text is JSON, and reads back as the strings written.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use crate::policy::ResourceReadings;
    use alloc::format;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn writes_json_that_reads_back(pattern in any::<String>(), url in "[\\u{0}-\\u{7f}\"\\\\]{0,40}|\\PC{0,20}") {
            let note = Note::AmbiguousResourceMatch {
                pattern: pattern.clone(),
                url: url.clone(),
                readings: ResourceReadings { section: true, whole_string: false },
            };
            let reason = Reason::IpDenied { range: pattern.clone(), client_ip: None };
            for text in [note.to_json(), reason.to_json()] {
                let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                    TestCaseError::fail(format!("{text:?}: {e}"))
                })?;
                prop_assert_eq!(value.get("pattern").or(value.get("range")).and_then(|v| v.as_str()), Some(pattern.as_str()));
                if let Some(u) = value.get("url") {
                    prop_assert_eq!(u.as_str(), Some(url.as_str()));
                }
            }
        }
    }
}
