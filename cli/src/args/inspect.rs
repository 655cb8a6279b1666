//! `decode` and `verify`: reading a signed URL or cookie set, and deciding it as CloudFront would.

use clap::Args;

use super::OutputArgs;

#[derive(Args)]
pub struct DecodeArgs {
    /// A signed URL, a Cookie header value, or Set-Cookie lines; `-` reads standard input. A
    /// damaged paste (&amp;, a whole URL percent-encoded, line breaks, quotes) is repaired first,
    /// and the damage listed.
    #[arg(value_name = "URL_OR_COOKIE")]
    pub input: String,
    /// The time the status is told at (default: now), in the forms of --date-less-than, or a past
    /// one: -2h, "2h ago", "5d 3h ago".
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub now: Option<String>,
    // Default json; text prints one `name: value` line per field.
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The requested URL (with its signing parameters, if it is a signed URL); `-` reads standard
    /// input.
    #[arg(value_name = "URL")]
    pub url: String,
    /// A trusted public key: ID=FILE with its SPKI PEM, or FILE with what `aws cloudfront
    /// get-public-key` or `list-public-keys` prints. Repeat for every key of the key groups.
    #[arg(
        long = "public-key",
        value_name = "ID=FILE|FILE",
        required_unless_present = "no_key"
    )]
    pub public_keys: Vec<String>,
    /// Decide everything but the signature (time, IP, resource, cookies), without any key: the
    /// signature is NOT checked. Exit 1 if anything else denies, 0 otherwise.
    #[arg(long, conflicts_with = "public_keys")]
    pub no_key: bool,
    /// The Cookie header sent with the request, or the Set-Cookie lines the browser received
    /// (then judged as a browser sends them for this URL: Domain, Path, Secure, Max-Age, Expires).
    #[arg(long, value_name = "HEADER")]
    pub cookie: Option<String>,
    /// The request time (default: now), in the forms of --date-less-than, or a past one: -2h,
    /// "2h ago", "5d 3h ago".
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub now: Option<String>,
    /// Decide on the URL as given, even when it looks damaged by a paste (&amp;, a whole URL
    /// percent-encoded, line breaks, quotes); by default the damage is undone first, and said.
    #[arg(long)]
    pub no_repair: bool,
    /// The viewer's IP address (IPv4 or IPv6).
    #[arg(long, value_name = "IP")]
    pub client_ip: Option<String>,
    /// Clock skew to tolerate, in seconds (at most a day).
    #[arg(long, value_name = "SECONDS", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub skew: u64,
    /// A host the URL may have been signed for (such as the distribution's alternate domain
    /// name): when the signature does not verify, the diagnosis also tries the URL on this host
    /// (likely cause host_changed).
    #[arg(long, value_name = "HOST")]
    pub expect_host: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}
