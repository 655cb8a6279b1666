//! One test's distribution on moto, made with the AWS CLI: a public key, a key group, an origin
//! access control, four buckets and a distribution whose behaviors reach them.
//!
//! Origins (bucket `TAG-NAME`):
//! - `oac`: OAC, a policy granting cloudfront.amazonaws.com for this distribution's ARN (clean);
//! - `other`: OAC, a policy granting another distribution's ARN (`bucket_policy_missing_distribution`);
//! - `none`: OAC, no policy at all (`bucket_policy_missing_distribution`);
//! - `public`: no OAC, no OAI, a policy granting s3:GetObject to `*` (`origin_not_locked`,
//!   `bucket_public`);
//! - `web`: a custom origin, app.example.com.
//!
//! Behaviors: the default (`oac`, restricted), `/public/*` (`public`, unrestricted),
//! `/other/*` (`other`, restricted), `/none/*` (`none`, restricted), `/api/*` (`web`, restricted).

use serde_json::{json, Value};

use super::aws;

pub struct Fixture {
    pub tag: String,
    pub key_id: String,
    pub key_group: String,
    pub id: String,
    pub arn: String,
    pub domain: String,
    pub alias: String,
}

pub fn bucket(tag: &str, name: &str) -> String {
    format!("{tag}-{name}")
}

fn s(v: &Value, path: &[&str]) -> String {
    let mut v = v;
    for p in path {
        v = &v[*p];
    }
    v.as_str()
        .unwrap_or_else(|| panic!("{path:?} in {v}"))
        .to_owned()
}

fn file(dir: &std::path::Path, name: &str, v: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, v.to_string()).unwrap();
    format!("file://{}", path.display())
}

/// The bucket policy granting CloudFront's service principal read access for `arn`.
pub fn oac_policy(bucket: &str, arn: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "AllowCloudFrontServicePrincipalReadOnly",
            "Effect": "Allow",
            "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Action": "s3:GetObject",
            "Resource": format!("arn:aws:s3:::{bucket}/*"),
            "Condition": {"StringEquals": {"AWS:SourceArn": arn}}
        }]
    })
}

pub fn public_policy(bucket: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "PublicRead",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": format!("arn:aws:s3:::{bucket}/*")
        }]
    })
}

fn behavior(pattern: Option<&str>, origin: &str, key_group: Option<&str>) -> Value {
    let mut b = json!({
        "TargetOriginId": origin,
        "ViewerProtocolPolicy": "redirect-to-https",
        "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    });
    if let Some(p) = pattern {
        b["PathPattern"] = json!(p);
    }
    if let Some(kg) = key_group {
        b["TrustedKeyGroups"] = json!({"Enabled": true, "Quantity": 1, "Items": [kg]});
    }
    b
}

impl Fixture {
    /// Makes everything for `tag` (lowercase letters, digits and dashes: it names buckets).
    pub fn new(tag: &str) -> Fixture {
        let dir = std::env::temp_dir().join(format!("cfsign-live-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pem = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/keys/rsa2048_pub.pem"
        ))
        .unwrap();
        let key = aws(&[
            "cloudfront",
            "create-public-key",
            "--public-key-config",
            &file(
                &dir,
                "key.json",
                &json!({"CallerReference": tag, "Name": format!("{tag}-key"), "EncodedKey": pem, "Comment": "live test"}),
            ),
        ]);
        let key_id = s(&key, &["PublicKey", "Id"]);
        let group = aws(&[
            "cloudfront",
            "create-key-group",
            "--key-group-config",
            &json!({"Name": format!("{tag}-kg"), "Items": [key_id], "Comment": "live test"})
                .to_string(),
        ]);
        let key_group = s(&group, &["KeyGroup", "Id"]);
        let oac = aws(&[
            "cloudfront",
            "create-origin-access-control",
            "--origin-access-control-config",
            &json!({"Name": format!("{tag}-oac"), "SigningProtocol": "sigv4", "SigningBehavior": "always", "OriginAccessControlOriginType": "s3"}).to_string(),
        ]);
        let oac = s(&oac, &["OriginAccessControl", "Id"]);
        for name in ["oac", "other", "none", "public"] {
            aws(&["s3api", "create-bucket", "--bucket", &bucket(tag, name)]);
        }
        let s3 = |name: &str, domain: String, with_oac: bool| {
            let mut o = json!({"Id": name, "DomainName": domain, "S3OriginConfig": {"OriginAccessIdentity": ""}});
            if with_oac {
                o["OriginAccessControlId"] = json!(oac);
            }
            o
        };
        let alias = format!("{tag}.media.example.com");
        let config = json!({
            "CallerReference": tag,
            "Aliases": {"Quantity": 1, "Items": [alias]},
            "Comment": format!("cfsign live test {tag}"),
            "Enabled": true,
            "Origins": {"Quantity": 5, "Items": [
                s3("oac", format!("{}.s3.us-east-1.amazonaws.com", bucket(tag, "oac")), true),
                s3("other", format!("{}.s3.amazonaws.com", bucket(tag, "other")), true),
                s3("none", format!("{}.s3.us-east-1.amazonaws.com", bucket(tag, "none")), true),
                s3("public", format!("{}.s3.amazonaws.com", bucket(tag, "public")), false),
                {"Id": "web", "DomainName": "app.example.com", "CustomOriginConfig": {
                    "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}},
            ]},
            "DefaultCacheBehavior": behavior(None, "oac", Some(&key_group)),
            "CacheBehaviors": {"Quantity": 4, "Items": [
                behavior(Some("/public/*"), "public", None),
                behavior(Some("/other/*"), "other", Some(&key_group)),
                behavior(Some("/none/*"), "none", Some(&key_group)),
                behavior(Some("/api/*"), "web", Some(&key_group)),
            ]},
        });
        let dist = aws(&[
            "cloudfront",
            "create-distribution",
            "--distribution-config",
            &file(&dir, "dist.json", &config),
        ]);
        let id = s(&dist, &["Distribution", "Id"]);
        let arn = s(&dist, &["Distribution", "ARN"]);
        let domain = s(&dist, &["Distribution", "DomainName"]);
        let put = |name: &str, policy: Value| {
            aws(&[
                "s3api",
                "put-bucket-policy",
                "--bucket",
                &bucket(tag, name),
                "--policy",
                &policy.to_string(),
            ]);
        };
        put("oac", oac_policy(&bucket(tag, "oac"), &arn));
        put(
            "other",
            oac_policy(
                &bucket(tag, "other"),
                "arn:aws:cloudfront::123456789012:distribution/EOTHER0000000",
            ),
        );
        put("public", public_policy(&bucket(tag, "public")));
        let _ = std::fs::remove_dir_all(&dir);
        Fixture {
            tag: tag.to_owned(),
            key_id,
            key_group,
            id,
            arn,
            domain,
            alias,
        }
    }
}

/// A distribution with one S3 origin on `domain` (no key groups): its ID.
pub fn one_origin_distribution(tag: &str, domain: &str) -> String {
    let config = json!({
        "CallerReference": tag,
        "Comment": "",
        "Enabled": true,
        "Origins": {"Quantity": 1, "Items": [
            {"Id": "s3", "DomainName": domain, "S3OriginConfig": {"OriginAccessIdentity": ""}}
        ]},
        "DefaultCacheBehavior": behavior(None, "s3", None),
    });
    let dist = aws(&[
        "cloudfront",
        "create-distribution",
        "--distribution-config",
        &config.to_string(),
    ]);
    s(&dist, &["Distribution", "Id"])
}
