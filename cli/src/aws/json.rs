//! The SDK's answers re-emitted as exactly the JSON the AWS CLI prints for them (PascalCase, the
//! same nesting and members), so that the doctor reads what live mode fetched with the parsers it
//! uses for `aws cloudfront get-distribution > dist.json`. A member the service left out is left
//! out here too (the SDK keeps it as `None`).

use aws_sdk_cloudfront::primitives::{DateTime, DateTimeFormat};
use aws_sdk_cloudfront::types::{
    ActiveTrustedKeyGroups, ActiveTrustedSigners, Aliases, CustomErrorResponses, Distribution,
    DistributionConfig, GeoRestriction, KeyGroup, KeyPairIds, LoggingConfig, PublicKey,
    ViewerCertificate,
};
use serde_json::Value;

use super::behaviors::{cache_behaviors, default_cache_behavior};
use super::obj::{list, strings, Obj};
use super::origins::{origin_groups, origins};

/// A timestamp as RFC 3339 (the AWS CLI prints the service's own text; the instant is the same).
/// `None` for the Unix epoch: the SDK's stand-in for a required timestamp the service left out
/// (moto's key groups have none), which no CloudFront resource carries.
fn time(t: &DateTime) -> Option<Value> {
    if t.secs() == 0 && t.subsec_nanos() == 0 {
        return None;
    }
    t.fmt(DateTimeFormat::DateTime).ok().map(Value::from)
}

/// `aws cloudfront get-distribution`: `{"ETag": ..., "Distribution": {...}}`.
pub fn get_distribution(etag: Option<&str>, distribution: Option<&Distribution>) -> Value {
    Obj::new()
        .o("ETag", etag)
        .o("Distribution", distribution.map(self::distribution))
        .done()
}

fn distribution(d: &Distribution) -> Value {
    Obj::new()
        .v("Id", d.id.as_str())
        .v("ARN", d.arn.as_str())
        .v("Status", d.status.as_str())
        .o("LastModifiedTime", time(&d.last_modified_time))
        .v(
            "InProgressInvalidationBatches",
            d.in_progress_invalidation_batches,
        )
        .v("DomainName", d.domain_name.as_str())
        .o(
            "ActiveTrustedSigners",
            d.active_trusted_signers.as_ref().map(active_signers),
        )
        .o(
            "ActiveTrustedKeyGroups",
            d.active_trusted_key_groups.as_ref().map(active_key_groups),
        )
        .o(
            "DistributionConfig",
            d.distribution_config.as_ref().map(distribution_config),
        )
        .o(
            "AliasICPRecordals",
            d.alias_icp_recordals.as_ref().map(|r| {
                r.iter()
                    .map(|a| {
                        Obj::new()
                            .o("CNAME", a.cname.as_deref())
                            .o(
                                "ICPRecordalStatus",
                                a.icp_recordal_status.as_ref().map(|s| s.as_str()),
                            )
                            .done()
                    })
                    .collect::<Vec<_>>()
            }),
        )
        .done()
}

fn key_pair_ids(k: &KeyPairIds) -> Value {
    Obj::new()
        .v("Quantity", k.quantity)
        .o("Items", strings(k.items.as_deref()))
        .done()
}

fn active_signers(a: &ActiveTrustedSigners) -> Value {
    let signer = |s: &aws_sdk_cloudfront::types::Signer| {
        Obj::new()
            .o("AwsAccountNumber", s.aws_account_number.as_deref())
            .o("KeyPairIds", s.key_pair_ids.as_ref().map(key_pair_ids))
            .done()
    };
    Obj::new()
        .v("Enabled", a.enabled)
        .v("Quantity", a.quantity)
        .o(
            "Items",
            a.items
                .as_ref()
                .map(|i| i.iter().map(signer).collect::<Vec<_>>()),
        )
        .done()
}

fn active_key_groups(a: &ActiveTrustedKeyGroups) -> Value {
    let group = |g: &aws_sdk_cloudfront::types::KgKeyPairIds| {
        Obj::new()
            .o("KeyGroupId", g.key_group_id.as_deref())
            .o("KeyPairIds", g.key_pair_ids.as_ref().map(key_pair_ids))
            .done()
    };
    Obj::new()
        .v("Enabled", a.enabled)
        .v("Quantity", a.quantity)
        .o(
            "Items",
            a.items
                .as_ref()
                .map(|i| i.iter().map(group).collect::<Vec<_>>()),
        )
        .done()
}

fn aliases(a: &Aliases) -> Value {
    Obj::new()
        .v("Quantity", a.quantity)
        .o("Items", strings(a.items.as_deref()))
        .done()
}

fn distribution_config(c: &DistributionConfig) -> Value {
    Obj::new()
        .v("CallerReference", c.caller_reference.as_str())
        .o("Aliases", c.aliases.as_ref().map(aliases))
        .o("DefaultRootObject", c.default_root_object.as_deref())
        .o("Origins", c.origins.as_ref().map(origins))
        .o("OriginGroups", c.origin_groups.as_ref().map(origin_groups))
        .o(
            "DefaultCacheBehavior",
            c.default_cache_behavior
                .as_ref()
                .map(default_cache_behavior),
        )
        .o(
            "CacheBehaviors",
            c.cache_behaviors.as_ref().map(cache_behaviors),
        )
        .o(
            "CustomErrorResponses",
            c.custom_error_responses.as_ref().map(error_responses),
        )
        .v("Comment", c.comment.as_str())
        .o("Logging", c.logging.as_ref().map(logging))
        .o("PriceClass", c.price_class.as_ref().map(|p| p.as_str()))
        .v("Enabled", c.enabled)
        .o(
            "ViewerCertificate",
            c.viewer_certificate.as_ref().map(viewer_certificate),
        )
        .o(
            "Restrictions",
            c.restrictions.as_ref().map(|r| {
                Obj::new()
                    .o(
                        "GeoRestriction",
                        r.geo_restriction.as_ref().map(geo_restriction),
                    )
                    .done()
            }),
        )
        .o("WebACLId", c.web_acl_id.as_deref())
        .o("HttpVersion", c.http_version.as_ref().map(|h| h.as_str()))
        .o("IsIPV6Enabled", c.is_ipv6_enabled)
        .o(
            "ContinuousDeploymentPolicyId",
            c.continuous_deployment_policy_id.as_deref(),
        )
        .o("Staging", c.staging)
        .o("AnycastIpListId", c.anycast_ip_list_id.as_deref())
        .o(
            "TenantConfig",
            c.tenant_config
                .as_ref()
                .map(super::behaviors::tenant_config),
        )
        .o(
            "ConnectionMode",
            c.connection_mode.as_ref().map(|m| m.as_str()),
        )
        .o(
            "ViewerMtlsConfig",
            c.viewer_mtls_config
                .as_ref()
                .map(super::behaviors::viewer_mtls),
        )
        .o(
            "ConnectionFunctionAssociation",
            c.connection_function_association
                .as_ref()
                .map(|a| Obj::new().v("Id", a.id.as_str()).done()),
        )
        .done()
}

fn error_responses(e: &CustomErrorResponses) -> Value {
    list(e.quantity, e.items.as_deref(), |r| {
        Obj::new()
            .v("ErrorCode", r.error_code)
            .o("ResponsePagePath", r.response_page_path.as_deref())
            .o("ResponseCode", r.response_code.as_deref())
            .o("ErrorCachingMinTTL", r.error_caching_min_ttl)
            .done()
    })
}

fn logging(l: &LoggingConfig) -> Value {
    Obj::new()
        .v("Enabled", l.enabled)
        .v("IncludeCookies", l.include_cookies)
        .v("Bucket", l.bucket.as_str())
        .v("Prefix", l.prefix.as_str())
        .done()
}

// Certificate and CertificateSource: deprecated, still returned and printed.
#[allow(deprecated)]
fn viewer_certificate(v: &ViewerCertificate) -> Value {
    Obj::new()
        .o(
            "CloudFrontDefaultCertificate",
            v.cloud_front_default_certificate,
        )
        .o("IAMCertificateId", v.iam_certificate_id.as_deref())
        .o("ACMCertificateArn", v.acm_certificate_arn.as_deref())
        .o(
            "SSLSupportMethod",
            v.ssl_support_method.as_ref().map(|m| m.as_str()),
        )
        .o(
            "MinimumProtocolVersion",
            v.minimum_protocol_version.as_ref().map(|m| m.as_str()),
        )
        .o("Certificate", v.certificate.as_deref())
        .o(
            "CertificateSource",
            v.certificate_source.as_ref().map(|s| s.as_str()),
        )
        .done()
}

fn geo_restriction(g: &GeoRestriction) -> Value {
    Obj::new()
        .v("RestrictionType", g.restriction_type.as_str())
        .v("Quantity", g.quantity)
        .o("Items", strings(g.items.as_deref()))
        .done()
}

/// `aws cloudfront get-key-group`: `{"KeyGroup": {...}, "ETag": ...}`.
pub fn get_key_group(etag: Option<&str>, group: Option<&KeyGroup>) -> Value {
    let group = group.map(|g| {
        Obj::new()
            .v("Id", g.id.as_str())
            .o("LastModifiedTime", time(&g.last_modified_time))
            .o(
                "KeyGroupConfig",
                g.key_group_config.as_ref().map(|c| {
                    Obj::new()
                        .v("Name", c.name.as_str())
                        .o("Items", strings(Some(&c.items)))
                        .o("Comment", c.comment.as_deref())
                        .done()
                }),
            )
            .done()
    });
    Obj::new().o("ETag", etag).o("KeyGroup", group).done()
}

/// `aws cloudfront get-public-key`: `{"PublicKey": {...}, "ETag": ...}`.
pub fn get_public_key(etag: Option<&str>, key: Option<&PublicKey>) -> Value {
    let key = key.map(|k| {
        Obj::new()
            .v("Id", k.id.as_str())
            .o("CreatedTime", time(&k.created_time))
            .o(
                "PublicKeyConfig",
                k.public_key_config.as_ref().map(|c| {
                    Obj::new()
                        .v("CallerReference", c.caller_reference.as_str())
                        .v("Name", c.name.as_str())
                        .v("EncodedKey", c.encoded_key.as_str())
                        .o("Comment", c.comment.as_deref())
                        .done()
                }),
            )
            .done()
    });
    Obj::new().o("ETag", etag).o("PublicKey", key).done()
}
