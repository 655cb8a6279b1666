//! Signing in one call: through a [`PolicySigner`] (synchronous: a [`PrivateKey`](crate::PrivateKey),
//! an HSM) or awaiting an [`AsyncPolicySigner`] (a key in AWS KMS). Both prepare, sign with the key,
//! check the signature and finish, as the two steps do.

use alloc::string::String;

use super::seam::{check_signature, AsyncPolicySigner, PolicySigner};
use super::unsigned::{UnsignedCookies, UnsignedUrl};
use super::{SignError, SignedCookies, SignedPrefix, SignedUrl, Signer, UrlOptions};
use crate::encoding::CfBase64;
use crate::policy::Policy;

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
