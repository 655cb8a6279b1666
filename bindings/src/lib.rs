//! The WebAssembly module of the `cfsign` npm package. The bindings are the library's
//! (`cfsign::wasm`, feature `wasm`); this crate only links them into a `cdylib`, which wasm-pack
//! builds (`scripts/package.py`, settings in `wasm-pack.toml`), so that the library itself stays
//! an `rlib` for the Rust programs that depend on it.

#![forbid(unsafe_code)]

// Linking the library brings its `#[wasm_bindgen]` exports into this module.
#[cfg(feature = "wasm")]
pub use cfsign::wasm::version;
