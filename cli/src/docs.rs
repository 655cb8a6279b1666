//! `completions` and `man`: generated from the same clap definition that parses the command line,
//! so they always list every command and flag.

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs, ManArgs};
use crate::usage::{fail, shown, Failure};

/// The completion script for the shell.
pub fn completions(args: &CompletionsArgs) -> Result<Vec<u8>, Failure> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "cfsign", &mut out);
    Ok(out)
}

/// The roff manual page of cfsign (cfsign.1), or of one command (cfsign-sign.1, ...).
pub fn man(args: &ManArgs) -> Result<Vec<u8>, Failure> {
    // Without clap's `help` command, which has no page of its own.
    let cli = Cli::command().disable_help_subcommand(true);
    let page = match &args.command {
        None => cli,
        Some(name) => {
            let names: Vec<String> = cli
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            let sub = cli.find_subcommand(name).cloned().ok_or_else(|| {
                fail(
                    "COMMAND",
                    format!(
                        "{} is not a command: the commands are {}",
                        shown(name),
                        names.join(", ")
                    ),
                )
            })?;
            // Named as clap_mangen names the pages it refers to: cfsign-sign(1).
            sub.name(format!("cfsign-{name}"))
        }
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut out)
        .map_err(|e| fail("man", e))?;
    Ok(out)
}
