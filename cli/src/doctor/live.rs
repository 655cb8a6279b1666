//! Live mode for `doctor`, `audit` and `explain-response`: the distribution, its key groups and
//! public keys, and the facts about its buckets, read from AWS (`crate::aws`, feature `aws`) and
//! then read by the same parsers as the files.

use super::Loaded;
use crate::usage::{fail, Failure};

/// Neither --distribution nor --distribution-id, and no URL to find the distribution by.
fn no_distribution() -> Failure {
    fail(
        "--distribution",
        "give the output of `aws cloudfront get-distribution --id ID` as --distribution FILE, \
         or --distribution-id ID to read it from AWS",
    )
}

#[cfg(feature = "aws")]
pub fn load(id: Option<&str>, url: Option<&str>) -> Result<Loaded, Failure> {
    use crate::aws::{fetch_inputs, Target};
    use cfsign::doctor::{read_distribution, read_key_groups, read_public_keys};

    let host;
    let target = match (id, url) {
        (Some(id), _) => Target::DistributionId(id),
        (None, Some(url)) => {
            host = cfsign::doctor::url_parts(url)
                .0
                .filter(|h| !h.is_empty())
                .ok_or_else(|| {
                    fail(
                        "URL",
                        "has no host to find its distribution by: give a full URL, or \
                     --distribution-id ID, or --distribution FILE",
                    )
                })?;
            Target::Host(&host)
        }
        (None, None) => return Err(no_distribution()),
    };
    let live = fetch_inputs(target)?;
    // What AWS answered, read as the AWS CLI's output would be: an error here is cfsign's.
    let bad = |e| fail("--distribution-id", format!("live mode: {e}"));
    let distribution =
        read_distribution("GetDistribution", &live.distribution_json).map_err(bad)?;
    let mut key_groups = Vec::new();
    for text in &live.key_group_jsons {
        key_groups.extend(read_key_groups("GetKeyGroup", text, None).map_err(bad)?);
    }
    let mut public_keys = Vec::new();
    for text in &live.public_key_jsons {
        public_keys.extend(read_public_keys("GetPublicKey", text, None).map_err(bad)?);
    }
    Ok(Loaded {
        distribution,
        key_groups,
        public_keys,
        buckets: Some(live.bucket_facts),
    })
}

#[cfg(not(feature = "aws"))]
pub fn load(id: Option<&str>, url: Option<&str>) -> Result<Loaded, Failure> {
    let _ = url;
    match id {
        Some(_) => Err(fail(
            "--distribution-id",
            "live mode is not in this build of cfsign (the release binaries have it; build with \
             `cargo install cfsign-cli --features aws`): give --distribution FILE",
        )),
        None => Err(no_distribution()),
    }
}
