//! The S3 bucket behind an origin: [`BucketFacts`] (what live mode read about it) and the rule
//! that turns them into findings ([`bucket_findings`]): `bucket_public` (error),
//! `bucket_policy_missing_distribution` (error) and `bucket_not_checked` (warning: a fact that
//! could not be read is never taken as clean).
//!
//! The facts are gathered by the command's live mode (the AWS SDK for Rust: `GetBucketPolicy`,
//! `GetBucketPolicyStatus`, `GetPublicAccessBlock`); this module only judges them, so that the
//! rule lives once, here. A caller without live access passes no facts, and the audit then
//! reports only what the distribution's config shows (`origin_not_locked`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::bucket_policy::{self, Grant};
use super::{Finding, Severity};

/// A fact about a bucket, or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Checked<T> {
    /// What S3 answered.
    Known(T),
    /// The read failed: an `AccessDenied`, a timeout, an unknown bucket.
    CouldNotCheck {
        /// The S3 operation, for example `GetBucketPolicy`.
        operation: String,
        /// Why, as the SDK said it (an error code such as `AccessDenied`; never a credential).
        reason: String,
    },
}

/// A bucket's Public Access Block settings (`GetPublicAccessBlock`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PublicAccessBlock {
    /// `BlockPublicAcls`.
    pub block_public_acls: bool,
    /// `IgnorePublicAcls`.
    pub ignore_public_acls: bool,
    /// `BlockPublicPolicy`.
    pub block_public_policy: bool,
    /// `RestrictPublicBuckets`: a public policy grants nothing to anonymous callers.
    pub restrict_public_buckets: bool,
}

/// What live mode read about one origin's bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketFacts {
    /// The bucket's name (see [`bucket_of_origin`]).
    pub bucket: String,
    /// `GetBucketPolicy`: the policy's JSON text; `None` when the bucket has no policy
    /// (`NoSuchBucketPolicy`).
    pub policy: Checked<Option<String>>,
    /// `GetBucketPolicyStatus`'s `IsPublic`; `None` when S3 has no status (no policy).
    pub policy_is_public: Checked<Option<bool>>,
    /// `GetPublicAccessBlock`; `None` when the bucket has none
    /// (`NoSuchPublicAccessBlockConfiguration`).
    pub public_access_block: Checked<Option<PublicAccessBlock>>,
}

/// The origin a bucket serves, as the rule needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BucketOrigin<'a> {
    /// The distribution's ARN (`get-distribution`'s `ARN`); `None` when only the config was given
    /// (`get-distribution-config` has none).
    pub distribution_arn: Option<&'a str>,
    /// The origin's `Id`.
    pub origin_id: &'a str,
    /// The origin's `DomainName`.
    pub domain: &'a str,
    /// Whether the origin has an `OriginAccessControlId`.
    pub uses_oac: bool,
}

/// The bucket an origin domain names: `BUCKET.s3.amazonaws.com`, `BUCKET.s3.REGION.amazonaws.com`,
/// `BUCKET.s3-REGION.amazonaws.com` (and `.amazonaws.com.cn`). `None` for any other domain,
/// S3's website endpoints (`s3-website`) included: those are custom origins.
pub fn bucket_of_origin(domain: &str) -> Option<&str> {
    let lower = domain.trim_end_matches('.');
    let rest_ok = |rest: &str| {
        let rest = rest.to_ascii_lowercase();
        let dotted = [".", rest.as_str()].concat();
        (dotted.ends_with(".amazonaws.com") || dotted.ends_with(".amazonaws.com.cn"))
            && !rest.starts_with("website")
    };
    let mut found = None;
    for (at, _) in lower.match_indices(".s3") {
        let rest = lower.get(at + 3..)?;
        let (sep, tail) = match rest.chars().next() {
            Some(c @ ('.' | '-')) => (c, rest.get(1..)?),
            _ => continue,
        };
        if (sep == '.' || sep == '-') && rest_ok(tail) {
            found = lower.get(..at);
            break;
        }
    }
    found.filter(|b| !b.is_empty())
}

/// The findings for one origin's bucket. `behaviors` are the behaviors that use the origin.
pub fn bucket_findings(
    origin: &BucketOrigin<'_>,
    facts: &BucketFacts,
    behaviors: &[String],
) -> Vec<Finding> {
    let mut out = Vec::new();
    let name = &facts.bucket;
    let on = |f: Finding| f.on(behaviors.to_vec());
    let not_checked = |what: &str, operation: &str, reason: &str| {
        on(Finding::new(
            "bucket_not_checked",
            Severity::Warning,
            format!(
                "Could not check {what} of bucket {name} (origin {}): {operation} failed ({reason}). \
                 This is not a clean result: the bucket may be public, or may refuse CloudFront.",
                origin.origin_id
            ),
            "Run again with credentials allowed s3:GetBucketPolicy, s3:GetBucketPolicyStatus and \
             s3:GetBucketPublicAccessBlock on the bucket, or check the bucket in the S3 console.",
        ))
    };
    let restricted = match &facts.public_access_block {
        Checked::Known(pab) => pab.is_some_and(|p| p.restrict_public_buckets),
        Checked::CouldNotCheck { operation, reason } => {
            out.push(not_checked("the Public Access Block", operation, reason));
            false
        }
    };
    let policy = match &facts.policy {
        Checked::Known(None) => Some(None),
        Checked::Known(Some(text)) => match bucket_policy::parse(text) {
            Ok(doc) => Some(Some(doc)),
            Err(_) => {
                out.push(not_checked(
                    "the policy",
                    "reading the policy JSON",
                    "not a policy cfsign reads",
                ));
                None
            }
        },
        Checked::CouldNotCheck { operation, reason } => {
            out.push(not_checked("the policy", operation, reason));
            None
        }
    };
    let public_by_status = match &facts.policy_is_public {
        Checked::Known(v) => v.unwrap_or(false),
        Checked::CouldNotCheck { operation, reason } => {
            out.push(not_checked("the policy status", operation, reason));
            false
        }
    };
    let grants = match &policy {
        Some(Some(doc)) => bucket_policy::grants(doc, origin.distribution_arn),
        _ => Vec::new(),
    };
    let public_statement = grants.contains(&Grant::Everyone);
    if (public_by_status || public_statement) && !restricted {
        let why = match public_by_status {
            true => "S3 reports its policy as public (GetBucketPolicyStatus IsPublic)",
            false => "a statement grants s3:GetObject to everyone (\"*\") without a condition on this distribution",
        };
        out.push(on(Finding::new(
            "bucket_public",
            Severity::Error,
            format!(
                "Bucket {name} behind origin {} ({}) is public: {why}. Its objects can be read \
                 straight from S3, and no CloudFront signature is ever asked for.",
                origin.origin_id, origin.domain
            ),
            "Remove the public statement, turn on Block Public Access for the bucket, and grant \
             s3:GetObject only to cloudfront.amazonaws.com with AWS:SourceArn equal to this \
             distribution's ARN (Origin Access Control).",
        )));
    }
    if origin.uses_oac {
        if let Some(policy) = &policy {
            let names_this = grants.contains(&Grant::ThisDistribution);
            let names_some = grants.contains(&Grant::UnknownDistribution);
            if names_some && !names_this {
                out.push(not_checked(
                    "that the policy names this distribution",
                    "comparing AWS:SourceArn",
                    "the distribution's ARN is unknown: give get-distribution's output, not get-distribution-config's",
                ));
            } else if !names_this {
                let has = match policy {
                    None => format!("bucket {name} has no policy, so nothing"),
                    Some(_) => format!("no statement of the policy of bucket {name}"),
                };
                out.push(on(Finding::new(
                    "bucket_policy_missing_distribution",
                    Severity::Error,
                    format!(
                        "Origin {} uses Origin Access Control, but {has} grants \
                         cloudfront.amazonaws.com s3:GetObject with AWS:SourceArn equal to this \
                         distribution ({}). S3 answers CloudFront AccessDenied for every request, \
                         signed or not.",
                        origin.origin_id,
                        origin.distribution_arn.unwrap_or("ARN unknown")
                    ),
                    "Add a statement: Effect Allow, Principal {\"Service\": \"cloudfront.amazonaws.com\"}, \
                     Action s3:GetObject, Resource arn:aws:s3:::BUCKET/*, Condition {\"StringEquals\": \
                     {\"AWS:SourceArn\": \"arn:aws:cloudfront::ACCOUNT:distribution/ID\"}}.",
                )));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    const ARN: &str = "arn:aws:cloudfront::123456789012:distribution/E1ABC";

    fn origin(oac: bool) -> BucketOrigin<'static> {
        BucketOrigin {
            distribution_arn: Some(ARN),
            origin_id: "s3-media",
            domain: "media.s3.us-east-1.amazonaws.com",
            uses_oac: oac,
        }
    }

    fn facts(policy: Option<&str>, public: Option<bool>) -> BucketFacts {
        BucketFacts {
            bucket: "media".into(),
            policy: Checked::Known(policy.map(str::to_string)),
            policy_is_public: Checked::Known(public),
            public_access_block: Checked::Known(None),
        }
    }

    fn codes(f: &[Finding]) -> Vec<&'static str> {
        f.iter().map(|f| f.code).collect()
    }

    #[test]
    fn bucket_names() {
        assert_eq!(bucket_of_origin("media.s3.amazonaws.com"), Some("media"));
        assert_eq!(
            bucket_of_origin("my.bucket.s3.eu-west-1.amazonaws.com"),
            Some("my.bucket")
        );
        assert_eq!(bucket_of_origin("b.s3-us-west-2.amazonaws.com"), Some("b"));
        assert_eq!(
            bucket_of_origin("b.s3.cn-north-1.amazonaws.com.cn"),
            Some("b")
        );
        assert_eq!(
            bucket_of_origin("b.s3-website-us-east-1.amazonaws.com"),
            None
        );
        assert_eq!(
            bucket_of_origin("b.s3-website.us-east-1.amazonaws.com"),
            None
        );
        assert_eq!(bucket_of_origin("example.com"), None);
        assert_eq!(bucket_of_origin(".s3.amazonaws.com"), None);
    }

    #[test]
    fn oac_without_a_statement_for_this_distribution() {
        let b = vec!["default (*)".to_string()];
        assert_eq!(
            codes(&bucket_findings(&origin(true), &facts(None, None), &b)),
            ["bucket_policy_missing_distribution"]
        );
        let other = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},
            "Action":"s3:GetObject","Condition":{"StringEquals":{"AWS:SourceArn":"arn:aws:cloudfront::1:distribution/E9"}}}]}"#;
        let f = bucket_findings(&origin(true), &facts(Some(other), Some(false)), &b);
        assert_eq!(codes(&f), ["bucket_policy_missing_distribution"]);
        assert_eq!(f[0].behaviors, b);
        let good = other.replace("arn:aws:cloudfront::1:distribution/E9", ARN);
        assert!(bucket_findings(&origin(true), &facts(Some(&good), Some(false)), &b).is_empty());
        // Without OAC, no statement for CloudFront is needed by this rule.
        assert!(bucket_findings(&origin(false), &facts(None, None), &b).is_empty());
    }

    #[test]
    fn public_buckets() {
        let public = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::media/*"}]}"#;
        let f = bucket_findings(&origin(false), &facts(Some(public), Some(true)), &[]);
        assert_eq!(codes(&f), ["bucket_public"]);
        assert_eq!(f[0].severity, Severity::Error);
        // S3's own status alone is enough.
        assert_eq!(
            codes(&bucket_findings(
                &origin(false),
                &facts(None, Some(true)),
                &[]
            )),
            ["bucket_public"]
        );
        // RestrictPublicBuckets makes a public policy grant nothing to anonymous callers.
        let mut restricted = facts(Some(public), Some(true));
        restricted.public_access_block = Checked::Known(Some(PublicAccessBlock {
            restrict_public_buckets: true,
            ..PublicAccessBlock::default()
        }));
        assert!(bucket_findings(&origin(false), &restricted, &[]).is_empty());
    }

    #[test]
    fn what_could_not_be_read_is_never_clean() {
        let denied = || Checked::CouldNotCheck {
            operation: "GetBucketPolicy".into(),
            reason: "AccessDenied".into(),
        };
        let f = BucketFacts {
            bucket: "media".into(),
            policy: denied(),
            policy_is_public: Checked::Known(None),
            public_access_block: Checked::Known(None),
        };
        let found = bucket_findings(&origin(true), &f, &[]);
        assert_eq!(codes(&found), ["bucket_not_checked"]);
        assert!(
            found[0].message.contains("GetBucketPolicy")
                && found[0].message.contains("AccessDenied")
        );
        let garbage = facts(Some("{not json"), Some(false));
        assert_eq!(
            codes(&bucket_findings(&origin(true), &garbage, &[])),
            ["bucket_not_checked"]
        );
        // OAC with a SourceArn condition, and no ARN to compare it with.
        let oac = r#"{"Statement":[{"Effect":"Allow","Principal":{"Service":"cloudfront.amazonaws.com"},
            "Action":"s3:GetObject","Condition":{"StringEquals":{"AWS:SourceArn":"arn:aws:cloudfront::1:distribution/E9"}}}]}"#;
        let no_arn = BucketOrigin {
            distribution_arn: None,
            ..origin(true)
        };
        assert_eq!(
            codes(&bucket_findings(
                &no_arn,
                &facts(Some(oac), Some(false)),
                &[]
            )),
            ["bucket_not_checked"]
        );
    }
}
