//! Reading the private key: from a file or standard input, decrypted with a passphrase from a
//! file or the `CFSIGN_PASSPHRASE` environment variable (never a flag value: the process list
//! would show it).

use std::io::Read;
use std::path::Path;

use cfsign::{KeyError, PrivateKey};
use zeroize::Zeroizing;

use crate::io_reason;
use crate::usage::{self, fail, shown, Failure};

/// The environment variable holding the private key's passphrase.
pub const PASSPHRASE_ENV: &str = "CFSIGN_PASSPHRASE";

/// More than any PEM key (the library refuses PEM over 16 KiB).
const MAX_KEY_BYTES: u64 = 64 * 1024;

/// The private key `arg` names, decrypted with the passphrase of `passphrase_file` or of
/// `CFSIGN_PASSPHRASE` when it is encrypted.
pub fn private_key(arg: &str, passphrase_file: Option<&Path>) -> Result<PrivateKey, Failure> {
    let pem = Zeroizing::new(read_private_key(arg)?);
    let passphrase = passphrase(passphrase_file, arg == "-")?;
    let key = match &passphrase {
        Some(p) => PrivateKey::from_pem_with_passphrase(&pem, p.as_bytes()),
        None => PrivateKey::from_pem(&pem),
    };
    key.map_err(|e| match e {
        KeyError::Encrypted => fail(
            "--private-key",
            format!("{e}; pass it with --passphrase-file FILE or the {PASSPHRASE_ENV} environment variable"),
        ),
        KeyError::WrongPassphrase => fail("--passphrase-file", e),
        e => fail("--private-key", e),
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
fn read_private_key(arg: &str) -> Result<String, Failure> {
    if arg == "-" {
        let mut pem = String::new();
        std::io::stdin()
            .take(MAX_KEY_BYTES)
            .read_to_string(&mut pem)
            .map_err(|e| {
                fail(
                    "--private-key",
                    format!("cannot read standard input: {}", io_reason(&e)),
                )
            })?;
        if pem.trim().is_empty() {
            return Err(fail(
                "--private-key",
                "standard input is empty: with `--private-key -`, pipe the PEM in (cfsign sign ... --private-key - < key.pem)",
            ));
        }
        return Ok(pem);
    }
    let path = arg
        .trim_start_matches("fileb://")
        .trim_start_matches("file://");
    std::fs::read_to_string(path).map_err(|e| {
        let message = if usage::is_key_like(path) && e.kind() == std::io::ErrorKind::NotFound {
            "takes a file path, but it was given what looks like the key itself: write the key to a file (chmod 600) and pass its path, or use `--private-key -` to read it from standard input".to_string()
        } else {
            format!("cannot read {}: {}", shown(path), io_reason(&e))
        };
        fail("--private-key", message)
    })
}
