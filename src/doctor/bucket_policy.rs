//! An S3 bucket policy, read with serde derives, and what its `Allow` statements grant for
//! reading objects: to everyone, or to CloudFront for this distribution (Origin Access Control:
//! `{"Service": "cloudfront.amazonaws.com"}` with `AWS:SourceArn`, or `aws:SourceArn`, under
//! `StringEquals`, `StringLike`, `ArnEquals` or `ArnLike`).
//!
//! Only what the two rules need is read: `Effect`, `Principal`, `Action` (a string or a list;
//! `s3:GetObject`, `s3:Get*`, `s3:*` and `*` read objects; action names are case-insensitive, as
//! in IAM) and `Condition`. Unknown members are ignored.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Deserialize;
use serde_json::Value;

use super::pattern::glob_matches;

/// A string or a list of strings, as IAM allows for most members.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// One.
    One(String),
    /// Many.
    Many(Vec<String>),
}

impl OneOrMany {
    fn iter(&self) -> impl Iterator<Item = &str> {
        let (one, many) = match self {
            Self::One(s) => (Some(s.as_str()), &[][..]),
            Self::Many(v) => (None, v.as_slice()),
        };
        one.into_iter().chain(many.iter().map(String::as_str))
    }
}

/// `Principal`: `"*"` or `{"AWS": ..., "Service": ..., "CanonicalUser": ...}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Principal {
    /// `"*"`.
    Star(String),
    /// By kind.
    Map(BTreeMap<String, OneOrMany>),
}

/// One statement.
#[derive(Debug, Clone, Deserialize)]
pub struct Statement {
    #[serde(rename = "Effect")]
    effect: String,
    #[serde(rename = "Principal", default)]
    principal: Option<Principal>,
    #[serde(rename = "Action", default)]
    action: Option<OneOrMany>,
    #[serde(rename = "Condition", default)]
    condition: Option<BTreeMap<String, BTreeMap<String, Value>>>,
}

/// `Statement`: one statement or a list.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Statements {
    One(Statement),
    Many(Vec<Statement>),
}

/// A bucket policy.
#[derive(Debug, Clone, Deserialize)]
pub struct BucketPolicy {
    #[serde(rename = "Statement")]
    statement: Statements,
}

/// Parses a bucket policy's JSON text (serde_json: nesting bounded at 128 levels).
pub fn parse(text: &str) -> Result<BucketPolicy, serde_json::Error> {
    serde_json::from_str(text)
}

/// What one `Allow` statement grants for reading objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    /// To everyone, with no condition naming this distribution.
    Everyone,
    /// To CloudFront, for this distribution.
    ThisDistribution,
    /// To CloudFront with a `SourceArn` condition, and this distribution's ARN is unknown.
    UnknownDistribution,
    /// To CloudFront for other distributions only, or for all (no `SourceArn` condition).
    OtherDistributions,
}

fn reads_objects(action: Option<&OneOrMany>) -> bool {
    action.is_some_and(|a| {
        a.iter().any(|a| {
            let a = a.to_ascii_lowercase();
            a == "*" || a == "s3:*" || glob_matches(&a, "s3:getobject")
        })
    })
}

/// The `SourceArn` values of a condition, with whether each is a pattern (`*Like`).
fn source_arns(condition: &BTreeMap<String, BTreeMap<String, Value>>) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (operator, keys) in condition {
        let op = operator.to_ascii_lowercase();
        let op = op.rsplit(':').next().unwrap_or_default();
        let like = match op {
            "stringequals" | "arnequals" => false,
            "stringlike" | "arnlike" => true,
            _ => continue,
        };
        for (key, value) in keys {
            if !key.eq_ignore_ascii_case("aws:SourceArn") {
                continue;
            }
            match value {
                Value::String(s) => out.push((s.clone(), like)),
                Value::Array(items) => {
                    for item in items {
                        if let Value::String(s) = item {
                            out.push((s.clone(), like));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

fn names(arns: &[(String, bool)], arn: &str) -> bool {
    arns.iter().any(|(value, like)| match like {
        true => glob_matches(value, arn),
        false => value == arn,
    })
}

/// What each `Allow` statement that reads objects grants, in order.
pub fn grants(policy: &BucketPolicy, distribution_arn: Option<&str>) -> Vec<Grant> {
    let statements = match &policy.statement {
        Statements::One(s) => core::slice::from_ref(s),
        Statements::Many(v) => v.as_slice(),
    };
    let mut out = Vec::new();
    for s in statements {
        if s.effect != "Allow" || !reads_objects(s.action.as_ref()) {
            continue;
        }
        let empty = BTreeMap::new();
        let arns = source_arns(s.condition.as_ref().unwrap_or(&empty));
        let for_this = distribution_arn.map(|arn| names(&arns, arn));
        let (everyone, cloudfront) = match &s.principal {
            Some(Principal::Star(star)) => (star == "*", false),
            Some(Principal::Map(map)) => (
                map.get("AWS").is_some_and(|v| v.iter().any(|p| p == "*")),
                map.get("Service").is_some_and(|v| {
                    v.iter()
                        .any(|p| p.eq_ignore_ascii_case("cloudfront.amazonaws.com"))
                }),
            ),
            None => (false, false),
        };
        if everyone {
            // A condition on this distribution (or on some distribution, when its ARN is
            // unknown) limits the statement to CloudFront's requests.
            let limited = match for_this {
                Some(yes) => yes,
                None => !arns.is_empty(),
            };
            out.push(match limited {
                true => Grant::ThisDistribution,
                false => Grant::Everyone,
            });
        } else if cloudfront {
            out.push(match for_this {
                Some(true) => Grant::ThisDistribution,
                None if !arns.is_empty() => Grant::UnknownDistribution,
                _ => Grant::OtherDistributions,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:cloudfront::123456789012:distribution/E1ABC";

    fn g(text: &str, arn: Option<&str>) -> Vec<Grant> {
        grants(&parse(text).unwrap(), arn)
    }

    #[test]
    fn oac_statement_for_this_distribution() {
        let p = r#"{"Version":"2012-10-17","Statement":[{"Sid":"x","Effect":"Allow",
            "Principal":{"Service":"cloudfront.amazonaws.com"},"Action":"s3:GetObject",
            "Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"AWS:SourceArn":
            "arn:aws:cloudfront::123456789012:distribution/E1ABC"}}}]}"#;
        assert_eq!(g(p, Some(ARN)), [Grant::ThisDistribution]);
        assert_eq!(
            g(p, Some("arn:aws:cloudfront::1:distribution/E9")),
            [Grant::OtherDistributions]
        );
        assert_eq!(g(p, None), [Grant::UnknownDistribution]);
        let like = p
            .replace("StringEquals", "ArnLike")
            .replace("E1ABC", "*")
            .replace("AWS:S", "aws:S");
        assert_eq!(g(&like, Some(ARN)), [Grant::ThisDistribution]);
    }

    #[test]
    fn public_statements() {
        let p = r#"{"Statement":{"Effect":"Allow","Principal":"*","Action":["s3:Get*"],"Resource":"arn:aws:s3:::b/*"}}"#;
        assert_eq!(g(p, Some(ARN)), [Grant::Everyone]);
        let p = r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"S3:GetObject"}]}"#;
        assert_eq!(g(p, Some(ARN)), [Grant::Everyone]);
        let p =
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:PutObject"}]}"#;
        assert!(g(p, Some(ARN)).is_empty());
        let p = r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*"}]}"#;
        assert!(g(p, Some(ARN)).is_empty());
    }

    #[test]
    fn refuses_what_is_not_a_policy() {
        assert!(parse("[]").is_err());
        assert!(parse(r#"{"Statement":[{"Effect":1}]}"#).is_err());
        let deep = ["[".repeat(10_000), "]".repeat(10_000)].concat();
        assert!(parse(&deep).is_err());
    }
}
