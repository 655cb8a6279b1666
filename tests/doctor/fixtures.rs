//! The fixtures, and the IDs moto gave them.

use cfsign::doctor::{
    read_distribution, read_key_groups, read_public_keys, Distribution, KeyGroupInput,
    PublicKeyInput,
};

pub const GET_DISTRIBUTION: &str = include_str!("../fixtures/aws/get-distribution.json");
pub const GET_DISTRIBUTION_CONFIG: &str =
    include_str!("../fixtures/aws/get-distribution-config.json");
pub const GET_DISTRIBUTION_CLEAN: &str =
    include_str!("../fixtures/aws/get-distribution-clean.json");
pub const KEY_GROUPS: [&str; 3] = [
    include_str!("../fixtures/aws/get-key-group-a.json"),
    include_str!("../fixtures/aws/get-key-group-b.json"),
    include_str!("../fixtures/aws/get-key-group-weak.json"),
];
pub const LIST_KEY_GROUPS: &str = include_str!("../fixtures/aws/list-key-groups.json");
pub const PUBLIC_KEYS: [&str; 4] = [
    include_str!("../fixtures/aws/get-public-key-rsa.json"),
    include_str!("../fixtures/aws/get-public-key-ec.json"),
    include_str!("../fixtures/aws/get-public-key-rsa_b.json"),
    include_str!("../fixtures/aws/get-public-key-weak.json"),
];
pub const LIST_PUBLIC_KEYS: &str = include_str!("../fixtures/aws/list-public-keys.json");
pub const LIST_DISTRIBUTIONS: &str = include_str!("../fixtures/aws/list-distributions.json");

pub fn distribution() -> Distribution {
    read_distribution("get-distribution.json", GET_DISTRIBUTION).unwrap()
}

pub fn key_groups() -> Vec<KeyGroupInput> {
    KEY_GROUPS
        .iter()
        .flat_map(|t| read_key_groups("kg.json", t, None).unwrap())
        .collect()
}

pub fn public_keys() -> Vec<PublicKeyInput> {
    PUBLIC_KEYS
        .iter()
        .flat_map(|t| read_public_keys("pk.json", t, None).unwrap())
        .collect()
}

/// The ID moto gave the public key named `name` (`rsa2048`, `ec-p256`, `rsa2048-b`, `rsa3072`).
pub fn key_id(name: &str) -> String {
    public_keys()
        .into_iter()
        .find(|k| k.name.as_deref() == Some(name))
        .unwrap()
        .id
}

/// The ID of key group `name` (`kg-a`, `kg-b`, `kg-weak`).
pub fn group_id(name: &str) -> String {
    key_groups()
        .into_iter()
        .find(|g| g.name == name)
        .unwrap()
        .id
}
