//! The attributes of the `CloudFront-*` `Set-Cookie` lines, and their lifecycle: one function
//! ([`CookieOptions::attributes`]) writes the attributes of the lines that set the cookies and of
//! those that delete them, so that a deletion always carries the Domain, Path, `Secure`,
//! `HttpOnly` and `SameSite` its cookies were set with (a deletion at another Domain or Path
//! deletes nothing: the browser keeps the cookies, and logout silently fails).
//!
//! The lifetime of a set, unless `maxAge` or `session` says otherwise: the policy's
//! `DateLessThan`, as `Expires` (always: it needs no clock) and `Max-Age` (when the signer passes
//! its `now`). A cookie then leaves the browser when its signature stops opening anything,
//! instead of lingering for the session (or forever, in a browser that restores sessions) and
//! being sent, expired, with every request.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::{SignError, SignedCookies};
use crate::time::format_http_date;

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
/// By default: `Path=/`, `Secure`, `HttpOnly`, `SameSite=Lax`, and the policy's `DateLessThan`
/// as the cookies' lifetime (`Expires`, and `Max-Age` when the signer knows `now`: see
/// [`SignedCookies::set_cookie_headers_at`]). `max_age` replaces that lifetime; `session: true`
/// leaves both off, so the cookies end with the browser session.
///
/// Deserializes from `{domain, path, secure, httpOnly, sameSite, maxAge, session}` (missing
/// fields take these defaults; `sameSite: null` leaves the attribute off), as the JS package
/// takes it.
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
    /// `Max-Age` in seconds, instead of the policy's `DateLessThan`.
    pub max_age: Option<u64>,
    /// Session cookies: neither `Expires` nor `Max-Age` (unless `max_age` is given).
    pub session: bool,
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
            session: false,
        }
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

/// How long the cookies of one `Set-Cookie` line live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lifetime {
    /// A deletion: `Max-Age=0`.
    Deleted,
    /// A set signed until `date_less_than`, written at `now` when the signer knows it.
    Until {
        date_less_than: Option<u64>,
        now: Option<u64>,
    },
}

impl CookieOptions {
    /// `Set-Cookie` header values deleting (`Max-Age=0`) every CloudFront cookie (all five
    /// names: a set carries three or four of them, `CloudFront-Expires` or `CloudFront-Policy`
    /// among them) at this Domain and Path, with the `Secure`, `HttpOnly` and `SameSite` the set
    /// was written with: logout, or paths whose cookies must go. The options must be those the
    /// cookies were set with.
    pub fn clear_headers(&self) -> Result<Vec<String>, SignError> {
        self.deletions(None)
    }

    /// `Set-Cookie` values deleting each CloudFront cookie that `kept` (if any) does not carry.
    pub(super) fn deletions(&self, kept: Option<&SignedCookies>) -> Result<Vec<String>, SignError> {
        let clear = self.attributes(Lifetime::Deleted)?;
        let mut headers = Vec::new();
        for name in COOKIE_NAMES {
            if kept.is_none_or(|cookies| cookies.get(name).is_none()) {
                headers.push([name, "=", &clear].concat());
            }
        }
        Ok(headers)
    }

    /// `Max-Age` and `Expires` for `lifetime`: the one lifecycle rule (module documentation).
    fn lifetime(&self, lifetime: Lifetime) -> (Option<u64>, Option<u64>) {
        match lifetime {
            Lifetime::Deleted => (Some(0), None),
            Lifetime::Until { .. } if self.max_age.is_some() => (self.max_age, None),
            Lifetime::Until { .. } if self.session => (None, None),
            Lifetime::Until {
                date_less_than,
                now,
            } => (
                date_less_than
                    .zip(now)
                    .map(|(end, now)| end.saturating_sub(now)),
                date_less_than,
            ),
        }
    }

    /// `; Domain=..; Path=..; Expires=..; Max-Age=..; Secure; HttpOnly; SameSite=..`, checked: the
    /// attributes of every line that sets or deletes the cookies.
    pub(super) fn attributes(&self, lifetime: Lifetime) -> Result<String, SignError> {
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
        let (max_age, expires) = self.lifetime(lifetime);
        if let Some(expires) = expires {
            attributes.push_str("; Expires=");
            attributes.push_str(&format_http_date(expires));
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

    /// The lifetime: the policy's `DateLessThan` by default (`Max-Age` only with `now`), an
    /// explicit `maxAge` instead, `session` for neither; a deletion is `Max-Age=0` whatever the
    /// options say.
    #[test]
    fn lifetime_follows_the_policy_unless_told_otherwise() {
        let until = Lifetime::Until {
            date_less_than: Some(1_767_229_200),
            now: Some(1_767_225_600),
        };
        let default = CookieOptions::default();
        assert_eq!(
            default.attributes(until).ok().as_deref(),
            Some("; Path=/; Expires=Thu, 01 Jan 2026 01:00:00 GMT; Max-Age=3600; Secure; HttpOnly; SameSite=Lax")
        );
        let no_clock = Lifetime::Until {
            date_less_than: Some(1_767_229_200),
            now: None,
        };
        assert_eq!(
            default.attributes(no_clock).ok().as_deref(),
            Some("; Path=/; Expires=Thu, 01 Jan 2026 01:00:00 GMT; Secure; HttpOnly; SameSite=Lax")
        );
        let explicit = CookieOptions {
            max_age: Some(60),
            session: true,
            ..CookieOptions::default()
        };
        assert_eq!(
            explicit.attributes(until).ok().as_deref(),
            Some("; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax")
        );
        let session = CookieOptions {
            session: true,
            ..CookieOptions::default()
        };
        assert_eq!(
            session.attributes(until).ok().as_deref(),
            Some("; Path=/; Secure; HttpOnly; SameSite=Lax")
        );
        for options in [default, explicit, session] {
            assert_eq!(
                options.attributes(Lifetime::Deleted).ok().as_deref(),
                Some("; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Lax")
            );
        }
        // Signed with an expiry already past: deleted at once, not a negative Max-Age.
        let past = Lifetime::Until {
            date_less_than: Some(100),
            now: Some(200),
        };
        assert!(CookieOptions::default()
            .attributes(past)
            .is_ok_and(|a| a.contains("; Max-Age=0;")));
    }

    #[test]
    fn http_dates() {
        use crate::time::format_http_date;
        assert_eq!(format_http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            format_http_date(1_445_412_480),
            "Wed, 21 Oct 2015 07:28:00 GMT"
        );
        assert_eq!(
            format_http_date(1_709_164_800),
            "Thu, 29 Feb 2024 00:00:00 GMT"
        );
        assert_eq!(
            format_http_date(253_402_300_799),
            "Fri, 31 Dec 9999 23:59:59 GMT"
        );
        // Read back by the cookie-date parser the verifier uses.
        for t in [0, 1_445_412_480, 1_767_225_599, 4_102_444_800] {
            assert_eq!(
                crate::time::parse_cookie_date(&format_http_date(t)),
                Some(t as i64)
            );
        }
    }
}
