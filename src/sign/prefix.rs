//! One policy for many objects: a custom policy over a wildcard resource
//! (`https://d111111abcdef8.cloudfront.net/videos/123/*`), signed once, whose query parameters
//! are appended to every object URL the policy covers (the segments of a video, the images of a
//! gallery).
//!
//! [`SignedPrefix::url_for`] takes an absolute URL or a path relative to the resource's literal
//! base (its protocol, domain and path up to the last `/` before the first wildcard,
//! [`crate::policy::literal_base`]), and refuses:
//! - a URL the policy does not cover, by the verifier's rule
//!   ([`crate::policy::resource_matches`], the section reading) — one rule for both;
//! - a path with a `.` or `..` segment, literal or percent-encoded once or more (`%2e%2e`,
//!   `%252e%252e`, `..;`), or a `/` or `\` percent-encoded in a segment (`%2F`, `%5C`,
//!   `%252F`): a browser, a proxy or an origin resolves those, so the object fetched would not be
//!   the one the policy was meant for (`videos/123/%2e%2e/other/x` matches `videos/123/*` byte for
//!   byte). Literal `.` and `..` in a *relative* path are resolved first (RFC 3986, 5.2), so
//!   `../other/x` becomes `/videos/other/x`, which is then refused as not covered;
//! - what [`crate::Signer::sign_url`] refuses in a URL: a fragment, another scheme, unsafe
//!   characters, signing parameters already present, a signed URL over 8,192 bytes.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::checks::{
    check_cookie_resource, check_policy_length, check_signed_length, check_url, PathProblem,
};
use super::SignError;
use crate::encoding::CfBase64;
use crate::key::HashAlgorithm;
use crate::policy::{literal_base, resource_matches, Policy};
use crate::url;

/// A custom policy signed once, and its query parameters, for every URL the policy covers.
///
/// # Example
///
/// ```
/// use cfsign::{Policy, PrivateKey, Signer};
///
/// # let pem = include_str!("../../tests/keys/rsa2048_pkcs1.pem");
/// let signer = Signer::new("K2JCJMDEHXQW5F", PrivateKey::from_pem(pem)?)?;
/// let policy = Policy::new("https://d111111abcdef8.cloudfront.net/videos/123/*", 1_893_456_000)?;
/// let prefix = signer.sign_prefix(&policy)?;
/// assert!(prefix.query().starts_with("Policy="));
///
/// let url = prefix.url_for("seg-00001.ts")?;
/// assert!(url.starts_with("https://d111111abcdef8.cloudfront.net/videos/123/seg-00001.ts?Policy="));
/// // Outside the policy: refused, never signed.
/// assert!(prefix.url_for("../124/seg-00001.ts").is_err());
/// assert!(prefix.url_for("%2e%2e/124/seg-00001.ts").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedPrefix {
    resource: String,
    base: Option<String>,
    policy_json: String,
    query: String,
}

impl SignedPrefix {
    /// What a policy must pass before it is signed for a prefix (a host that signs with its own
    /// crypto calls this first; [`crate::Signer::sign_prefix`] does): a resource without signing
    /// parameters, and at most 8,192 bytes of JSON.
    pub fn check_policy(policy: &Policy) -> Result<(), SignError> {
        check_cookie_resource(policy.resource())?;
        check_policy_length(&policy.to_json())
    }

    /// The prefix for `policy` whose JSON ([`Policy::to_json`], always a custom policy) was
    /// signed with `hash` by the key `key_pair_id` (`signature` raw: PKCS#1 v1.5 for RSA, DER
    /// for ECDSA).
    pub fn for_signature(
        policy: &Policy,
        key_pair_id: &str,
        hash: HashAlgorithm,
        signature: &[u8],
    ) -> Result<Self, SignError> {
        super::check_key_pair_id(key_pair_id)?;
        check_cookie_resource(policy.resource())?;
        let json = policy.to_json();
        check_policy_length(&json)?;
        let mut query = String::with_capacity(json.len() * 2 + 400);
        query.push_str("Policy=");
        query.push_str(&CfBase64::encode(json.as_bytes()));
        query.push_str("&Signature=");
        query.push_str(&CfBase64::encode(signature));
        query.push_str("&Key-Pair-Id=");
        query.push_str(key_pair_id);
        if hash == HashAlgorithm::Sha256 {
            query.push_str("&Hash-Algorithm=SHA256");
        }
        Ok(Self {
            resource: policy.resource().to_string(),
            base: literal_base(policy.resource()),
            policy_json: json,
            query,
        })
    }

    /// The policy's resource.
    pub fn resource(&self) -> &str {
        &self.resource
    }

    /// What relative paths are resolved against ([`crate::policy::literal_base`]); `None` when
    /// the resource's protocol or domain holds a wildcard (then only absolute URLs are taken).
    pub fn base(&self) -> Option<&str> {
        self.base.as_deref()
    }

    /// The policy JSON that was signed.
    pub fn policy_json(&self) -> &str {
        &self.policy_json
    }

    /// The query parameters (name, value), in the AWS CLI's order: `Policy`, `Signature`, `Key-Pair-Id`, and
    /// `Hash-Algorithm` for SHA-256. Values are URL-safe as they are.
    pub fn params(&self) -> impl Iterator<Item = (&str, &str)> {
        url::query_pairs(&self.query)
    }

    /// The parameters as a query string (`Policy=...&Signature=...&Key-Pair-Id=...`), without `?`.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// `path_or_url` (an absolute URL, or a path relative to [`SignedPrefix::base`]) with the
    /// parameters appended (after `&` when it has a query, else `?`), or why the policy does not
    /// cover it (see the module documentation).
    pub fn url_for(&self, path_or_url: &str) -> Result<String, SignError> {
        if let Some(err) = SignError::fragment_in(path_or_url) {
            return Err(err);
        }
        let url = self.resolve(path_or_url)?;
        check_url(&url)?;
        check_path(&url)?;
        if !resource_matches(&self.resource, &url) {
            return Err(SignError::NotCovered {
                url,
                resource: self.resource.clone(),
            });
        }
        let mut signed = url;
        signed.push(if signed.contains('?') { '&' } else { '?' });
        signed.push_str(&self.query);
        check_signed_length(&signed)?;
        Ok(signed)
    }

    /// The absolute URL `reference` names: itself when it has a scheme, else resolved against
    /// the base (RFC 3986, 5.2: `//host/...`, `/path`, `?query`, `path`, dot segments removed).
    fn resolve(&self, reference: &str) -> Result<String, SignError> {
        let invalid = || SignError::InvalidUrl {
            url: reference.to_string(),
        };
        let head_end = reference.find(['/', '?']).unwrap_or(reference.len());
        if reference.get(..head_end).is_some_and(|h| h.contains(':')) {
            // A scheme: http(s) is taken as it is, any other refused by `check_url`.
            return Ok(reference.to_string());
        }
        let base = self.base.as_deref().ok_or(SignError::RelativeWithoutBase)?;
        let (scheme, after_scheme) = base.split_once("://").ok_or_else(invalid)?;
        let authority_end = after_scheme.find('/').unwrap_or(after_scheme.len());
        let (authority, base_path) = after_scheme.split_at(authority_end);
        let (authority, path_and_query) = if let Some(rest) = reference.strip_prefix("//") {
            let end = rest.find(['/', '?']).unwrap_or(rest.len());
            let (authority, rest) = rest.split_at(end);
            (authority, rest.to_string())
        } else if reference.starts_with('/') {
            (authority, reference.to_string())
        } else {
            // A path, a `?query` or nothing: the base path ends in `/` (it is a folder), so
            // merging is appending.
            (authority, [base_path, reference].concat())
        };
        let (path, query) = match path_and_query.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path_and_query.as_str(), None),
        };
        let mut out = String::with_capacity(base.len() + reference.len());
        out.push_str(scheme);
        out.push_str("://");
        out.push_str(authority);
        out.push_str(&remove_dot_segments(path));
        if let Some(query) = query {
            out.push('?');
            out.push_str(query);
        }
        Ok(out)
    }
}

/// RFC 3986, 5.2.4, on literal `.` and `..` segments only (encoded ones are refused later).
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len().saturating_sub(1);
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." | ".." => {
                if *segment == ".." && out.len() > 1 {
                    out.pop();
                }
                // A trailing `.` or `..` leaves the path ending in `/`.
                if i == last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    let joined = out.join("/");
    if joined.starts_with('/') || joined.is_empty() {
        joined
    } else {
        ["/", &joined].concat()
    }
}

/// Refuses a URL whose path has a dot segment or an encoded separator, in any number of
/// percent-encodings (see the module documentation).
pub(crate) fn check_path(url: &str) -> Result<(), SignError> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path_start = after_scheme.find(['/', '?']).unwrap_or(after_scheme.len());
    let rest = after_scheme.get(path_start..).unwrap_or_default();
    let path = rest.split_once('?').map_or(rest, |(path, _)| path);
    path.split('/').try_for_each(check_segment)
}

/// [`check_path`]'s rule for one path segment (the text between two `/`): decoded fully, it
/// holds no `/` or `\`, and before any `;` it is not `.` or `..`.
pub(crate) fn check_segment(segment: &str) -> Result<(), SignError> {
    // Without a `%` the segment is its own decoding: read it in place (a playlist's usual
    // segment names), no copy.
    let owned;
    let decoded: &[u8] = if segment.bytes().any(|b| b == b'%') {
        owned = decode_fully(segment.as_bytes());
        &owned
    } else {
        segment.as_bytes()
    };
    if decoded.iter().any(|&b| b == b'/' || b == b'\\') {
        return Err(SignError::UnsafePath {
            problem: PathProblem::EncodedSeparator,
        });
    }
    let head = decoded.split(|&b| b == b';').next().unwrap_or_default();
    if head == b"." || head == b".." {
        return Err(SignError::UnsafePath {
            problem: PathProblem::DotSegment,
        });
    }
    Ok(())
}

/// `bytes` percent-decoded until nothing changes (double and triple encodings included; a few
/// rounds at most, since each round that changes them shortens them).
fn decode_fully(bytes: &[u8]) -> Vec<u8> {
    let mut current = bytes.to_vec();
    while current.contains(&b'%') {
        let next = url::percent_decode_slice(&current, false).unwrap_or_default();
        if next.len() == current.len() {
            break;
        }
        current = next;
    }
    current
}

#[cfg(test)]
mod tests;
