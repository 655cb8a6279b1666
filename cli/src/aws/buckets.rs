//! The S3 bucket behind each S3 origin: its policy, `GetBucketPolicyStatus` and Public Access
//! Block, read through the SDK into the facts the doctor's rule judges. A read that fails is
//! `CouldNotCheck` with the operation and the reason, never taken as clean; S3's "there is none"
//! answers (`NoSuchBucketPolicy`, `NoSuchPublicAccessBlockConfiguration`) are `Known(None)`.

use aws_config::{Region, SdkConfig};
use aws_sdk_s3::config::http::HttpResponse;
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_s3::Client;

use super::client::{code, reason, DEFAULT_REGION};
use cfsign::doctor::{BucketFacts, Checked, PublicAccessBlock};

/// The region in an S3 origin's domain after its bucket (`BUCKET.s3.REGION.amazonaws.com`,
/// `BUCKET.s3-REGION.amazonaws.com`, `BUCKET.s3.dualstack.REGION.amazonaws.com`, and
/// `.amazonaws.com.cn`); `None` for the global `BUCKET.s3.amazonaws.com` (S3 then says where the
/// bucket is). Which origins are S3's, and their buckets, is the doctor's rule
/// (`cfsign::doctor::s3_buckets`); this only picks the endpoint.
pub(super) fn region_of(domain: &str, bucket: &str) -> Option<String> {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let rest = domain.get(bucket.len()..)?;
    let rest = rest
        .strip_suffix(".amazonaws.com")
        .or_else(|| rest.strip_suffix(".amazonaws.com.cn"))?;
    let region = rest
        .strip_prefix(".s3.dualstack.")
        .or_else(|| rest.strip_prefix(".s3."))
        .or_else(|| rest.strip_prefix(".s3-"))?;
    (!region.is_empty() && region != "external-1" && !region.contains('.'))
        .then(|| region.to_owned())
}

/// A client for `region`, from the shared configuration (its endpoint override included).
fn client(config: &SdkConfig, region: &str) -> Client {
    let conf = aws_sdk_s3::config::Builder::from(config)
        .region(Region::new(region.to_owned()))
        .build();
    Client::from_conf(conf)
}

/// The region S3 names in a redirect (`x-amz-bucket-region`), when it answered one.
fn redirect_region<E>(e: &SdkError<E, HttpResponse>) -> Option<String> {
    let raw = e.raw_response()?;
    if !matches!(raw.status().as_u16(), 301 | 307 | 400) {
        return None;
    }
    raw.headers().get("x-amz-bucket-region").map(str::to_owned)
}

/// `Known(None)` for S3's "there is none" code, `CouldNotCheck` for every other failure.
fn checked<T, E: ProvideErrorMetadata>(
    operation: &str,
    result: Result<T, SdkError<E, HttpResponse>>,
    none_code: &str,
) -> Checked<Option<T>> {
    match result {
        Ok(v) => Checked::Known(Some(v)),
        Err(e) if code(&e) == Some(none_code) => Checked::Known(None),
        Err(e) => Checked::CouldNotCheck {
            operation: operation.to_owned(),
            reason: reason(&e),
        },
    }
}

/// What S3 says about `bucket`: three reads, each on its own.
pub(super) async fn bucket_facts(
    config: &SdkConfig,
    bucket: &str,
    region: Option<&str>,
) -> BucketFacts {
    let mut s3 = client(config, region.unwrap_or(DEFAULT_REGION));
    let mut policy = s3.get_bucket_policy().bucket(bucket).send().await;
    // The global domain: S3 redirects to the bucket's region, once.
    if region.is_none() {
        if let Some(r) = policy.as_ref().err().and_then(redirect_region) {
            s3 = client(config, &r);
            policy = s3.get_bucket_policy().bucket(bucket).send().await;
        }
    }
    let policy = checked(
        "GetBucketPolicy",
        policy.map(|o| o.policy),
        "NoSuchBucketPolicy",
    );
    let policy = match policy {
        Checked::Known(p) => Checked::Known(p.flatten()),
        Checked::CouldNotCheck { operation, reason } => {
            Checked::CouldNotCheck { operation, reason }
        }
    };
    let status = s3.get_bucket_policy_status().bucket(bucket).send().await;
    let status = checked(
        "GetBucketPolicyStatus",
        status.map(|o| o.policy_status.and_then(|s| s.is_public)),
        "NoSuchBucketPolicy",
    );
    let policy_is_public = match status {
        Checked::Known(p) => Checked::Known(p.flatten()),
        Checked::CouldNotCheck { operation, reason } => {
            Checked::CouldNotCheck { operation, reason }
        }
    };
    let block = s3.get_public_access_block().bucket(bucket).send().await;
    let block = checked(
        "GetPublicAccessBlock",
        block.map(|o| {
            o.public_access_block_configuration
                .map(|c| PublicAccessBlock {
                    block_public_acls: c.block_public_acls.unwrap_or(false),
                    ignore_public_acls: c.ignore_public_acls.unwrap_or(false),
                    block_public_policy: c.block_public_policy.unwrap_or(false),
                    restrict_public_buckets: c.restrict_public_buckets.unwrap_or(false),
                })
        }),
        "NoSuchPublicAccessBlockConfiguration",
    );
    let public_access_block = match block {
        Checked::Known(p) => Checked::Known(p.flatten()),
        Checked::CouldNotCheck { operation, reason } => {
            Checked::CouldNotCheck { operation, reason }
        }
    };
    BucketFacts {
        bucket: bucket.to_owned(),
        policy,
        policy_is_public,
        public_access_block,
    }
}

#[cfg(test)]
mod tests {
    use super::region_of;

    #[test]
    fn regions_of_s3_domains() {
        let r = |d: &str, b: &str| region_of(d, b);
        assert_eq!(r("media.s3.amazonaws.com", "media"), None);
        assert_eq!(r("Media.S3.amazonaws.com.", "media"), None);
        assert_eq!(
            r("media.s3.eu-west-1.amazonaws.com", "media"),
            Some("eu-west-1".into())
        );
        assert_eq!(
            r("media.s3-eu-west-1.amazonaws.com", "media"),
            Some("eu-west-1".into())
        );
        assert_eq!(
            r("a.b.s3.dualstack.us-east-2.amazonaws.com", "a.b"),
            Some("us-east-2".into())
        );
        assert_eq!(
            r("m.s3.cn-north-1.amazonaws.com.cn", "m"),
            Some("cn-north-1".into())
        );
        assert_eq!(r("m.s3-external-1.amazonaws.com", "m"), None);
        assert_eq!(r("m.s3.x.y.amazonaws.com", "m"), None);
        assert_eq!(r("m", "media"), None);
    }
}
