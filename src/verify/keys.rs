//! The public keys a distribution trusts, by ID.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::key::PublicKey;

/// The public keys CloudFront trusts for a distribution (its trusted key groups), by ID.
///
/// # Example
///
/// Verify a signed URL as CloudFront would, and see why it is refused later:
///
/// ```
/// use cfsign::{verify, KeyGroup, PrivateKey, PublicKey, Request, Signer};
///
/// # let private_pem = include_str!("../../tests/keys/rsa2048_pkcs1.pem");
/// # let public_pem = include_str!("../../tests/keys/rsa2048_pub.pem");
/// let keys = KeyGroup::new().with("K2JCJMDEHXQW5F", PublicKey::from_pem(public_pem)?);
///
/// let signer = Signer::new("K2JCJMDEHXQW5F", PrivateKey::from_pem(private_pem)?)?;
/// let url = signer.sign_url("https://d111111abcdef8.cloudfront.net/video.mp4", 1_893_456_000)?;
///
/// let now = 1_767_225_600; // 2026-01-01T00:00:00Z
/// assert!(verify(&Request::new(url.as_str(), now), &keys).allowed());
///
/// let verdict = verify(&Request::new(url.as_str(), 1_893_456_001), &keys);
/// assert!(!verdict.allowed());
/// assert_eq!(verdict.reasons[0].code(), "expired");
/// assert_eq!(verdict.reasons[0].cloudfront_error(), "AccessDenied");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct KeyGroup {
    keys: Vec<(String, PublicKey)>,
}

impl KeyGroup {
    /// An empty key group.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) the key with ID `id`.
    pub fn insert(&mut self, id: &str, key: PublicKey) {
        match self.keys.iter_mut().find(|(k, _)| k == id) {
            Some(slot) => slot.1 = key,
            None => self.keys.push((id.to_string(), key)),
        }
    }

    /// Adds the key, builder style.
    pub fn with(mut self, id: &str, key: PublicKey) -> Self {
        self.insert(id, key);
        self
    }

    /// Removes the key with ID `id`; whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.keys.len();
        self.keys.retain(|(k, _)| k != id);
        self.keys.len() != before
    }

    /// The key with ID `id`.
    pub fn get(&self, id: &str) -> Option<&PublicKey> {
        self.keys.iter().find(|(k, _)| k == id).map(|(_, key)| key)
    }

    /// The IDs and keys, in insertion order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &PublicKey)> {
        self.keys.iter().map(|(id, key)| (id.as_str(), key))
    }

    /// The IDs, in insertion order.
    pub fn ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for (id, _) in &self.keys {
            ids.push(id.clone());
        }
        ids
    }

    /// Number of keys.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}
