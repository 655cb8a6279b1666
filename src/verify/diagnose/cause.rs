//! What each likely cause says to a person: what happened, and the fix.

use alloc::format;
use alloc::string::String;

use super::{Candidate, LikelyCause, Plan};
use crate::key::KeyKind;

impl Plan {
    pub(super) fn cause(&self, c: &Candidate) -> LikelyCause {
        let key = self.keys.get(c.key).map_or("", |(id, _)| id.as_str());
        let named = &self.named;
        let message = match c.code {
            "signed_by_other_key" => format!("The signature verifies under trusted key {key}, not under {named} named by Key-Pair-Id: it was signed with {key}'s private key and {named}'s ID (a key-rotation mistake). Sign with Key-Pair-Id={key}, or with {named}'s private key."),
            "hash_algorithm_removed" => match self.hash_param {
                true => "The signature was made with SHA-256, but the request says Hash-Algorithm=SHA1: send Hash-Algorithm=SHA256 with it.".into(),
                false => "The signature was made with SHA-256, but the request has no Hash-Algorithm=SHA256 (so CloudFront checks SHA-1): the parameter was dropped after signing; keep it (or the CloudFront-Hash-Algorithm cookie).".into(),
            },
            "hash_algorithm_added" => "The signature was made with SHA-1, but the request says Hash-Algorithm=SHA256: the parameter was added after signing, or the signer ignored it; drop it, or sign with SHA-256.".into(),
            "scheme_changed" => "The URL was signed for the other scheme (http versus https): a canned policy signs the whole URL, scheme included. Sign the URL the viewer requests.".into(),
            "host_changed" => "The URL was signed for another host: a canned policy signs the whole URL, host included. Sign with the host viewers use (the distribution's alternate domain name, or the guard's public host).".into(),
            "query_added" => "Query parameters were added after signing (a tracker, a proxy or the app): a canned policy signs the whole query. Sign the URL with them, strip them before requesting, or sign a custom policy with a wildcard.".into(),
            "query_reordered" => "The query parameters were reordered after signing (a cache, proxy or URL library that sorts them): a canned policy signs the query in its exact order. Keep the order, or sign the URL as it is finally requested.".into(),
            "query_reencoded" => "The query was re-encoded after signing (a URL library, a proxy or a template): a canned policy signs the exact bytes. Pass the signed URL through untouched, or sign it as it is finally requested.".into(),
            "path_reencoded" => "The path was re-encoded after signing (a browser, an HTTP client or a proxy normalizes escapes): a canned policy signs the exact bytes. Sign the path as it is sent (percent-encoded the way the client sends it).".into(),
            _ => String::new(),
        };
        LikelyCause {
            code: c.code,
            message,
            evidence: c.evidence.clone(),
        }
    }
}

pub(super) fn article(kind: Option<KeyKind>) -> &'static str {
    match kind {
        Some(KeyKind::Rsa) => "an RSA",
        Some(_) => "an ECDSA P-256",
        None => "an unknown",
    }
}

/// `key_type_mismatch`: the signature's form is the other key type's.
pub(super) fn key_type_mismatch(
    named: &str,
    signature: Option<KeyKind>,
    key: KeyKind,
    evidence: String,
) -> LikelyCause {
    LikelyCause {
        code: "key_type_mismatch",
        message: format!("The signature was made with {} private key, but Key-Pair-Id {named} names {} public key: sign with the private key of {named}, or name the key that matches the private key.", article(signature), article(Some(key))),
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
