//! `cfsign fetch-live` (hidden): what live mode reads, printed as one JSON object, so that it can
//! be compared with what the AWS CLI prints and saved as the doctor's file inputs.

use serde_json::{json, Value};

use cfsign::doctor::{url_parts, BucketFacts, Checked};

use super::{fetch_inputs, Target};
use crate::args::FetchLiveArgs;
use crate::usage::{fail, Failure};

fn checked<T>(c: &Checked<T>, known: impl Fn(&T) -> Value) -> Value {
    match c {
        Checked::Known(v) => json!({ "known": known(v) }),
        Checked::CouldNotCheck { operation, reason } => {
            json!({ "could_not_check": { "operation": operation, "reason": reason } })
        }
    }
}

fn bucket(b: &BucketFacts) -> Value {
    json!({
        "bucket": b.bucket,
        "policy": checked(&b.policy, |p| json!(p)),
        "policy_is_public": checked(&b.policy_is_public, |p| json!(p)),
        "public_access_block": checked(&b.public_access_block, |p| {
            p.map_or(Value::Null, |p| json!({
                "block_public_acls": p.block_public_acls,
                "ignore_public_acls": p.ignore_public_acls,
                "block_public_policy": p.block_public_policy,
                "restrict_public_buckets": p.restrict_public_buckets,
            }))
        }),
    })
}

pub fn fetch_live(args: &FetchLiveArgs) -> Result<String, Failure> {
    let host;
    let target = match (&args.distribution_id, &args.url) {
        (Some(id), _) => Target::DistributionId(id),
        (None, Some(url)) => {
            host = url_parts(url)
                .0
                .filter(|h| !h.is_empty())
                .ok_or_else(|| fail("--url", "not a URL with a host"))?;
            Target::Host(&host)
        }
        (None, None) => return Err(fail("--distribution-id", "give --distribution-id or --url")),
    };
    let inputs = fetch_inputs(target)?;
    let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
    let out = json!({
        "distribution": parse(&inputs.distribution_json),
        "key_groups": inputs.key_group_jsons.iter().map(|s| parse(s)).collect::<Vec<_>>(),
        "public_keys": inputs.public_key_jsons.iter().map(|s| parse(s)).collect::<Vec<_>>(),
        "buckets": inputs.bucket_facts.iter().map(bucket).collect::<Vec<_>>(),
    });
    Ok(format!(
        "{}\n",
        serde_json::to_string_pretty(&out).unwrap_or_default()
    ))
}
