//! Live mode (feature `aws`): the distribution, its key groups and public keys, and the S3 buckets
//! behind its origins, read through the official AWS SDK for Rust, for the doctor.
//!
//! CloudFront's answers are re-emitted as exactly the JSON the AWS CLI prints for them
//! (`json.rs`), so that the doctor reads them with the parsers it uses for files; S3's become
//! bucket facts (`buckets.rs`). A tokio current-thread runtime is started only here, only when
//! live mode runs. Needs `cloudfront:GetDistribution`, `cloudfront:ListDistributions` (to find the
//! distribution from a host), `cloudfront:GetKeyGroup`, `cloudfront:GetPublicKey`, and
//! `s3:GetBucketPolicy`, `s3:GetBucketPolicyStatus`, `s3:GetBucketPublicAccessBlock`.

mod behaviors;
mod buckets;
mod client;
pub mod debug;
mod find;
mod json;
pub mod kms;
pub mod logs;
mod obj;
mod origins;

use std::collections::BTreeSet;

use cfsign::doctor::{read_distribution, s3_buckets, BucketFacts};
use serde_json::Value;

use self::client::{cloudfront_failure, code, failure};
use crate::usage::{shown, Failure};

/// Which distribution to read.
#[derive(Clone, Copy)]
pub enum Target<'a> {
    /// `--distribution-id ID`.
    DistributionId(&'a str),
    /// The host of the URL: the distribution whose `DomainName` or `Aliases` has it.
    Host(&'a str),
}

/// What live mode read: the AWS CLI's JSON for each answer, and the buckets' facts.
pub struct LiveInputs {
    /// `aws cloudfront get-distribution --id ID`.
    pub distribution_json: String,
    /// `aws cloudfront get-key-group --id ID`, for each key group the behaviors trust that exists.
    pub key_group_jsons: Vec<String>,
    /// `aws cloudfront get-public-key --id ID`, for each key of those key groups that exists.
    pub public_key_jsons: Vec<String>,
    /// One for each bucket behind an S3 origin.
    pub bucket_facts: Vec<BucketFacts>,
}

/// Reads `target`'s distribution and what it refers to. Errors (no credentials, a denied or
/// failed CloudFront call, no such distribution) name the operation; exit code 2.
pub fn fetch_inputs(target: Target<'_>) -> Result<LiveInputs, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| failure(format!("could not start the I/O runtime ({e})")))?;
    runtime.block_on(fetch(target))
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

async fn fetch(target: Target<'_>) -> Result<LiveInputs, Failure> {
    let config = client::load().await?;
    let cf = aws_sdk_cloudfront::Client::new(&config);
    let id = match target {
        Target::DistributionId(id) => id.to_owned(),
        Target::Host(host) => find::distribution_for_host(&cf, host).await?,
    };
    let got = cf.get_distribution().id(&id).send().await.map_err(|e| {
        if code(&e) == Some("NoSuchDistribution") {
            failure(format!("CloudFront has no distribution {}", shown(&id)))
        } else {
            cloudfront_failure("GetDistribution", &e)
        }
    })?;
    let distribution = got
        .distribution
        .as_ref()
        .ok_or_else(|| failure("GetDistribution answered no distribution"))?;
    let distribution_json = pretty(&json::get_distribution(
        got.e_tag.as_deref(),
        Some(distribution),
    ));

    let mut key_group_jsons = Vec::new();
    let mut key_ids = BTreeSet::new();
    for group in trusted_key_groups(distribution) {
        let out = match cf.get_key_group().id(&group).send().await {
            Ok(out) => out,
            // Left out: the doctor reports the trusted key group it was not given.
            Err(e) if code(&e) == Some("NoSuchResource") => continue,
            Err(e) => return Err(cloudfront_failure("GetKeyGroup", &e)),
        };
        if let Some(c) = out
            .key_group
            .as_ref()
            .and_then(|g| g.key_group_config.as_ref())
        {
            key_ids.extend(c.items.iter().cloned());
        }
        key_group_jsons.push(pretty(&json::get_key_group(
            out.e_tag.as_deref(),
            out.key_group.as_ref(),
        )));
    }
    let mut public_key_jsons = Vec::new();
    for key in key_ids {
        match cf.get_public_key().id(&key).send().await {
            Ok(out) => public_key_jsons.push(pretty(&json::get_public_key(
                out.e_tag.as_deref(),
                out.public_key.as_ref(),
            ))),
            Err(e) if code(&e) == Some("NoSuchPublicKey") => {}
            Err(e) => return Err(cloudfront_failure("GetPublicKey", &e)),
        }
    }

    // The buckets the doctor's rule names (S3 origins), each read once.
    let parsed = read_distribution("GetDistribution", &distribution_json)
        .map_err(|e| failure(format!("the distribution AWS answered: {e}")))?;
    let mut bucket_facts = Vec::new();
    let mut seen = BTreeSet::new();
    for (origin_id, bucket) in s3_buckets(&parsed) {
        if !seen.insert(bucket.clone()) {
            continue;
        }
        let domain = parsed.origins.iter().find(|o| o.id == origin_id);
        let region = domain.and_then(|o| buckets::region_of(&o.domain_name, &bucket));
        bucket_facts.push(buckets::bucket_facts(&config, &bucket, region.as_deref()).await);
    }
    Ok(LiveInputs {
        distribution_json,
        key_group_jsons,
        public_key_jsons,
        bucket_facts,
    })
}

/// The key groups the behaviors trust, and those CloudFront reports active.
fn trusted_key_groups(d: &aws_sdk_cloudfront::types::Distribution) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    if let Some(c) = d.distribution_config.as_ref() {
        let default = c
            .default_cache_behavior
            .iter()
            .filter_map(|b| b.trusted_key_groups.as_ref());
        let others = c
            .cache_behaviors
            .iter()
            .flat_map(|b| b.items.as_deref().unwrap_or_default())
            .filter_map(|b| b.trusted_key_groups.as_ref());
        for t in default.chain(others) {
            ids.extend(t.items.as_deref().unwrap_or_default().iter().cloned());
        }
    }
    if let Some(a) = d.active_trusted_key_groups.as_ref() {
        ids.extend(
            a.items
                .as_deref()
                .unwrap_or_default()
                .iter()
                .filter_map(|g| g.key_group_id.clone()),
        );
    }
    ids
}
