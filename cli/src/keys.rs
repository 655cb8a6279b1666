//! Reading the private key: from a file (`--private-key`, else the `CFSIGN_PRIVATE_KEY_FILE`
//! environment variable) or standard input, decrypted with a passphrase from a file or the
//! `CFSIGN_PASSPHRASE` environment variable (never a flag value: the process list would show it).

use std::io::Read;
use std::path::Path;

use cfsign::{KeyError, PrivateKey};
use zeroize::Zeroizing;

use crate::io_reason;
use crate::usage::{self, fail, shown, Failure};

/// The environment variable holding the private key's passphrase.
pub const PASSPHRASE_ENV: &str = "CFSIGN_PASSPHRASE";
/// The environment variable naming the private key file when `--private-key` is not given.
pub const PRIVATE_KEY_ENV: &str = "CFSIGN_PRIVATE_KEY_FILE";

/// Where the private key comes from: the file (or `-`) and the flag or variable that named it,
/// which errors name.
pub struct KeySource {
    pub arg: String,
    pub flag: &'static str,
}

impl KeySource {
    /// `--private-key`'s value, else `CFSIGN_PRIVATE_KEY_FILE`'s.
    pub fn resolve(arg: Option<&str>) -> Result<Self, Failure> {
        if let Some(arg) = arg {
            return Ok(Self {
                arg: arg.to_string(),
                flag: "--private-key",
            });
        }
        match std::env::var(PRIVATE_KEY_ENV) {
            Ok(path) if !path.is_empty() => Ok(Self {
                arg: path,
                flag: PRIVATE_KEY_ENV,
            }),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(fail(PRIVATE_KEY_ENV, "is not valid UTF-8"))
            }
            _ => Err(Failure {
                flag: None,
                message: format!(
                    "missing --private-key FILE (or the {PRIVATE_KEY_ENV} environment variable naming the file)"
                ),
            }),
        }
    }

    /// The key is read from standard input.
    pub fn is_stdin(&self) -> bool {
        self.arg == "-"
    }
}

/// More than any PEM key (the library refuses PEM over 16 KiB).
const MAX_KEY_BYTES: u64 = 64 * 1024;

/// The private key `source` names, decrypted with the passphrase of `passphrase_file` or of
/// `CFSIGN_PASSPHRASE` when it is encrypted.
pub fn private_key(
    source: &KeySource,
    passphrase_file: Option<&Path>,
) -> Result<PrivateKey, Failure> {
    let flag = source.flag;
    let pem = Zeroizing::new(read_private_key(&source.arg, flag)?);
    let passphrase = passphrase(passphrase_file, source.is_stdin())?;
    let key = match &passphrase {
        Some(p) => PrivateKey::from_pem_with_passphrase(&pem, p.as_bytes()),
        None => PrivateKey::from_pem(&pem),
    };
    key.map_err(|e| match e {
        KeyError::Encrypted => fail(
            flag,
            format!("{e}; pass it with --passphrase-file FILE or the {PASSPHRASE_ENV} environment variable"),
        ),
        KeyError::WrongPassphrase => fail("--passphrase-file", e),
        e => fail(flag, e),
    })
}

/// The passphrase: the first line of `file` (`-`: standard input), else `CFSIGN_PASSPHRASE`.
fn passphrase(
    file: Option<&Path>,
    key_on_stdin: bool,
) -> Result<Option<Zeroizing<String>>, Failure> {
    let Some(file) = file else {
        return Ok(std::env::var(PASSPHRASE_ENV).ok().map(Zeroizing::new));
    };
    let mut text = Zeroizing::new(String::new());
    let read = if file == Path::new("-") {
        if key_on_stdin {
            return Err(fail(
                "--passphrase-file",
                "standard input already carries the key (--private-key -): put the passphrase in a file or in CFSIGN_PASSPHRASE",
            ));
        }
        std::io::stdin()
            .take(MAX_KEY_BYTES)
            .read_to_string(&mut text)
    } else {
        std::fs::File::open(file).and_then(|f| f.take(MAX_KEY_BYTES).read_to_string(&mut text))
    };
    read.map_err(|e| {
        fail(
            "--passphrase-file",
            format!(
                "cannot read {}: {}",
                shown(&file.to_string_lossy()),
                io_reason(&e)
            ),
        )
    })?;
    // As `openssl -passin file:`: the first line, without its line ending.
    let line = text.lines().next().unwrap_or_default();
    Ok(Some(Zeroizing::new(line.to_string())))
}

/// The private key's PEM text, from the file `arg` names (`file://` and `fileb://` prefixes
/// allowed, as in the AWS CLI) or, for `-`, from standard input.
fn read_private_key(arg: &str, flag: &'static str) -> Result<String, Failure> {
    if arg == "-" {
        let mut pem = String::new();
        std::io::stdin()
            .take(MAX_KEY_BYTES)
            .read_to_string(&mut pem)
            .map_err(|e| {
                fail(
                    flag,
                    format!("cannot read standard input: {}", io_reason(&e)),
                )
            })?;
        if pem.trim().is_empty() {
            return Err(fail(
                flag,
                "standard input is empty: with `--private-key -`, pipe the PEM in (cfsign sign ... --private-key - < key.pem)",
            ));
        }
        return Ok(pem);
    }
    let path = arg
        .trim_start_matches("fileb://")
        .trim_start_matches("file://");
    crate::read_file(path).map_err(|e| {
        // A key where its path belongs (its file name is too long, or not found).
        let message = if usage::is_key_like(path) {
            "takes a file path, but it was given what looks like the key itself: write the key to a file (chmod 600) and pass its path, or use `--private-key -` to read it from standard input".to_string()
        } else {
            format!("cannot read {}: {}", shown(path), io_reason(&e))
        };
        fail(flag, message)
    })
}
