//! The bucket facts live mode produces, as the doctor's core defines them (`cfsign::doctor`'s
//! `BucketFacts`, `Checked`, `PublicAccessBlock`): mirrored here until both branches meet.

/// A fact about a bucket, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked<T> {
    /// What S3 answered.
    Known(T),
    /// The read failed: the operation and why (an error code, never a credential).
    CouldNotCheck { operation: String, reason: String },
}

/// A bucket's Public Access Block settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PublicAccessBlock {
    pub block_public_acls: bool,
    pub ignore_public_acls: bool,
    pub block_public_policy: bool,
    pub restrict_public_buckets: bool,
}

/// What live mode read about one origin's bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketFacts {
    pub bucket: String,
    pub policy: Checked<Option<String>>,
    pub policy_is_public: Checked<Option<bool>>,
    pub public_access_block: Checked<Option<PublicAccessBlock>>,
}
