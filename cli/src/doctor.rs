//! `doctor`, `audit` and `explain-response`: thin callers of `cfsign::doctor`. They read the AWS
//! CLI's output from files (the rules, and the reading of the JSON, live in the library) and
//! print the result for people or as JSON (snake_case).

mod explain;
mod live;
mod render;

pub use explain::explain;

use cfsign::doctor::{
    read_distribution, read_key_groups, read_public_keys, BucketFacts, Distribution, Inputs,
    KeyGroupInput, PublicKeyInput, MAX_INPUT_BYTES,
};

use crate::args::{AuditArgs, DistributionArgs, DoctorArgs, Format};
use crate::inspect::json_value;
use crate::io_reason;
use crate::signing::json_text;
use crate::usage::{fail, shown, Failure};

/// What the flags name, read: the distribution, its key groups and keys, and (live mode) the
/// facts about its buckets.
pub struct Loaded {
    pub distribution: Distribution,
    pub key_groups: Vec<KeyGroupInput>,
    pub public_keys: Vec<PublicKeyInput>,
    pub buckets: Option<Vec<BucketFacts>>,
}

impl Loaded {
    pub fn inputs(&self) -> Inputs<'_> {
        Inputs {
            distribution: &self.distribution,
            key_groups: &self.key_groups,
            public_keys: &self.public_keys,
            buckets: self.buckets.as_deref(),
        }
    }
}

/// Reads `path` (`-`: standard input; `file://` accepted as in the AWS CLI), at most
/// [`MAX_INPUT_BYTES`].
fn read_text(flag: &'static str, path: &str) -> Result<String, Failure> {
    let path = path.trim_start_matches("file://");
    let read = match path {
        "-" => crate::read_bounded(std::io::stdin(), MAX_INPUT_BYTES as u64),
        _ => std::fs::File::open(path).and_then(|f| crate::read_bounded(f, MAX_INPUT_BYTES as u64)),
    };
    read.map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::FileTooLarge => format!("over {MAX_INPUT_BYTES} bytes"),
            std::io::ErrorKind::InvalidData => {
                "not UTF-8 text (AWS CLI JSON output is expected)".into()
            }
            _ => io_reason(&e),
        };
        fail(flag, format!("cannot read {}: {reason}", shown(path)))
    })
}

/// `ID=FILE` split, when the part before `=` is a CloudFront ID (letters and digits) and `spec`
/// is not itself a file.
fn id_and_path(spec: &str) -> (Option<&str>, &str) {
    match spec.split_once('=') {
        Some((id, path))
            if !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_alphanumeric())
                && !std::path::Path::new(spec).exists() =>
        {
            (Some(id), path)
        }
        _ => (None, spec),
    }
}

/// Reads every input the flags name: the files, or in live mode (no --distribution: the
/// distribution with --distribution-id, or the one that serves `url`'s host) what AWS answers.
/// --key-group and --public-key files add to either.
pub fn load(args: &DistributionArgs, url: Option<&str>) -> Result<Loaded, Failure> {
    let Some(path) = args.distribution.as_deref() else {
        let mut loaded = live::load(args.distribution_id.as_deref(), url)?;
        let (groups, keys) = extra_inputs(args)?;
        loaded.key_groups.extend(groups);
        loaded.public_keys.extend(keys);
        return Ok(loaded);
    };
    let text = read_text("--distribution", path)?;
    let distribution =
        read_distribution(&shown(path), &text).map_err(|e| fail("--distribution", e))?;
    let (key_groups, public_keys) = extra_inputs(args)?;
    Ok(Loaded {
        distribution,
        key_groups,
        public_keys,
        buckets: None,
    })
}

/// The --key-group and --public-key files.
fn extra_inputs(
    args: &DistributionArgs,
) -> Result<(Vec<KeyGroupInput>, Vec<PublicKeyInput>), Failure> {
    let mut key_groups = Vec::new();
    for spec in &args.key_groups {
        let (id, path) = id_and_path(spec);
        let text = read_text("--key-group", path)?;
        let groups =
            read_key_groups(&shown(path), &text, id).map_err(|e| fail("--key-group", e))?;
        key_groups.extend(groups);
    }
    let mut public_keys = Vec::new();
    for spec in &args.public_keys {
        let (id, path) = id_and_path(spec);
        let text = read_text("--public-key", path)?;
        let keys =
            read_public_keys(&shown(path), &text, id).map_err(|e| fail("--public-key", e))?;
        public_keys.extend(keys);
    }
    Ok((key_groups, public_keys))
}

/// `cfsign doctor`: the output, and 0 when CloudFront would serve the request, else 1.
pub fn doctor(args: DoctorArgs, now: u64) -> Result<(String, u8), Failure> {
    let loaded = load(&args.inputs, Some(&args.url))?;
    let now = crate::inspect::request_time(args.now.as_ref(), now)?;
    let client_ip = crate::inspect::client_ip(args.client_ip.as_ref())?;
    let request = cfsign::Request {
        url: &args.url,
        now,
        client_ip,
        cookies: args.cookie.as_deref(),
        skew: 0,
        // As CloudFront sees it: a damaged paste is not repaired here.
        repair: false,
    };
    let diagnosis = cfsign::doctor::diagnose(&loaded.inputs(), &request);
    let code = if diagnosis.served() { 0 } else { 1 };
    let out = match args.output.format(Format::Text) {
        Format::Json => json_text(&json_value(&diagnosis.json())?)?,
        Format::Text => render::diagnosis(&diagnosis),
    };
    Ok((out, code))
}

/// `cfsign audit`: the output, and 1 when a finding is a warning or worse.
pub fn audit(args: AuditArgs) -> Result<(String, u8), Failure> {
    let loaded = load(&args.inputs, None)?;
    let findings = cfsign::doctor::audit(&loaded.inputs());
    let code = if cfsign::doctor::any_warning(&findings) {
        1
    } else {
        0
    };
    let out = match args.output.format(Format::Text) {
        Format::Json => json_text(&json_value(&cfsign::doctor::AuditJson::new(
            &loaded.distribution,
            &findings,
        ))?)?,
        Format::Text => render::audit(&findings),
    };
    Ok((out, code))
}
