//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "cfsign",
    version,
    about = "CloudFront signed URLs and signed cookies"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Sign a URL; prints the signed URL.
    Sign(SignArgs),
    /// Sign cookies for a resource; prints Set-Cookie headers (or JSON with --json).
    SignCookies(CookieArgs),
    /// Write a new key pair (private_key.pem, public_key.pem) for a CloudFront key group.
    Keygen(KeygenArgs),
    /// Print what a signed URL or cookie set carries, as JSON (no key needed, nothing verified).
    Decode(DecodeArgs),
    /// Decide as CloudFront would: exit 0 allowed, 1 denied (with every reason), 2 bad usage.
    Verify(VerifyArgs),
}

#[derive(Args)]
pub struct DecodeArgs {
    /// A signed URL, a Cookie header value, or Set-Cookie lines; `-` reads standard input.
    #[arg(value_name = "URL_OR_COOKIE")]
    pub input: String,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The requested URL (with its signing parameters, if it is a signed URL).
    #[arg(value_name = "URL")]
    pub url: String,
    /// A trusted public key: its ID and SPKI PEM file. Repeat for every key of the key groups.
    #[arg(long = "public-key", value_name = "ID=FILE", required = true)]
    pub public_keys: Vec<String>,
    /// The Cookie header sent with the request (or Set-Cookie lines).
    #[arg(long, value_name = "HEADER")]
    pub cookie: Option<String>,
    /// The request time (default: now), in the forms of --date-less-than.
    #[arg(long, value_name = "WHEN")]
    pub now: Option<String>,
    /// The viewer's IP address (IPv4 or IPv6).
    #[arg(long, value_name = "IP")]
    pub client_ip: Option<String>,
    /// Clock skew to tolerate, in seconds (at most a day).
    #[arg(long, value_name = "SECONDS", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub skew: u64,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct SigningArgs {
    /// The ID of the public key in the key group (or legacy key pair ID).
    #[arg(long, value_name = "ID")]
    pub key_pair_id: String,
    /// The private key: a PEM file (RSA-2048 or ECDSA P-256; PKCS#1, PKCS#8 or SEC1), or `-` to
    /// read it from standard input. `file://` and `fileb://` prefixes are accepted as in the AWS
    /// CLI. Never the key itself: it would be visible to other users in the process list.
    #[arg(long, value_name = "FILE")]
    pub private_key: String,
    /// For an encrypted private key (BEGIN ENCRYPTED PRIVATE KEY): a file whose first line is the
    /// passphrase, or `-` for standard input. Without it, the CFSIGN_PASSPHRASE environment
    /// variable is used. Never given as a flag value.
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// Expiry, as the AWS CLI reads it: epoch seconds, YYYY-MM-DD (midnight UTC),
    /// YYYY-MM-DDThh:mm:ss (UTC unless it ends in Z or an offset such as +02:00), 12/31/2026,
    /// "Tue, 01 Dec 2026 10:00:00 GMT"; or +90s/+15m/+2h/+7d from now.
    #[arg(long, value_name = "WHEN", required_unless_present = "policy")]
    pub date_less_than: Option<String>,
    /// Start (custom policy), in the same forms as --date-less-than.
    #[arg(long, value_name = "WHEN")]
    pub date_greater_than: Option<String>,
    /// Client IPv4 address or range, x.x.x.x or x.x.x.x/n (custom policy).
    #[arg(long, value_name = "CIDR")]
    pub ip_address: Option<String>,
    /// Hash: SHA1 (CloudFront's default, RSA only) or SHA256. Default: SHA1 for RSA, SHA256 for ECDSA.
    #[arg(long, value_name = "ALG", ignore_case = true)]
    pub hash_algorithm: Option<HashArg>,
    /// A custom policy JSON file, signed exactly as written (whitespace and key order kept).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["date_less_than", "date_greater_than", "ip_address"])]
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
}

#[derive(Args)]
pub struct CookieArgs {
    /// The resource the cookies cover, with * and ? wildcards (https://d111111abcdef8.cloudfront.net/videos/*).
    #[arg(long, value_name = "PATTERN", required_unless_present = "policy")]
    pub resource: Option<String>,
    #[command(flatten)]
    pub signing: SigningArgs,
    /// The cookies' Domain attribute.
    #[arg(long, value_name = "D")]
    pub domain: Option<String>,
    /// The cookies' Path attribute.
    #[arg(long, value_name = "P", default_value = "/")]
    pub path: String,
    /// Max-Age in seconds (default: none, so the cookies end with the browser session).
    #[arg(long, value_name = "SECONDS")]
    pub max_age: Option<u64>,
    /// Print one JSON object mapping each cookie name to its value, as `aws cloudfront sign-cookies` does.
    #[arg(long)]
    pub json: bool,
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
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KeyType {
    Rsa,
    Ecdsa,
}
