//! What each likely cause says to a person: what happened, and the fix.

use alloc::format;
use alloc::string::String;

use super::{Candidate, LikelyCause, Plan};
use crate::key::KeyKind;

/// What each cause found by a URL or hash check says.
const MESSAGES: [(&str, &str); 8] = [
    ("hash_algorithm_removed", "Signed with SHA-256, but the request lacks Hash-Algorithm=SHA256 (CloudFront then checks SHA-1): keep it with the URL or cookies."),
    ("hash_algorithm_added", "Signed with SHA-1, but the request says Hash-Algorithm=SHA256: drop it, or sign with SHA-256."),
    ("scheme_changed", "Signed for the other scheme (http or https): a canned policy signs the whole URL; sign the URL viewers request."),
    ("host_changed", "Signed for another host: a canned policy signs the whole URL; sign with the host viewers use (the alternate domain name, the guard's public host)."),
    ("query_added", "Query parameters were added after signing (a tracker, a proxy, the app): sign the URL with them, or strip them."),
    ("query_reordered", "The query parameters were reordered after signing (a cache or URL library sorting them): keep the signed order."),
    ("query_reencoded", "The query was re-encoded after signing (a URL library, a proxy, a template): pass the signed URL through untouched."),
    ("path_reencoded", "The path was re-encoded after signing (a client or proxy normalizing escapes): sign the path as the client sends it."),
];

impl Plan {
    pub(super) fn cause(&self, c: &Candidate) -> LikelyCause {
        let key = self.keys.get(c.key).map_or("", |(id, _)| id.as_str());
        let named = &self.named;
        let message = match c.code {
            "signed_by_other_key" => format!("Signed with the private key of {key}, not of {named} (a key-rotation mistake): send Key-Pair-Id={key}, or sign with the private key of {named}."),
            code => MESSAGES
                .iter()
                .find(|(c, _)| *c == code)
                .map_or("", |(_, m)| m)
                .into(),
        };
        LikelyCause {
            code: c.code,
            message,
            evidence: c.evidence.clone(),
        }
    }
}

/// `key_type_mismatch`: the signature's form is the other key type's.
pub(super) fn key_type_mismatch(
    named: &str,
    signature: KeyKind,
    key: KeyKind,
    evidence: String,
) -> LikelyCause {
    LikelyCause {
        code: "key_type_mismatch",
        message: format!("An {signature} signature under Key-Pair-Id {named}, an {key} key: sign with the private key of {named}, or name the key of the private key used."),
        evidence,
    }
}

/// What the signature's form says, for evidence.
pub(super) fn form(signature: &[u8], kind: Option<KeyKind>) -> String {
    match kind {
        Some(KeyKind::Rsa) => format!("the signature is {} bytes: an RSA-2048 signature", signature.len()),
        Some(_) => format!("the signature is {} bytes of DER (a SEQUENCE of two INTEGERs): an ECDSA P-256 signature", signature.len()),
        None => format!("the signature is {} bytes: neither an RSA-2048 signature (256 bytes) nor a DER ECDSA one", signature.len()),
    }
}
