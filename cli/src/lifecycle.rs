//! What the flags of `args/lifecycle.rs` mean: the cookies' attributes, shared by `sign-cookies`
//! and `clear-cookies` (one mapping to the core's `CookieOptions`, whose one function writes the
//! attributes of both: a deletion carries exactly what the set carried); `clear-cookies`; and the
//! cache-stable expiry flags of `sign` and `sign-cookies` (`--expires-in 1h --round-to 5m --now
//! WHEN`, the core's `cfsign::time::expires_in`).

use cfsign::time::{DurationField, ExpiresInError};
use cfsign::{CookieOptions, SameSite};

use crate::args::{ClearCookiesArgs, CookieAttrArgs, ExpiresArgs, SameSiteArg};
use crate::inspect::request_time;
use crate::usage::{fail, Failure};

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
