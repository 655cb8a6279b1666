//! The distribution that serves a host: `ListDistributions`, page by page, matched on its
//! `DomainName` and `Aliases` (an exact name first, then a wildcard alias `*.example.com`, which
//! CloudFront matches for any name below `example.com`).

use aws_sdk_cloudfront::types::DistributionSummary;
use aws_sdk_cloudfront::Client;

use super::client::{cloudfront_failure, failure};
use crate::usage::{shown, Failure};

/// More pages than any account has (100 distributions a page).
const MAX_PAGES: usize = 1000;

/// How well a distribution's names match `host` (lowercase, no trailing dot): 2 for the exact
/// name, 1 for a wildcard alias, 0 for none.
fn score(d: &DistributionSummary, host: &str) -> u8 {
    let names = std::iter::once(d.domain_name.as_str()).chain(
        d.aliases
            .as_ref()
            .and_then(|a| a.items.as_deref())
            .unwrap_or_default()
            .iter()
            .map(String::as_str),
    );
    let mut best = 0;
    for name in names {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if name == host {
            return 2;
        }
        if let Some(parent) = name.strip_prefix("*.") {
            if host.len() > parent.len() + 1
                && host.ends_with(parent)
                && host.as_bytes().get(host.len() - parent.len() - 1) == Some(&b'.')
            {
                best = 1;
            }
        }
    }
    best
}

/// The ID of the one distribution that serves `host`.
pub(super) async fn distribution_for_host(cf: &Client, host: &str) -> Result<String, Failure> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
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
            match score(d, &host) {
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
            shown(&host)
        ))),
        many => Err(failure(format!(
            "several distributions answer to {} ({}); pass --distribution-id ID",
            shown(&host),
            many.join(", ")
        ))),
    }
}
