//! `keygen`: a new key pair for a CloudFront key group, the private key readable by its owner
//! only. The files are written as [`crate::files`] describes: never through a link, the pair
//! replaced only with `--force`, and then as a whole.

use cfsign::key::KeyKind;
use cfsign::{KeyError, PrivateKey};

use crate::args::{Format, KeyType, KeygenArgs};
use crate::files::{self, NewFile, Problem, WriteError};
use crate::io_reason;
use crate::signing::json_text;
use crate::terminal;
use crate::usage::{fail, Failure};

const PRIVATE: &str = "private_key.pem";
const PUBLIC: &str = "public_key.pem";

pub fn keygen(args: KeygenArgs) -> Result<String, Failure> {
    let kind = match args.kind {
        KeyType::Rsa => KeyKind::Rsa,
        KeyType::Ecdsa => KeyKind::EcdsaP256,
    };
    let dir = &args.out_dir;
    files::prepare_dir(dir, args.force).map_err(write_failure)?;
    let key = PrivateKey::generate(kind, &mut getrandom::SysRng)
        .map_err(|e: KeyError| fail("--type", e))?;
    let private_pem = key.to_pkcs8_pem().map_err(|e| fail("--type", e))?;
    let public_pem = key.public_key().to_pem().map_err(|e| fail("--type", e))?;
    let pair = [
        NewFile {
            name: PRIVATE,
            bytes: private_pem.as_bytes(),
            mode: 0o600,
        },
        NewFile {
            name: PUBLIC,
            bytes: public_pem.as_bytes(),
            mode: 0o644,
        },
    ];
    files::write_all(dir, &pair, args.force).map_err(write_failure)?;
    let (private_path, public_path) = (dir.join(PRIVATE), dir.join(PUBLIC));
    if args.output.format(Format::Text) == Format::Json {
        return json_text(&serde_json::json!({
            "type": match args.kind { KeyType::Rsa => "rsa", KeyType::Ecdsa => "ecdsa" },
            "private_key": private_path.display().to_string(),
            "public_key": public_path.display().to_string(),
        }));
    }
    Ok(format!(
        "wrote {} ({kind}, mode 0600) and {}\nupload public_key.pem to a CloudFront public key, add it to a key group, and sign with its ID\n",
        terminal::path(&private_path),
        terminal::path(&public_path)
    ))
}

/// The one-line error for a file that could not be written, naming the path and the fix.
fn write_failure(e: WriteError) -> Failure {
    let path = terminal::path(&e.path);
    let message = match e.problem {
        Problem::Exists => format!("{path} exists: pass --force to replace it"),
        Problem::SymlinkedFolder => format!(
            "{path} is a symbolic link: name the folder it points to, or pass --force to write there"
        ),
        Problem::NotAFile => format!("{path} is a folder: move it away to write the key there"),
        Problem::NotAFolder => format!("{path} is not a folder (a file is in the way)"),
        #[cfg(unix)]
        Problem::Folder(io) if io.raw_os_error() == Some(libc::ENOTDIR) => {
            format!("cannot create the folder {path}: a file is in the way")
        }
        Problem::Folder(io) => format!("cannot create the folder {path}: {}", io_reason(&io)),
        Problem::Io(io) => format!("cannot write {path}: {}", io_reason(&io)),
    };
    fail("--out-dir", message)
}
