//! The distribution doctor: why a URL gets 403 from the distribution itself, and an audit of a
//! distribution for public holes.
//!
//! CloudFront picks the first cache behavior whose path pattern matches the request's path, then
//! the default (`*`); only that behavior's trusted key groups can sign for it. Many 403s, and the
//! worst leaks, come from that choice rather than from the signature. This module reads the
//! distribution as the AWS CLI prints it, finds the behavior a URL reaches, audits the behaviors
//! (exact pattern overlap, key groups, legacy signers, protocols, limits, origins), and tells
//! CloudFront's 403 from the origin's. No clock, no I/O: every input is a parameter.

mod audit;
mod behavior;
mod bucket;
mod bucket_policy;
mod diagnose;
mod finding;
mod inputs;
mod json;
mod model;
mod origins;
pub mod overlap;
pub mod pattern;
mod response;
mod wire;

pub use audit::{
    audit, MAX_CACHE_BEHAVIORS, MAX_GROUPS_PER_BEHAVIOR, MAX_KEYS_PER_GROUP, PATTERN_BUDGET,
};
pub use behavior::{
    first_match, trusted_groups, trusted_keys, url_parts, TrustedGroup, TrustedKeys,
};
pub use bucket::{
    bucket_findings, bucket_of_origin, BucketFacts, BucketOrigin, Checked, PublicAccessBlock,
};
pub use bucket_policy::{BucketPolicy, Grant};
#[cfg(feature = "rust-crypto")]
pub use diagnose::diagnose;
pub use diagnose::{diagnose_with, Diagnosis};
pub use finding::{any_warning, Finding, Severity};
pub use inputs::{
    read, read_distribution, read_key_groups, read_public_keys, Input, InputError,
    EXPECT_DISTRIBUTION, EXPECT_KEY_GROUP, EXPECT_PUBLIC_KEY, MAX_BEHAVIORS, MAX_INPUT_BYTES,
};
pub use json::{audit_json, AuditJson, BehaviorJson, BehaviorSummary, DiagnosisJson, GroupJson};
pub use model::{
    find_distribution, ActiveKeyGroup, Behavior, Distribution, DistributionSummary, ErrorResponse,
    KeyGroupInput, Origin, PublicKeyInput,
};
pub use origins::{origin_findings, s3_buckets};
pub use response::{explain_response, ErrorDocument, Explanation, Response, Source};

/// The doctor's and the audit's inputs: the distribution, the key groups and public keys given,
/// and live mode's facts about the origins' buckets (`None` offline).
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a> {
    /// The distribution.
    pub distribution: &'a Distribution,
    /// The key groups given (`get-key-group`, `list-key-groups`).
    pub key_groups: &'a [KeyGroupInput],
    /// The public keys given.
    pub public_keys: &'a [PublicKeyInput],
    /// What live mode read about the S3 origins' buckets.
    pub buckets: Option<&'a [BucketFacts]>,
}
