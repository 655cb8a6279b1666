//! What a `Signer` method (and the drop-in) signs, and what it makes of the signature: the SDK's
//! preparation of a URL or cookies (with the past-expiry warning), or `signCookies`' policy and
//! `Set-Cookie` lines. One type for every method, sync or not, so that each step has one copy.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use super::crypto::SyncKey;
use super::error::Error;
use super::js::{from_js, to_js};
use super::options::{PolicyInput, SignerSignInput};
use super::past;
#[cfg(feature = "prefix")]
use super::signed_prefix::JsSignedPrefix;
use cfsign::js_sdk::{self, Prepared};
use cfsign::key::HashAlgorithm;
use cfsign::policy::{PolicyDocument, UnknownPolicyKey};
#[cfg(feature = "prefix")]
use cfsign::sign::SignedPrefix;
use cfsign::sign::{self, CookieOptions, SignedCookies};

/// What `signCookies` returns.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SignedCookieHeaders<'a> {
    set_cookie: Vec<String>,
    clear_stale: Vec<String>,
    cookie: String,
    policy: &'a str,
    warnings: Vec<String>,
}

/// What `signCookies` signs: a policy built from options, or policy JSON signed as given (with
/// the keys CloudFront's guide does not document, which are signed and named in `warnings`).
pub(crate) enum CookiePolicy {
    Built(cfsign::Policy),
    Json {
        json: String,
        unknown_keys: Vec<UnknownPolicyKey>,
    },
}

impl CookiePolicy {
    /// The policy, refused where CloudFront (and the verifier) would refuse the cookies (issue
    /// 29, p05): a resource carrying signing parameters, a custom policy over 8,192 bytes.
    fn read(value: JsValue) -> Result<Self, Error> {
        match value.as_string() {
            Some(json) => {
                let doc = PolicyDocument::parse_for_signing(json.as_bytes())?;
                sign::check_policy_length(&json)?;
                sign::check_cookie_resource(&doc.resource)?;
                Ok(Self::Json {
                    json,
                    unknown_keys: doc.unknown_keys,
                })
            }
            None => {
                let policy = PolicyInput::read(&value)?.policy()?;
                sign::check_cookie_policy(&policy)?;
                Ok(Self::Built(policy))
            }
        }
    }

    fn message(&self) -> Cow<'_, [u8]> {
        match self {
            Self::Built(p) => Cow::Owned(p.to_json().into_bytes()),
            Self::Json { json, .. } => Cow::Borrowed(json.as_bytes()),
        }
    }

    /// `signCookies`' `warnings`: one line per key CloudFront's guide does not document.
    fn warnings(&self) -> Vec<String> {
        match self {
            Self::Built(_) => Vec::new(),
            Self::Json { unknown_keys, .. } => warnings(unknown_keys),
        }
    }
}

/// The `warnings` of `signCookies` and `parsePolicy`: one line per key CloudFront's guide does not
/// document (`unknown key "Comment" in the policy: ...`), in the order the policy was read.
pub(crate) fn warnings(unknown_keys: &[UnknownPolicyKey]) -> Vec<String> {
    unknown_keys
        .iter()
        .map(|key| alloc::format!("{key}: signed as written, as the AWS tools do; CloudFront's handling is undocumented"))
        .collect()
}

/// What a `Signer` method signs, and what it makes of the signature: one type for every method,
/// sync or not, so that each step has one copy.
pub(crate) enum Signing {
    /// `getSignedUrl`.
    Url(Prepared),
    /// `getSignedCookies`.
    Cookies(Prepared),
    /// `signCookies`: the policy and `cookieOptions`.
    SetCookies(CookiePolicy, Option<JsValue>),
    /// `signPrefix`: the policy, signed once for every URL it covers (feature `prefix`).
    #[cfg(feature = "prefix")]
    Prefix(cfsign::Policy),
}

impl Signing {
    /// `getSignedUrl`'s or `getSignedCookies`'s options, prepared as the SDK does.
    pub(crate) fn prepare(options: JsValue, cookies: bool) -> Result<Self, Error> {
        let options = SignerSignInput::read(&options)?;
        Self::for_input(&options.js_sdk(), cookies, options.allow_past())
    }

    /// A URL (or cookies) prepared as the SDK does: a `Signer`'s and the drop-in's. An expiry
    /// in the past is warned about once (unless `allow_past`), never refused: see [`past`].
    pub(crate) fn for_input(
        input: &js_sdk::Input<'_>,
        cookies: bool,
        allow_past: bool,
    ) -> Result<Self, Error> {
        let prepared = if cookies {
            Prepared::for_cookies(input)?
        } else {
            Prepared::for_url(input)?
        };
        if !allow_past {
            past::warn_once(&prepared);
        }
        Ok(if cookies {
            Self::Cookies(prepared)
        } else {
            Self::Url(prepared)
        })
    }

    /// `signCookies`'s arguments.
    pub(crate) fn set_cookies(
        policy: JsValue,
        cookie_options: Option<JsValue>,
    ) -> Result<Self, Error> {
        Ok(Self::SetCookies(
            CookiePolicy::read(policy)?,
            cookie_options,
        ))
    }

    /// `signPrefix`'s policy (`expires` resolved into `dateLessThan`, as `getSignedUrl`'s).
    #[cfg(feature = "prefix")]
    pub(crate) fn prefix(policy: JsValue) -> Result<Self, Error> {
        let policy = PolicyInput::read(&policy)?.policy()?;
        SignedPrefix::check_policy(&policy)?;
        Ok(Self::Prefix(policy))
    }

    /// The bytes to sign.
    pub(crate) fn message(&self) -> Cow<'_, [u8]> {
        match self {
            Self::Url(p) | Self::Cookies(p) => Cow::Borrowed(p.message()),
            Self::SetCookies(policy, _) => policy.message(),
            #[cfg(feature = "prefix")]
            Self::Prefix(policy) => Cow::Owned(policy.to_json().into_bytes()),
        }
    }

    /// Signs with `key` and finishes: the drop-in's and a `Signer`'s synchronous path.
    pub(crate) fn sign(
        self,
        key: &SyncKey,
        key_pair_id: &str,
        hash: HashAlgorithm,
    ) -> Result<JsValue, Error> {
        let signature = key.sign(hash, &self.message())?;
        self.finish(key_pair_id, hash, &signature)
    }

    /// The result, given the signature.
    pub(crate) fn finish(
        self,
        key_pair_id: &str,
        hash: HashAlgorithm,
        signature: &[u8],
    ) -> Result<JsValue, Error> {
        match self {
            Self::Url(p) => Ok(p.signed_url(key_pair_id, signature, hash)?.into()),
            Self::Cookies(p) => to_js(&p.cookies(key_pair_id, signature, hash)),
            Self::SetCookies(policy, options) => {
                set_cookies(&policy, key_pair_id, hash, signature, options)
            }
            #[cfg(feature = "prefix")]
            Self::Prefix(policy) => Ok(JsSignedPrefix::new(SignedPrefix::for_signature(
                &policy,
                key_pair_id,
                hash,
                signature,
            )?)
            .into()),
        }
    }
}

/// The `Set-Cookie` lines of cookies signed for `policy`, with the attributes of `options`.
fn set_cookies(
    policy: &CookiePolicy,
    key_pair_id: &str,
    hash: HashAlgorithm,
    signature: &[u8],
    options: Option<JsValue>,
) -> Result<JsValue, Error> {
    let cookies = match policy {
        CookiePolicy::Built(p) => SignedCookies::for_signature(p, key_pair_id, hash, signature),
        CookiePolicy::Json { json, .. } => {
            SignedCookies::for_policy_json_signature(json, key_pair_id, hash, signature)
        }
    };
    let options: CookieOptions = from_js(&options.unwrap_or(JsValue::UNDEFINED))?;
    to_js(&SignedCookieHeaders {
        // Written now: the lifetime is the policy's, as Expires and as Max-Age from the clock.
        set_cookie: cookies
            .set_cookie_headers_at(&options, (js_sys::Date::now() / 1000.0) as u64)?,
        clear_stale: cookies.stale_cookie_headers(&options)?,
        cookie: cookies.cookie_header(),
        policy: cookies.policy_json(),
        warnings: policy.warnings(),
    })
}
