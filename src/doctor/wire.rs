//! The AWS CLI's JSON output, as serde derives (PascalCase members, as the CLI prints them).
//! Unknown members are ignored (AWS adds fields); an `Items` list is absent when its `Quantity`
//! is 0, so every list defaults to empty.

use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;

/// `{Quantity, Items}` of strings.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Strings {
    pub enabled: Option<bool>,
    pub items: Option<Vec<String>>,
}

impl Strings {
    /// The items when enabled (a list without `Enabled`, such as `Aliases`, is always on).
    pub fn active(self) -> Vec<String> {
        match self.enabled {
            Some(false) => Vec::new(),
            _ => self.items.unwrap_or_default(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct List<T> {
    pub enabled: Option<bool>,
    pub items: Option<Vec<T>>,
}

impl<T> List<T> {
    pub fn items(self) -> Vec<T> {
        self.items.unwrap_or_default()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct S3OriginConfig {
    pub origin_access_identity: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Header {
    pub header_name: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Origin {
    pub id: String,
    pub domain_name: String,
    pub s3_origin_config: Option<S3OriginConfig>,
    pub origin_access_control_id: Option<String>,
    pub custom_origin_config: Option<serde::de::IgnoredAny>,
    pub vpc_origin_config: Option<serde::de::IgnoredAny>,
    pub custom_headers: Option<List<Header>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct CacheBehavior {
    pub path_pattern: Option<String>,
    pub target_origin_id: String,
    pub trusted_key_groups: Option<Strings>,
    pub trusted_signers: Option<Strings>,
    pub viewer_protocol_policy: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ErrorResponse {
    pub error_code: u16,
    pub response_page_path: Option<String>,
    pub response_code: Option<String>,
}

/// `DistributionConfig`, and also a `list-distributions` summary (which adds `Id`, `ARN` and
/// `DomainName` beside the same members).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Config {
    pub id: Option<String>,
    #[serde(rename = "ARN")]
    pub arn: Option<String>,
    pub domain_name: Option<String>,
    pub aliases: Option<Strings>,
    pub origins: Option<List<Origin>>,
    pub default_cache_behavior: Option<CacheBehavior>,
    pub cache_behaviors: Option<List<CacheBehavior>>,
    pub custom_error_responses: Option<List<ErrorResponse>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KeyPairIds {
    pub items: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ActiveKeyGroup {
    pub key_group_id: String,
    pub key_pair_ids: Option<KeyPairIds>,
}

/// `Distribution` of `get-distribution`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Distribution {
    pub id: Option<String>,
    #[serde(rename = "ARN")]
    pub arn: Option<String>,
    pub domain_name: Option<String>,
    pub active_trusted_key_groups: Option<List<ActiveKeyGroup>>,
    pub distribution_config: Option<Config>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KeyGroupConfig {
    pub name: String,
    pub items: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KeyGroup {
    pub id: String,
    pub key_group_config: Option<KeyGroupConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KeyGroupItem {
    pub key_group: Option<KeyGroup>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PublicKeyConfig {
    pub name: Option<String>,
    pub encoded_key: String,
}

/// `PublicKey` of `get-public-key`, and also a `list-public-keys` summary (`Id`, `Name`,
/// `EncodedKey` at its top).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PublicKey {
    pub id: String,
    pub name: Option<String>,
    pub encoded_key: Option<String>,
    pub public_key_config: Option<PublicKeyConfig>,
}

/// Any of the outputs read: the top-level member names which one it is.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Top {
    pub distribution: Option<Distribution>,
    pub distribution_config: Option<Config>,
    pub distribution_list: Option<List<Config>>,
    pub key_group: Option<KeyGroup>,
    pub key_group_config: Option<KeyGroupConfig>,
    pub key_group_list: Option<List<KeyGroupItem>>,
    pub public_key: Option<PublicKey>,
    pub public_key_config: Option<PublicKeyConfig>,
    pub public_key_list: Option<List<PublicKey>>,
}
