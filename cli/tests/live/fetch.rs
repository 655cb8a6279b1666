//! What live mode reads is what the AWS CLI prints: the same JSON, parsed, for the distribution,
//! its key group and its public key; and the distribution is found from a URL's host.

use aws_sdk_cloudfront::primitives::{DateTime, DateTimeFormat};
use serde_json::Value;

use super::fixture::Fixture;
use super::{aws, cfsign, fetch_live, stderr};

/// `a` and `b` with every timestamp (`...Time` members) replaced by its instant: the AWS CLI
/// prints the service's text (`.802000Z`), the SDK keeps the instant (`.802Z`).
fn instants(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let v = match v.as_str() {
                        Some(s) if k.ends_with("Time") => {
                            let t = DateTime::from_str(s, DateTimeFormat::DateTime)
                                .unwrap_or_else(|e| panic!("{k}: {s}: {e}"));
                            Value::from(format!("{}.{:09}", t.secs(), t.subsec_nanos()))
                        }
                        _ => instants(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(instants).collect()),
        other => other.clone(),
    }
}

#[track_caller]
fn same(ours: &Value, cli: &Value, what: &str) {
    let (ours, cli) = (instants(ours), instants(cli));
    assert!(
        ours == cli,
        "{what}: cfsign's JSON differs from the AWS CLI's\ncfsign: {}\naws:    {}",
        serde_json::to_string_pretty(&ours).unwrap(),
        serde_json::to_string_pretty(&cli).unwrap()
    );
}

#[test]
fn what_live_mode_reads_is_what_the_aws_cli_prints() {
    let f = Fixture::new("cmp");
    let got = fetch_live(&["--distribution-id", &f.id]);
    let cli = aws(&["cloudfront", "get-distribution", "--id", &f.id]);
    // The fixture's config made it to moto and back (OAC, S3OriginConfig, key groups).
    assert_eq!(
        cli["Distribution"]["DistributionConfig"]["Origins"]["Items"][0]["OriginAccessControlId"]
            .as_str()
            .map(str::len),
        Some(13)
    );
    same(&got["distribution"], &cli, "get-distribution");
    let kg = aws(&["cloudfront", "get-key-group", "--id", &f.key_group]);
    assert_eq!(got["key_groups"].as_array().map(Vec::len), Some(1));
    same(&got["key_groups"][0], &kg, "get-key-group");
    let key = aws(&["cloudfront", "get-public-key", "--id", &f.key_id]);
    assert_eq!(got["public_keys"].as_array().map(Vec::len), Some(1));
    same(&got["public_keys"][0], &key, "get-public-key");
}

#[test]
fn the_distribution_is_found_from_the_urls_host() {
    let f = Fixture::new("host");
    // By alias, in any case, with a trailing dot and a port.
    for url in [
        format!("https://{}/a/b.mp4?x=1", f.alias),
        format!("https://{}./a", f.alias.to_uppercase()),
        format!("http://{}:8443/", f.alias),
        format!("https://{}/index.html", f.domain),
    ] {
        let got = fetch_live(&["--url", &url]);
        assert_eq!(
            got["distribution"]["Distribution"]["Id"],
            f.id.as_str(),
            "{url}"
        );
    }
    // A host no distribution has: exit 2, said so.
    let out = cfsign(&[
        "fetch-live",
        "--url",
        "https://nobody-has-this.example.org/x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("no distribution of this account has the domain name or alias \"nobody-has-this.example.org\""), "{err}");
    // An unknown ID: exit 2, said so.
    let out = cfsign(&["fetch-live", "--distribution-id", "ENOSUCHDIST00"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("CloudFront has no distribution \"ENOSUCHDIST00\""),
        "{}",
        stderr(&out)
    );
}
