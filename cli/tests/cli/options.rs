//! `CFSIGN_PRIVATE_KEY_FILE` and `--output text|json` (with `--json` as its older spelling).

use crate::common::*;

fn sign_with_env(env_key: Option<&str>, extra: &[&str]) -> Run {
    let mut cmd = command();
    cmd.args(["sign", "--url", URL, "--key-pair-id", "K2JCJMDEHXQW5F"]);
    cmd.args(["--date-less-than", "2030-01-01"]).args(extra);
    if let Some(path) = env_key {
        cmd.env("CFSIGN_PRIVATE_KEY_FILE", path);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

#[test]
fn the_private_key_file_from_the_environment() {
    let expected = sign(&["--url", URL, "--date-less-than", "2030-01-01"]);
    assert_eq!(expected.code, 0, "{}", expected.stderr);
    let k = key("rsa2048_pkcs1.pem");
    let r = sign_with_env(Some(&k), &[]);
    assert_eq!((r.code, &r.stdout), (0, &expected.stdout), "{}", r.stderr);
    // The flag wins over the variable.
    let r = sign_with_env(Some("/no/such/key.pem"), &["--private-key", &k]);
    assert_eq!((r.code, &r.stdout), (0, &expected.stdout), "{}", r.stderr);
    // Errors name the variable.
    let r = sign_with_env(Some("/no/such/key.pem"), &[]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr.trim_end(),
        "cfsign: error: CFSIGN_PRIVATE_KEY_FILE: cannot read \"/no/such/key.pem\": no such file"
    );
    // Neither: the flag and the variable are named.
    let r = sign_with_env(None, &[]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("missing --private-key") && r.stderr.contains("CFSIGN_PRIVATE_KEY_FILE"),
        "{}",
        r.stderr
    );
    // The key itself in the variable is refused without being shown.
    let pem = read_key("rsa2048_pkcs1.pem");
    let r = sign_with_env(Some(&pem), &[]);
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        !r.stderr.contains("BEGIN") && !r.stderr.contains("MII"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("file path"), "{}", r.stderr);
    // sign-cookies reads it too.
    let mut cmd = command();
    cmd.env("CFSIGN_PRIVATE_KEY_FILE", &k).args([
        "sign-cookies",
        "--resource",
        "https://d111111abcdef8.cloudfront.net/videos/*",
        "--key-pair-id",
        "K2JCJMDEHXQW5F",
        "--date-less-than",
        "+1h",
    ]);
    assert!(cmd.output().unwrap().status.success());
}

#[test]
fn output_json_for_every_command_that_prints_results() {
    let base = ["--url", URL, "--date-less-than", "2030-01-01"];
    let text = sign(&base);
    for flags in [&["--output", "json"][..], &["--json"][..]] {
        let r = sign(&[&base[..], flags].concat());
        assert_eq!(r.code, 0, "{}", r.stderr);
        let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["url"].as_str(), Some(text.stdout.trim_end()));
    }
    assert_eq!(
        sign(&[&base[..], &["--output", "text"]].concat()).stdout,
        text.stdout
    );
    // --json and --output text contradict each other.
    let r = sign(&[&base[..], &["--json", "--output", "text"]].concat());
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);

    let cookies = |flag: &[&str]| sign_cookies("2030-01-01", flag);
    // RSA signs deterministically: the same cookies either way.
    assert_eq!(
        cookies(&["--json"]).stdout,
        cookies(&["--output", "json"]).stdout
    );

    let signed = text.stdout.trim_end();
    let public = format!("K2JCJMDEHXQW5F={}", key("rsa2048_pub.pem"));
    let verify =
        |flag: &[&str]| cfsign(&[&["verify", signed, "--public-key", &public][..], flag].concat());
    assert_eq!(
        verify(&["--json"]).stdout,
        verify(&["--output", "json"]).stdout
    );
    assert!(verify(&["--output", "text"]).stdout.starts_with("ALLOWED"));

    // decode: JSON by default; text is one `name: value` line per field. One `--now` for both:
    // the time status counts seconds, and two runs may fall in two seconds.
    let at = "2026-06-01T00:00:00Z";
    let json = cfsign(&["decode", signed, "--now", at]);
    assert_eq!(
        json.stdout,
        cfsign(&["decode", signed, "--now", at, "--output", "json"]).stdout
    );
    let r = cfsign(&["decode", signed, "--output", "text"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("policy_type: canned\n"), "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!("policy.resource: {URL}\n")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("key_pair_id: K2JCJMDEHXQW5F\n"),
        "{}",
        r.stdout
    );

    let dir = std::env::temp_dir().join(format!("cfsign-keygen-json-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let r = cfsign(&[
        "keygen",
        "--type",
        "ecdsa",
        "--out-dir",
        dir.to_str().unwrap(),
        "--output",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["type"], "ecdsa");
    assert!(std::path::Path::new(v["private_key"].as_str().unwrap()).exists());
    let _ = std::fs::remove_dir_all(&dir);
}
