//! `sign` and `sign-cookies`, and what `sign-batch` shares with them: the signer, the validity
//! window, and which flag a signing error concerns.

use std::path::Path;

use cfsign::key::KeyKind;
use cfsign::policy::{PolicyError, ResourceProblem};
use cfsign::sign::{PolicySigner, SignatureKey};
use cfsign::{
    CookieOptions, HashAlgorithm, IpRange, Policy, PrivateKey, SignError, Signer, UrlOptions,
};

use crate::args::{CookieArgs, Format, HashArg, KeyArgs, SignArgs, SigningArgs};
use crate::io_reason;
use crate::keys::{self, KeySource};
use crate::usage::{fail, shown, Failure};

/// What signs: a private key file, or (`--kms-key-id`, feature `aws`) a key in AWS KMS.
#[derive(Debug)]
pub enum CliKey {
    Local(PrivateKey),
    #[cfg(feature = "aws")]
    Kms(crate::aws::kms::KmsKey),
}

impl SignatureKey for CliKey {
    fn key_kind(&self) -> KeyKind {
        match self {
            Self::Local(k) => k.key_kind(),
            #[cfg(feature = "aws")]
            Self::Kms(k) => k.key_kind(),
        }
    }

    fn hash(&self) -> HashAlgorithm {
        match self {
            Self::Local(k) => SignatureKey::hash(k),
            #[cfg(feature = "aws")]
            Self::Kms(k) => SignatureKey::hash(k),
        }
    }

    fn rsa_signature_len(&self) -> usize {
        match self {
            Self::Local(k) => k.rsa_signature_len(),
            #[cfg(feature = "aws")]
            Self::Kms(k) => k.rsa_signature_len(),
        }
    }
}

impl PolicySigner for CliKey {
    fn sign_policy(&self, message: &[u8], hash: HashAlgorithm) -> Result<Vec<u8>, SignError> {
        match self {
            Self::Local(k) => k.sign_policy(message, hash),
            #[cfg(feature = "aws")]
            Self::Kms(k) => k.sign_policy(message, hash),
        }
    }
}

/// The signer of every signing command.
pub type CliSigner = Signer<CliKey>;

/// Where the private key comes from: `None` with `--kms-key-id`.
pub fn key_source(args: &KeyArgs) -> Result<Option<KeySource>, Failure> {
    match args.kms_key_id {
        Some(_) => Ok(None),
        None => KeySource::resolve(args.private_key.as_deref()).map(Some),
    }
}

/// Reads the private key (or connects to KMS) and builds the signer, with the hash the flags ask
/// for.
pub fn signer(args: &KeyArgs, source: Option<&KeySource>) -> Result<CliSigner, Failure> {
    let key = match (source, &args.kms_key_id) {
        (Some(source), _) => {
            CliKey::Local(keys::private_key(source, args.passphrase_file.as_deref())?)
        }
        (None, Some(id)) => kms_key(id, args.hash_algorithm)?,
        (None, None) => return Err(fail("--private-key", "missing --private-key FILE")),
    };
    let kind = key.key_kind();
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

/// The key in KMS, its spec read once; SHA-1 refused before any request (KMS signs for
/// CloudFront with SHA-256 only).
fn kms_key(id: &str, hash: Option<HashArg>) -> Result<CliKey, Failure> {
    if let Some(HashArg::Sha1) = hash {
        return Err(fail(
            "--hash-algorithm",
            "SHA1 cannot be used with --kms-key-id: KMS signs for CloudFront with SHA256 only (RSASSA_PKCS1_V1_5_SHA_256, ECDSA_SHA_256); remove the flag or use SHA256",
        ));
    }
    #[cfg(feature = "aws")]
    return Ok(CliKey::Kms(crate::aws::kms::KmsKey::connect(id)?));
    #[cfg(not(feature = "aws"))]
    {
        let _ = id;
        Err(fail(
            "--kms-key-id",
            "this cfsign was built without AWS support (the `aws` feature, which the release binary has): rebuild with `cargo install cfsign-cli --features aws`",
        ))
    }
}

/// The expiry, start and IP range.
#[derive(Clone)]
pub struct Window {
    pub date_less_than: u64,
    pub date_greater_than: Option<u64>,
    pub ip_range: Option<IpRange>,
}

/// The window's values as given, and the names errors give them (flags, or a batch line's fields).
pub struct WindowText<'a> {
    pub date_less_than: (&'static str, &'a str),
    pub date_greater_than: Option<(&'static str, &'a str)>,
    pub ip_address: Option<(&'static str, &'a str)>,
    pub allow_past: bool,
}

/// The flags' names for the window's values.
pub const DATE_LESS_THAN: &str = "--date-less-than";
pub const DATE_GREATER_THAN: &str = "--date-greater-than";
pub const IP_ADDRESS: &str = "--ip-address";

/// Reads and checks the window: an expiry in the future (unless `allow_past`), a start before it.
/// The expiry is at most the year 9999, as in the AWS CLI (`cfsign::time::parse_when`), well
/// within the 64 bits CloudFront's guide documents.
pub fn window(w: &WindowText<'_>, now: u64) -> Result<Window, Failure> {
    let when = |flag, text: &str| {
        cfsign::time::parse_when(text, now).map_err(|e| fail(flag, format!("{}: {e}", shown(text))))
    };
    let (dlt_name, dlt_text) = w.date_less_than;
    let date_less_than = when(dlt_name, dlt_text)?;
    if date_less_than <= now && !w.allow_past {
        return Err(fail(
            dlt_name,
            format!(
                "{} is in the past (now is {}): CloudFront would answer 403; pass --allow-past to sign it anyway",
                cfsign::time::format_utc(date_less_than),
                cfsign::time::format_utc(now)
            ),
        ));
    }
    let date_greater_than = match w.date_greater_than {
        Some((name, t)) => {
            let start = when(name, t)?;
            if start >= date_less_than {
                return Err(fail(
                    name,
                    format!(
                        "the start {} must be before {dlt_name} {}",
                        cfsign::time::format_utc(start),
                        cfsign::time::format_utc(date_less_than)
                    ),
                ));
            }
            Some(start)
        }
        None => None,
    };
    let ip_range = match w.ip_address {
        Some((name, ip)) => Some(IpRange::parse(ip).map_err(|e| fail(name, e))?),
        None => None,
    };
    Ok(Window {
        date_less_than,
        date_greater_than,
        ip_range,
    })
}

fn flags_window(args: &SigningArgs, now: u64) -> Result<Window, Failure> {
    let expires_in = args.expires.date_less_than(now)?.map(|t| t.to_string());
    let date_less_than = match &expires_in {
        Some(t) => ("--expires-in", t.as_str()),
        None => (
            DATE_LESS_THAN,
            args.date_less_than.as_deref().unwrap_or_default(),
        ),
    };
    window(
        &WindowText {
            date_less_than,
            date_greater_than: args
                .date_greater_than
                .as_deref()
                .map(|t| (DATE_GREATER_THAN, t)),
            ip_address: args.ip_address.as_deref().map(|t| (IP_ADDRESS, t)),
            allow_past: args.allow_past,
        },
        now,
    )
}

fn read_policy(path: &Path) -> Result<String, Failure> {
    let json = crate::read_file(path).map_err(|e| {
        fail(
            "--policy",
            format!(
                "cannot read {}: {}",
                shown(&path.to_string_lossy()),
                io_reason(&e)
            ),
        )
    })?;
    warn_unknown_keys(&json);
    Ok(json)
}

/// One warning on stderr per key CloudFront's guide does not document: the policy is signed as
/// written, as the AWS CLI signs it (a policy the core refuses is refused by the signer next).
fn warn_unknown_keys(json: &str) {
    if let Ok(doc) = cfsign::policy::PolicyDocument::parse_for_signing(json.as_bytes()) {
        for key in &doc.unknown_keys {
            eprintln!(
                "cfsign: warning: --policy: {key}: signed as written; CloudFront's handling is undocumented"
            );
        }
    }
}

/// The names a signing error may concern, as flags or as a batch line's fields.
pub struct Names {
    pub url: &'static str,
    pub resource: &'static str,
    pub date_less_than: &'static str,
    pub date_greater_than: &'static str,
    pub ip_address: &'static str,
}

/// The flags' names, with the resource named by `resource` (`--url`, `--policy-resource` or
/// `--resource`).
pub const fn flag_names(url: &'static str, resource: &'static str) -> Names {
    Names {
        url,
        resource,
        date_less_than: DATE_LESS_THAN,
        date_greater_than: DATE_GREATER_THAN,
        ip_address: IP_ADDRESS,
    }
}

/// Names the flag (or field) a signing error concerns.
pub fn sign_failure(e: SignError, names: &Names) -> Failure {
    let flag = match &e {
        SignError::Key(_) => "--private-key",
        // Only a key in KMS signs elsewhere.
        SignError::SignerFailed { .. }
        | SignError::InvalidSignature { .. }
        | SignError::HashUnsupported { .. } => "--kms-key-id",
        SignError::InvalidKeyPairId { .. } => "--key-pair-id",
        SignError::InvalidPolicyJson(_) => "--policy",
        SignError::InvalidCookieAttribute { name: "Domain", .. } => "--domain",
        SignError::InvalidCookieAttribute { .. } => "--path",
        SignError::Policy(PolicyError::InvalidResource { problem, .. })
            if *problem != ResourceProblem::NotHttpUrl || names.resource != names.url =>
        {
            names.resource
        }
        SignError::Policy(PolicyError::ExpiryTooLarge { .. }) => names.date_less_than,
        SignError::Policy(PolicyError::StartNotBeforeExpiry { .. }) => names.date_greater_than,
        SignError::Policy(PolicyError::InvalidIpRange { .. } | PolicyError::Ipv6Range { .. }) => {
            names.ip_address
        }
        _ => names.url,
    };
    fail(flag, e)
}

/// A pretty-printed JSON value and a newline.
pub fn json_text(value: &serde_json::Value) -> Result<String, Failure> {
    let json = serde_json::to_string_pretty(value).map_err(|e| fail("--output", e))?;
    Ok(format!("{json}\n"))
}

pub fn sign(args: SignArgs, now: u64) -> Result<String, Failure> {
    let now = args.signing.expires.now(now)?;
    let source = key_source(&args.signing.key)?;
    let signer = signer(&args.signing.key, source.as_ref())?;
    let names = if args.policy_resource.is_some() {
        flag_names("--url", "--policy-resource")
    } else {
        flag_names("--url", "--url")
    };
    let signed = match &args.signing.policy {
        Some(path) => signer.sign_url_with_policy_json(&args.url, &read_policy(path)?),
        None => {
            let w = flags_window(&args.signing, now)?;
            let options = UrlOptions {
                date_less_than: w.date_less_than,
                date_greater_than: w.date_greater_than,
                ip_range: w.ip_range,
                policy_resource: args.policy_resource.clone(),
            };
            signer.sign_url_with(&args.url, &options)
        }
    }
    .map_err(|e| sign_failure(e, &names))?;
    match args.output.format(Format::Text) {
        Format::Text => Ok(format!("{}\n", signed.as_str())),
        Format::Json => json_text(&serde_json::json!({ "url": signed.as_str() })),
    }
}

pub fn sign_cookies(args: CookieArgs, now: u64) -> Result<String, Failure> {
    let now = args.signing.expires.now(now)?;
    let source = key_source(&args.signing.key)?;
    let signer = signer(&args.signing.key, source.as_ref())?;
    let names = flag_names("--resource", "--resource");
    let cookies = match &args.signing.policy {
        Some(path) => signer.sign_cookies_with_policy_json(&read_policy(path)?),
        None => {
            let w = flags_window(&args.signing, now)?;
            let resource = args.resource.as_deref().unwrap_or_default();
            let mut policy = Policy::new(resource, w.date_less_than)
                .map_err(|e| sign_failure(e.into(), &names))?;
            if let Some(start) = w.date_greater_than {
                policy = policy
                    .valid_from(start)
                    .map_err(|e| fail(DATE_GREATER_THAN, e))?;
            }
            if let Some(range) = w.ip_range {
                policy = policy.ip_range(range);
            }
            signer.sign_cookies(&policy)
        }
    }
    .map_err(|e| sign_failure(e, &names))?;
    if args.output.format(Format::Text) == Format::Json {
        let map: serde_json::Map<String, serde_json::Value> = cookies
            .pairs()
            .iter()
            .map(|(n, v)| ((*n).to_string(), serde_json::Value::String(v.clone())))
            .collect();
        return json_text(&serde_json::Value::Object(map));
    }
    let options = CookieOptions {
        max_age: args.max_age,
        session: args.session,
        ..args.attributes.options()
    };
    let headers = cookies
        .set_cookie_headers_at(&options, now)
        .map_err(|e| sign_failure(e, &names))?;
    Ok(headers
        .iter()
        .map(|h| format!("Set-Cookie: {h}\n"))
        .collect())
}
