//! The cookies' attributes as flags, shared by `sign-cookies` and `clear-cookies` (one mapping to
//! the core's `CookieOptions`, whose one function writes the attributes of both: a deletion
//! carries exactly what the set carried); `clear-cookies`; and the cache-stable expiry flags of
//! `sign` and `sign-cookies` (`--expires-in 1h --round-to 5m --now WHEN`, the core's
//! `cfsign::time::expires_in`).

use cfsign::time::{DurationField, ExpiresInError};
use cfsign::{CookieOptions, SameSite};
use clap::{Args, ValueEnum};

use crate::inspect::request_time;
use crate::usage::{fail, Failure};

/// The cookies' attributes: `sign-cookies` and `clear-cookies` take the same flags, and the same
/// flags give the same attributes.
#[derive(Args, Clone)]
pub struct CookieAttrArgs {
    /// The cookies' Domain attribute.
    #[arg(long, value_name = "D")]
    pub domain: Option<String>,
    /// The cookies' Path attribute.
    #[arg(long, value_name = "P", default_value = "/")]
    pub path: String,
    /// The SameSite attribute: lax (default), strict, none (needs Secure), or omit.
    #[arg(long, value_enum, value_name = "MODE", default_value = "lax")]
    pub same_site: SameSiteArg,
    /// Leave the Secure attribute off (for http:// tests only).
    #[arg(long)]
    pub no_secure: bool,
    /// Leave the HttpOnly attribute off (page scripts can then read the cookies).
    #[arg(long)]
    pub no_http_only: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SameSiteArg {
    Lax,
    Strict,
    None,
    Omit,
}

impl CookieAttrArgs {
    /// The core's options for these flags (lifetime flags apart: a deletion has none).
    pub fn options(&self) -> CookieOptions {
        CookieOptions {
            domain: self.domain.clone(),
            path: Some(self.path.clone()),
            secure: !self.no_secure,
            http_only: !self.no_http_only,
            same_site: match self.same_site {
                SameSiteArg::Lax => Some(SameSite::Lax),
                SameSiteArg::Strict => Some(SameSite::Strict),
                SameSiteArg::None => Some(SameSite::None),
                SameSiteArg::Omit => None,
            },
            ..CookieOptions::default()
        }
    }
}

/// `cfsign clear-cookies`.
#[derive(Args)]
#[command(after_help = "\
Prints one Set-Cookie line per CloudFront cookie name (CloudFront-Expires, -Policy, -Signature,
-Key-Pair-Id, -Hash-Algorithm), each deleting it (Max-Age=0). A browser deletes a cookie only
when the deletion names the same Domain and Path the cookie was set with: give the flags that
`cfsign sign-cookies` was given (--domain, --path, --same-site, --no-secure, --no-http-only).")]
pub struct ClearCookiesArgs {
    #[command(flatten)]
    pub attributes: CookieAttrArgs,
}

/// The deletions, as `Set-Cookie: ...` lines.
pub fn clear_cookies(args: &ClearCookiesArgs) -> Result<String, Failure> {
    let headers = args.attributes.options().clear_headers().map_err(|e| {
        let flag = match &e {
            cfsign::SignError::InvalidCookieAttribute { name: "Domain", .. } => "--domain",
            _ => "--path",
        };
        // The rule's words, without the value.
        fail(
            flag,
            "is empty or contains ';', ',', a space, a control or a non-ASCII character",
        )
    })?;
    Ok(headers
        .iter()
        .map(|h| format!("Set-Cookie: {h}\n"))
        .collect())
}

/// The cache-stable expiry: `--expires-in` with an optional `--round-to` bucket, from `--now`.
#[derive(Args, Clone)]
pub struct ExpiresArgs {
    /// Expiry as a duration from now (90s, 15m, 1h, 7d, 1d 12h), instead of --date-less-than.
    #[arg(long, value_name = "DURATION", conflicts_with = "date_less_than")]
    pub expires_in: Option<String>,
    /// Round the expiry up to the first multiple of this duration (from the epoch) after
    /// now + --expires-in, so every call within one bucket signs the same URL (RSA; ECDSA is
    /// RFC 6979 here, so the same too). At most --expires-in.
    #[arg(long, value_name = "DURATION")]
    pub round_to: Option<String>,
    /// The time to count from (default: the clock), in the forms of --date-less-than.
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub now: Option<String>,
}

impl ExpiresArgs {
    /// `--now`, else the clock's `now`.
    pub fn now(&self, clock: u64) -> Result<u64, Failure> {
        request_time(self.now.as_ref(), clock)
    }

    /// The expiry `--expires-in` and `--round-to` give at `now`, if given.
    pub fn date_less_than(&self, now: u64) -> Result<Option<u64>, Failure> {
        let Some(in_text) = self.expires_in.as_deref() else {
            return match self.round_to {
                Some(_) => Err(fail(
                    "--round-to",
                    "rounds --expires-in: give --expires-in too (as in --expires-in 1h --round-to 5m)",
                )),
                None => Ok(None),
            };
        };
        cfsign::time::expires_in(now, in_text, self.round_to.as_deref())
            .map(Some)
            .map_err(expires_failure)
    }
}

/// The flag an expiry error concerns, with the core's code in its message.
fn expires_failure(e: ExpiresInError) -> Failure {
    let flag = match e.field() {
        Some(DurationField::RoundTo) => "--round-to",
        _ => "--expires-in",
    };
    fail(flag, e)
}
