//! What every test of the command uses: the keys, running `cfsign`, reading a signed URL.

use std::path::PathBuf;
use std::process::{Command, Stdio};

pub const URL: &str = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4";

/// The path of a test key (tests/keys: a link to the library's test keys).
pub fn key(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/keys")
        .join(name)
        .display()
        .to_string()
}

/// A test key's text.
pub fn read_key(name: &str) -> String {
    std::fs::read_to_string(key(name)).unwrap()
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `cfsign` with neither of its environment variables set (tests set them where they mean to).
pub fn command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cfsign"));
    cmd.env_remove("CFSIGN_PRIVATE_KEY_FILE")
        .env_remove("CFSIGN_PASSPHRASE");
    cmd
}

/// Runs `cmd` with `stdin` written to its standard input.
pub fn run_with_stdin(cmd: &mut Command, stdin: &str) -> Run {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.as_bytes().to_vec();
    // Written from another thread, so that a large input cannot deadlock against the output.
    let writer = std::thread::spawn(move || {
        let _ = std::io::Write::write_all(&mut input, &bytes);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

pub fn cfsign(args: &[&str]) -> Run {
    let out = command().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// `cfsign sign` with the RSA test key and `extra`.
pub fn sign(extra: &[&str]) -> Run {
    let k = key("rsa2048_pkcs1.pem");
    let mut args = vec![
        "sign",
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
    ];
    args.extend_from_slice(extra);
    cfsign(&args)
}

/// `cfsign sign-cookies` for the test distribution's `/videos/*`, with the RSA test key, the expiry
/// `date_less_than` and `extra`.
pub fn sign_cookies(date_less_than: &str, extra: &[&str]) -> Run {
    let k = key("rsa2048_pkcs1.pem");
    let mut args = vec![
        "sign-cookies",
        "--resource",
        "https://d111111abcdef8.cloudfront.net/videos/*",
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--private-key",
        &k,
        "--date-less-than",
        date_less_than,
    ];
    args.extend_from_slice(extra);
    cfsign(&args)
}

pub fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    url.split_once('?')?
        .1
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
}
