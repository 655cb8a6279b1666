//! `keygen`, `completions` and `man`: the commands around signing.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::OutputArgs;

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
