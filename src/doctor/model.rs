//! The distribution, key groups and public keys as the doctor uses them, read from the AWS CLI's
//! output by [`super::inputs`].

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::pattern::Pattern;

/// One cache behavior, in CloudFront's order (the default last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Behavior {
    /// Its place among `CacheBehaviors` (0-based); `None` for the default cache behavior.
    pub index: Option<usize>,
    /// Its path pattern (`*` for the default).
    pub pattern: Pattern,
    /// `TargetOriginId`.
    pub target_origin_id: String,
    /// `TrustedKeyGroups.Items` when `Enabled` (else empty).
    pub trusted_key_groups: Vec<String>,
    /// `TrustedSigners.Items` when `Enabled` (else empty): AWS account IDs or `self`.
    pub trusted_signers: Vec<String>,
    /// `ViewerProtocolPolicy`: `allow-all`, `redirect-to-https` or `https-only`.
    pub viewer_protocol_policy: String,
}

impl Behavior {
    /// How findings and reports name it: `#2 /videos/*` (1-based, as the console lists them),
    /// or `default (*)`.
    pub fn name(&self) -> String {
        match self.index {
            Some(i) => format!("#{} {}", i + 1, self.pattern.text),
            None => "default (*)".into(),
        }
    }

    /// Whether it requires signed URLs or cookies: trusted key groups or legacy signers.
    pub fn restricted(&self) -> bool {
        !self.trusted_key_groups.is_empty() || !self.trusted_signers.is_empty()
    }

    /// `key_groups`, `trusted_signers`, `both` or `none`.
    pub fn restriction(&self) -> &'static str {
        match (
            self.trusted_key_groups.is_empty(),
            self.trusted_signers.is_empty(),
        ) {
            (false, false) => "both",
            (false, true) => "key_groups",
            (true, false) => "trusted_signers",
            (true, true) => "none",
        }
    }
}

/// One origin.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Origin {
    /// `Id`.
    pub id: String,
    /// `DomainName`.
    pub domain_name: String,
    /// Whether it has an `S3OriginConfig`.
    pub s3_origin_config: bool,
    /// `S3OriginConfig.OriginAccessIdentity`, when not empty (legacy OAI).
    pub origin_access_identity: Option<String>,
    /// `OriginAccessControlId`, when not empty.
    pub origin_access_control_id: Option<String>,
    /// Whether it has a `CustomOriginConfig`.
    pub custom_origin_config: bool,
    /// Whether it has a `VpcOriginConfig`.
    pub vpc_origin: bool,
    /// The names of its `CustomHeaders` (never their values).
    pub custom_header_names: Vec<String>,
}

impl Origin {
    /// An S3 REST origin: an `S3OriginConfig`, or a `*.s3.*amazonaws.com` domain.
    pub fn is_s3(&self) -> bool {
        self.s3_origin_config || super::bucket_of_origin(&self.domain_name).is_some()
    }

    /// Locked to CloudFront: Origin Access Control or a legacy OAI.
    pub fn locked(&self) -> bool {
        self.origin_access_control_id.is_some() || self.origin_access_identity.is_some()
    }
}

/// A key group `ActiveTrustedKeyGroups` lists: what CloudFront itself says is in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveKeyGroup {
    /// `KeyGroupId`.
    pub id: String,
    /// `KeyPairIds.Items`.
    pub key_ids: Vec<String>,
}

/// One `CustomErrorResponses` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorResponse {
    /// `ErrorCode`: the status CloudFront got (403, 404, ...).
    pub error_code: u16,
    /// `ResponsePagePath`, when set.
    pub response_page_path: Option<String>,
    /// `ResponseCode`, when set: the status the viewer gets.
    pub response_code: Option<String>,
}

/// A distribution.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Distribution {
    /// `Id` (only `get-distribution` has it).
    pub id: Option<String>,
    /// `ARN` (only `get-distribution` has it).
    pub arn: Option<String>,
    /// `DomainName` (`d111111abcdef8.cloudfront.net`; only `get-distribution` has it).
    pub domain_name: Option<String>,
    /// `Aliases.Items`.
    pub aliases: Vec<String>,
    /// `Origins.Items`.
    pub origins: Vec<Origin>,
    /// `CacheBehaviors.Items` in order, then `DefaultCacheBehavior`.
    pub behaviors: Vec<Behavior>,
    /// `ActiveTrustedKeyGroups.Items` when `Enabled` with items (moto leaves it empty).
    pub active_trusted_key_groups: Option<Vec<ActiveKeyGroup>>,
    /// `CustomErrorResponses.Items`.
    pub custom_error_responses: Vec<ErrorResponse>,
}

impl Distribution {
    /// The origin with this `Id`.
    pub fn origin(&self, id: &str) -> Option<&Origin> {
        self.origins.iter().find(|o| o.id == id)
    }

    /// Its `Id`, `ARN`, `DomainName` and `Aliases`.
    pub fn summary(&self) -> DistributionSummary {
        DistributionSummary {
            id: self.id.clone(),
            arn: self.arn.clone(),
            domain_name: self.domain_name.clone(),
            aliases: self.aliases.clone(),
        }
    }

    /// Whether it serves `host` ([`DistributionSummary::serves_host`]).
    pub fn serves_host(&self, host: &str) -> bool {
        self.summary().serves_host(host)
    }
}

/// What `list-distributions` says of a distribution, enough to find the one serving a host.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DistributionSummary {
    /// `Id`.
    pub id: Option<String>,
    /// `ARN`.
    pub arn: Option<String>,
    /// `DomainName`.
    pub domain_name: Option<String>,
    /// `Aliases.Items`.
    pub aliases: Vec<String>,
}

impl DistributionSummary {
    /// Whether `host` (a URL's host, any case, without port) is the distribution's domain or one
    /// of its aliases (`*.example.com` covers one label).
    pub fn serves_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let is = |name: &str| {
            let name = name.to_ascii_lowercase();
            match name.strip_prefix("*.") {
                Some(parent) => host
                    .split_once('.')
                    .is_some_and(|(label, rest)| !label.is_empty() && rest == parent),
                None => name == host,
            }
        };
        self.domain_name.as_deref().is_some_and(is) || self.aliases.iter().any(|a| is(a))
    }
}

/// A key group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyGroupInput {
    /// `Id`.
    pub id: String,
    /// `KeyGroupConfig.Name`.
    pub name: String,
    /// `KeyGroupConfig.Items`: public key IDs.
    pub key_ids: Vec<String>,
}

/// A public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicKeyInput {
    /// `Id`.
    pub id: String,
    /// `Name`, when known.
    pub name: Option<String>,
    /// `EncodedKey`: the PEM.
    pub encoded_key: String,
}

/// Which of several distributions serves `host` (live mode's lookup by `DomainName` and
/// `Aliases`): the index of the first that does.
pub fn find_distribution(distributions: &[DistributionSummary], host: &str) -> Option<usize> {
    distributions.iter().position(|d| d.serves_host(host))
}
