//! Signed cookies: the `CloudFront-*` pairs and their `Set-Cookie` headers.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::attributes::Lifetime;
use super::{CookieOptions, SignError};
use crate::encoding::CfBase64;
use crate::key::HashAlgorithm;
use crate::policy::{Policy, PolicyDocument};

/// Signed cookies: the `CloudFront-*` name/value pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCookies {
    pairs: Vec<(&'static str, String)>,
    policy_json: String,
    /// The policy's `DateLessThan`: the cookies' lifetime.
    pub(super) date_less_than: Option<u64>,
}

/// Whether cookies for `policy` go canned: only an expiry, and no wildcard in the resource.
///
/// CloudFront rebuilds a canned cookie's policy from the request URL, so a canned cookie works
/// only for the one URL equal to its resource. A resource with `*` or `?` is a pattern (a `?`
/// that starts a query string is one too: the cookie stays custom, which matches that URL as
/// well), so it gets a custom policy, which covers every URL it describes (issue 29, p04).
/// [`Policy::is_canned`] answers for URLs, where the resource is the URL itself.
pub(crate) fn canned(policy: &Policy) -> bool {
    policy.is_canned() && !policy.resource().contains('?')
}

impl SignedCookies {
    /// Cookies for `policy` whose JSON ([`Policy::to_json`]) was signed elsewhere (a host's own
    /// crypto): canned when the policy has only an expiry and its resource no wildcard, `*` or
    /// `?` (see `canned`), custom otherwise. `signature` is the raw signature (DER for ECDSA).
    pub fn for_signature(
        policy: &Policy,
        key_pair_id: &str,
        hash: HashAlgorithm,
        signature: &[u8],
    ) -> Self {
        Self::from_policy(policy, canned(policy), key_pair_id, hash, signature)
    }

    pub(super) fn from_policy(
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
        let mut cookies =
            Self::from_parts(first, CfBase64::encode(signature), key_pair_id, hash, json);
        cookies.date_less_than = Some(policy.date_less_than());
        cookies
    }

    /// Cookies for a policy given as JSON (see [`Signer::sign_cookies_with_policy_json`](crate::Signer::sign_cookies_with_policy_json)) and
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
        let mut cookies =
            Self::from_parts(first, signature, key_pair_id, hash, policy_json.to_string());
        cookies.date_less_than = PolicyDocument::parse(policy_json.as_bytes())
            .ok()
            .map(|doc| doc.date_less_than);
        cookies
    }

    pub(super) fn from_parts(
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
        Self {
            pairs,
            policy_json,
            date_less_than: None,
        }
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
        let mut header = String::new();
        for (i, (name, value)) in self.pairs.iter().enumerate() {
            if i > 0 {
                header.push_str("; ");
            }
            header.push_str(name);
            header.push('=');
            header.push_str(value);
        }
        header
    }

    /// The policy's `DateLessThan` (`None` for policy JSON that does not parse).
    pub fn date_less_than(&self) -> Option<u64> {
        self.date_less_than
    }

    /// One `Set-Cookie` header value per cookie, with the given attributes; they live until the
    /// policy's `DateLessThan` (`Expires`) unless `options` says otherwise ([`CookieOptions`]).
    pub fn set_cookie_headers(&self, options: &CookieOptions) -> Result<Vec<String>, SignError> {
        self.headers(options, None)
    }

    /// [`SignedCookies::set_cookie_headers`], written at `now` (epoch seconds): the lifetime is
    /// then also a `Max-Age` (the seconds from `now` to `DateLessThan`), which a browser prefers
    /// to `Expires` and which does not depend on its clock.
    pub fn set_cookie_headers_at(
        &self,
        options: &CookieOptions,
        now: u64,
    ) -> Result<Vec<String>, SignError> {
        self.headers(options, Some(now))
    }

    fn headers(&self, options: &CookieOptions, now: Option<u64>) -> Result<Vec<String>, SignError> {
        let attributes = options.attributes(Lifetime::Until {
            date_less_than: self.date_less_than,
            now,
        })?;
        let mut headers = Vec::with_capacity(self.pairs.len());
        for (name, value) in &self.pairs {
            headers.push([name, "=", value, &attributes].concat());
        }
        Ok(headers)
    }

    /// A `Set-Cookie` value deleting (`Max-Age=0`) each `CloudFront-*` cookie this set does not
    /// carry, at the same Domain and Path: a `CloudFront-Expires` or
    /// `CloudFront-Hash-Algorithm=SHA256` left by an earlier set would otherwise spoil this one
    /// (CloudFront answers 403 to `Expires` with `Policy`, and checks a SHA-1 signature with
    /// SHA-256). Send them with [`SignedCookies::set_cookie_headers`].
    pub fn stale_cookie_headers(&self, options: &CookieOptions) -> Result<Vec<String>, SignError> {
        options.deletions(Some(self))
    }
}
