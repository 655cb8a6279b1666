//! The first of the two steps: a URL or cookies prepared for a [`Signer`]'s key, with the AWS
//! CLI's choice between a canned and a custom policy and every check made before anything is
//! signed ([`UnsignedUrl::message`] to sign, then [`UnsignedUrl::finish`]).

use alloc::string::{String, ToString};

use super::checks::{
    check_cookie_policy, check_cookie_resource, check_policy_length, check_url, check_url_matches,
    policy_resource,
};
use super::cookies;
use super::seam::SignatureKey;
use super::unsigned::{Prepared, UnsignedCookies, UnsignedUrl};
use super::{SignError, Signer, UrlOptions};
use crate::encoding::CfBase64;
use crate::policy::Policy;

impl<K: SignatureKey> Signer<K> {
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
