//! `cfsign`: CloudFront signed URLs and cookies from the shell.
//!
//! Subcommands and flags follow the AWS CLI's `aws cloudfront sign` so that people can switch
//! without relearning. Errors are one line on stderr naming the flag and the fix, exit code 2.

mod args;
mod inspect;
mod keys;
mod usage;

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use args::{Cli, Command, CookieArgs, HashArg, KeyType, KeygenArgs, SignArgs, SigningArgs};
use cfsign::key::KeyKind;
use cfsign::policy::{PolicyError, ResourceProblem};
use cfsign::{
    CookieOptions, HashAlgorithm, IpRange, KeyError, Policy, PrivateKey, SignError, Signer,
    UrlOptions,
};
use clap::Parser;
use usage::{fail, shown, Failure};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let argv: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if let Some(f) = usage::pem_argument(&argv) {
        eprintln!("{}", f.line(&argv));
        return ExitCode::from(2);
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            // Not e.render(): clap's messages echo values, which may be keys.
            eprintln!("{}", usage::clap_failure(&e, &argv).line(&argv));
            return ExitCode::from(2);
        }
    };
    let now = match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs(),
        Err(_) => {
            eprintln!("cfsign: error: the system clock is before 1970");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Sign(args) => sign(args, now),
        Command::SignCookies(args) => sign_cookies(args, now),
        Command::Keygen(args) => keygen(args),
        Command::Decode(args) => inspect::decode(args),
        Command::Verify(args) => match inspect::verify(args, now) {
            Ok((output, allowed)) => {
                print!("{output}");
                return if allowed {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                };
            }
            Err(e) => Err(e),
        },
    };
    match result {
        Ok(output) => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(output.as_bytes())
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprintln!("{}", f.line(&argv));
            ExitCode::from(2)
        }
    }
}

/// Reads the private key and builds the signer, with the hash the flags ask for.
fn signer(args: &SigningArgs) -> Result<Signer, Failure> {
    let key = keys::private_key(&args.private_key, args.passphrase_file.as_deref())?;
    let kind = key.kind();
    let mut signer = Signer::new(&args.key_pair_id, key).map_err(|e| fail("--key-pair-id", e))?;
    match (args.hash_algorithm, kind) {
        (Some(HashArg::Sha1), KeyKind::EcdsaP256) => {
            return Err(fail(
                "--hash-algorithm",
                "SHA1 cannot be used with an ECDSA key (as in the AWS CLI): remove the flag or use SHA256",
            ))
        }
        (Some(HashArg::Sha1), _) => signer = signer.with_hash(HashAlgorithm::Sha1),
        (Some(HashArg::Sha256), _) => signer = signer.with_hash(HashAlgorithm::Sha256),
        (None, _) => {}
    }
    Ok(signer)
}

pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::InvalidData => "not UTF-8 text (a PEM file is expected)".into(),
        _ => e.to_string(),
    }
}

/// The expiry, start and IP range from the flags.
struct Window {
    date_less_than: u64,
    date_greater_than: Option<u64>,
    ip_range: Option<IpRange>,
}

fn window(args: &SigningArgs, now: u64) -> Result<Window, Failure> {
    let when = |flag, text: &str| {
        cfsign::time::parse_when(text, now).map_err(|e| fail(flag, format!("{}: {e}", shown(text))))
    };
    let text = args.date_less_than.as_deref().unwrap_or_default();
    let date_less_than = when("--date-less-than", text)?;
    if date_less_than > cfsign::policy::MAX_EPOCH {
        return Err(fail(
            "--date-less-than",
            PolicyError::ExpiryTooLarge { date_less_than },
        ));
    }
    if date_less_than <= now && !args.allow_past {
        return Err(fail(
            "--date-less-than",
            format!(
                "{} is in the past (now is {}): CloudFront would answer 403; pass --allow-past to sign it anyway",
                cfsign::time::format_utc(date_less_than),
                cfsign::time::format_utc(now)
            ),
        ));
    }
    let date_greater_than = match &args.date_greater_than {
        Some(t) => {
            let start = when("--date-greater-than", t)?;
            if start >= date_less_than {
                return Err(fail(
                    "--date-greater-than",
                    format!(
                        "the start {} must be before --date-less-than {}",
                        cfsign::time::format_utc(start),
                        cfsign::time::format_utc(date_less_than)
                    ),
                ));
            }
            Some(start)
        }
        None => None,
    };
    let ip_range = match &args.ip_address {
        Some(ip) => Some(IpRange::parse(ip).map_err(|e| fail("--ip-address", e))?),
        None => None,
    };
    Ok(Window {
        date_less_than,
        date_greater_than,
        ip_range,
    })
}

fn read_policy(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| {
        fail(
            "--policy",
            format!(
                "cannot read {}: {}",
                shown(&path.to_string_lossy()),
                io_reason(&e)
            ),
        )
    })
}

/// Names the flag a signing error concerns.
fn sign_failure(e: SignError, url_flag: &'static str, resource_flag: &'static str) -> Failure {
    let flag = match &e {
        SignError::Key(_) => "--private-key",
        SignError::InvalidKeyPairId { .. } => "--key-pair-id",
        SignError::InvalidPolicyJson(_) => "--policy",
        SignError::InvalidCookieAttribute { name: "Domain", .. } => "--domain",
        SignError::InvalidCookieAttribute { .. } => "--path",
        SignError::Policy(PolicyError::InvalidResource { problem, .. })
            if *problem != ResourceProblem::NotHttpUrl || resource_flag != url_flag =>
        {
            resource_flag
        }
        SignError::Policy(PolicyError::ExpiryTooLarge { .. }) => "--date-less-than",
        SignError::Policy(PolicyError::StartNotBeforeExpiry { .. }) => "--date-greater-than",
        SignError::Policy(PolicyError::InvalidIpRange { .. } | PolicyError::Ipv6Range { .. }) => {
            "--ip-address"
        }
        _ => url_flag,
    };
    fail(flag, e)
}

fn sign(args: SignArgs, now: u64) -> Result<String, Failure> {
    let signer = signer(&args.signing)?;
    let resource_flag = if args.policy_resource.is_some() {
        "--policy-resource"
    } else {
        "--url"
    };
    let signed = match &args.signing.policy {
        Some(path) => signer.sign_url_with_policy_json(&args.url, &read_policy(path)?),
        None => {
            let w = window(&args.signing, now)?;
            let options = UrlOptions {
                date_less_than: w.date_less_than,
                date_greater_than: w.date_greater_than,
                ip_range: w.ip_range,
                policy_resource: args.policy_resource.clone(),
            };
            signer.sign_url_with(&args.url, &options)
        }
    }
    .map_err(|e| sign_failure(e, "--url", resource_flag))?;
    Ok(format!("{}\n", signed.as_str()))
}

fn sign_cookies(args: CookieArgs, now: u64) -> Result<String, Failure> {
    let signer = signer(&args.signing)?;
    let cookies = match &args.signing.policy {
        Some(path) => signer.sign_cookies_with_policy_json(&read_policy(path)?),
        None => {
            let w = window(&args.signing, now)?;
            let resource = args.resource.as_deref().unwrap_or_default();
            let mut policy = Policy::new(resource, w.date_less_than)
                .map_err(|e| sign_failure(e.into(), "--resource", "--resource"))?;
            if let Some(start) = w.date_greater_than {
                policy = policy
                    .valid_from(start)
                    .map_err(|e| fail("--date-greater-than", e))?;
            }
            if let Some(range) = w.ip_range {
                policy = policy.ip_range(range);
            }
            signer.sign_cookies(&policy)
        }
    }
    .map_err(|e| sign_failure(e, "--resource", "--resource"))?;
    if args.json {
        let map: serde_json::Map<String, serde_json::Value> = cookies
            .pairs()
            .iter()
            .map(|(n, v)| ((*n).to_string(), serde_json::Value::String(v.clone())))
            .collect();
        let json = serde_json::to_string_pretty(&map).map_err(|e| fail("--json", e))?;
        return Ok(format!("{json}\n"));
    }
    let options = CookieOptions {
        domain: args.domain.clone(),
        path: Some(args.path.clone()),
        max_age: args.max_age,
        ..CookieOptions::default()
    };
    let headers = cookies
        .set_cookie_headers(&options)
        .map_err(|e| sign_failure(e, "--resource", "--resource"))?;
    Ok(headers
        .iter()
        .map(|h| format!("Set-Cookie: {h}\n"))
        .collect())
}

fn keygen(args: KeygenArgs) -> Result<String, Failure> {
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
