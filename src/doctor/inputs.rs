//! Reading the AWS CLI's output: `get-distribution` or `get-distribution-config` (and
//! `list-distributions`), `get-key-group`, `get-key-group-config` or `list-key-groups`,
//! `get-public-key`, `get-public-key-config` or `list-public-keys`. The shape is detected from
//! the top-level member (`Distribution`, `DistributionConfig`, `KeyGroup`, ...); unknown members
//! are ignored; a file of another kind is refused with an [`InputError`] naming the file and what
//! was expected.
//!
//! Bounds: at most [`MAX_INPUT_BYTES`] of JSON (serde_json bounds nesting at 128 levels), at most
//! [`MAX_BEHAVIORS`] cache behaviors, path patterns of at most 255 characters (as CloudFront).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use super::model::{
    ActiveKeyGroup, Behavior, Distribution, DistributionSummary, ErrorResponse, KeyGroupInput,
    Origin, PublicKeyInput,
};
use super::pattern::{Pattern, MAX_PATTERN_CHARS};
use super::wire;

/// The largest input read, in bytes.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;
/// The most cache behaviors read (CloudFront's quota is 75 unless raised).
pub const MAX_BEHAVIORS: usize = 1000;

/// Why an input cannot be read. [`InputError::code`] is stable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file (or argument) it came from, as the caller named it.
    pub file: String,
    /// `input_too_large`, `not_json`, `wrong_input`, `pattern_too_long`, `too_many_behaviors`,
    /// `no_default_behavior`.
    pub code: &'static str,
    /// What is wrong, and what was expected. Never quotes the input.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

impl core::error::Error for InputError {}

/// What one file held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A distribution.
    Distribution(Distribution),
    /// Several (`list-distributions`), summarised.
    Distributions(Vec<DistributionSummary>),
    /// Key groups.
    KeyGroups(Vec<KeyGroupInput>),
    /// Public keys.
    PublicKeys(Vec<PublicKeyInput>),
}

/// The kinds of file, to name what was expected.
pub const EXPECT_DISTRIBUTION: &str =
    "the output of `aws cloudfront get-distribution` or `get-distribution-config`";
/// See [`EXPECT_DISTRIBUTION`].
pub const EXPECT_KEY_GROUP: &str =
    "the output of `aws cloudfront get-key-group`, `get-key-group-config` or `list-key-groups`";
/// See [`EXPECT_DISTRIBUTION`].
pub const EXPECT_PUBLIC_KEY: &str =
    "the output of `aws cloudfront get-public-key`, `get-public-key-config` or `list-public-keys`, or a PEM public key";

fn error(file: &str, code: &'static str, message: String) -> InputError {
    InputError {
        file: file.into(),
        code,
        message,
    }
}

/// Reads one file of AWS CLI output, whatever its kind. `id` names the key group or public key
/// of a `get-key-group-config` or `get-public-key-config` output (which carry no `Id`).
pub fn read(file: &str, text: &str, id: Option<&str>) -> Result<Input, InputError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(error(
            file,
            "input_too_large",
            format!("over {MAX_INPUT_BYTES} bytes; expected AWS CLI output"),
        ));
    }
    let top: wire::Top = serde_json::from_str(text).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Data => "JSON of the wrong shape",
            serde_json::error::Category::Eof => "truncated JSON",
            _ => "not JSON",
        };
        error(
            file,
            "not_json",
            format!(
                "{what} (line {}, column {}); expected AWS CLI output (--output json)",
                e.line(),
                e.column()
            ),
        )
    })?;
    let id = id.unwrap_or_default();
    if let Some(d) = top.distribution {
        let mut dist = config(file, d.distribution_config.unwrap_or_default())?;
        dist.id = d.id;
        dist.arn = d.arn;
        dist.domain_name = d.domain_name;
        dist.active_trusted_key_groups = d
            .active_trusted_key_groups
            .filter(|a| a.enabled == Some(true))
            .map(wire::List::items)
            .filter(|items| !items.is_empty())
            .map(|items| {
                items
                    .into_iter()
                    .map(|g| ActiveKeyGroup {
                        id: g.key_group_id,
                        key_ids: g.key_pair_ids.and_then(|k| k.items).unwrap_or_default(),
                    })
                    .collect()
            });
        return Ok(Input::Distribution(dist));
    }
    if let Some(c) = top.distribution_config {
        return config(file, c).map(Input::Distribution);
    }
    if let Some(list) = top.distribution_list {
        let summaries = list.items().into_iter().map(|c| DistributionSummary {
            id: c.id,
            arn: c.arn,
            domain_name: c.domain_name,
            aliases: c.aliases.map(wire::Strings::active).unwrap_or_default(),
        });
        return Ok(Input::Distributions(summaries.collect()));
    }
    let group = |id: String, c: wire::KeyGroupConfig| KeyGroupInput {
        id,
        name: c.name,
        key_ids: c.items.unwrap_or_default(),
    };
    if let Some(g) = top.key_group {
        let c = g.key_group_config.unwrap_or_default();
        return Ok(Input::KeyGroups(alloc::vec![group(g.id, c)]));
    }
    if let Some(c) = top.key_group_config {
        if id.is_empty() {
            return Err(error(
                file,
                "wrong_input",
                "get-key-group-config's output has no Id: give it as ID=FILE".into(),
            ));
        }
        return Ok(Input::KeyGroups(alloc::vec![group(id.into(), c)]));
    }
    if let Some(list) = top.key_group_list {
        let groups = list.items().into_iter().filter_map(|i| i.key_group);
        let groups = groups.map(|g| group(g.id, g.key_group_config.unwrap_or_default()));
        return Ok(Input::KeyGroups(groups.collect()));
    }
    let key = |k: wire::PublicKey| {
        let config = k.public_key_config.unwrap_or_default();
        PublicKeyInput {
            id: k.id,
            name: k.name.or(config.name),
            encoded_key: k.encoded_key.unwrap_or(config.encoded_key),
        }
    };
    if let Some(k) = top.public_key {
        return Ok(Input::PublicKeys(alloc::vec![key(k)]));
    }
    if let Some(c) = top.public_key_config {
        if id.is_empty() {
            return Err(error(
                file,
                "wrong_input",
                "get-public-key-config's output has no Id: give it as ID=FILE".into(),
            ));
        }
        return Ok(Input::PublicKeys(alloc::vec![PublicKeyInput {
            id: id.into(),
            name: c.name,
            encoded_key: c.encoded_key,
        }]));
    }
    if let Some(list) = top.public_key_list {
        return Ok(Input::PublicKeys(
            list.items().into_iter().map(key).collect(),
        ));
    }
    Err(error(
        file,
        "wrong_input",
        "JSON with none of Distribution, DistributionConfig, KeyGroup, KeyGroupConfig, \
         KeyGroupList, PublicKey, PublicKeyConfig, PublicKeyList at its top"
            .into(),
    ))
}

/// Reads a distribution file (refusing key groups or keys, naming what was expected).
pub fn read_distribution(file: &str, text: &str) -> Result<Distribution, InputError> {
    match read(file, text, None)? {
        Input::Distribution(d) => Ok(d),
        other => Err(wrong(file, &other, EXPECT_DISTRIBUTION)),
    }
}

/// Reads a key-group file.
pub fn read_key_groups(
    file: &str,
    text: &str,
    id: Option<&str>,
) -> Result<Vec<KeyGroupInput>, InputError> {
    match read(file, text, id)? {
        Input::KeyGroups(g) => Ok(g),
        other => Err(wrong(file, &other, EXPECT_KEY_GROUP)),
    }
}

/// Reads a public-key file: AWS CLI output, or with `id` a PEM public key.
pub fn read_public_keys(
    file: &str,
    text: &str,
    id: Option<&str>,
) -> Result<Vec<PublicKeyInput>, InputError> {
    if let (Some(id), true) = (id, text.trim_start().starts_with("-----BEGIN")) {
        return Ok(alloc::vec![PublicKeyInput {
            id: id.into(),
            name: None,
            encoded_key: text.into(),
        }]);
    }
    match read(file, text, id)? {
        Input::PublicKeys(k) => Ok(k),
        other => Err(wrong(file, &other, EXPECT_PUBLIC_KEY)),
    }
}

fn wrong(file: &str, found: &Input, expected: &str) -> InputError {
    let found = match found {
        Input::Distribution(_) | Input::Distributions(_) => "a distribution",
        Input::KeyGroups(_) => "key groups",
        Input::PublicKeys(_) => "public keys",
    };
    error(
        file,
        "wrong_input",
        format!("this file holds {found}; expected {expected}"),
    )
}

fn config(file: &str, c: wire::Config) -> Result<Distribution, InputError> {
    let items = c.cache_behaviors.map(wire::List::items).unwrap_or_default();
    if items.len() > MAX_BEHAVIORS {
        return Err(error(
            file,
            "too_many_behaviors",
            format!(
                "{} cache behaviors, over the {MAX_BEHAVIORS} read",
                items.len()
            ),
        ));
    }
    let Some(default) = c.default_cache_behavior else {
        return Err(error(
            file,
            "no_default_behavior",
            format!("no DefaultCacheBehavior; expected {EXPECT_DISTRIBUTION}"),
        ));
    };
    let mut behaviors = Vec::with_capacity(items.len() + 1);
    for (i, b) in items.into_iter().enumerate() {
        let text = b.path_pattern.clone().unwrap_or_default();
        behaviors.push(behavior(file, Some(i), &text, b)?);
    }
    behaviors.push(behavior(file, None, "*", default)?);
    let origins = c.origins.map(wire::List::items).unwrap_or_default();
    Ok(Distribution {
        id: c.id,
        arn: c.arn,
        domain_name: c.domain_name,
        aliases: c.aliases.map(wire::Strings::active).unwrap_or_default(),
        origins: origins.into_iter().map(origin).collect(),
        behaviors,
        active_trusted_key_groups: None,
        custom_error_responses: c
            .custom_error_responses
            .map(wire::List::items)
            .unwrap_or_default()
            .into_iter()
            .map(|e| ErrorResponse {
                error_code: e.error_code,
                response_page_path: e.response_page_path.filter(|p| !p.is_empty()),
                response_code: e.response_code.filter(|p| !p.is_empty()),
            })
            .collect(),
    })
}

fn behavior(
    file: &str,
    index: Option<usize>,
    text: &str,
    b: wire::CacheBehavior,
) -> Result<Behavior, InputError> {
    let pattern = Pattern::new(text).ok_or_else(|| {
        error(
            file,
            "pattern_too_long",
            format!(
                "the path pattern of cache behavior #{} is over {MAX_PATTERN_CHARS} characters (CloudFront's limit)",
                index.map_or(0, |i| i + 1)
            ),
        )
    })?;
    Ok(Behavior {
        index,
        pattern,
        target_origin_id: b.target_origin_id,
        trusted_key_groups: b
            .trusted_key_groups
            .map(wire::Strings::active)
            .unwrap_or_default(),
        trusted_signers: b
            .trusted_signers
            .map(wire::Strings::active)
            .unwrap_or_default(),
        viewer_protocol_policy: b.viewer_protocol_policy,
    })
}

fn origin(o: wire::Origin) -> Origin {
    let oai = o
        .s3_origin_config
        .as_ref()
        .and_then(|s| s.origin_access_identity.clone());
    Origin {
        id: o.id,
        domain_name: o.domain_name,
        s3_origin_config: o.s3_origin_config.is_some(),
        origin_access_identity: oai.filter(|s| !s.is_empty()),
        origin_access_control_id: o.origin_access_control_id.filter(|s| !s.is_empty()),
        custom_origin_config: o.custom_origin_config.is_some(),
        vpc_origin: o.vpc_origin_config.is_some(),
        custom_header_names: o
            .custom_headers
            .map(wire::List::items)
            .unwrap_or_default()
            .into_iter()
            .map(|h| h.header_name)
            .collect(),
    }
}
