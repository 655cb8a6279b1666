//! The distribution doctor: why a URL gets 403 from the distribution itself, and an audit of a
//! distribution for public holes.
//!
//! CloudFront picks the first cache behavior whose path pattern matches the request's path, then
//! the default (`*`); only that behavior's trusted key groups can sign for it. Many 403s, and the
//! worst leaks, come from that choice rather than from the signature. This module reads the
//! distribution as the AWS CLI prints it, finds the behavior a URL reaches, audits the behaviors
//! (exact pattern overlap, key groups, legacy signers, protocols, limits, origins), and tells
//! CloudFront's 403 from the origin's. No clock, no I/O: every input is a parameter.

mod bucket;
mod bucket_policy;
mod finding;
mod inputs;
mod model;
pub mod overlap;
pub mod pattern;
mod wire;

pub use bucket::{
    bucket_findings, bucket_of_origin, BucketFacts, BucketOrigin, Checked, PublicAccessBlock,
};
pub use bucket_policy::{BucketPolicy, Grant};
pub use finding::{any_warning, Finding, Severity};
pub use inputs::{
    read, read_distribution, read_key_groups, read_public_keys, Input, InputError,
    EXPECT_DISTRIBUTION, EXPECT_KEY_GROUP, EXPECT_PUBLIC_KEY, MAX_BEHAVIORS, MAX_INPUT_BYTES,
};
pub use model::{
    find_distribution, ActiveKeyGroup, Behavior, Distribution, DistributionSummary, ErrorResponse,
    KeyGroupInput, Origin, PublicKeyInput,
};
