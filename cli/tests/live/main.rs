//! Live mode against moto's server (`make test-aws`, cli/tests/live/run.sh starts it): fixtures
//! made with the real AWS CLI (`aws --endpoint-url`), read back by cfsign through the AWS SDK for
//! Rust. Each test makes its own resources (names carry the test's tag), so that they run at once
//! on one server.

mod buckets;
mod denied;
mod doctor;
mod fetch;
mod fixture;
mod kms;
mod logs;
mod logs_order;

use std::process::{Command, Output};

use serde_json::Value;

/// The open moto server's endpoint.
pub fn moto() -> String {
    std::env::var("CFSIGN_TEST_MOTO")
        .expect("CFSIGN_TEST_MOTO is not set: run this suite through `make test-aws`")
}

/// The AWS CLI of the suite's venv.
fn aws_cli() -> String {
    std::env::var("CFSIGN_TEST_AWS_CLI").unwrap_or_else(|_| "aws".into())
}

/// The environment every AWS client of the suite gets: moto's keys, us-east-1, no instance
/// metadata (no request leaves 127.0.0.1), no ~/.aws of the machine.
fn aws_env(cmd: &mut Command, endpoint: &str, keys: Option<(&str, &str)>) {
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/cfsign-test/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/cfsign-test/credentials",
        )
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_ENDPOINT_URL", endpoint);
    if let Some((id, secret)) = keys {
        cmd.env("AWS_ACCESS_KEY_ID", id)
            .env("AWS_SECRET_ACCESS_KEY", secret);
    }
}

/// `aws ARGS --output json` against `endpoint` with `keys`; its JSON (null for no output).
pub fn aws_at(endpoint: &str, keys: (&str, &str), args: &[&str]) -> Value {
    let mut cmd = Command::new(aws_cli());
    cmd.args(["--endpoint-url", endpoint, "--output", "json"])
        .args(args);
    aws_env(&mut cmd, endpoint, Some(keys));
    let out = cmd.output().expect("the AWS CLI runs");
    assert!(
        out.status.success(),
        "aws {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    if text.trim().is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("the AWS CLI prints JSON")
    }
}

/// `aws ARGS` against the open server.
pub fn aws(args: &[&str]) -> Value {
    aws_at(&moto(), ("testing", "testing"), args)
}

/// `cfsign ARGS` with live mode pointed at `endpoint` (`keys`: None for no credentials at all),
/// and `env` set.
pub fn cfsign_env(
    endpoint: &str,
    keys: Option<(&str, &str)>,
    env: &[(&str, &str)],
    args: &[&str],
) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cfsign"));
    cmd.args(args);
    aws_env(&mut cmd, endpoint, keys);
    cmd.envs(env.iter().copied());
    cmd.output().expect("cfsign runs")
}

/// `cfsign ARGS` with live mode pointed at `endpoint` (`keys`: None for no credentials at all).
pub fn cfsign_at(endpoint: &str, keys: Option<(&str, &str)>, args: &[&str]) -> Output {
    cfsign_env(endpoint, keys, &[], args)
}

/// `cfsign ARGS` against the open server.
pub fn cfsign(args: &[&str]) -> Output {
    cfsign_at(&moto(), Some(("testing", "testing")), args)
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `cfsign fetch-live ARGS`, which must succeed: its JSON.
pub fn fetch_live(args: &[&str]) -> Value {
    let mut all = vec!["fetch-live"];
    all.extend_from_slice(args);
    let out = cfsign(&all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "fetch-live failed: {}",
        stderr(&out)
    );
    serde_json::from_str(&stdout(&out)).expect("fetch-live prints JSON")
}
