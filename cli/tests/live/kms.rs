//! `--kms-key-id` against moto's KMS (5.2's `Sign` gives real RSASSA_PKCS1_V1_5_SHA_256 and
//! ECDSA_SHA_256 signatures): RSA_2048 and ECC_NIST_P256 keys made with the real AWS CLI, URLs,
//! cookies and a batch signed through the AWS SDK for Rust inside cfsign, each verified twice,
//! by cfsign's verifier (`cfsign verify`) and by Python's `cryptography` against the key
//! `GetPublicKey` gives. Then the failures: no credentials, a key of the wrong usage, a disabled
//! key, and throttling (moto cannot throttle: run.sh's forwarding proxy answers
//! ThrottlingException to every `Sign`; the SDK's retries then end in a clear error).

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use base64::Engine;
use serde_json::Value;

use super::{aws, cfsign, cfsign_at, moto, stderr, stdout};

const KEY_PAIR_ID: &str = "K2KMSEXAMPLE01";
const BASE: &str = "https://d111111abcdef8.cloudfront.net";

/// A key made in moto's KMS: its ID and its public key (SPKI DER) from GetPublicKey.
struct Key {
    id: String,
    spki: Vec<u8>,
    /// A PEM file of the public key, for `cfsign verify --public-key`.
    pem_path: String,
}

fn create(spec: &str, usage: &str) -> String {
    let out = aws(&[
        "kms",
        "create-key",
        "--key-spec",
        spec,
        "--key-usage",
        usage,
    ]);
    out["KeyMetadata"]["KeyId"].as_str().unwrap().to_owned()
}

fn key(spec: &str) -> &'static Key {
    static RSA: OnceLock<Key> = OnceLock::new();
    static EC: OnceLock<Key> = OnceLock::new();
    let cell = if spec == "RSA_2048" { &RSA } else { &EC };
    cell.get_or_init(|| {
        let id = create(spec, "SIGN_VERIFY");
        let public = aws(&["kms", "get-public-key", "--key-id", &id]);
        let spki = base64::engine::general_purpose::STANDARD
            .decode(public["PublicKey"].as_str().unwrap())
            .unwrap();
        let pem = format!(
            "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
            base64::engine::general_purpose::STANDARD.encode(&spki)
        );
        let pem_path = std::env::temp_dir()
            .join(format!("cfsign-kms-{spec}-{}.pem", std::process::id()))
            .display()
            .to_string();
        std::fs::write(&pem_path, pem).unwrap();
        Key { id, spki, pem_path }
    })
}

/// `cfsign verify` with the key: exit 0 (allowed).
fn cfsign_verifies(url: &str, cookie: Option<&str>, key: &Key) {
    let public = format!("{KEY_PAIR_ID}={}", key.pem_path);
    let mut args = vec!["verify", url, "--public-key", &public];
    if let Some(c) = cookie {
        args.extend(["--cookie", c]);
    }
    let out = cfsign(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
}

/// Python's `cryptography` (the venv's, moto's dependency) verifies `signature` (CloudFront's
/// base64) over `policy` with the public key GetPublicKey gave.
fn cryptography_verifies(policy: &str, signature: &str, key: &Key) {
    let python = std::path::Path::new(&super::aws_cli())
        .with_file_name("python")
        .display()
        .to_string();
    let script = r#"
import base64, sys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
spki, policy, sig = sys.stdin.read().split("\n")[:3]
key = serialization.load_der_public_key(base64.b64decode(spki))
sig = base64.b64decode(sig.replace("-", "+").replace("_", "=").replace("~", "/"))
if isinstance(key, rsa.RSAPublicKey):
    key.verify(sig, policy.encode(), padding.PKCS1v15(), hashes.SHA256())
else:
    key.verify(sig, policy.encode(), ec.ECDSA(hashes.SHA256()))
print("verified")
"#;
    let mut child = Command::new(python)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the venv's python runs");
    let input = format!(
        "{}\n{policy}\n{signature}\n",
        base64::engine::general_purpose::STANDARD.encode(&key.spki)
    );
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(stdout(&out).trim(), "verified", "{}", stderr(&out));
}

/// The value of query parameter `name` of `url`.
fn param<'a>(url: &'a str, name: &str) -> &'a str {
    let query = url.split_once('?').unwrap().1;
    query
        .split('&')
        .find_map(|p| p.strip_prefix(name).and_then(|r| r.strip_prefix('=')))
        .unwrap()
}

#[test]
fn kms_keys_sign_urls_cookies_and_batches_that_verify() {
    for spec in ["RSA_2048", "ECC_NIST_P256"] {
        let key = key(spec);
        // A canned URL, by key ID; then a custom one, by the key's ARN.
        let url = format!("{BASE}/kms/{spec}.mp4");
        let out = cfsign(&[
            "sign",
            "--url",
            &url,
            "--key-pair-id",
            KEY_PAIR_ID,
            "--kms-key-id",
            &key.id,
            "--date-less-than",
            "2100-01-01",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let signed = stdout(&out).trim().to_owned();
        assert!(signed.ends_with("&Hash-Algorithm=SHA256"), "{signed}");
        cfsign_verifies(&signed, None, key);
        let policy = cfsign::Policy::new(&url, 4_102_444_800).unwrap().to_json();
        cryptography_verifies(&policy, param(&signed, "Signature"), key);

        let arn = aws(&["kms", "describe-key", "--key-id", &key.id])["KeyMetadata"]["Arn"]
            .as_str()
            .unwrap()
            .to_owned();
        let out = cfsign(&[
            "sign",
            "--url",
            &url,
            "--key-pair-id",
            KEY_PAIR_ID,
            "--kms-key-id",
            &arn,
            "--date-less-than",
            "2100-01-01",
            "--policy-resource",
            &format!("{BASE}/kms/*"),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let signed = stdout(&out).trim().to_owned();
        cfsign_verifies(&signed, None, key);
        let policy = cfsign::CfBase64::decode(param(&signed, "Policy")).unwrap();
        cryptography_verifies(
            std::str::from_utf8(&policy).unwrap(),
            param(&signed, "Signature"),
            key,
        );

        // Cookies, by an alias.
        let alias = format!(
            "alias/cfsign-test-{}",
            spec.to_lowercase().replace('_', "-")
        );
        aws(&[
            "kms",
            "create-alias",
            "--alias-name",
            &alias,
            "--target-key-id",
            &key.id,
        ]);
        let out = cfsign(&[
            "sign-cookies",
            "--resource",
            &format!("{BASE}/kms/*"),
            "--key-pair-id",
            KEY_PAIR_ID,
            "--kms-key-id",
            &alias,
            "--date-less-than",
            "2100-01-01",
            "--output",
            "json",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let cookies: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let header = cookies
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap()))
            .collect::<Vec<_>>()
            .join("; ");
        cfsign_verifies(&format!("{BASE}/kms/a.mp4"), Some(&header), key);
        let policy =
            cfsign::CfBase64::decode(cookies["CloudFront-Policy"].as_str().unwrap()).unwrap();
        cryptography_verifies(
            std::str::from_utf8(&policy).unwrap(),
            cookies["CloudFront-Signature"].as_str().unwrap(),
            key,
        );

        // A batch: every line signed, in order, each verifying.
        let lines: String = (0..6).map(|i| format!("{BASE}/kms/b{i}.mp4\n")).collect();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cfsign"));
        cmd.args([
            "sign-batch",
            "--key-pair-id",
            KEY_PAIR_ID,
            "--kms-key-id",
            &key.id,
            "--date-less-than",
            "2100-01-01",
        ]);
        super::aws_env(&mut cmd, &moto(), Some(("testing", "testing")));
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(lines.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let urls: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
        assert_eq!(urls.len(), 6);
        for (i, url) in urls.iter().enumerate() {
            assert!(url.starts_with(&format!("{BASE}/kms/b{i}.mp4?")), "{url}");
            cfsign_verifies(url, None, key);
        }
    }
}

/// What a failure must be: exit 2, nothing on stdout, one line naming `--kms-key-id` and `says`,
/// no credential.
fn fails(out: &std::process::Output, says: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(stdout(out).is_empty(), "{}", stdout(out));
    assert!(err.contains("--kms-key-id"), "{err}");
    for s in says {
        assert!(err.contains(s), "{s:?} not in {err}");
    }
    assert!(!err.contains(SECRET), "{err}");
}

const SECRET: &str = "kms-test-secret-never-shown";

fn sign_with(endpoint: &str, keys: Option<(&str, &str)>, key_id: &str) -> std::process::Output {
    cfsign_at(
        endpoint,
        keys,
        &[
            "sign",
            "--url",
            &format!("{BASE}/x.mp4"),
            "--key-pair-id",
            KEY_PAIR_ID,
            "--kms-key-id",
            key_id,
            "--date-less-than",
            "2100-01-01",
        ],
    )
}

#[test]
fn kms_failures_are_clear_and_name_the_key() {
    let keys = Some(("AKIDKMSTEST", SECRET));
    // No credentials at all.
    let rsa = key("RSA_2048");
    fails(&sign_with(&moto(), None, &rsa.id), &["no AWS credentials"]);
    // A key for encryption.
    let encrypt = create("RSA_2048", "ENCRYPT_DECRYPT");
    fails(
        &sign_with(&moto(), keys, &encrypt),
        &[&encrypt, "ENCRYPT_DECRYPT", "SIGN_VERIFY"],
    );
    // A disabled key.
    let disabled = create("ECC_NIST_P256", "SIGN_VERIFY");
    aws(&["kms", "disable-key", "--key-id", &disabled]);
    fails(
        &sign_with(&moto(), keys, &disabled),
        &[&disabled, "not enabled", "Disabled"],
    );
    // A key spec CloudFront does not take.
    let p384 = create("ECC_NIST_P384", "SIGN_VERIFY");
    fails(&sign_with(&moto(), keys, &p384), &[&p384, "ECC_NIST_P384"]);
    // No such key.
    fails(
        &sign_with(&moto(), keys, "alias/cfsign-no-such-key"),
        &[
            "GetPublicKey",
            "alias/cfsign-no-such-key",
            "NotFoundException",
        ],
    );
}

#[test]
fn kms_throttling_ends_in_a_clear_error_after_the_sdks_retries() {
    let proxy = std::env::var("CFSIGN_TEST_KMS_THROTTLE")
        .expect("CFSIGN_TEST_KMS_THROTTLE is not set: run this suite through `make test-aws`");
    let key = key("ECC_NIST_P256");
    let before = throttled(&proxy);
    let out = sign_with(&proxy, Some(("AKIDKMSTEST", SECRET)), &key.id);
    fails(
        &out,
        &["KMS Sign", &key.id, "ThrottlingException", "throttled"],
    );
    // The SDK tried more than once (its standard retry mode: three attempts).
    assert!(
        throttled(&proxy) - before >= 2,
        "{}",
        throttled(&proxy) - before
    );
}

/// How many Sign requests the proxy answered with ThrottlingException.
fn throttled(proxy: &str) -> u64 {
    let out = Command::new(std::path::Path::new(&super::aws_cli()).with_file_name("python"))
        .args([
            "-c",
            "import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + '/throttled').read().decode())",
            proxy,
        ])
        .output()
        .unwrap();
    stdout(&out).trim().parse().unwrap()
}
