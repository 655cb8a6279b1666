//! `cfsign._native`: the Python bindings of the cfsign library, built by maturin into one abi3
//! wheel (python/pyproject.toml). Every CloudFront rule is the core's (`cfsign`); this crate reads
//! Python arguments, calls the core, and turns its errors into exceptions with a stable `code`.
//! The pure-Python package (python/cfsign/) re-exports these and adds the glue that is Python's
//! own (botocore-style callables, `async` signers).
//!
//! Layout: each concern registers itself with one line in `_native` below (signing modules
//! here; the Arrow verdicts in `arrow*.rs`).

#![forbid(unsafe_code)]

use pyo3::prelude::*;

mod arrow;
mod botocore;
mod error;
mod key;
mod verify;

/// The native module: each concern adds its classes and functions.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    arrow::register(m)?;
    m.add("CfsignError", m.py().get_type::<error::CfsignError>())?;
    m.add_class::<key::Key>()?;
    m.add_function(wrap_pyfunction!(key::openssl_version, m)?)?;
    m.add_class::<botocore::Prepared>()?;
    m.add_class::<botocore::SignedCookies>()?;
    m.add_function(wrap_pyfunction!(botocore::build_policy, m)?)?;
    m.add_class::<verify::KeyGroup>()?;
    m.add_function(wrap_pyfunction!(verify::verify_json, m)?)?;
    m.add_function(wrap_pyfunction!(verify::decode_json, m)?)?;
    Ok(())
}
