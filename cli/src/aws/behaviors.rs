//! The cache behaviors of a distribution's config, and its rarer members, as the AWS CLI prints
//! them (see `json.rs`).

use aws_sdk_cloudfront::types::{
    AllowedMethods, CacheBehavior, CacheBehaviors, DefaultCacheBehavior, ForwardedValues,
    FunctionAssociations, LambdaFunctionAssociations, TenantConfig, TrustedKeyGroups,
    TrustedSigners, ViewerMtlsConfig,
};
use serde_json::Value;

use super::obj::{list, strings, Obj};

/// The members after `PathPattern`: `DefaultCacheBehavior` and `CacheBehavior` have the same.
macro_rules! behavior_members {
    ($obj:expr, $b:expr) => {{
        let b = $b;
        $obj.v("TargetOriginId", b.target_origin_id.as_str())
            .o(
                "TrustedSigners",
                b.trusted_signers.as_ref().map(trusted_signers),
            )
            .o(
                "TrustedKeyGroups",
                b.trusted_key_groups.as_ref().map(trusted_key_groups),
            )
            .v("ViewerProtocolPolicy", b.viewer_protocol_policy.as_str())
            .o(
                "AllowedMethods",
                b.allowed_methods.as_ref().map(allowed_methods),
            )
            .o("SmoothStreaming", b.smooth_streaming)
            .o("Compress", b.compress)
            .o(
                "LambdaFunctionAssociations",
                b.lambda_function_associations.as_ref().map(lambdas),
            )
            .o(
                "FunctionAssociations",
                b.function_associations.as_ref().map(functions),
            )
            .o(
                "FieldLevelEncryptionId",
                b.field_level_encryption_id.as_deref(),
            )
            .o("RealtimeLogConfigArn", b.realtime_log_config_arn.as_deref())
            .o("CachePolicyId", b.cache_policy_id.as_deref())
            .o(
                "OriginRequestPolicyId",
                b.origin_request_policy_id.as_deref(),
            )
            .o(
                "ResponseHeadersPolicyId",
                b.response_headers_policy_id.as_deref(),
            )
            .o(
                "GrpcConfig",
                b.grpc_config
                    .as_ref()
                    .map(|g| Obj::new().v("Enabled", g.enabled).done()),
            )
            .o(
                "ForwardedValues",
                b.forwarded_values.as_ref().map(forwarded_values),
            )
            .o("MinTTL", b.min_ttl)
            .o("DefaultTTL", b.default_ttl)
            .o("MaxTTL", b.max_ttl)
            .done()
    }};
}

// ForwardedValues and the TTLs are deprecated members that CloudFront still returns and the AWS
// CLI still prints.
#[allow(deprecated)]
pub(super) fn default_cache_behavior(b: &DefaultCacheBehavior) -> Value {
    behavior_members!(Obj::new(), b)
}

pub(super) fn cache_behaviors(c: &CacheBehaviors) -> Value {
    list(c.quantity, c.items.as_deref(), cache_behavior)
}

#[allow(deprecated)]
fn cache_behavior(b: &CacheBehavior) -> Value {
    behavior_members!(Obj::new().v("PathPattern", b.path_pattern.as_str()), b)
}

fn trusted_signers(t: &TrustedSigners) -> Value {
    Obj::new()
        .v("Enabled", t.enabled)
        .v("Quantity", t.quantity)
        .o("Items", strings(t.items.as_deref()))
        .done()
}

fn trusted_key_groups(t: &TrustedKeyGroups) -> Value {
    Obj::new()
        .v("Enabled", t.enabled)
        .v("Quantity", t.quantity)
        .o("Items", strings(t.items.as_deref()))
        .done()
}

fn allowed_methods(a: &AllowedMethods) -> Value {
    Obj::new()
        .v("Quantity", a.quantity)
        .v(
            "Items",
            a.items
                .iter()
                .map(|m| Value::from(m.as_str()))
                .collect::<Vec<_>>(),
        )
        .o(
            "CachedMethods",
            a.cached_methods
                .as_ref()
                .map(|c| list(c.quantity, Some(&c.items), |m| m.as_str().into())),
        )
        .done()
}

fn lambdas(l: &LambdaFunctionAssociations) -> Value {
    list(l.quantity, l.items.as_deref(), |a| {
        Obj::new()
            .v("LambdaFunctionARN", a.lambda_function_arn.as_str())
            .v("EventType", a.event_type.as_str())
            .o("IncludeBody", a.include_body)
            .done()
    })
}

fn functions(f: &FunctionAssociations) -> Value {
    list(f.quantity, f.items.as_deref(), |a| {
        Obj::new()
            .v("FunctionARN", a.function_arn.as_str())
            .v("EventType", a.event_type.as_str())
            .done()
    })
}

fn forwarded_values(f: &ForwardedValues) -> Value {
    let names = |quantity: i32, items: Option<&[String]>| {
        Obj::new()
            .v("Quantity", quantity)
            .o("Items", strings(items))
            .done()
    };
    Obj::new()
        .v("QueryString", f.query_string)
        .o(
            "Cookies",
            f.cookies.as_ref().map(|c| {
                Obj::new()
                    .v("Forward", c.forward.as_str())
                    .o(
                        "WhitelistedNames",
                        c.whitelisted_names
                            .as_ref()
                            .map(|n| names(n.quantity, n.items.as_deref())),
                    )
                    .done()
            }),
        )
        .o(
            "Headers",
            f.headers
                .as_ref()
                .map(|h| names(h.quantity, h.items.as_deref())),
        )
        .o(
            "QueryStringCacheKeys",
            f.query_string_cache_keys
                .as_ref()
                .map(|k| names(k.quantity, k.items.as_deref())),
        )
        .done()
}

pub(super) fn tenant_config(t: &TenantConfig) -> Value {
    let definitions = t.parameter_definitions.as_ref().map(|defs| {
        defs.iter()
            .map(|d| {
                let schema = d.definition.as_ref().map(|s| {
                    Obj::new()
                        .o(
                            "StringSchema",
                            s.string_schema.as_ref().map(|c| {
                                Obj::new()
                                    .o("Comment", c.comment.as_deref())
                                    .o("DefaultValue", c.default_value.as_deref())
                                    .v("Required", c.required)
                                    .done()
                            }),
                        )
                        .done()
                });
                Obj::new()
                    .v("Name", d.name.as_str())
                    .o("Definition", schema)
                    .done()
            })
            .collect::<Vec<_>>()
    });
    Obj::new().o("ParameterDefinitions", definitions).done()
}

pub(super) fn viewer_mtls(m: &ViewerMtlsConfig) -> Value {
    Obj::new()
        .v("Mode", m.mode.as_str())
        .o(
            "TrustStoreConfig",
            m.trust_store_config.as_ref().map(|t| {
                Obj::new()
                    .v("TrustStoreId", t.trust_store_id.as_str())
                    .o(
                        "AdvertiseTrustStoreCaNames",
                        t.advertise_trust_store_ca_names,
                    )
                    .o("IgnoreCertificateExpiry", t.ignore_certificate_expiry)
                    .done()
            }),
        )
        .done()
}
