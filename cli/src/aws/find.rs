//! The distribution that serves a host: `ListDistributions`, page by page, each summary matched
//! by the doctor's rule (`cfsign::doctor::DistributionSummary::serves_host`: the `DomainName` and
//! the `Aliases`, a wildcard alias covering one label). A name given exactly wins over a wildcard
//! (CloudFront's precedence); two distributions still left are an error that lists them.

use aws_sdk_cloudfront::Client;
use cfsign::doctor::DistributionSummary;

use super::client::{cloudfront_failure, failure};
use crate::usage::{shown, Failure};

/// More pages than any account has (100 distributions a page).
const MAX_PAGES: usize = 1000;

/// 2 when a name of `d` is `host` itself, 1 when only a wildcard alias covers it, 0 for neither.
fn score(d: &aws_sdk_cloudfront::types::DistributionSummary, host: &str) -> u8 {
    let aliases = d
        .aliases
        .as_ref()
        .and_then(|a| a.items.clone())
        .unwrap_or_default();
    let summary = |aliases: Vec<String>| DistributionSummary {
        id: Some(d.id.clone()),
        arn: Some(d.arn.clone()),
        domain_name: Some(d.domain_name.clone()),
        aliases,
    };
    let exact: Vec<String> = aliases
        .iter()
        .filter(|a| !a.starts_with("*."))
        .cloned()
        .collect();
    if summary(exact).serves_host(host) {
        2
    } else if summary(aliases).serves_host(host) {
        1
    } else {
        0
    }
}

/// The ID of the one distribution that serves `host`.
pub(super) async fn distribution_for_host(cf: &Client, host: &str) -> Result<String, Failure> {
    let mut exact = Vec::new();
    let mut wildcard = Vec::new();
    let mut marker: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page = cf
            .list_distributions()
            .set_marker(marker.take())
            .send()
            .await
            .map_err(|e| cloudfront_failure("ListDistributions", &e))?;
        let Some(list) = page.distribution_list else {
            break;
        };
        for d in list.items.as_deref().unwrap_or_default() {
            match score(d, host) {
                2 => exact.push(d.id.clone()),
                1 => wildcard.push(d.id.clone()),
                _ => {}
            }
        }
        match list
            .next_marker
            .filter(|m| list.is_truncated && !m.is_empty())
        {
            Some(m) => marker = Some(m),
            None => break,
        }
    }
    let found = if exact.is_empty() { wildcard } else { exact };
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(failure(format!(
            "no distribution of this account has the domain name or alias {}; pass \
             --distribution-id ID",
            shown(host)
        ))),
        many => Err(failure(format!(
            "several distributions answer to {} ({}); pass --distribution-id ID",
            shown(host),
            many.join(", ")
        ))),
    }
}
