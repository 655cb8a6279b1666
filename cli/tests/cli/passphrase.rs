//! `cfsign` with encrypted private keys: the passphrase from a file, standard input or
//! `CFSIGN_PASSPHRASE`, never from a flag value; the same URL as the plain key; clear refusals.

use crate::common::{command, key, run_with_stdin, URL};

const PASSPHRASE: &str = "cfsign-test";

/// Runs `cfsign sign` with `key`, the extra arguments, `env` and `stdin`: (exit code, stdout, stderr).
fn sign(key_file: &str, extra: &[&str], env: Option<&str>, stdin: &str) -> (i32, String, String) {
    let mut cmd = command();
    cmd.args([
        "sign",
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        key_file,
    ]);
    cmd.args(["--url", URL, "--date-less-than", "2030-01-01"]);
    cmd.args(extra);
    if let Some(p) = env {
        cmd.env("CFSIGN_PASSPHRASE", p);
    }
    let r = run_with_stdin(&mut cmd, stdin);
    (r.code, r.stdout, r.stderr)
}

fn passphrase_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("cfsign-pass-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn encrypted_keys_sign_like_the_plain_key() {
    let (code, plain, _) = sign(&key("rsa2048_pkcs1.pem"), &[], None, "");
    assert_eq!(code, 0);
    let file = passphrase_file("ok", &format!("{PASSPHRASE}\n"));
    for encrypted in [
        "rsa2048_pkcs8_aes256.pem",
        "rsa2048_pkcs8_sha1_aes128.pem",
        "rsa2048_pkcs8_scrypt.pem",
    ] {
        let k = key(encrypted);
        let from_file = sign(&k, &["--passphrase-file", &file], None, "");
        assert_eq!(
            (from_file.0, &from_file.1),
            (0, &plain),
            "{encrypted}: {}",
            from_file.2
        );
        let from_env = sign(&k, &[], Some(PASSPHRASE), "");
        assert_eq!((from_env.0, &from_env.1), (0, &plain), "{encrypted}");
        let from_stdin = sign(&k, &["--passphrase-file", "-"], None, "cfsign-test\r\n");
        assert_eq!((from_stdin.0, &from_stdin.1), (0, &plain), "{encrypted}");
    }
}

#[test]
fn refusals_name_the_fix_and_never_echo_the_passphrase() {
    let k = key("rsa2048_pkcs8_aes256.pem");
    let (code, out, err) = sign(&k, &[], None, "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.contains("--passphrase-file") && err.contains("CFSIGN_PASSPHRASE"),
        "{err}"
    );
    let wrong = passphrase_file("wrong", "not-the-passphrase-xyz\n");
    let (code, _, err) = sign(&k, &["--passphrase-file", &wrong], None, "");
    assert_eq!(code, 2);
    assert!(err.contains("wrong passphrase"), "{err}");
    assert!(!err.contains("not-the-passphrase-xyz"), "{err}");
    let (code, _, err) = sign(&k, &[], Some("wrong-from-env-xyz"), "");
    assert_eq!(code, 2);
    assert!(!err.contains("wrong-from-env-xyz"), "{err}");
    // The key and the passphrase cannot both come from standard input.
    let (code, _, err) = sign("-", &["--passphrase-file", "-"], None, "");
    assert_eq!(code, 2);
    assert!(err.contains("standard input"), "{err}");
    // Legacy OpenSSL encryption: the command that converts it.
    let (code, _, err) = sign(
        &key("bad_rsa2048_legacy_aes256.pem"),
        &[],
        Some(PASSPHRASE),
        "",
    );
    assert_eq!(code, 2);
    assert!(err.contains("openssl pkcs8 -topk8"), "{err}");
    // There is no flag that takes the passphrase itself.
    let (code, _, _) = sign(&k, &["--passphrase", PASSPHRASE], None, "");
    assert_eq!(code, 2);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
}
