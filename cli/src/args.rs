//! The command line, as clap reads it.

use clap::{Args, Parser, Subcommand, ValueEnum};

mod doctor;
mod inspect;
mod lifecycle;
mod logs;
mod sign;
mod tools;

pub use doctor::{AuditArgs, DistributionArgs, DoctorArgs, ExplainArgs};
pub use inspect::{DecodeArgs, VerifyArgs};
pub use lifecycle::{ClearCookiesArgs, CookieAttrArgs, ExpiresArgs, SameSiteArg};
pub use logs::{LogFormat, LogsArgs, Progress, VerdictsFormat};
pub use sign::{
    BatchArgs, CookieArgs, HashArg, KeyArgs, PlaylistArgs, PrefixArgs, SignArgs, SigningArgs,
};
pub use tools::{CompletionsArgs, KeyType, KeygenArgs, ManArgs};

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
    ClearCookies(ClearCookiesArgs),
    /// Sign one custom policy for a wildcard resource; prints its query parameters and the
    /// signed URL of each --url it covers.
    SignPrefix(PrefixArgs),
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
    Doctor(DoctorArgs),
    /// Audit a distribution for public holes and dead behaviors (exit 1 on a warning or worse).
    Audit(AuditArgs),
    /// Say who answered an HTTP response (curl -si output): CloudFront's signature check, S3,
    /// another origin or a custom error page, and what to look at next.
    ExplainResponse(ExplainArgs),
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
