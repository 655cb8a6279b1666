//! Which cache behavior a request reaches (the first whose pattern matches its path, else the
//! default), and the keys that behavior trusts.

use alloc::string::String;
use alloc::vec::Vec;

use super::model::{Behavior, Distribution, KeyGroupInput, PublicKeyInput};
use crate::key::{KeyError, PublicKey};
use crate::verify::KeyGroup;

/// A URL's host (lowercase, without user info or port) and path (from its first `/` to its query
/// or fragment; `/` when empty). A bare path (`/videos/a.mp4`) has no host.
pub fn url_parts(url: &str) -> (Option<String>, String) {
    let (host, rest) = match url.split_once("://") {
        Some((_, after)) => {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            let (authority, rest) = after.split_at(end);
            let authority = authority.rsplit('@').next().unwrap_or_default();
            let host = match authority.strip_prefix('[') {
                Some(v6) => v6.split(']').next().unwrap_or_default(),
                None => authority.split(':').next().unwrap_or_default(),
            };
            (Some(host.to_ascii_lowercase()), rest)
        }
        None => (None, url),
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let path = rest.get(..end).unwrap_or_default();
    let path = match path.starts_with('/') {
        true => path.into(),
        false => ["/", path].concat(),
    };
    (host, path)
}

/// The behavior a path reaches: its position in [`Distribution::behaviors`], and the earlier
/// behaviors whose patterns did not match (the default is reached when none did).
pub fn first_match(distribution: &Distribution, path: &str) -> (usize, Vec<usize>) {
    let mut skipped = Vec::new();
    for (at, b) in distribution.behaviors.iter().enumerate() {
        if b.index.is_none() || b.pattern.matches(path) {
            return (at, skipped);
        }
        skipped.push(at);
    }
    (distribution.behaviors.len().saturating_sub(1), skipped)
}

/// One trusted key group of a behavior, as the doctor found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedGroup {
    /// The key group's ID.
    pub id: String,
    /// Its public key IDs (from `ActiveTrustedKeyGroups`, else from the key-group inputs).
    pub key_ids: Vec<String>,
    /// Whether the group was found (in `ActiveTrustedKeyGroups` or the inputs).
    pub found: bool,
}

/// The keys a behavior trusts.
#[derive(Debug, Clone, Default)]
pub struct TrustedKeys {
    /// Its key groups.
    pub groups: Vec<TrustedGroup>,
    /// The public keys, for `verify`.
    pub keys: KeyGroup,
    /// Key IDs named by a group with no public key among the inputs.
    pub missing_keys: Vec<String>,
    /// Key IDs whose public key does not parse (or is not RSA-2048 or P-256), and why.
    pub bad_keys: Vec<(String, KeyError)>,
}

/// The groups of `behavior`: `ActiveTrustedKeyGroups` when the distribution has it filled, else
/// the behavior's `TrustedKeyGroups` looked up among `key_groups`.
pub fn trusted_groups(
    distribution: &Distribution,
    behavior: &Behavior,
    key_groups: &[KeyGroupInput],
) -> Vec<TrustedGroup> {
    let mut groups = Vec::new();
    for id in &behavior.trusted_key_groups {
        let active = distribution
            .active_trusted_key_groups
            .as_deref()
            .and_then(|a| a.iter().find(|g| &g.id == id))
            .map(|g| g.key_ids.clone());
        let input = || {
            key_groups
                .iter()
                .find(|g| &g.id == id)
                .map(|g| g.key_ids.clone())
        };
        let key_ids = active.or_else(input);
        groups.push(TrustedGroup {
            id: id.clone(),
            found: key_ids.is_some(),
            key_ids: key_ids.unwrap_or_default(),
        });
    }
    groups
}

/// The keys `behavior` trusts, parsed: those of its key groups, and with legacy trusted signers
/// the public keys given whose IDs are CloudFront key pair IDs (`APKA...`).
pub fn trusted_keys(
    distribution: &Distribution,
    behavior: &Behavior,
    key_groups: &[KeyGroupInput],
    public_keys: &[PublicKeyInput],
) -> TrustedKeys {
    let groups = trusted_groups(distribution, behavior, key_groups);
    let mut ids: Vec<String> = groups
        .iter()
        .flat_map(|g| g.key_ids.iter().cloned())
        .collect();
    if !behavior.trusted_signers.is_empty() {
        let legacy = public_keys.iter().filter(|k| k.id.starts_with("APKA"));
        ids.extend(legacy.map(|k| k.id.clone()));
    }
    let mut out = TrustedKeys {
        groups,
        ..TrustedKeys::default()
    };
    for id in ids {
        let id = id.as_str();
        if out.keys.get(id).is_some() || out.bad_keys.iter().any(|(b, _)| b == id) {
            continue;
        }
        match public_keys.iter().find(|k| k.id == id) {
            Some(k) => match PublicKey::from_pem(&k.encoded_key) {
                Ok(key) => out.keys.insert(id, key),
                Err(e) => out.bad_keys.push((id.into(), e)),
            },
            None if !out.missing_keys.iter().any(|m| m == id) => out.missing_keys.push(id.into()),
            None => {}
        }
    }
    out
}

/// The behaviors (positions) whose trusted key groups hold `key_id`, with the group's ID.
pub fn groups_with_key(
    distribution: &Distribution,
    key_groups: &[KeyGroupInput],
    key_id: &str,
) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (at, b) in distribution.behaviors.iter().enumerate() {
        for g in trusted_groups(distribution, b, key_groups) {
            if g.key_ids.iter().any(|k| k == key_id) {
                out.push((at, g.id));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_parts_split_host_and_path() {
        let p = |u: &str| url_parts(u);
        assert_eq!(
            p("https://D1.cloudfront.net/a/b.mp4?x=1#f"),
            (Some("d1.cloudfront.net".into()), "/a/b.mp4".into())
        );
        assert_eq!(
            p("https://user@host:8443"),
            (Some("host".into()), "/".into())
        );
        assert_eq!(p("http://[::1]:80/x"), (Some("::1".into()), "/x".into()));
        assert_eq!(p("/videos/a.mp4?Expires=1"), (None, "/videos/a.mp4".into()));
        assert_eq!(p("videos/a.mp4"), (None, "/videos/a.mp4".into()));
        // Encoded forms stay encoded: the pattern is matched against the path as sent.
        assert_eq!(p("https://h/a%2Fb"), (Some("h".into()), "/a%2Fb".into()));
    }
}
