//! `cfsign`: CloudFront signed URLs and cookies from the shell.
//!
//! Subcommands and flags follow the AWS CLI's `aws cloudfront sign` so that people can switch
//! without relearning. Errors are one line on stderr naming the flag and the fix, exit code 2.
//! The library is the `cfsign` crate; this crate is the command only.

mod args;
#[cfg(feature = "aws")]
mod aws;
mod batch;
mod docs;
mod doctor;
mod files;
mod inspect;
mod keygen;
mod keys;
mod logs;
mod prefix;
mod signing;
mod terminal;
mod usage;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use args::{Cli, Command};
use clap::Parser;

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let argv: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if let Some(f) = usage::pem_argument(&argv) {
        eprintln!("{}", terminal::output(&f.line(&argv)));
        return ExitCode::from(2);
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            // Not e.render(): clap's messages echo values, which may be keys.
            let line = usage::clap_failure(&e, &argv).line(&argv);
            eprintln!("{}", terminal::output(&line));
            return ExitCode::from(2);
        }
    };
    let now = match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs(),
        Err(_) => {
            eprintln!("cfsign: error: the system clock is before 1970");
            return ExitCode::from(2);
        }
    };
    // Text that may carry the input's characters leaves through `terminal::output` (issue 29,
    // p03): no control character but cfsign's own line feeds reaches the terminal.
    let text = |s: String| terminal::output(&s).into_owned().into_bytes();
    // (what to print, the exit code)
    let result: Result<(Vec<u8>, u8), usage::Failure> = match cli.command {
        Command::Sign(args) => signing::sign(args, now).map(|s| (text(s), 0)),
        Command::SignCookies(args) => signing::sign_cookies(args, now).map(|s| (text(s), 0)),
        Command::SignPrefix(args) => prefix::sign_prefix(args, now).map(|s| (text(s), 0)),
        // Writes its own output, line by line.
        Command::SignBatch(args) => batch::sign_batch(&args, now).map(|code| (Vec::new(), code)),
        Command::Keygen(args) => keygen::keygen(args).map(|s| (text(s), 0)),
        Command::Decode(args) => inspect::decode(args, now).map(|s| (text(s), 0)),
        Command::Verify(args) => inspect::verify(args, now)
            .map(|(output, allowed)| (text(output), if allowed { 0 } else { 1 })),
        // The report on stdout; a read error after it, on stderr, with exit 2.
        Command::Logs(args) => logs::logs(&args, now).map(|(out, code)| (text(out), code)),
        Command::Doctor(args) => doctor::doctor(args, now).map(|(s, code)| (text(s), code)),
        Command::Audit(args) => doctor::audit(args).map(|(s, code)| (text(s), code)),
        Command::ExplainResponse(args) => doctor::explain(args, now).map(|s| (text(s), 0)),
        // Made of cfsign's own text only.
        Command::Completions(args) => docs::completions(&args).map(|out| (out, 0)),
        Command::Man(args) => docs::man(&args).map(|out| (out, 0)),
        #[cfg(feature = "aws")]
        Command::FetchLive(args) => aws::debug::fetch_live(&args).map(|s| (text(s), 0)),
    };
    match result {
        Ok((output, code)) => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(&output)
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(1);
            }
            ExitCode::from(code)
        }
        Err(f) => {
            eprintln!("{}", terminal::output(&f.line(&argv)));
            ExitCode::from(2)
        }
    }
}

/// More than any key, policy, URL or cookie text cfsign reads.
pub(crate) const MAX_READ_BYTES: u64 = 1024 * 1024;

/// Reads text from `reader`, at most `max` bytes: a file that never ends (`/dev/zero`) is
/// refused, not read until the memory runs out.
pub(crate) fn read_bounded(reader: impl std::io::Read, max: u64) -> std::io::Result<String> {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut reader.take(max + 1), &mut text)?;
    if text.len() as u64 > max {
        return Err(std::io::Error::from(std::io::ErrorKind::FileTooLarge));
    }
    Ok(text)
}

/// [`read_bounded`] of the file at `path`, [`MAX_READ_BYTES`] at most.
pub(crate) fn read_file(path: impl AsRef<std::path::Path>) -> std::io::Result<String> {
    read_bounded(std::fs::File::open(path)?, MAX_READ_BYTES)
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::FileTooLarge => {
            "too large (more than any key, policy or URL cfsign reads)".into()
        }
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::InvalidData => "not UTF-8 text (a PEM file is expected)".into(),
        _ => e.to_string(),
    }
}
