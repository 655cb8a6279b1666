//! Signed cookies: the `CloudFront-*` pairs and their `Set-Cookie` headers.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::SignError;
use crate::encoding::CfBase64;
use crate::key::HashAlgorithm;
use crate::policy::Policy;

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
        Self::from_parts(first, CfBase64::encode(signature), key_pair_id, hash, json)
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
        Self::from_parts(first, signature, key_pair_id, hash, policy_json.to_string())
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

    /// One `Set-Cookie` header value per cookie, with the given attributes.
    pub fn set_cookie_headers(&self, options: &CookieOptions) -> Result<Vec<String>, SignError> {
        let attributes = options.attributes(options.max_age)?;
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
        self.deletions(None)
    }

    /// `Set-Cookie` values deleting each CloudFront cookie that `kept` (if any) does not carry.
    fn deletions(&self, kept: Option<&SignedCookies>) -> Result<Vec<String>, SignError> {
        let clear = self.attributes(Some(0))?;
        let mut headers = Vec::new();
        for name in COOKIE_NAMES {
            if kept.is_none_or(|cookies| cookies.get(name).is_none()) {
                headers.push([name, "=", &clear].concat());
            }
        }
        Ok(headers)
    }

    /// `; Domain=..; Path=..; Max-Age=..; Secure; HttpOnly; SameSite=..`, checked.
    fn attributes(&self, max_age: Option<u64>) -> Result<String, SignError> {
        let check = |name: &'static str, value: &Option<String>| match value {
            Some(v)
                if v.is_empty()
                    || v.chars().any(|c| {
                        // RFC 6265: US-ASCII without controls or `;` (a Domain's non-ASCII
                        // name goes in its `xn--` form).
                        !c.is_ascii() || c.is_ascii_control() || matches!(c, ';' | ',' | ' ')
                    }) =>
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
            attributes.push_str("; Max-Age=");
            attributes.push_str(&max_age.to_string());
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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    /// What a `Set-Cookie` header cannot carry (RFC 6265: US-ASCII, no controls, no `;`) is
    /// refused, never written into the header.
    #[test]
    fn refuses_attributes_a_header_cannot_carry() {
        for bad in [
            "",
            "a;b",
            "a b",
            "a,b",
            "a\u{1b}b",
            "a\u{7f}",
            "\u{202e}x",
            "caf\u{e9}.example",
            "a\r\nSet-Cookie: x=1",
        ] {
            for options in [
                CookieOptions {
                    domain: Some(bad.to_string()),
                    ..CookieOptions::default()
                },
                CookieOptions {
                    path: Some(bad.to_string()),
                    ..CookieOptions::default()
                },
            ] {
                assert!(options.clear_headers().is_err(), "{bad:?}");
            }
        }
        let fine = CookieOptions {
            domain: Some("xn--caf-dma.example".into()),
            path: Some("/v/".into()),
            ..CookieOptions::default()
        };
        assert!(fine.clear_headers().is_ok());
    }
}
