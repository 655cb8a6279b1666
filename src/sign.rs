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

use alloc::string::String;
#[cfg(feature = "rust-crypto")]
use alloc::string::ToString;
#[cfg(feature = "rust-crypto")]
use alloc::vec::Vec;
use core::fmt;

#[cfg(feature = "rust-crypto")]
use crate::encoding::CfBase64;
#[cfg(feature = "rust-crypto")]
use crate::key::{HashAlgorithm, PrivateKey};
use crate::policy::IpRange;
#[cfg(feature = "rust-crypto")]
use crate::policy::Policy;
#[cfg(feature = "rust-crypto")]
use crate::url;

mod checks;
mod cookies;
mod prefix;

pub(crate) use checks::check_signed_length;
pub use checks::{check_cookie_policy, check_cookie_resource, check_policy_length};
pub use checks::{check_key_pair_id, SignError, MAX_SIGNED_URL_BYTES};
#[cfg(feature = "rust-crypto")]
use checks::{check_url, check_url_matches, policy_resource};
pub use cookies::{CookieOptions, SameSite, SignedCookies, COOKIE_NAMES};
pub use prefix::{PathProblem, SignedPrefix};

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
pub struct Signer {
    key_pair_id: String,
    key: PrivateKey,
    hash: HashAlgorithm,
}

#[cfg(feature = "rust-crypto")]
impl Signer {
    /// A signer for the key with ID `key_pair_id` (a public key ID of a key group, such as
    /// `K2JCJMDEHXQW5F`, or a legacy `APKA...` key pair ID).
    ///
    /// Hashes with SHA-1 for RSA keys (CloudFront's default) and SHA-256 for ECDSA keys (as the
    /// AWS CLI does); see [`Signer::with_hash`].
    pub fn new(key_pair_id: &str, key: PrivateKey) -> Result<Self, SignError> {
        check_key_pair_id(key_pair_id)?;
        let hash = key.kind().default_hash();
        Ok(Self {
            key_pair_id: key_pair_id.to_string(),
            key,
            hash,
        })
    }

    /// Hash with `hash`. SHA-1 with an ECDSA key is what the Java SDK does and CloudFront accepts;
    /// the `cfsign` command refuses it as the AWS CLI does.
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
    pub fn key(&self) -> &PrivateKey {
        &self.key
    }

    /// Signs `bytes` and encodes the signature in CloudFront's base64.
    pub fn signature(&self, bytes: &[u8]) -> Result<String, SignError> {
        Ok(CfBase64::encode(&self.key.sign(bytes, self.hash)?))
    }

    /// Signs `url` with a canned policy expiring at `expires` (epoch seconds).
    pub fn sign_url(&self, url: &str, expires: u64) -> Result<SignedUrl, SignError> {
        self.sign_url_with(
            url,
            &UrlOptions {
                date_less_than: expires,
                ..UrlOptions::default()
            },
        )
    }

    /// Signs `url` with the given options: a canned policy when only an expiry is given and the
    /// URL has no `*`, a custom policy otherwise.
    pub fn sign_url_with(&self, url: &str, options: &UrlOptions) -> Result<SignedUrl, SignError> {
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
        self.finish_url(url, &policy, canned)
    }

    /// Signs `url` with a policy built by the caller; the URL must match its resource. Canned
    /// when the policy allows it and its resource is the URL itself.
    pub fn sign_url_with_policy(&self, url: &str, policy: &Policy) -> Result<SignedUrl, SignError> {
        check_url(url)?;
        check_url_matches(url, policy.resource())?;
        let canned = policy.is_canned() && policy.resource() == url;
        self.finish_url(url, policy, canned)
    }

    /// Signs `url` with a custom policy given as JSON, signed exactly as given (whitespace and key
    /// order kept: CloudFront checks the signature over these bytes). The URL must match the
    /// policy's first resource.
    pub fn sign_url_with_policy_json(
        &self,
        url: &str,
        policy_json: &str,
    ) -> Result<SignedUrl, SignError> {
        check_url(url)?;
        check_url_matches(url, &policy_resource(policy_json)?)?;
        let encoded = CfBase64::encode(policy_json.as_bytes());
        let signature = self.signature(policy_json.as_bytes())?;
        let url = self.assemble_url(url, ("Policy", &encoded), &signature);
        check_signed_length(&url)?;
        Ok(SignedUrl {
            url,
            policy_json: policy_json.to_string(),
            canned: false,
        })
    }

    fn finish_url(&self, url: &str, policy: &Policy, canned: bool) -> Result<SignedUrl, SignError> {
        let json = policy.to_json();
        let signature = self.signature(json.as_bytes())?;
        let url = if canned {
            self.assemble_url(
                url,
                ("Expires", &policy.date_less_than().to_string()),
                &signature,
            )
        } else {
            self.assemble_url(
                url,
                ("Policy", &CfBase64::encode(json.as_bytes())),
                &signature,
            )
        };
        check_signed_length(&url)?;
        Ok(SignedUrl {
            url,
            policy_json: json,
            canned,
        })
    }

    /// Appends the signing parameters in the AWS CLI's order.
    fn assemble_url(&self, url: &str, policy_param: (&str, &str), signature: &str) -> String {
        let mut params = Vec::with_capacity(4);
        params.push(policy_param);
        params.push(("Signature", signature));
        params.push(("Key-Pair-Id", &self.key_pair_id));
        if self.hash == HashAlgorithm::Sha256 {
            params.push(("Hash-Algorithm", "SHA256"));
        }
        url::append_params(url, &params)
    }

    /// Signs `policy` once as a custom policy, for every URL it covers
    /// ([`SignedPrefix::url_for`]): one policy for the segments of a video or the images of a
    /// gallery.
    pub fn sign_prefix(&self, policy: &Policy) -> Result<SignedPrefix, SignError> {
        SignedPrefix::check_policy(policy)?;
        let signature = self.key.sign(policy.to_json().as_bytes(), self.hash)?;
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
        self.cookies_for(policy, cookies::canned(policy))
    }

    /// Signs cookies with a canned policy whatever the resource. CloudFront refuses a canned
    /// cookie whose resource holds a wildcard; this exists to reproduce other tools' output.
    pub fn sign_cookies_canned(&self, policy: &Policy) -> Result<SignedCookies, SignError> {
        self.cookies_for(policy, true)
    }

    /// Signs cookies with a custom policy given as JSON, signed exactly as given.
    pub fn sign_cookies_with_policy_json(
        &self,
        policy_json: &str,
    ) -> Result<SignedCookies, SignError> {
        check_policy_length(policy_json)?;
        check_cookie_resource(&policy_resource(policy_json)?)?;
        let signature = self.key.sign(policy_json.as_bytes(), self.hash)?;
        Ok(SignedCookies::for_policy_json_signature(
            policy_json,
            &self.key_pair_id,
            self.hash,
            &signature,
        ))
    }

    fn cookies_for(&self, policy: &Policy, canned: bool) -> Result<SignedCookies, SignError> {
        if canned {
            check_cookie_resource(policy.resource())?;
        } else {
            check_cookie_policy(policy)?;
        }
        let signature = self.key.sign(policy.to_json().as_bytes(), self.hash)?;
        Ok(SignedCookies::from_policy(
            policy,
            canned,
            &self.key_pair_id,
            self.hash,
            &signature,
        ))
    }
}

#[cfg(all(test, feature = "rust-crypto"))]
mod tests;
