//! JavaScript bindings, built with wasm-pack (`make wasm`): the only module that knows JS, and a
//! thin one. Every CloudFront or SDK rule is in the core; this converts arguments (serde), maps
//! errors to stable codes, and calls the host's crypto.
//!
//! - [`error`]: the one error type, its `code`s and their TypeScript union.
//! - [`convert`]: options in (serde derives, dates, keys), results out.
//! - [`dropin`]: `getSignedUrl` / `getSignedCookies`, the `@aws-sdk/cloudfront-signer` drop-in
//!   ([`crate::js_sdk`]'s rules).
//! - [`signer`]: `Signer`, a key parsed once, signing with the host's crypto.
//! - [`host`]: the host's synchronous crypto (`node:crypto`), installed by the package's entry.
//! - [`keys`]: private keys for synchronous signing (host, else Rust), and the drop-in's cache.
//! - [`keygroup`]: `KeyGroup` and its `verify` / `verifyAsync`.
//! - [`tools`]: what the worker and the page need from the core: resource matching, policies,
//!   cookie paths, public keys, the signing parameters, decoding.
//! - [`webcrypto`]: the calls into `crypto.subtle`.
//!
//! The TypeScript declarations are `src/wasm/cfsign.d.ts`, included in the generated `.d.ts`.

use alloc::string::{String, ToString};

use wasm_bindgen::prelude::*;

mod convert;
mod dropin;
mod error;
mod host;
mod keygroup;
mod keys;
mod signer;
mod tools;
mod webcrypto;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("wasm/cfsign.d.ts");

/// The package version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
