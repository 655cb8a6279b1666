//! The flags of `doctor`, `audit` and `explain-response`.

use clap::Args;

use super::OutputArgs;

/// The distribution and its keys, as the AWS CLI prints them (`--output json`).
#[derive(Args, Clone, Default)]
pub struct DistributionArgs {
    /// `aws cloudfront get-distribution --id ID` (or get-distribution-config) output, a file or
    /// `-` for standard input.
    #[arg(long, value_name = "FILE", conflicts_with = "distribution_id")]
    pub distribution: Option<String>,
    /// Live mode: read the distribution with this ID, its key groups and public keys, and the S3
    /// buckets behind it from AWS (the standard credential chain). `doctor` without
    /// --distribution or --distribution-id finds the distribution from the URL's host.
    #[arg(long, value_name = "ID")]
    pub distribution_id: Option<String>,
    /// `aws cloudfront get-key-group` (or get-key-group-config as ID=FILE, or list-key-groups)
    /// output. Repeat, or give several files.
    #[arg(long = "key-group", value_name = "FILE", num_args = 1.., action = clap::ArgAction::Append)]
    pub key_groups: Vec<String>,
    /// `aws cloudfront get-public-key` (or list-public-keys) output, or ID=FILE with a PEM public
    /// key (or get-public-key-config output). Repeat, or give several.
    #[arg(long = "public-key", value_name = "FILE|ID=PEM", num_args = 1.., action = clap::ArgAction::Append)]
    pub public_keys: Vec<String>,
}

#[derive(Args)]
#[command(after_help = "\
Exit status: 0 CloudFront would serve the request, 1 it would answer 403, 2 bad usage or input.

Example:
  aws cloudfront get-distribution --id EDFDVBD6EXAMPLE > dist.json
  aws cloudfront get-key-group --id KG_ID > kg.json
  aws cloudfront get-public-key --id K_ID > key.json
  cfsign doctor 'https://d111111abcdef8.cloudfront.net/videos/a.mp4?Expires=...' \\
      --distribution dist.json --key-group kg.json --public-key key.json")]
pub struct DoctorArgs {
    /// The requested URL, with its signing parameters if any.
    #[arg(value_name = "URL")]
    pub url: String,
    #[command(flatten)]
    pub inputs: DistributionArgs,
    /// The Cookie header sent with the request (or Set-Cookie lines).
    #[arg(long, value_name = "HEADER")]
    pub cookie: Option<String>,
    /// The request time (default: now), in the forms of `cfsign sign --date-less-than`.
    #[arg(long, value_name = "WHEN")]
    pub now: Option<String>,
    /// The viewer's IP address (IPv4 or IPv6).
    #[arg(long, value_name = "IP")]
    pub client_ip: Option<String>,
    // json: {served, path, behavior, not_matched, verdict, findings}
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
#[command(after_help = "\
Exit status: 0 no finding worse than info, 1 a warning or an error, 2 bad usage or input.")]
pub struct AuditArgs {
    #[command(flatten)]
    pub inputs: DistributionArgs,
    // json: {findings: [{code, severity, behaviors, example_path, message, fix}]}
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Args)]
#[command(after_help = "\
Input: what `curl -si URL` prints (status line, headers, a blank line, the body).
With --distribution (and the key groups and keys) and --url, the behavior is named too.
Exit status: 0 the response was read, 2 bad usage or input.")]
pub struct ExplainArgs {
    /// The response file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub input: String,
    /// The URL that was requested (to name the cache behavior).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    #[command(flatten)]
    pub inputs: DistributionArgs,
    // json: {source, meaning, next, evidence}
    #[command(flatten)]
    pub output: OutputArgs,
}
