//! The origins and origin groups of a distribution's config, as the AWS CLI prints them (see
//! `json.rs`).

use aws_sdk_cloudfront::types::{
    CustomHeaders, CustomOriginConfig, Origin, OriginGroup, OriginGroups, Origins,
};
use serde_json::Value;

use super::obj::{list, Obj};

pub(super) fn origins(o: &Origins) -> Value {
    list(o.quantity, Some(&o.items), origin)
}

fn origin(o: &Origin) -> Value {
    Obj::new()
        .v("Id", o.id.as_str())
        .v("DomainName", o.domain_name.as_str())
        .o("OriginPath", o.origin_path.as_deref())
        .o(
            "CustomHeaders",
            o.custom_headers.as_ref().map(custom_headers),
        )
        .o(
            "S3OriginConfig",
            o.s3_origin_config.as_ref().map(|s| {
                Obj::new()
                    .v("OriginAccessIdentity", s.origin_access_identity.as_str())
                    .o("OriginReadTimeout", s.origin_read_timeout)
                    .done()
            }),
        )
        .o(
            "CustomOriginConfig",
            o.custom_origin_config.as_ref().map(custom_origin),
        )
        .o(
            "VpcOriginConfig",
            o.vpc_origin_config.as_ref().map(|v| {
                Obj::new()
                    .v("VpcOriginId", v.vpc_origin_id.as_str())
                    .o("OwnerAccountId", v.owner_account_id.as_deref())
                    .o("OriginReadTimeout", v.origin_read_timeout)
                    .o("OriginKeepaliveTimeout", v.origin_keepalive_timeout)
                    .done()
            }),
        )
        .o("ConnectionAttempts", o.connection_attempts)
        .o("ConnectionTimeout", o.connection_timeout)
        .o("ResponseCompletionTimeout", o.response_completion_timeout)
        .o(
            "OriginShield",
            o.origin_shield.as_ref().map(|s| {
                Obj::new()
                    .v("Enabled", s.enabled)
                    .o("OriginShieldRegion", s.origin_shield_region.as_deref())
                    .done()
            }),
        )
        .o(
            "OriginAccessControlId",
            o.origin_access_control_id.as_deref(),
        )
        .done()
}

fn custom_headers(h: &CustomHeaders) -> Value {
    list(h.quantity, h.items.as_deref(), |h| {
        Obj::new()
            .v("HeaderName", h.header_name.as_str())
            .v("HeaderValue", h.header_value.as_str())
            .done()
    })
}

fn custom_origin(c: &CustomOriginConfig) -> Value {
    Obj::new()
        .v("HTTPPort", c.http_port)
        .v("HTTPSPort", c.https_port)
        .v("OriginProtocolPolicy", c.origin_protocol_policy.as_str())
        .o(
            "OriginSslProtocols",
            c.origin_ssl_protocols
                .as_ref()
                .map(|p| list(p.quantity, Some(&p.items), |s| s.as_str().into())),
        )
        .o("OriginReadTimeout", c.origin_read_timeout)
        .o("OriginKeepaliveTimeout", c.origin_keepalive_timeout)
        .o(
            "IpAddressType",
            c.ip_address_type.as_ref().map(|t| t.as_str()),
        )
        .o(
            "OriginMtlsConfig",
            c.origin_mtls_config.as_ref().map(|m| {
                Obj::new()
                    .v("ClientCertificateArn", m.client_certificate_arn.as_str())
                    .done()
            }),
        )
        .done()
}

pub(super) fn origin_groups(g: &OriginGroups) -> Value {
    list(g.quantity, g.items.as_deref(), origin_group)
}

fn origin_group(g: &OriginGroup) -> Value {
    Obj::new()
        .v("Id", g.id.as_str())
        .o(
            "FailoverCriteria",
            g.failover_criteria.as_ref().map(|f| {
                Obj::new()
                    .o(
                        "StatusCodes",
                        f.status_codes
                            .as_ref()
                            .map(|s| list(s.quantity, Some(&s.items), |c| (*c).into())),
                    )
                    .done()
            }),
        )
        .o(
            "Members",
            g.members.as_ref().map(|m| {
                list(m.quantity, Some(&m.items), |m| {
                    Obj::new().v("OriginId", m.origin_id.as_str()).done()
                })
            }),
        )
        .o(
            "SelectionCriteria",
            g.selection_criteria.as_ref().map(|s| s.as_str()),
        )
        .done()
}
