//! The flags of the cookies' attributes (`sign-cookies` and `clear-cookies`), `clear-cookies`'s,
//! and the cache-stable expiry flags of `sign`, `sign-batch`, `sign-cookies` and `sign-prefix`.

use clap::{Args, ValueEnum};

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
