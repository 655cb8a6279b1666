//! The two steps of signing through a key kept elsewhere: a URL or cookies prepared (the bytes to
//! sign), then finished with the signature, checked ([`super::check_signature`]).

use alloc::string::String;
use alloc::vec::Vec;

use super::cookies::SignedCookies;
use super::seam::check_signature;
use super::{check_signed_length, SignError, SignedUrl};
use crate::encoding::CfBase64;
use crate::key::{HashAlgorithm, KeyKind};
use crate::url;

/// What every prepared signature carries: the key, the hash, the policy and its parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Prepared {
    pub(super) key_pair_id: String,
    pub(super) kind: KeyKind,
    pub(super) rsa_len: usize,
    pub(super) hash: HashAlgorithm,
    pub(super) policy_json: String,
    /// `Expires` (canned) or `Policy` (custom), and its value.
    pub(super) policy_param: (&'static str, String),
}

impl Prepared {
    /// The signature, checked, in CloudFront's base64.
    fn encoded(&self, signature: &[u8]) -> Result<String, SignError> {
        check_signature(self.kind, self.rsa_len, signature)?;
        Ok(CfBase64::encode(signature))
    }
}

/// A URL ready to be signed: sign [`UnsignedUrl::message`] with [`UnsignedUrl::hash`], then
/// [`UnsignedUrl::finish`]. Made by [`Signer::prepare_url`](crate::Signer::prepare_url) and its
/// siblings; every check but the signature's has passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsignedUrl {
    pub(super) url: String,
    pub(super) canned: bool,
    pub(super) prepared: Prepared,
}

/// Cookies ready to be signed: sign [`UnsignedCookies::message`] with
/// [`UnsignedCookies::hash`], then [`UnsignedCookies::finish`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsignedCookies {
    pub(super) prepared: Prepared,
}

macro_rules! accessors {
    () => {
        /// The bytes to sign: the policy JSON, exactly.
        pub fn message(&self) -> &[u8] {
            self.prepared.policy_json.as_bytes()
        }

        /// The policy JSON that will be signed.
        pub fn policy_json(&self) -> &str {
            &self.prepared.policy_json
        }

        /// The hash to sign with (`Hash-Algorithm=SHA256` is added for SHA-256).
        pub fn hash(&self) -> HashAlgorithm {
            self.prepared.hash
        }

        /// The type of key the signature must come from.
        pub fn key_kind(&self) -> KeyKind {
            self.prepared.kind
        }

        /// The key ID that goes into the result.
        pub fn key_pair_id(&self) -> &str {
            &self.prepared.key_pair_id
        }
    };
}

impl UnsignedUrl {
    accessors!();

    /// The signed URL, given the signature of [`UnsignedUrl::message`] (PKCS#1 v1.5 bytes for
    /// RSA, DER for ECDSA). A signature of the wrong form is refused
    /// ([`SignError::InvalidSignature`]), as is a URL over CloudFront's 8,192 bytes.
    pub fn finish(self, signature: &[u8]) -> Result<SignedUrl, SignError> {
        let signature = self.prepared.encoded(signature)?;
        let p = &self.prepared;
        let mut params = Vec::with_capacity(4);
        params.push((p.policy_param.0, p.policy_param.1.as_str()));
        params.push(("Signature", &signature));
        params.push(("Key-Pair-Id", &p.key_pair_id));
        if p.hash == HashAlgorithm::Sha256 {
            params.push(("Hash-Algorithm", "SHA256"));
        }
        let url = url::append_params(&self.url, &params);
        check_signed_length(&url)?;
        Ok(SignedUrl {
            url,
            policy_json: self.prepared.policy_json,
            canned: self.canned,
        })
    }
}

impl UnsignedCookies {
    accessors!();

    /// The signed cookies, given the signature of [`UnsignedCookies::message`]; a signature of
    /// the wrong form is refused ([`SignError::InvalidSignature`]).
    pub fn finish(self, signature: &[u8]) -> Result<SignedCookies, SignError> {
        let signature = self.prepared.encoded(signature)?;
        let Prepared {
            key_pair_id,
            hash,
            policy_json,
            policy_param,
            ..
        } = self.prepared;
        let first = match policy_param.0 {
            "Expires" => "CloudFront-Expires",
            _ => "CloudFront-Policy",
        };
        Ok(SignedCookies::from_parts(
            (first, policy_param.1),
            signature,
            &key_pair_id,
            hash,
            policy_json,
        ))
    }
}
