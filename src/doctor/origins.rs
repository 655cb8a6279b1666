//! The origin behind the signatures: `origin_not_locked` (an S3 origin with neither Origin
//! Access Control nor a legacy OAI), `custom_origin_reachable` (a custom origin cannot be shown
//! to refuse direct requests), and with live mode's [`BucketFacts`] the bucket findings.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::bucket::{bucket_findings, bucket_of_origin, BucketFacts, BucketOrigin};
use super::model::{Distribution, Origin};
use super::{Finding, Severity};

/// The names of the behaviors that send requests to `origin_id`.
pub fn behaviors_using(distribution: &Distribution, origin_id: &str) -> Vec<String> {
    distribution
        .behaviors
        .iter()
        .filter(|b| b.target_origin_id == origin_id)
        .map(|b| b.name())
        .collect()
}

/// The S3 buckets live mode should read: `(origin ID, bucket)` for every S3 origin whose domain
/// names a bucket.
pub fn s3_buckets(distribution: &Distribution) -> Vec<(String, String)> {
    distribution
        .origins
        .iter()
        .filter(|o| o.is_s3())
        .filter_map(|o| bucket_of_origin(&o.domain_name).map(|b| (o.id.clone(), b.into())))
        .collect()
}

/// The findings for the origins (all, or only `only`), from the config and from `facts`.
pub fn origin_findings(
    distribution: &Distribution,
    facts: Option<&[BucketFacts]>,
    only: Option<&str>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for origin in &distribution.origins {
        if only.is_some_and(|id| id != origin.id) {
            continue;
        }
        let behaviors = behaviors_using(distribution, &origin.id);
        if origin.is_s3() {
            if !origin.locked() {
                out.push(not_locked(origin, behaviors.clone()));
            }
            let bucket = bucket_of_origin(&origin.domain_name);
            let found = facts.and_then(|f| f.iter().find(|f| Some(f.bucket.as_str()) == bucket));
            if let Some(facts) = found {
                let o = BucketOrigin {
                    distribution_arn: distribution.arn.as_deref(),
                    origin_id: &origin.id,
                    domain: &origin.domain_name,
                    uses_oac: origin.origin_access_control_id.is_some(),
                };
                out.extend(bucket_findings(&o, facts, &behaviors));
            }
        } else if !origin.vpc_origin {
            out.push(reachable(origin, behaviors));
        }
    }
    out
}

fn not_locked(origin: &Origin, behaviors: Vec<String>) -> Finding {
    Finding::new(
        "origin_not_locked",
        Severity::Warning,
        format!(
            "S3 origin {} ({}) has neither Origin Access Control nor an origin access identity: \
             CloudFront reads it as any anonymous caller would, so whatever the bucket's policy \
             and ACLs make public can be read straight from S3, with no signature.",
            origin.id, origin.domain_name
        ),
        "Create an Origin Access Control (aws cloudfront create-origin-access-control), set its \
         ID as the origin's OriginAccessControlId, turn on Block Public Access for the bucket, and \
         give it a bucket policy that grants s3:GetObject only to cloudfront.amazonaws.com with \
         AWS:SourceArn equal to this distribution's ARN.",
    )
    .on(behaviors)
}

fn reachable(origin: &Origin, behaviors: Vec<String>) -> Finding {
    let headers = match origin.custom_header_names.is_empty() {
        true => String::from("It sends no custom origin header."),
        false => format!(
            "It sends the custom origin header(s) {}: the origin must refuse requests without them.",
            origin.custom_header_names.join(", ")
        ),
    };
    Finding::new(
        "custom_origin_reachable",
        Severity::Info,
        format!(
            "Custom origin {} ({}) may answer requests that do not come through CloudFront, \
             which checks no signature for them; the config cannot show that it refuses them. {headers}",
            origin.id, origin.domain_name
        ),
        "Make the origin refuse direct requests: a secret custom origin header that it checks, an \
         allow list of CloudFront's managed prefix list (com.amazonaws.global.cloudfront.origin-facing) \
         in its security group, or a CloudFront VPC origin.",
    )
    .on(behaviors)
}
