//! What can refuse a signature before anything is signed: the key ID, the URL (and whether it
//! matches the policy resource), a policy given as JSON; and the error saying which.

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::key::{HashAlgorithm, KeyError, KeyKind};
use crate::policy::{self, PolicyDocument, ResourceReadings};
use crate::policy::{Policy, PolicyError, PolicyParseError, ResourceProblem, MAX_POLICY_BYTES};
use crate::url;

/// Checks a key ID: 1 to 128 letters, digits, `-` or `_` (CloudFront's public key IDs, such as
/// `K2JCJMDEHXQW5F`, and legacy `APKA...` key pair IDs).
pub fn check_key_pair_id(id: &str) -> Result<(), SignError> {
    let valid = !id.is_empty()
        && id.len() <= 128
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(SignError::InvalidKeyPairId { id: id.to_string() })
    }
}

/// A URL to be signed: an absolute http(s) URL without a fragment or signing parameters, that
/// passes the resource checks ([`crate::policy::check_resource`]: no control character, quote,
/// backslash, space or non-ASCII character) whatever the policy resource, so that a wildcard
/// policy never lets such a URL through (issue 29, p10).
pub(super) fn check_url(url: &str) -> Result<(), SignError> {
    if let Some(err) = SignError::fragment_in(url) {
        return Err(err);
    }
    if !policy::is_http_url(url) {
        return Err(SignError::InvalidUrl {
            url: url.to_string(),
        });
    }
    if let Err(PolicyError::InvalidResource { problem, .. }) = policy::check_resource(url) {
        return Err(SignError::UnsafeUrl {
            url: url.to_string(),
            problem,
        });
    }
    let present = url::signing_params_present(url);
    if !present.is_empty() {
        return Err(SignError::UrlHasSigningParams { params: present });
    }
    Ok(())
}

/// The largest signed URL CloudFront takes, and the verifier reads: 8,192 bytes.
pub const MAX_SIGNED_URL_BYTES: usize = url::MAX_URL_BYTES;

/// A signed URL, parameters included, must fit CloudFront's limit (issue 29, p05).
pub(crate) fn check_signed_length(signed_url: &str) -> Result<(), SignError> {
    match signed_url.len() {
        bytes if bytes > MAX_SIGNED_URL_BYTES => Err(SignError::UrlTooLong {
            bytes,
            max: MAX_SIGNED_URL_BYTES,
        }),
        _ => Ok(()),
    }
}

/// A policy signed for cookies must fit CloudFront's (and the verifier's) 8,192 bytes.
pub fn check_policy_length(policy_json: &str) -> Result<(), SignError> {
    match policy_json.len() {
        bytes if bytes > MAX_POLICY_BYTES => Err(SignError::PolicyTooLong {
            bytes,
            max: MAX_POLICY_BYTES,
        }),
        _ => Ok(()),
    }
}

/// What cookies for `policy` must pass before they are signed, for hosts that sign with their
/// own crypto ([`crate::SignedCookies::for_signature`]; [`crate::Signer`] checks it itself): a
/// resource without signing parameters ([`check_cookie_resource`]) and, for a custom policy, at
/// most 8,192 bytes of JSON.
pub fn check_cookie_policy(policy: &Policy) -> Result<(), SignError> {
    check_cookie_resource(policy.resource())?;
    if !super::cookies::canned(policy) {
        check_policy_length(&policy.to_json())?;
    }
    Ok(())
}

/// A cookie policy's resource must not carry signing parameters in its query: the request for
/// it would carry them too, and CloudFront reads a signed URL's parameters before any cookie.
pub fn check_cookie_resource(resource: &str) -> Result<(), SignError> {
    let present = url::signing_params_present(resource);
    if present.is_empty() {
        Ok(())
    } else {
        Err(SignError::UrlHasSigningParams { params: present })
    }
}

/// The URL must match the policy resource, or CloudFront would refuse the signature. It is enough
/// that one of the two readings of the guide matches ([`ResourceReadings::either`]): the section
/// reading, or the whole-string reading the AWS CLI checks with, so that this signer signs
/// whatever `aws cloudfront sign` signs while CloudFront's own reading is unconfirmed. The verifier
/// ([`crate::verify`](mod@crate::verify)) says when the two disagree.
pub(super) fn check_url_matches(url: &str, resource: &str) -> Result<(), SignError> {
    if ResourceReadings::of(resource, url).either() {
        return Ok(());
    }
    Err(SignError::UrlMismatch {
        url: url.to_string(),
        resource: resource.to_string(),
    })
}

/// The `Resource` of a policy given as JSON, read as the verifier reads it ([`PolicyDocument`]).
pub(super) fn policy_resource(policy_json: &str) -> Result<String, SignError> {
    PolicyDocument::parse_for_signing(policy_json.as_bytes())
        .map(|doc| doc.resource)
        .map_err(SignError::InvalidPolicyJson)
}

/// Why a path under a prefix is refused ([`SignError::UnsafePath`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PathProblem {
    /// A `.` or `..` segment, literal or percent-encoded (once or more), or followed by `;`.
    DotSegment,
    /// A `/` or `\` percent-encoded (once or more) inside a segment.
    EncodedSeparator,
}

/// Why a URL or cookies cannot be signed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// The policy cannot be built.
    Policy(PolicyError),
    /// The key cannot sign.
    Key(KeyError),
    /// The key ID is empty or has characters key IDs never have.
    InvalidKeyPairId {
        /// The ID given.
        id: String,
    },
    /// Not an absolute `http://` or `https://` URL.
    InvalidUrl {
        /// The URL given.
        url: String,
    },
    /// The URL has a control character, a quote, a backslash, a space or a non-ASCII
    /// character: CloudFront compares the policy with the URL as it arrives, so such a URL
    /// cannot be signed (percent-encode it), whatever the policy resource.
    UnsafeUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        problem: ResourceProblem,
    },
    /// The signed URL would be longer than CloudFront's 8,192 bytes.
    UrlTooLong {
        /// Its length, signing parameters included.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The policy is longer than CloudFront's 8,192 bytes.
    PolicyTooLong {
        /// Its length.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The URL has a `#fragment`, which browsers never send: the signature would follow it and be
    /// lost.
    UrlHasFragment {
        /// The position of its first `#`, counted in characters from 1 (never the URL, which may
        /// carry a token).
        position: usize,
    },
    /// The URL already carries CloudFront signing parameters.
    UrlHasSigningParams {
        /// The parameters found.
        params: Vec<&'static str>,
    },
    /// The URL does not match the policy resource under either reading (section by section, or as
    /// one string as the AWS CLI checks it), so CloudFront would refuse the signature.
    UrlMismatch {
        /// The URL.
        url: String,
        /// The policy resource.
        resource: String,
    },
    /// A URL given to [`crate::sign::SignedPrefix::url_for`] is not covered by the policy's
    /// resource, read as CloudFront's guide (and the verifier) reads it, section by section.
    NotCovered {
        /// The URL (a relative path resolved).
        url: String,
        /// The policy resource.
        resource: String,
    },
    /// A URL given to [`crate::sign::SignedPrefix::url_for`] has a `.` or `..` segment or a
    /// percent-encoded `/` or `\`, in any number of encodings: what is fetched would not be
    /// what the policy was meant to cover.
    UnsafePath {
        /// What is wrong with its path.
        problem: PathProblem,
    },
    /// A relative path given to [`crate::sign::SignedPrefix::url_for`] for a resource whose
    /// protocol or domain holds a wildcard: there is nothing to resolve it against.
    RelativeWithoutBase,
    /// A policy given as JSON is not one CloudFront (or [`crate::verify`](mod@crate::verify)) accepts.
    InvalidPolicyJson(PolicyParseError),
    /// A cookie attribute with characters that would break the header.
    InvalidCookieAttribute {
        /// `Domain` or `Path`.
        name: &'static str,
        /// The value given.
        value: String,
    },
    /// The signer (a [`PolicySigner`](crate::sign::PolicySigner), an
    /// [`AsyncPolicySigner`](crate::sign::AsyncPolicySigner), or the signature given to
    /// [`UnsignedUrl::finish`](crate::sign::UnsignedUrl::finish)) returned something CloudFront
    /// would refuse: an RSA signature of another length than the modulus, or for ECDSA anything
    /// but a strict DER signature with `r` and `s` below P-256's order.
    InvalidSignature {
        /// The key type the signature was for, when known.
        kind: Option<KeyKind>,
        /// Its length in bytes.
        len: usize,
        /// What it is instead, in words (never its bytes).
        found: &'static str,
    },
    /// The signer cannot sign with this hash (a key in AWS KMS signs for CloudFront with SHA-256
    /// only).
    HashUnsupported {
        /// The hash asked for.
        asked: HashAlgorithm,
        /// The one it signs with.
        supported: HashAlgorithm,
    },
    /// The signer failed: its own message (a KMS error naming the operation and key ID, a JS
    /// callback's error message). Signers never put key material or credentials in it.
    SignerFailed {
        /// What the signer said.
        message: String,
    },
}

impl From<PolicyError> for SignError {
    fn from(e: PolicyError) -> Self {
        Self::Policy(e)
    }
}

impl From<KeyError> for SignError {
    fn from(e: KeyError) -> Self {
        Self::Key(e)
    }
}

impl SignError {
    /// [`SignError::UrlHasFragment`] at the first `#` of `url`, if it has one.
    pub fn fragment_in(url: &str) -> Option<Self> {
        // Found bytewise (`str::find`, the hot path of every signing call finds none), then
        // counted in characters, the position the message gives.
        let byte = url.find('#')?;
        let at = url.get(..byte).map_or(0, |before| before.chars().count());
        Some(Self::UrlHasFragment { position: at + 1 })
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Policy(e) => e.fmt(f),
            Self::Key(e) => e.fmt(f),
            Self::InvalidKeyPairId { id } => {
                // Never echo the whole value: it may be a key pasted into the wrong place.
                if id.contains("-----BEGIN") {
                    return f.write_str("the key pair ID looks like a PEM key: pass the key's ID (such as K2JCJMDEHXQW5F), not the key");
                }
                // The first 24 characters.
                let end = id.char_indices().nth(24).map_or(id.len(), |(i, _)| i);
                let (shown, rest) = id.split_at_checked(end).unwrap_or((id, ""));
                let more = if rest.is_empty() { "" } else { "…" };
                write!(
                    f,
                    "key pair ID {shown:?}{more} is not a CloudFront key ID (letters and digits, such as K2JCJMDEHXQW5F)"
                )
            }
            Self::InvalidUrl { url } => {
                write!(f, "{url:?} is not an absolute http:// or https:// URL with a host")
            }
            Self::UnsafeUrl { url, problem } => {
                let why = match problem {
                    ResourceProblem::NotAscii => "a space or a non-ASCII character: percent-encode it",
                    _ => "a double quote, a backslash or a control character, which CloudFront cannot match: percent-encode it",
                };
                write!(f, "the URL {url:?} contains {why}")
            }
            Self::UrlTooLong { bytes, max } => write!(
                f,
                "the signed URL would be {bytes} bytes, over the {max} bytes CloudFront accepts: shorten the URL or sign cookies instead"
            ),
            Self::PolicyTooLong { bytes, max } => write!(
                f,
                "the policy is {bytes} bytes, over the {max} bytes CloudFront accepts: shorten its resource"
            ),
            Self::UrlHasFragment { position } => write!(
                f,
                "character {position} of the URL is a '#', which starts a fragment, never sent to CloudFront: remove the fragment (or write %23 where the '#' is part of the name)"
            ),
            Self::UrlHasSigningParams { params } => {
                f.write_str("the URL already carries the signing parameters ")?;
                for (i, param) in params.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(param)?;
                }
                f.write_str(": remove them before signing")
            }
            Self::UrlMismatch { url, resource } => write!(
                f,
                "{url:?} does not match the policy resource {resource:?}, so CloudFront would refuse the signature"
            ),
            Self::NotCovered { url, resource } => write!(
                f,
                "{url:?} is not covered by the policy resource {resource:?} (read section by section, as CloudFront and the verifier read it): sign it with another policy"
            ),
            Self::UnsafePath { problem } => f.write_str(match problem {
                PathProblem::DotSegment => "the URL's path has a '.' or '..' segment (perhaps percent-encoded, as %2e): browsers and servers resolve it, so it could leave the policy's prefix: pass the path without it",
                _ => "the URL's path has a percent-encoded '/' or '\\' (%2F, %5C, perhaps encoded twice): servers may decode it, so it could leave the policy's prefix: pass the path without it",
            }),
            Self::RelativeWithoutBase => f.write_str(
                "a relative path needs a policy resource whose protocol and domain have no wildcard: pass an absolute URL",
            ),
            Self::InvalidPolicyJson(e) => write!(f, "not a CloudFront policy: {e}"),
            Self::InvalidCookieAttribute { name, value } => {
                write!(f, "cookie {name} {value:?} is empty or contains ';', ',', a space, a control or a non-ASCII character")
            }
            Self::InvalidSignature { kind, len, found } => {
                let wanted = match kind {
                    Some(KeyKind::Rsa) => "RSA PKCS#1 v1.5 signature bytes of the modulus size (256 for RSA-2048) for this RSA key",
                    Some(_) => "a DER ECDSA signature (a SEQUENCE of two INTEGERs r and s, each in 1..n-1) for this ECDSA P-256 key",
                    None => "a 256-byte RSA-2048 signature or a DER ECDSA P-256 one",
                };
                write!(f, "the signer returned {len} bytes, {found}; CloudFront needs {wanted}")
            }
            Self::HashUnsupported { asked, supported } => write!(
                f,
                "this signer signs with {supported} only, not {asked}"
            ),
            Self::SignerFailed { message } => write!(f, "the signer failed: {message}"),
        }
    }
}

impl core::error::Error for SignError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Policy(e) => Some(e),
            Self::Key(e) => Some(e),
            Self::InvalidPolicyJson(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    #[test]
    fn messages() {
        let id = |id: &str| SignError::InvalidKeyPairId { id: id.into() }.to_string();
        let tail = " is not a CloudFront key ID (letters and digits, such as K2JCJMDEHXQW5F)";
        assert_eq!(id("a b"), ["key pair ID \"a b\"", tail].concat());
        let exactly = "é".repeat(24);
        assert_eq!(
            id(&exactly),
            ["key pair ID \"", &exactly, "\"", tail].concat()
        );
        assert_eq!(
            id(&"é".repeat(25)),
            ["key pair ID \"", &exactly, "\"…", tail].concat()
        );
        assert_eq!(
            SignError::UrlHasSigningParams {
                params: vec!["Expires", "Signature"]
            }
            .to_string(),
            "the URL already carries the signing parameters Expires, Signature: remove them before signing"
        );
    }
}
