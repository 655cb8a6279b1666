//! The WebAssembly module of the `cfsign` npm package: the library's JavaScript bindings, built by
//! wasm-pack (`make package`: `scripts/package.mjs`, settings in `wasm-pack.toml`). The only crate
//! that knows JS, and a thin one. Every CloudFront or SDK rule is in the `cfsign` library; this
//! converts arguments (serde-wasm-bindgen), maps errors to stable codes, and calls the host's
//! crypto. Every result is camelCase, as the AWS SDK and `jose` name things (the CLI's `--json`
//! keeps the core's snake_case).
//!
//! - `error`: the one error type, its `code`s and their TypeScript union.
//! - `js`: the boundary: options in and results out (serde-wasm-bindgen), string arguments, key
//!   bytes, without ever letting the caller's code throw through the WebAssembly.
//! - `options`: the options structs (serde derives), dates as the SDK reads them.
//! - `fields`: the option names of an options struct, from its derive.
//! - `dropin`: `getSignedUrl` / `getSignedCookies`, the `@aws-sdk/cloudfront-signer` drop-in
//!   (`cfsign::js_sdk`'s rules), and its cache of parsed keys.
//! - `signer`: `Signer`, a key parsed once, signing with the host's crypto.
//! - `signing`: what `Signer` and the drop-in sign, and what they make of the signature.
//! - `expires`: `expires: {in, roundTo, now}`, the core's cache-stable expiry, as `dateLessThan`.
//! - `prefix`: `signPrefix` and `SignedPrefix`, one policy signed once for many objects (feature
//!   `prefix`, in the full build only: 3.3 KB gzipped in the lite one).
//! - `callback`: a `sign` callback instead of a key (a key in KMS): called, raced with
//!   `signTimeout`, its signature checked by the core.
//! - `past`: the one warning an expiry in the past gives (unless `allowPast: true`).
//! - `crypto`: the one place where the host's crypto or Rust's is chosen, to sign and verify.
//! - `host`: the host's synchronous crypto (`node:crypto`), installed by the package's entry.
//! - `keygroup`: `KeyGroup` and its `verify` / `verifyAsync`.
//! - `playlist`: `signPlaylist`, playlists signed for one custom policy (`cfsign::playlist`;
//!   feature `playlist`, in the full build only: 17.8 KB gzipped in the lite one).
//! - `tools`: what the worker and the page need from the core: resource matching, policies,
//!   cookie paths, public keys, the signing parameters, decoding.
//! - `oncall`: `decodeSignedUrl`, `verifyWithoutKey`, `looksLikeCookies`: the on-call tools
//!   (feature `on-call`, in the full build only, with `KeyGroup.verify`'s `diagnose`, `repair`
//!   and `Set-Cookie` lines).
//! - `doctor`: `diagnose` and `auditDistribution`, the distribution doctor (feature `doctor`, in
//!   the full build only: it would weigh 53 KB gzipped in the lite one).
//! - `webcrypto`: the calls into `crypto.subtle`.
//! - `local`: the module's state (host crypto, caches), in statics for its one thread.
//! - `logs` (full build, feature `logs`): `analyzeLogs`' engine, `__LogAnalysis`.
//!
//! The TypeScript declarations are `cfsign.d.ts`, included in the generated `.d.ts`.
//!
//! `no_std` (serde-wasm-bindgen too: our copy in `vendor/`; the library is `no_std`): a panic (a
//! bug: every input error is an `Err`) traps without formatting a message, so no panic hook,
//! message, location or `std` I/O code is linked. The allocator is talc's for single-threaded
//! WebAssembly (4 KB smaller than dlmalloc, which `std` uses). Only built for `wasm32`: on other
//! targets the crate is empty (the library's own tests run natively and, by `make test-wasm`, in
//! WebAssembly).

#![cfg(target_arch = "wasm32")]
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs, rust_2018_idioms, unused_qualifications)]
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

extern crate alloc;

use wasm_bindgen::prelude::*;

mod callback;
mod crypto;
mod diagnose;
#[cfg(feature = "doctor")]
mod doctor;
mod dropin;
mod error;
mod expires;
mod fields;
mod host;
mod js;
mod keygroup;
mod local;
#[cfg(feature = "logs")]
mod logs;
#[cfg(feature = "on-call")]
mod oncall;
mod options;
mod past;
#[cfg(feature = "playlist")]
mod playlist;
#[cfg(feature = "prefix")]
mod prefix;
#[cfg(feature = "prefix")]
mod signed_prefix;
mod signer;
mod signing;
mod tools;
mod webcrypto;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("cfsign.d.ts");

/// The package version.
#[wasm_bindgen(unchecked_return_type = "string")]
pub fn version() -> JsValue {
    JsValue::from_str(env!("CARGO_PKG_VERSION"))
}

/// The allocator: talc, growing the memory as needed (its constructor refuses any target but
/// single-threaded WebAssembly).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// A panic is a bug (bad input is an `Err`, with a code): it traps, as `panic = "abort"` did
/// with `std`, without formatting anything.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
