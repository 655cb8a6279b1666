//! CloudFront signed URLs and signed cookies.
//!
//! `cfsign` builds the policies CloudFront checks, signs them byte for byte as the AWS SDKs do
//! (RSA-2048 with SHA-1 or SHA-256, ECDSA P-256), and encodes them into signed URLs and
//! `CloudFront-*` cookies.
//!
//! The crate is `#![no_std]` with `alloc`: it never reads a clock (every time is a parameter, in
//! seconds since the Unix epoch) and never touches the network, the file system or a random
//! source of its own (key generation takes the caller's RNG). Every error type implements
//! `core::error::Error`.
//!
//! # Features
//!
//! The defaults are what a program that signs needs: `std`, `rust-crypto` ([`PrivateKey`],
//! [`Signer`] and [`verify()`], with Rust's RSA and ECDSA), `precomputed-tables` (faster P-256
//! signing; needs `std`) and `encrypted-keys` (passphrase-protected PKCS#8 keys). With
//! `default-features = false` the crate is `no_std` + `alloc` and still builds and reads
//! policies, reads keys and decides everything but the signature ([`Pending`]), for a host whose
//! own crypto signs; `encryption-check` adds, without `encrypted-keys`, the checks of an
//! encrypted key's scheme and cost before a host decrypts it. The JavaScript bindings (the npm
//! package) are another crate, `cfsign-wasm` in `bindings/`, and the `cfsign` command another,
//! `cfsign-cli`, so that the library brings no wasm-bindgen, no command line parser and no
//! random source.
//!
//! # Example
//!
//! Parse the key once, then sign as often as needed:
//!
//! ```
//! use cfsign::{PrivateKey, Signer};
//!
//! # let pem = include_str!("../tests/keys/rsa2048_pkcs1.pem");
//! let key = PrivateKey::from_pem(pem)?;
//! let signer = Signer::new("K2JCJMDEHXQW5F", key)?;
//!
//! // A canned policy: the URL, valid until the given epoch second.
//! let url = signer.sign_url("https://d111111abcdef8.cloudfront.net/image.jpg", 1767290400)?;
//! assert!(url.as_str().starts_with("https://d111111abcdef8.cloudfront.net/image.jpg?Expires=1767290400&Signature="));
//! assert!(url.as_str().ends_with("&Key-Pair-Id=K2JCJMDEHXQW5F"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Where the rules come from
//!
//! Each module says which document or tool it follows: CloudFront's developer guide (canned and
//! custom policies, signed cookies, its base64 variant), botocore's `CloudFrontSigner`, the AWS
//! CLI's `cloudfront sign` command and `@aws-sdk/cloudfront-signer`. Where those tools disagree
//! the choice is documented where it is made, and `tests/vectors/` holds the vectors that prove it.

#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![warn(missing_docs, rust_2018_idioms, unused_qualifications)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod botocore;
pub mod cookie_jar;
pub mod decode;
pub mod doctor;
pub mod encoding;
pub mod error_code;
pub mod js_sdk;
pub mod key;
pub mod lambda_edge;
pub mod logs;
pub mod playlist;
pub mod policy;
pub mod repair;
pub mod sign;
pub mod time;
pub mod url;
pub mod verify;

pub use decode::{decode_cookies, decode_pasted, decode_url, Unverified};
pub use encoding::CfBase64;
pub use error_code::{ErrorCode, PublicError};
#[cfg(feature = "rust-crypto")]
pub use key::PrivateKey;
pub use key::{HashAlgorithm, KeyError, KeyKind, PublicKey};
pub use policy::{ConditionOrder, IpRange, Policy, PolicyDocument, PolicyError};
#[cfg(feature = "rust-crypto")]
pub use sign::Signer;
pub use sign::{
    CookieOptions, SameSite, SignError, SignedCookies, SignedPrefix, SignedUrl, UrlOptions,
};
#[cfg(feature = "rust-crypto")]
pub use verify::verify;
#[cfg(feature = "rust-crypto")]
pub use verify::verify_and_diagnose;
pub use verify::verify_without_key;
pub use verify::{KeyGroup, Pending, Reason, Request, Verdict, Verified};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
