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

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use crate::encoding::CfBase64;
#[cfg(feature = "rust-crypto")]
use crate::key::PrivateKey;
use crate::key::{HashAlgorithm, KeyError};
#[cfg(feature = "rust-crypto")]
use crate::policy;
#[cfg(feature = "rust-crypto")]
use crate::policy::PolicyDocument;
use crate::policy::{IpRange, Policy, PolicyError, PolicyParseError};
#[cfg(feature = "rust-crypto")]
use crate::url;

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

/// The `SameSite` attribute of a cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[non_exhaustive]
pub enum SameSite {
    /// `SameSite=Lax`: sent on top-level navigations from other sites (a link to a video).
    #[default]
    Lax,
    /// `SameSite=Strict`.
    Strict,
    /// `SameSite=None` (requires `Secure`).
    None,
}

impl SameSite {
    fn as_str(self) -> &'static str {
        match self {
            Self::Lax => "Lax",
            Self::Strict => "Strict",
            Self::None => "None",
        }
    }
}

/// Attributes of the `Set-Cookie` headers.
///
/// By default: `Path=/`, `Secure`, `HttpOnly`, `SameSite=Lax`, and neither `Expires` nor `Max-Age`,
/// so the cookies end with the browser session as CloudFront's guide recommends.
///
/// Deserializes from `{domain, path, secure, httpOnly, sameSite, maxAge}` (missing fields take
/// these defaults; `sameSite: null` leaves the attribute off), as the JS package takes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CookieOptions {
    /// `Domain`, for example `.example.com` to cover `media.example.com`.
    pub domain: Option<String>,
    /// `Path`; `/` by default.
    pub path: Option<String>,
    /// `Secure`; on by default.
    pub secure: bool,
    /// `HttpOnly`; on by default.
    pub http_only: bool,
    /// `SameSite`; `Lax` by default, `None` leaves the attribute off.
    pub same_site: Option<SameSite>,
    /// `Max-Age` in seconds; off by default (session cookies).
    pub max_age: Option<u64>,
}

impl Default for CookieOptions {
    fn default() -> Self {
        Self {
            domain: None,
            path: Some("/".to_string()),
            secure: true,
            http_only: true,
            same_site: Some(SameSite::Lax),
            max_age: None,
        }
    }
}

/// Signed cookies: the `CloudFront-*` name/value pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCookies {
    pairs: Vec<(&'static str, String)>,
    policy_json: String,
}

impl SignedCookies {
    /// Cookies for `policy` whose JSON ([`Policy::to_json`]) was signed elsewhere (a host's own
    /// crypto): canned when the policy can be ([`Policy::is_canned`]), custom otherwise.
    /// `signature` is the raw signature (DER for ECDSA).
    pub fn for_signature(
        policy: &Policy,
        key_pair_id: &str,
        hash: HashAlgorithm,
        signature: &[u8],
    ) -> Self {
        Self::from_policy(policy, policy.is_canned(), key_pair_id, hash, signature)
    }

    fn from_policy(
        policy: &Policy,
        canned: bool,
        key_pair_id: &str,
        hash: HashAlgorithm,
        signature: &[u8],
    ) -> Self {
        let json = policy.to_json();
        let first = if canned {
            ("CloudFront-Expires", policy.date_less_than().to_string())
        } else {
            ("CloudFront-Policy", CfBase64::encode(json.as_bytes()))
        };
        Self::from_parts(first, CfBase64::encode(signature), key_pair_id, hash, json)
    }

    /// Cookies for a policy given as JSON (see [`Signer::sign_cookies_with_policy_json`]) and
    /// signed elsewhere.
    pub fn for_policy_json_signature(
        policy_json: &str,
        key_pair_id: &str,
        hash: HashAlgorithm,
        signature: &[u8],
    ) -> Self {
        let first = (
            "CloudFront-Policy",
            CfBase64::encode(policy_json.as_bytes()),
        );
        let signature = CfBase64::encode(signature);
        Self::from_parts(first, signature, key_pair_id, hash, policy_json.to_string())
    }

    fn from_parts(
        first: (&'static str, String),
        signature: String,
        key_pair_id: &str,
        hash: HashAlgorithm,
        policy_json: String,
    ) -> Self {
        let mut pairs = Vec::with_capacity(4);
        pairs.push(first);
        pairs.push(("CloudFront-Signature", signature));
        pairs.push(("CloudFront-Key-Pair-Id", key_pair_id.to_string()));
        if hash == HashAlgorithm::Sha256 {
            pairs.push(("CloudFront-Hash-Algorithm", "SHA256".to_string()));
        }
        Self { pairs, policy_json }
    }

    /// The cookies as name/value pairs: `CloudFront-Expires` or `CloudFront-Policy`,
    /// `CloudFront-Signature`, `CloudFront-Key-Pair-Id`, and `CloudFront-Hash-Algorithm` for SHA-256.
    pub fn pairs(&self) -> &[(&'static str, String)] {
        &self.pairs
    }

    /// The value of one cookie.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The policy JSON that was signed.
    pub fn policy_json(&self) -> &str {
        &self.policy_json
    }

    /// A `Cookie:` request header value carrying all of them (`a=1; b=2`).
    pub fn cookie_header(&self) -> String {
        let parts: Vec<String> = self.pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
        parts.join("; ")
    }

    /// One `Set-Cookie` header value per cookie, with the given attributes.
    pub fn set_cookie_headers(&self, options: &CookieOptions) -> Result<Vec<String>, SignError> {
        let attributes = options.attributes(options.max_age)?;
        Ok(self
            .pairs
            .iter()
            .map(|(n, v)| format!("{n}={v}{attributes}"))
            .collect())
    }

    /// A `Set-Cookie` value deleting (`Max-Age=0`) each `CloudFront-*` cookie this set does not
    /// carry, at the same Domain and Path: a `CloudFront-Expires` or
    /// `CloudFront-Hash-Algorithm=SHA256` left by an earlier set would otherwise spoil this one
    /// (CloudFront answers 403 to `Expires` with `Policy`, and checks a SHA-1 signature with
    /// SHA-256). Send them with [`SignedCookies::set_cookie_headers`].
    pub fn stale_cookie_headers(&self, options: &CookieOptions) -> Result<Vec<String>, SignError> {
        let clear = options.attributes(Some(0))?;
        Ok(COOKIE_NAMES
            .iter()
            .filter(|name| self.get(name).is_none())
            .map(|name| format!("{name}={clear}"))
            .collect())
    }
}

/// The names of CloudFront's signed cookies.
pub const COOKIE_NAMES: [&str; 5] = [
    "CloudFront-Expires",
    "CloudFront-Policy",
    "CloudFront-Signature",
    "CloudFront-Key-Pair-Id",
    "CloudFront-Hash-Algorithm",
];

impl CookieOptions {
    /// `Set-Cookie` header values deleting (`Max-Age=0`) every CloudFront cookie at this Domain
    /// and Path: for paths whose cookies must go.
    pub fn clear_headers(&self) -> Result<Vec<String>, SignError> {
        let clear = self.attributes(Some(0))?;
        Ok(COOKIE_NAMES
            .iter()
            .map(|name| format!("{name}={clear}"))
            .collect())
    }

    /// `; Domain=..; Path=..; Max-Age=..; Secure; HttpOnly; SameSite=..`, checked.
    fn attributes(&self, max_age: Option<u64>) -> Result<String, SignError> {
        let check = |name: &'static str, value: &Option<String>| match value {
            Some(v)
                if v.is_empty()
                    || v.chars()
                        .any(|c| c.is_control() || matches!(c, ';' | ',' | ' ')) =>
            {
                Err(SignError::InvalidCookieAttribute {
                    name,
                    value: v.clone(),
                })
            }
            _ => Ok(()),
        };
        check("Domain", &self.domain)?;
        check("Path", &self.path)?;
        let mut attributes = String::new();
        if let Some(domain) = &self.domain {
            attributes.push_str("; Domain=");
            attributes.push_str(domain);
        }
        if let Some(path) = &self.path {
            attributes.push_str("; Path=");
            attributes.push_str(path);
        }
        if let Some(max_age) = max_age {
            attributes.push_str(&format!("; Max-Age={max_age}"));
        }
        if self.secure {
            attributes.push_str("; Secure");
        }
        if self.http_only {
            attributes.push_str("; HttpOnly");
        }
        if let Some(same_site) = self.same_site {
            attributes.push_str("; SameSite=");
            attributes.push_str(same_site.as_str());
        }
        Ok(attributes)
    }
}

/// Signs CloudFront URLs and cookies with one key.
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
        if resource != url && !policy::resource_matches(resource, url) {
            return Err(SignError::UrlMismatch {
                url: url.to_string(),
                resource: resource.to_string(),
            });
        }
        let canned = policy.is_canned() && resource == url;
        self.finish_url(url, &policy, canned)
    }

    /// Signs `url` with a policy built by the caller; the URL must match its resource. Canned
    /// when the policy allows it and its resource is the URL itself.
    pub fn sign_url_with_policy(&self, url: &str, policy: &Policy) -> Result<SignedUrl, SignError> {
        check_url(url)?;
        if !policy::resource_matches(policy.resource(), url) {
            return Err(SignError::UrlMismatch {
                url: url.to_string(),
                resource: policy.resource().to_string(),
            });
        }
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
        let resource = policy_resource(policy_json)?;
        if !policy::resource_matches(&resource, url) {
            return Err(SignError::UrlMismatch {
                url: url.to_string(),
                resource,
            });
        }
        let encoded = CfBase64::encode(policy_json.as_bytes());
        let signature = self.signature(policy_json.as_bytes())?;
        let url = self.assemble_url(url, ("Policy", &encoded), &signature);
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

    /// Signs cookies for `policy`: canned (`CloudFront-Expires`) when the policy has only an expiry
    /// and no `*` in its resource, custom (`CloudFront-Policy`) otherwise.
    ///
    /// A canned cookie only works for requests whose URL is exactly the resource, because
    /// CloudFront rebuilds a canned policy from the request URL; cookies usually cover many
    /// objects, so a wildcard resource, which always gets a custom policy, is the usual choice.
    pub fn sign_cookies(&self, policy: &Policy) -> Result<SignedCookies, SignError> {
        self.cookies_for(policy, policy.is_canned())
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
        policy_resource(policy_json)?;
        let signature = self.key.sign(policy_json.as_bytes(), self.hash)?;
        Ok(SignedCookies::for_policy_json_signature(
            policy_json,
            &self.key_pair_id,
            self.hash,
            &signature,
        ))
    }

    fn cookies_for(&self, policy: &Policy, canned: bool) -> Result<SignedCookies, SignError> {
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

/// A URL to be signed: an absolute http(s) URL without a fragment or signing parameters.
#[cfg(feature = "rust-crypto")]
fn check_url(url: &str) -> Result<(), SignError> {
    if url.contains('#') {
        return Err(SignError::UrlHasFragment {
            url: url.to_string(),
        });
    }
    if !policy::is_http_url(url) {
        return Err(SignError::InvalidUrl {
            url: url.to_string(),
        });
    }
    let present = url::signing_params_present(url);
    if !present.is_empty() {
        return Err(SignError::UrlHasSigningParams { params: present });
    }
    Ok(())
}

/// The `Resource` of a policy given as JSON, read by the verifier's own reader.
#[cfg(feature = "rust-crypto")]
fn policy_resource(policy_json: &str) -> Result<String, SignError> {
    PolicyDocument::parse_for_signing(policy_json.as_bytes())
        .map(|doc| doc.resource)
        .map_err(SignError::InvalidPolicyJson)
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
    /// The URL has a `#fragment`, which browsers never send: the signature would follow it and be
    /// lost.
    UrlHasFragment {
        /// The URL given.
        url: String,
    },
    /// The URL already carries CloudFront signing parameters.
    UrlHasSigningParams {
        /// The parameters found.
        params: Vec<&'static str>,
    },
    /// The URL does not match the policy resource, so CloudFront would refuse the signature.
    UrlMismatch {
        /// The URL.
        url: String,
        /// The policy resource.
        resource: String,
    },
    /// A policy given as JSON is not one CloudFront (or [`crate::verify`](mod@crate::verify)) accepts.
    InvalidPolicyJson(PolicyParseError),
    /// A cookie attribute with characters that would break the header.
    InvalidCookieAttribute {
        /// `Domain` or `Path`.
        name: &'static str,
        /// The value given.
        value: String,
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
                let shown: String = id.chars().take(24).collect();
                let more = if id.chars().count() > 24 { "…" } else { "" };
                write!(
                    f,
                    "key pair ID {shown:?}{more} is not a CloudFront key ID (letters and digits, such as K2JCJMDEHXQW5F)"
                )
            }
            Self::InvalidUrl { url } => {
                write!(f, "{url:?} is not an absolute http:// or https:// URL with a host")
            }
            Self::UrlHasFragment { url } => write!(
                f,
                "{url:?} has a '#' fragment, which is never sent to CloudFront: remove it"
            ),
            Self::UrlHasSigningParams { params } => write!(
                f,
                "the URL already carries the signing parameters {}: remove them before signing",
                params.join(", ")
            ),
            Self::UrlMismatch { url, resource } => write!(
                f,
                "{url:?} does not match the policy resource {resource:?}, so CloudFront would refuse the signature"
            ),
            Self::InvalidPolicyJson(e) => write!(f, "not a CloudFront policy: {e}"),
            Self::InvalidCookieAttribute { name, value } => {
                write!(f, "cookie {name} {value:?} is empty or contains ';', ',', a space or a control character")
            }
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
