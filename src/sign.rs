//! Signed URLs and signed cookies.
//!
//! A [`Signer`] holds a parsed key and its key ID: parse once, sign many times. It decides between
//! a canned and a custom policy as the AWS CLI does (`aws cloudfront sign`): a custom policy when
//! there is a start time, an IP range, a `*` in the resource, or a policy resource other than the
//! URL; a canned policy otherwise.
//!
//! The URL parameters come in the AWS CLI's (and botocore's) order: `Expires`|`Policy`,
//! `Signature`, `Key-Pair-Id`; a SHA-256 signature adds `Hash-Algorithm=SHA256` last. The JS SDK's
//! order and encoding are in [`crate::js_sdk`].
//!
//! # The signer seam
//!
//! A [`Signer`] signs through its key, which need not be in this process. Three ways, one set of
//! checks, the same URL:
//! - [`PolicySigner`]: `sign_policy(message, hash) -> Result<Vec<u8>, SignError>`, synchronous.
//!   [`PrivateKey`] implements it; so can an HSM's or any caller's code.
//! - [`AsyncPolicySigner`]: the same as a [`Future`](core::future::Future) (a key in AWS KMS).
//!   `Signer::sign_url_async` and its siblings await it; the crate brings no executor.
//! - Two steps, for hosts with their own way of waiting (a JS `Promise`, Python's asyncio):
//!   [`Signer::prepare_url`] (or `prepare_url_with`, `prepare_cookies`, ...) returns an
//!   [`UnsignedUrl`] or [`UnsignedCookies`]; sign its `message()` with its `hash()`, then
//!   `finish(signature)`. A [`RemoteKey`] (a key type and a hash) stands for the key.
//!
//! The signature is PKCS#1 v1.5 bytes for RSA and DER for ECDSA (what `openssl dgst -sign`, AWS
//! KMS's `RSASSA_PKCS1_V1_5_SHA_256` and `ECDSA_SHA_256` give). It is checked before it is used
//! ([`check_signature`]): a result of the wrong length, not DER, or with `r` or `s` out of range is
//! [`SignError::InvalidSignature`], never a URL that CloudFront refuses.

use alloc::string::{String, ToString};
use core::fmt;

use crate::key::HashAlgorithm;
#[cfg(feature = "rust-crypto")]
use crate::key::PrivateKey;
use crate::policy::IpRange;

mod attributes;
mod checks;
mod cookies;
mod prefix;
mod prepare;
mod seam;
mod signing;
mod unsigned;

pub use attributes::{CookieOptions, SameSite, COOKIE_NAMES};
pub(crate) use checks::check_signed_length;
pub use checks::{check_cookie_policy, check_cookie_resource, check_policy_length};
pub use checks::{check_key_pair_id, PathProblem, SignError, MAX_SIGNED_URL_BYTES};
pub use cookies::SignedCookies;
pub use prefix::SignedPrefix;
pub(crate) use prefix::{check_path, check_segment};
pub use seam::{
    check_signature, check_signature_form, AsyncPolicySigner, PolicySigner, RemoteKey, SignatureKey,
};
pub use unsigned::{UnsignedCookies, UnsignedUrl};

/// What to sign a URL with: an expiry and the optional conditions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UrlOptions {
    /// Expiry, epoch seconds (`DateLessThan`).
    pub date_less_than: u64,
    /// Start, epoch seconds (`DateGreaterThan`).
    pub date_greater_than: Option<u64>,
    /// Client IPv4 range (`IpAddress`).
    pub ip_range: Option<IpRange>,
    /// A resource pattern for the policy other than the URL itself, such as
    /// `https://d111111abcdef8.cloudfront.net/videos/*`; the URL must match it.
    pub policy_resource: Option<String>,
}

/// A signed URL, with the policy that was signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedUrl {
    url: String,
    policy_json: String,
    canned: bool,
}

impl SignedUrl {
    /// The signed URL.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// The signed URL, owned.
    pub fn into_string(self) -> String {
        self.url
    }

    /// The policy JSON that was signed (for a canned policy, the one CloudFront rebuilds).
    pub fn policy_json(&self) -> &str {
        &self.policy_json
    }

    /// Whether the URL carries a canned policy (`Expires`) rather than a custom one (`Policy`).
    pub fn is_canned(&self) -> bool {
        self.canned
    }
}

impl fmt::Display for SignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.url)
    }
}

/// Signs CloudFront URLs and cookies with one key.
///
/// Parse the key once and keep the `Signer`: every signature after that is the signing
/// arithmetic alone.
///
/// The key is anything that implements [`SignatureKey`]: a [`PrivateKey`] (the default), a key
/// in AWS KMS or an HSM ([`PolicySigner`], [`AsyncPolicySigner`]), or a [`RemoteKey`] signed for
/// in two steps ([`Signer::prepare_url`], then [`UnsignedUrl::finish`]). Each way runs the same
/// checks and gives the same URL; see [the seam](crate::sign#the-signer-seam).
///
/// # Example
///
/// ```
/// use cfsign::{Policy, PrivateKey, Signer, UrlOptions};
///
/// # let pem = include_str!("../tests/keys/ec_p256_sec1.pem");
/// let signer = Signer::new("K2JCJMDEHXQW5F", PrivateKey::from_pem(pem)?)?;
///
/// // A canned policy: this URL until 2030-01-01T00:00:00Z.
/// let url = signer.sign_url("https://d111111abcdef8.cloudfront.net/video.mp4", 1_893_456_000)?;
/// assert!(url.is_canned());
/// assert!(url.as_str().starts_with("https://d111111abcdef8.cloudfront.net/video.mp4?Expires=1893456000&Signature="));
///
/// // A custom policy: one URL signed for everything under /videos/, from a start time on.
/// let url = signer.sign_url_with(
///     "https://d111111abcdef8.cloudfront.net/videos/intro.mp4",
///     &UrlOptions {
///         date_less_than: 1_893_456_000,
///         date_greater_than: Some(1_767_225_600),
///         policy_resource: Some("https://d111111abcdef8.cloudfront.net/videos/*".into()),
///         ..UrlOptions::default()
///     },
/// )?;
/// assert!(url.as_str().contains("?Policy=") && url.policy_json().contains("/videos/*"));
///
/// // Signed cookies for the same resource.
/// let policy = Policy::new("https://d111111abcdef8.cloudfront.net/videos/*", 1_893_456_000)?;
/// let cookies = signer.sign_cookies(&policy)?;
/// assert_eq!(cookies.pairs()[0].0, "CloudFront-Policy");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "rust-crypto")]
#[derive(Debug, Clone)]
pub struct Signer<K = PrivateKey> {
    key_pair_id: String,
    key: K,
    hash: HashAlgorithm,
}

/// Signs CloudFront URLs and cookies with one key (see the `rust-crypto` build's docs).
#[cfg(not(feature = "rust-crypto"))]
#[derive(Debug, Clone)]
pub struct Signer<K> {
    key_pair_id: String,
    key: K,
    hash: HashAlgorithm,
}

impl<K: SignatureKey> Signer<K> {
    /// A signer for the key with ID `key_pair_id` (a public key ID of a key group, such as
    /// `K2JCJMDEHXQW5F`, or a legacy `APKA...` key pair ID).
    ///
    /// Hashes with the key's [`SignatureKey::hash`]: for a [`PrivateKey`], SHA-1 for RSA
    /// (CloudFront's default) and SHA-256 for ECDSA, as the AWS CLI does; see
    /// [`Signer::with_hash`].
    pub fn new(key_pair_id: &str, key: K) -> Result<Self, SignError> {
        check_key_pair_id(key_pair_id)?;
        let hash = key.hash();
        Ok(Self {
            key_pair_id: key_pair_id.to_string(),
            key,
            hash,
        })
    }

    /// Hash with `hash`. SHA-1 with an ECDSA key is what the Java SDK does and CloudFront accepts;
    /// the `cfsign` command refuses it as the AWS CLI does. A key that cannot use `hash` (KMS:
    /// SHA-256 only) refuses it when it signs ([`SignError::HashUnsupported`]).
    pub fn with_hash(mut self, hash: HashAlgorithm) -> Self {
        self.hash = hash;
        self
    }

    /// The key ID.
    pub fn key_pair_id(&self) -> &str {
        &self.key_pair_id
    }

    /// The hash this signer uses.
    pub fn hash(&self) -> HashAlgorithm {
        self.hash
    }

    /// The key.
    pub fn key(&self) -> &K {
        &self.key
    }
}

#[cfg(all(test, feature = "rust-crypto"))]
mod tests;
