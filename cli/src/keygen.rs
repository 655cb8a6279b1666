//! `keygen`: a new key pair for a CloudFront key group, the private key readable by its owner only.

use std::io::Write;
use std::path::Path;

use cfsign::key::KeyKind;
use cfsign::{KeyError, PrivateKey};

use crate::args::{Format, KeyType, KeygenArgs};
use crate::io_reason;
use crate::signing::json_text;
use crate::usage::{fail, Failure};

pub fn keygen(args: KeygenArgs) -> Result<String, Failure> {
    let kind = match args.kind {
        KeyType::Rsa => KeyKind::Rsa,
        KeyType::Ecdsa => KeyKind::EcdsaP256,
    };
    let private_path = args.out_dir.join("private_key.pem");
    let public_path = args.out_dir.join("public_key.pem");
    for path in [&private_path, &public_path] {
        if path.exists() && !args.force {
            return Err(fail(
                "--out-dir",
                format!("{} exists: pass --force to overwrite it", path.display()),
            ));
        }
    }
    std::fs::create_dir_all(&args.out_dir).map_err(|e| {
        fail(
            "--out-dir",
            format!(
                "cannot create {}: {}",
                args.out_dir.display(),
                io_reason(&e)
            ),
        )
    })?;
    let key = PrivateKey::generate(kind, &mut getrandom::SysRng)
        .map_err(|e: KeyError| fail("--type", e))?;
    let private_pem = key.to_pkcs8_pem().map_err(|e| fail("--type", e))?;
    let public_pem = key.public_key().to_pem().map_err(|e| fail("--type", e))?;
    write_private(&private_path, private_pem.as_bytes()).map_err(|e| {
        fail(
            "--out-dir",
            format!("cannot write {}: {}", private_path.display(), io_reason(&e)),
        )
    })?;
    std::fs::write(&public_path, public_pem.as_bytes()).map_err(|e| {
        fail(
            "--out-dir",
            format!("cannot write {}: {}", public_path.display(), io_reason(&e)),
        )
    })?;
    if args.output.format(Format::Text) == Format::Json {
        return json_text(&serde_json::json!({
            "type": match args.kind { KeyType::Rsa => "rsa", KeyType::Ecdsa => "ecdsa" },
            "private_key": private_path.display().to_string(),
            "public_key": public_path.display().to_string(),
        }));
    }
    Ok(format!(
        "wrote {} ({kind}, mode 0600) and {}\nupload public_key.pem to a CloudFront public key, add it to a key group, and sign with its ID\n",
        private_path.display(),
        public_path.display()
    ))
}

/// Writes the private key readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let mut file = options.open(path)?;
        // An existing file keeps its mode on open: set it explicitly.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        file.write_all(bytes)
    }
    #[cfg(not(unix))]
    {
        options.open(path)?.write_all(bytes)
    }
}
