//! The signing commands' flags: the key and how it signs, then `sign`, `sign-batch`,
//! `sign-cookies`, `sign-playlist` and `sign-prefix`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::lifecycle::{CookieAttrArgs, ExpiresArgs};
use super::OutputArgs;

/// The key and how it signs: every signing command's.
#[derive(Args)]
pub struct KeyArgs {
    /// The ID of the public key in the key group (or legacy key pair ID).
    #[arg(long, value_name = "ID")]
    pub key_pair_id: String,
    /// The private key: a PEM file (RSA-2048 or ECDSA P-256; PKCS#1, PKCS#8 or SEC1), or `-` to
    /// read it from standard input. `file://` and `fileb://` prefixes are accepted as in the AWS
    /// CLI. Default: the file the CFSIGN_PRIVATE_KEY_FILE environment variable names. Never the
    /// key itself: it would be visible to other users in the process list.
    #[arg(long, value_name = "FILE")]
    pub private_key: Option<String>,
    /// For an encrypted private key (BEGIN ENCRYPTED PRIVATE KEY): a file whose first line is the
    /// passphrase, or `-` for standard input. Without it, the CFSIGN_PASSPHRASE environment
    /// variable is used. Never given as a flag value.
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Hash: SHA1 (CloudFront's default, RSA only) or SHA256. Default: SHA1 for RSA, SHA256 for
    /// ECDSA and for --kms-key-id (KMS signs with SHA256 only).
    #[arg(long, value_name = "ALG", ignore_case = true)]
    pub hash_algorithm: Option<HashArg>,
    /// Sign through AWS KMS instead of a private key file: a key ID, key ARN, alias name
    /// (alias/NAME) or alias ARN of an RSA_2048 or ECC_NIST_P256 SIGN_VERIFY key. Credentials,
    /// region and endpoint come from the AWS SDK's standard chain (AWS_PROFILE, AWS_REGION,
    /// AWS_ENDPOINT_URL, ...). Needs kms:GetPublicKey and kms:Sign. In builds with the `aws`
    /// feature (the release binary).
    #[arg(long, value_name = "KEY", conflicts_with_all = ["private_key", "passphrase_file"])]
    pub kms_key_id: Option<String>,
}

#[derive(Args)]
pub struct SigningArgs {
    #[command(flatten)]
    pub key: KeyArgs,
    /// Expiry, as the AWS CLI reads it: epoch seconds, YYYY-MM-DD (midnight UTC),
    /// YYYY-MM-DDThh:mm:ss (UTC unless it ends in Z or an offset such as +02:00), 12/31/2026,
    /// "Tue, 01 Dec 2026 10:00:00 GMT"; or +90s/+15m/+2h/+7d from now.
    #[arg(long, value_name = "WHEN", required_unless_present_any = ["policy", "expires_in"])]
    pub date_less_than: Option<String>,
    #[command(flatten)]
    pub expires: ExpiresArgs,
    /// Start (custom policy), in the same forms as --date-less-than.
    #[arg(long, value_name = "WHEN")]
    pub date_greater_than: Option<String>,
    /// Client IPv4 address or range, x.x.x.x or x.x.x.x/n (custom policy).
    #[arg(long, value_name = "CIDR")]
    pub ip_address: Option<String>,
    /// A custom policy JSON file, signed exactly as written (whitespace and key order kept).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["date_less_than", "expires_in", "date_greater_than", "ip_address"])]
    pub policy: Option<PathBuf>,
    /// Allow an expiry that has already passed (for testing what CloudFront answers).
    #[arg(long)]
    pub allow_past: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum HashArg {
    #[value(name = "SHA1")]
    Sha1,
    #[value(name = "SHA256")]
    Sha256,
}

#[derive(Args)]
pub struct SignArgs {
    /// The URL to sign: absolute http(s), no fragment, spaces and non-ASCII percent-encoded.
    #[arg(long)]
    pub url: String,
    /// A resource for the policy other than the URL, with * and ? wildcards; the URL must match it.
    #[arg(long, value_name = "PATTERN")]
    pub policy_resource: Option<String>,
    #[command(flatten)]
    pub signing: SigningArgs,
    // json: {"url": ...}
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `sign-batch`: the flags are every line's defaults; a JSON line may set its own.
#[derive(Args)]
#[command(after_help = "\
Input lines: a URL, or a JSON object such as
  {\"url\": \"https://d111111abcdef8.cloudfront.net/a.mp4\", \"date_less_than\": \"+2h\",
   \"date_greater_than\": \"2026-12-01\", \"ip_address\": \"192.0.2.0/24\", \"policy_resource\": \"https://d111111abcdef8.cloudfront.net/*\"}
(\"url\" is required; the others default to the flags). Blank lines are skipped.

Output: text, one signed URL per line, in input order; a line that fails is reported on standard
error (cfsign: error: line N: ...) and has no output line. json: one object per input line,
{\"line\": N, \"url\": ...} or {\"line\": N, \"field\": ..., \"error\": ...}. Output is flushed
whenever the input pauses. Exit 0 when every line signed, 1 when a line failed, 2 on bad usage.")]
pub struct BatchArgs {
    /// The file of URLs or JSON lines; `-` (the default) reads standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    pub input: PathBuf,
    #[command(flatten)]
    pub key: KeyArgs,
    /// Every line's expiry unless the line sets date_less_than; forms as in `cfsign sign`.
    #[arg(long, value_name = "WHEN")]
    pub date_less_than: Option<String>,
    /// --expires-in/--round-to: every line's expiry (unless the line sets date_less_than),
    /// computed once per run, so every line shares the --round-to bucket.
    #[command(flatten)]
    pub expires: ExpiresArgs,
    /// Every line's start (custom policy) unless the line sets date_greater_than.
    #[arg(long, value_name = "WHEN")]
    pub date_greater_than: Option<String>,
    /// Every line's client IPv4 range (custom policy) unless the line sets ip_address.
    #[arg(long, value_name = "CIDR")]
    pub ip_address: Option<String>,
    /// Every line's policy resource unless the line sets policy_resource.
    #[arg(long, value_name = "PATTERN")]
    pub policy_resource: Option<String>,
    /// Allow an expiry that has already passed.
    #[arg(long)]
    pub allow_past: bool,
    /// Stop at the first line that fails (exit 1).
    #[arg(long)]
    pub fail_fast: bool,
    /// Threads that sign (default: the cores available; with --kms-key-id, 4: the KMS requests
    /// in flight); the output stays in input order.
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
    pub jobs: Option<usize>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
pub struct CookieArgs {
    /// The resource the cookies cover, with * and ? wildcards (https://d111111abcdef8.cloudfront.net/videos/*).
    #[arg(long, value_name = "PATTERN", required_unless_present = "policy")]
    pub resource: Option<String>,
    #[command(flatten)]
    pub signing: SigningArgs,
    #[command(flatten)]
    pub attributes: CookieAttrArgs,
    /// Max-Age in seconds (default: the policy's expiry, as Expires and Max-Age).
    #[arg(long, value_name = "SECONDS")]
    pub max_age: Option<u64>,
    /// Session cookies: neither Expires nor Max-Age (they end with the browser session).
    #[arg(long, conflicts_with = "max_age")]
    pub session: bool,
    // json: one object mapping each cookie name to its value, as `aws cloudfront sign-cookies` prints.
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `sign-playlist`.
#[derive(Args)]
#[command(after_help = "\
Output: text, the playlist with the signing parameters appended to every URI the policy's resource
covers (before any #fragment; &amp; between them inside an MPD), every other byte as it was; on
standard error, one note per entry left alone (outside the resource, not http(s), already signed)
and per warning, then a summary. json: {\"format\", \"rewritten\", \"resource\", \"date_less_than\",
\"entries\": [{\"line\", \"kind\", \"uri\", \"url\", \"status\", \"reason\"}], \"warnings\": [{\"line\", \"code\"}],
\"text\"}, every entry listed. A playlist that cannot be read (too large, not text, neither HLS nor
an MPD, bad XML) is an error with its code, exit 2.")]
pub struct PlaylistArgs {
    /// The playlist (.m3u8 or .mpd): a file, an http(s) URL (fetched, redirects followed), or `-`
    /// for standard input.
    #[arg(value_name = "FILE|URL|-")]
    pub input: String,
    /// The URL the playlist is served at, which its relative URIs are resolved against. Default:
    /// the URL fetched (required for a file or standard input).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// The custom policy's resource: the stream's prefix, such as
    /// https://d111111abcdef8.cloudfront.net/videos/123/* (entries it does not cover are left alone).
    #[arg(long, value_name = "PATTERN")]
    pub policy_resource: String,
    #[command(flatten)]
    pub key: KeyArgs,
    /// Expiry, in the forms of `cfsign sign --date-less-than`.
    #[arg(long, value_name = "WHEN")]
    pub date_less_than: String,
    /// Start (custom policy), in the same forms.
    #[arg(long, value_name = "WHEN")]
    pub date_greater_than: Option<String>,
    /// Client IPv4 address or range, x.x.x.x or x.x.x.x/n.
    #[arg(long, value_name = "CIDR")]
    pub ip_address: Option<String>,
    /// Allow an expiry that has already passed (for testing what CloudFront answers).
    #[arg(long)]
    pub allow_past: bool,
    /// The largest playlist read, in bytes; a larger one is refused before it is read whole.
    #[arg(long, value_name = "BYTES", default_value_t = cfsign::playlist::DEFAULT_MAX_PLAYLIST_BYTES)]
    pub max_bytes: usize,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `sign-prefix`'s flags: those of `sign-cookies` (the resource and the window) and the URLs.
#[derive(Args)]
#[command(after_help = "\
Output: text, the query parameters (Policy=...&Signature=...&Key-Pair-Id=...) on the first line,
then one signed URL per --url, in order. json: {\"query\", \"params\", \"policy\", \"resource\",
\"base\", \"urls\"}. A --url the policy does not cover (or whose path has a . or .. segment or an
encoded / or \\, in any encoding) is refused, and nothing is printed.")]
pub struct PrefixArgs {
    /// The resource the policy covers, with * and ? wildcards
    /// (https://d111111abcdef8.cloudfront.net/videos/123/*).
    #[arg(long, value_name = "PATTERN")]
    pub resource: String,
    /// An object URL to sign with the policy: absolute, or a path relative to the resource's
    /// folder (seg-1.ts, hd/seg-1.ts?x=1, /videos/123/a.ts). Repeatable.
    #[arg(long, value_name = "URL")]
    pub url: Vec<String>,
    #[command(flatten)]
    pub key: KeyArgs,
    /// Expiry, in the forms of `cfsign sign --date-less-than`.
    #[arg(long, value_name = "WHEN", required_unless_present = "expires_in")]
    pub date_less_than: Option<String>,
    /// --expires-in D [--round-to R] [--now WHEN]: the expiry as in `cfsign sign` (a bucketed
    /// expiry keeps a playlist's URLs the same for every viewer within the bucket).
    #[command(flatten)]
    pub expires: ExpiresArgs,
    /// Start, in the same forms.
    #[arg(long, value_name = "WHEN")]
    pub date_greater_than: Option<String>,
    /// Client IPv4 address or range, x.x.x.x or x.x.x.x/n.
    #[arg(long, value_name = "CIDR")]
    pub ip_address: Option<String>,
    /// Allow an expiry that has already passed.
    #[arg(long)]
    pub allow_past: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}
