//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Said at the end of `cfsign --help`: what the environment changes.
const ENVIRONMENT: &str = "\
Environment:
  CFSIGN_PRIVATE_KEY_FILE  the private key file, when --private-key is not given
  CFSIGN_PASSPHRASE        the encrypted private key's passphrase, when --passphrase-file is not given
  NO_COLOR                 nothing to turn off: cfsign never writes colour or other terminal escapes

Exit status: 0 success; 1 verify, doctor: denied, audit: a warning or worse, sign-batch: a line\nfailed; 2 bad usage or input.";

#[derive(Parser)]
#[command(
    name = "cfsign",
    version,
    about = "CloudFront signed URLs and signed cookies",
    long_about = "CloudFront signed URLs and signed cookies.\n\n\
        cfsign signs Amazon CloudFront URLs and cookies byte for byte as the AWS CLI and SDKs do \
        (RSA-2048 or ECDSA P-256 keys, canned and custom policies), and verifies them as \
        CloudFront does, with the reason for every 403. Its flags are those of \
        `aws cloudfront sign`. Errors are one line on standard error naming the flag and the \
        fix; they never show key material.",
    after_help = ENVIRONMENT
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Sign a URL; prints the signed URL.
    Sign(SignArgs),
    /// Sign many URLs, one per line (or one JSON object per line), with one key parse.
    SignBatch(BatchArgs),
    /// Sign cookies for a resource; prints Set-Cookie headers (or JSON with --output json).
    SignCookies(CookieArgs),
    /// Print the Set-Cookie lines deleting the CloudFront cookies (logout): give the attribute
    /// flags sign-cookies was given.
    ClearCookies(crate::lifecycle::ClearCookiesArgs),
    /// Sign one custom policy for a wildcard resource; prints its query parameters and the
    /// signed URL of each --url it covers.
    SignPrefix(crate::prefix::PrefixArgs),
    /// Sign an HLS playlist or DASH manifest: one custom policy for the stream, signed once, on
    /// every segment, key, map and rendition it covers; prints the rewritten playlist.
    SignPlaylist(PlaylistArgs),
    /// Write a new key pair (private_key.pem, public_key.pem) for a CloudFront key group.
    Keygen(KeygenArgs),
    /// Print what a signed URL or cookie set carries, as JSON (no key needed, nothing verified).
    Decode(DecodeArgs),
    /// Decide as CloudFront would: exit 0 allowed, 1 denied (with every reason), 2 bad usage.
    Verify(VerifyArgs),
    /// Re-decide every signed request of CloudFront access logs; report verdicts, keys, rotation.
    Logs(LogsArgs),
    /// Say why a URL gets 403 from the distribution itself: the cache behavior it reaches, its
    /// key groups and keys, the verdict against exactly those keys (exit 0 served, 1 denied).
    Doctor(crate::doctor::DoctorArgs),
    /// Audit a distribution for public holes and dead behaviors (exit 1 on a warning or worse).
    Audit(crate::doctor::AuditArgs),
    /// Say who answered an HTTP response (curl -si output): CloudFront's signature check, S3,
    /// another origin or a custom error page, and what to look at next.
    ExplainResponse(crate::doctor::ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
    /// Print the manual page (roff), of cfsign or of one command.
    Man(ManArgs),
    /// Debug: print what live mode reads from AWS, as JSON (the AWS CLI's JSON for the
    /// distribution, key groups and public keys; the S3 buckets' facts).
    #[cfg(feature = "aws")]
    #[command(hide = true)]
    FetchLive(FetchLiveArgs),
}

/// `cfsign fetch-live`: the distribution by ID, or the one that serves a URL's host.
#[cfg(feature = "aws")]
#[derive(Args)]
pub struct FetchLiveArgs {
    /// The distribution's ID.
    #[arg(
        long,
        value_name = "ID",
        conflicts_with = "url",
        required_unless_present = "url"
    )]
    pub distribution_id: Option<String>,
    /// A URL it serves (found through ListDistributions: DomainName and Aliases).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

/// `--output text|json`, and the older `--json` as another way to say `--output json`.
#[derive(Args, Clone, Copy)]
pub struct OutputArgs {
    /// Output format (default: text; for decode, json).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub output: Option<Format>,
    /// Same as --output json.
    #[arg(long, conflicts_with = "output")]
    pub json: bool,
}

impl OutputArgs {
    /// The format asked for, or `default`.
    pub fn format(self, default: Format) -> Format {
        if self.json {
            Format::Json
        } else {
            self.output.unwrap_or(default)
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people (the default, except for decode).
    Text,
    /// JSON: one pretty-printed object, or one object per line for sign-batch.
    Json,
}

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

/// `cfsign logs`.
#[derive(Args)]
#[command(after_help = "\
Reads standard logs (tab-separated, #Version and #Fields headers; legacy or v2), v2 JSON lines,
and real-time logs (tab-separated, fields given with --fields), plain or gzipped (concatenated
gzip members too). Each signed request is decided again at its logged date and time, with c-ip
as the viewer and x-host-header as the URL's host; signed URLs come from cs-uri-query, signed
cookies from cs(Cookie). The log's own %XX escaping is undone once.

Exit status: 0 when the logs were read (findings are content, not failure); 2 on bad usage, an
unreadable file, or a truncated gzip file (the report of what was read is still printed).")]
pub struct LogsArgs {
    /// Log files (plain or gzipped); `-` reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
    /// A trusted public key: ID=FILE with its SPKI PEM, or FILE with what `aws cloudfront
    /// get-public-key` or `list-public-keys` prints. Repeat for every key of the key groups.
    #[arg(long = "public-key", value_name = "ID=FILE|FILE", required = true)]
    pub public_keys: Vec<String>,
    /// The log format; auto reads the first bytes (PAR1: Parquet, a quote or a .csv name: CSV
    /// with a header row, #: standard, {: JSON lines, else real-time).
    #[arg(long, value_enum, default_value = "auto")]
    pub format: LogFormat,
    /// The fields of a real-time log (or of a standard log without its header), in order,
    /// comma- or space-separated: timestamp,c-ip,sc-status,...
    #[arg(long, value_name = "LIST")]
    pub fields: Option<String>,
    /// Leave out requests before this time (forms of --date-less-than).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// Leave out requests at or after this time.
    #[arg(long, value_name = "WHEN")]
    pub until: Option<String>,
    /// Clock skew allowance in seconds, added to a key's latest expiry before it is safe to
    /// remove (at most a day).
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub skew: u64,
    /// One JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Also write one row per request decided to FILE: date, time, host, uri, status, and the
    /// verdict columns (verdict, allowed, reason, key_pair_id, expires, hash_algorithm, source).
    #[arg(long, value_name = "FILE")]
    pub verdicts: Option<String>,
    /// The format of --verdicts; default: Parquet for a .parquet name, else CSV.
    #[arg(long, value_enum, value_name = "FORMAT", requires = "verdicts")]
    pub verdicts_format: Option<VerdictsFormat>,
    /// A progress bar on standard error: auto shows it when standard error is a terminal.
    #[arg(long, value_enum, default_value = "auto")]
    pub progress: Progress,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Auto,
    Standard,
    Json,
    Realtime,
    /// CSV with a header row (an Athena query's output).
    Csv,
    /// Parquet (CloudFront's v2 logs, or an Athena query's output).
    Parquet,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerdictsFormat {
    Csv,
    Parquet,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Progress {
    Auto,
    Always,
    Never,
}

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
    pub expires: crate::lifecycle::ExpiresArgs,
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
    pub expires: crate::lifecycle::ExpiresArgs,
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
    pub attributes: crate::lifecycle::CookieAttrArgs,
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

#[derive(Args)]
pub struct KeygenArgs {
    /// Key type.
    #[arg(long = "type", value_enum, default_value = "rsa")]
    pub kind: KeyType,
    /// Folder to write private_key.pem and public_key.pem into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// Overwrite existing key files.
    #[arg(long)]
    pub force: bool,
    // json: the two paths and the key type.
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KeyType {
    Rsa,
    Ecdsa,
}

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell (bash: source it, or save it as /usr/share/bash-completion/completions/cfsign).
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args)]
pub struct ManArgs {
    /// A command whose page to print (cfsign-sign.1, ...) instead of cfsign.1.
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
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
