//! `logs`: CloudFront access logs re-decided, and the forms they come in.

use clap::{Args, ValueEnum};

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
