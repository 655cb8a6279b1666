//! Hostile arguments beyond the listed findings: files that never end (`/dev/zero`) where a key,
//! a policy or the input is read. cfsign reads a bounded amount and refuses the rest with a
//! clear error, instead of growing until the memory runs out.

#![cfg(target_os = "linux")]

use std::process::{Command, Stdio};

use crate::common::*;

/// `cfsign args` with at most 512 MiB of address space, stdin from `stdin`.
fn limited(args: &[&str], stdin: &str) -> Run {
    let mut cmd = Command::new("/bin/sh");
    cmd.arg("-c")
        .arg(format!("ulimit -v 524288 && exec \"$0\" \"$@\" < {stdin}"))
        .arg(env!("CARGO_BIN_EXE_cfsign"))
        .args(args)
        .env_remove("CFSIGN_PRIVATE_KEY_FILE")
        .env_remove("CFSIGN_PASSPHRASE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn endless_files_are_refused_not_read_whole() {
    let k = key("rsa2048_pkcs1.pem");
    let public_zero = "K=/dev/zero".to_string();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "sign",
                "--url",
                URL,
                "--date-less-than",
                "+1h",
                "--key-pair-id",
                "K",
                "--private-key",
                "/dev/zero",
            ],
            "/dev/null",
        ),
        (
            vec![
                "sign",
                "--url",
                URL,
                "--date-less-than",
                "+1h",
                "--key-pair-id",
                "K",
                "--private-key",
                "-",
            ],
            "/dev/zero",
        ),
        (
            vec![
                "sign",
                "--url",
                URL,
                "--policy",
                "/dev/zero",
                "--key-pair-id",
                "K",
                "--private-key",
                &k,
            ],
            "/dev/null",
        ),
        (
            vec![
                "sign-cookies",
                "--policy",
                "/dev/zero",
                "--key-pair-id",
                "K",
                "--private-key",
                &k,
            ],
            "/dev/null",
        ),
        (
            vec!["verify", URL, "--public-key", &public_zero],
            "/dev/null",
        ),
        (vec!["decode", "-"], "/dev/zero"),
    ];
    for (args, stdin) in cases {
        let r = limited(&args, stdin);
        assert_eq!(r.code, 2, "{args:?} < {stdin}: {}{}", r.stdout, r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("cfsign: error: "),
            "{args:?}: {}",
            r.stderr
        );
        // Under the limit, reading the whole of /dev/zero ends in an allocation failure.
        assert!(
            !r.stderr.contains("out of memory"),
            "{args:?}: {}",
            r.stderr
        );
    }
}
