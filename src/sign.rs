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

use crate::encoding::CfBase64;
use crate::key::HashAlgorithm;
#[cfg(feature = "rust-crypto")]
use crate::key::PrivateKey;
use crate::policy::{IpRange, Policy};

mod attributes;
mod checks;
mod cookies;
mod prefix;
mod seam;
mod unsigned;

pub use attributes::{CookieOptions, SameSite, COOKIE_NAMES};
pub(crate) use checks::check_signed_length;
pub use checks::{check_cookie_policy, check_cookie_resource, check_policy_length};
pub use checks::{check_key_pair_id, SignError, MAX_SIGNED_URL_BYTES};
use checks::{check_url, check_url_matches, policy_resource};
pub use cookies::SignedCookies;
pub(crate) use prefix::{check_path, check_segment};
pub use prefix::{PathProblem, SignedPrefix};
pub use seam::{
    check_signature, check_signature_form, AsyncPolicySigner, PolicySigner, RemoteKey, SignatureKey,
};
use unsigned::Prepared;
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

    /// Prepares `url` with a canned policy expiring at `expires` (epoch seconds): the first of
    /// the two steps ([`UnsignedUrl::message`] to sign, then [`UnsignedUrl::finish`]).
    pub fn prepare_url(&self, url: &str, expires: u64) -> Result<UnsignedUrl, SignError> {
        self.prepare_url_with(
            url,
            &UrlOptions {
                date_less_than: expires,
                ..UrlOptions::default()
            },
        )
    }

    /// Prepares `url` with the given options: [`Signer::sign_url_with`]'s rules.
    pub fn prepare_url_with(
        &self,
        url: &str,
        options: &UrlOptions,
    ) -> Result<UnsignedUrl, SignError> {
        check_url(url)?;
        let resource = options.policy_resource.as_deref().unwrap_or(url);
        let policy = Policy::with_conditions(
            resource,
            options.date_less_than,
            options.date_greater_than,
            options.ip_range.clone(),
        )?;
        if resource != url {
            check_url_matches(url, resource)?;
        }
        let canned = policy.is_canned() && resource == url;
        Ok(self.unsigned_url(url, &policy, canned))
    }

    /// Prepares `url` with a policy built by the caller: [`Signer::sign_url_with_policy`]'s rules.
    pub fn prepare_url_with_policy(
        &self,
        url: &str,
        policy: &Policy,
    ) -> Result<UnsignedUrl, SignError> {
        check_url(url)?;
        check_url_matches(url, policy.resource())?;
        let canned = policy.is_canned() && policy.resource() == url;
        Ok(self.unsigned_url(url, policy, canned))
    }

    /// Prepares `url` with a custom policy given as JSON, signed exactly as given:
    /// [`Signer::sign_url_with_policy_json`]'s rules.
    pub fn prepare_url_with_policy_json(
        &self,
        url: &str,
        policy_json: &str,
    ) -> Result<UnsignedUrl, SignError> {
        check_url(url)?;
        check_url_matches(url, &policy_resource(policy_json)?)?;
        let encoded = CfBase64::encode(policy_json.as_bytes());
        Ok(UnsignedUrl {
            url: url.to_string(),
            canned: false,
            prepared: self.prepared(policy_json.to_string(), ("Policy", encoded)),
        })
    }

    /// Prepares cookies for `policy`: [`Signer::sign_cookies`]' rules.
    pub fn prepare_cookies(&self, policy: &Policy) -> Result<UnsignedCookies, SignError> {
        self.unsigned_cookies(policy, cookies::canned(policy))
    }

    /// Prepares canned cookies whatever the resource: [`Signer::sign_cookies_canned`].
    pub fn prepare_cookies_canned(&self, policy: &Policy) -> Result<UnsignedCookies, SignError> {
        self.unsigned_cookies(policy, true)
    }

    /// Prepares cookies for a custom policy given as JSON, signed exactly as given.
    pub fn prepare_cookies_with_policy_json(
        &self,
        policy_json: &str,
    ) -> Result<UnsignedCookies, SignError> {
        check_policy_length(policy_json)?;
        check_cookie_resource(&policy_resource(policy_json)?)?;
        let encoded = CfBase64::encode(policy_json.as_bytes());
        Ok(UnsignedCookies {
            prepared: self.prepared(policy_json.to_string(), ("Policy", encoded)),
        })
    }

    fn unsigned_url(&self, url: &str, policy: &Policy, canned: bool) -> UnsignedUrl {
        UnsignedUrl {
            url: url.to_string(),
            canned,
            prepared: self.for_policy(policy, canned),
        }
    }

    fn unsigned_cookies(
        &self,
        policy: &Policy,
        canned: bool,
    ) -> Result<UnsignedCookies, SignError> {
        if canned {
            check_cookie_resource(policy.resource())?;
        } else {
            check_cookie_policy(policy)?;
        }
        Ok(UnsignedCookies {
            prepared: self.for_policy(policy, canned),
        })
    }

    fn for_policy(&self, policy: &Policy, canned: bool) -> Prepared {
        let json = policy.to_json();
        let param = if canned {
            ("Expires", policy.date_less_than().to_string())
        } else {
            ("Policy", CfBase64::encode(json.as_bytes()))
        };
        self.prepared(json, param)
    }

    fn prepared(&self, policy_json: String, policy_param: (&'static str, String)) -> Prepared {
        Prepared {
            key_pair_id: self.key_pair_id.clone(),
            kind: self.key.key_kind(),
            rsa_len: self.key.rsa_signature_len(),
            hash: self.hash,
            policy_json,
            policy_param,
        }
    }
}

impl<K: PolicySigner> Signer<K> {
    /// Signs `bytes` and encodes the signature in CloudFront's base64.
    pub fn signature(&self, bytes: &[u8]) -> Result<String, SignError> {
        let signature = self.key.sign_policy(bytes, self.hash)?;
        check_signature(
            self.key.key_kind(),
            self.key.rsa_signature_len(),
            &signature,
        )?;
        Ok(CfBase64::encode(&signature))
    }

    fn url(&self, unsigned: UnsignedUrl) -> Result<SignedUrl, SignError> {
        let signature = self.key.sign_policy(unsigned.message(), self.hash)?;
        unsigned.finish(&signature)
    }

    fn cookies(&self, unsigned: UnsignedCookies) -> Result<SignedCookies, SignError> {
        let signature = self.key.sign_policy(unsigned.message(), self.hash)?;
        unsigned.finish(&signature)
    }

    /// Signs `url` with a canned policy expiring at `expires` (epoch seconds).
    pub fn sign_url(&self, url: &str, expires: u64) -> Result<SignedUrl, SignError> {
        self.url(self.prepare_url(url, expires)?)
    }

    /// Signs `url` with the given options: a canned policy when only an expiry is given and the
    /// URL has no `*`, a custom policy otherwise.
    pub fn sign_url_with(&self, url: &str, options: &UrlOptions) -> Result<SignedUrl, SignError> {
        self.url(self.prepare_url_with(url, options)?)
    }

    /// Signs `url` with a policy built by the caller; the URL must match its resource. Canned
    /// when the policy allows it and its resource is the URL itself.
    pub fn sign_url_with_policy(&self, url: &str, policy: &Policy) -> Result<SignedUrl, SignError> {
        self.url(self.prepare_url_with_policy(url, policy)?)
    }

    /// Signs `url` with a custom policy given as JSON, signed exactly as given (whitespace and key
    /// order kept: CloudFront checks the signature over these bytes). The URL must match the
    /// policy's first resource.
    pub fn sign_url_with_policy_json(
        &self,
        url: &str,
        policy_json: &str,
    ) -> Result<SignedUrl, SignError> {
        self.url(self.prepare_url_with_policy_json(url, policy_json)?)
    }

    /// Signs `policy` once as a custom policy, for every URL it covers
    /// ([`SignedPrefix::url_for`]): one policy for the segments of a video or the images of a
    /// gallery.
    pub fn sign_prefix(&self, policy: &Policy) -> Result<SignedPrefix, SignError> {
        SignedPrefix::check_policy(policy)?;
        let signature = self
            .key
            .sign_policy(policy.to_json().as_bytes(), self.hash)?;
        check_signature(
            self.key.key_kind(),
            self.key.rsa_signature_len(),
            &signature,
        )?;
        SignedPrefix::for_signature(policy, &self.key_pair_id, self.hash, &signature)
    }

    /// Signs cookies for `policy`: canned (`CloudFront-Expires`) when the policy has only an expiry
    /// and no wildcard (`*` or `?`) in its resource, custom (`CloudFront-Policy`) otherwise
    /// ([`SignedCookies::for_signature`]'s rule). A policy over 8,192 bytes is refused.
    ///
    /// A canned cookie only works for requests whose URL is exactly the resource, because
    /// CloudFront rebuilds a canned policy from the request URL; cookies usually cover many
    /// objects, so a wildcard resource, which always gets a custom policy, is the usual choice.
    pub fn sign_cookies(&self, policy: &Policy) -> Result<SignedCookies, SignError> {
        self.cookies(self.prepare_cookies(policy)?)
    }

    /// Signs cookies with a canned policy whatever the resource. CloudFront refuses a canned
    /// cookie whose resource holds a wildcard; this exists to reproduce other tools' output.
    pub fn sign_cookies_canned(&self, policy: &Policy) -> Result<SignedCookies, SignError> {
        self.cookies(self.prepare_cookies_canned(policy)?)
    }

    /// Signs cookies with a custom policy given as JSON, signed exactly as given.
    pub fn sign_cookies_with_policy_json(
        &self,
        policy_json: &str,
    ) -> Result<SignedCookies, SignError> {
        self.cookies(self.prepare_cookies_with_policy_json(policy_json)?)
    }
}

/// The async form: the same methods, awaiting an [`AsyncPolicySigner`] (a key in KMS, an HSM).
/// No executor is needed from this crate.
impl<K: AsyncPolicySigner> Signer<K> {
    /// Signs a prepared URL: awaits the key, checks the signature, finishes.
    pub async fn finish_url_async(&self, unsigned: UnsignedUrl) -> Result<SignedUrl, SignError> {
        let signature = self
            .key
            .sign_policy_async(unsigned.message(), self.hash)
            .await?;
        unsigned.finish(&signature)
    }

    /// Signs prepared cookies: awaits the key, checks the signature, finishes.
    pub async fn finish_cookies_async(
        &self,
        unsigned: UnsignedCookies,
    ) -> Result<SignedCookies, SignError> {
        let signature = self
            .key
            .sign_policy_async(unsigned.message(), self.hash)
            .await?;
        unsigned.finish(&signature)
    }

    /// [`Signer::sign_url`], awaiting the key.
    pub async fn sign_url_async(&self, url: &str, expires: u64) -> Result<SignedUrl, SignError> {
        self.finish_url_async(self.prepare_url(url, expires)?).await
    }

    /// [`Signer::sign_url_with`], awaiting the key.
    pub async fn sign_url_with_async(
        &self,
        url: &str,
        options: &UrlOptions,
    ) -> Result<SignedUrl, SignError> {
        self.finish_url_async(self.prepare_url_with(url, options)?)
            .await
    }

    /// [`Signer::sign_cookies`], awaiting the key.
    pub async fn sign_cookies_async(&self, policy: &Policy) -> Result<SignedCookies, SignError> {
        self.finish_cookies_async(self.prepare_cookies(policy)?)
            .await
    }
}

#[cfg(all(test, feature = "rust-crypto"))]
mod tests;
