//! `verify`, `decode` and the on-call diagnosis: the core's verdicts as the CLI's `--json`
//! objects (the same fields and reason codes as `cfsign verify --json` and `cfsign decode`),
//! handed to Python as JSON text that `cfsign/__init__.py` loads into dicts.

use std::net::IpAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use cfsign::verify::Hints;
use cfsign::{KeyGroup as CoreKeyGroup, PublicKey, Request};

use crate::botocore::epoch;
use crate::error::{Code, Error, Result};

/// The trusted public keys of a key group, by key ID: parse once, verify many times.
#[pyclass(frozen, module = "cfsign")]
pub struct KeyGroup {
    keys: CoreKeyGroup,
}

fn read_pem(value: &Bound<'_, PyAny>) -> Result<PublicKey> {
    let text = if let Ok(s) = value.cast::<PyString>() {
        s.to_cow()
            .map_err(|_| Error::new(Code::InvalidKey, "a public key is not text"))?
            .into_owned()
    } else if let Ok(b) = value.cast::<PyBytes>() {
        std::str::from_utf8(b.as_bytes())
            .map_err(|_| Error::new(Code::InvalidKey, "a public key is not text"))?
            .to_owned()
    } else {
        return Err(Error::argument(
            "keys",
            "values must be public key PEM (str or bytes)",
        ));
    };
    Ok(PublicKey::from_pem(&text)?)
}

#[pymethods]
impl KeyGroup {
    /// `KeyGroup({"K2JCJMDEHXQW5F": public_pem, ...})`.
    #[new]
    fn py_new(keys: &Bound<'_, PyDict>) -> PyResult<Self> {
        let mut group = CoreKeyGroup::new();
        for (id, pem) in keys.iter() {
            let id: String = id
                .extract()
                .map_err(|_| Error::argument("keys", "keys must be key IDs (str)"))?;
            group.insert(&id, read_pem(&pem)?);
        }
        Ok(Self { keys: group })
    }

    /// The key IDs.
    fn ids(&self) -> Vec<String> {
        self.keys.ids()
    }

    fn __len__(&self) -> usize {
        self.keys.len()
    }

    fn __repr__(&self) -> String {
        format!("KeyGroup({} keys)", self.keys.len())
    }
}

/// The system clock, epoch seconds.
fn system_now() -> Result<u64> {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| Error::new(Code::InvalidDate, "the system clock is before 1970"))
}

/// `now`: `None` (the system clock), epoch seconds, a `datetime`, or the CLI's `--now` forms
/// (`2026-01-01T00:00:00Z`, `+1h`, ...).
fn request_time(now: Option<&Bound<'_, PyAny>>) -> PyResult<u64> {
    match now {
        Some(text) if text.is_instance_of::<PyString>() => {
            let text: String = text.extract()?;
            Ok(cfsign::time::parse_when(&text, system_now()?)
                .map_err(|e| Error::new(Code::InvalidDate, format_args!("now: {e}")))?)
        }
        Some(value) if !value.is_none() => Ok(epoch(Some(value), "now")?.unwrap_or_default()),
        _ => Ok(system_now()?),
    }
}

/// The verdict of CloudFront on one request, as `cfsign verify --json` writes it (JSON text).
#[pyfunction]
#[pyo3(signature = (url, keys=None, *, now=None, client_ip=None, cookies=None, skew=0, repair=false, expect_host=None, diagnose=true))]
#[allow(clippy::too_many_arguments)]
pub fn verify_json(
    url: &str,
    keys: Option<&Bound<'_, PyAny>>,
    now: Option<&Bound<'_, PyAny>>,
    client_ip: Option<&str>,
    cookies: Option<&str>,
    skew: u64,
    repair: bool,
    expect_host: Option<&str>,
    diagnose: bool,
) -> PyResult<String> {
    let now = request_time(now)?;
    let client_ip = client_ip
        .map(|ip| {
            ip.parse::<IpAddr>()
                .map_err(|_| Error::new(Code::InvalidIp, "client_ip: not an IPv4 or IPv6 address"))
        })
        .transpose()?;
    if let Some(host) = expect_host {
        if !cfsign::verify::diagnose::is_host(host) {
            return Err(Error::argument(
                "expect_host",
                "takes a host name such as cdn.example.com (with a :port if any), without a scheme or path",
            )
            .into());
        }
    }
    let request = Request {
        url,
        now,
        client_ip,
        cookies,
        skew,
        repair,
    };
    let owned;
    let group = match keys {
        None => None,
        Some(k) if k.is_none() => None,
        Some(k) => match k.cast::<KeyGroup>() {
            Ok(g) => Some(&g.get().keys),
            Err(_) => {
                let dict = k.cast::<PyDict>().map_err(|_| {
                    Error::argument(
                        "keys",
                        "expected a KeyGroup or a dict of key ID to public key PEM",
                    )
                })?;
                owned = KeyGroup::py_new(dict)?;
                Some(&owned.keys)
            }
        },
    };
    let verdict = match group {
        None => cfsign::verify_without_key(&request),
        Some(keys) if diagnose => {
            let hints = Hints { expect_host };
            cfsign::verify_and_diagnose(&request, keys, &hints)
        }
        Some(keys) => cfsign::verify(&request, keys),
    };
    Ok(verdict.to_json())
}

/// What a signed URL, `Cookie:` header or pasted text carries, as `cfsign decode` writes it.
#[pyfunction]
#[pyo3(signature = (text, *, now=None))]
pub fn decode_json(text: &str, now: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    let now = request_time(now)?;
    Ok(cfsign::decode_pasted(text).to_json_at(Some(now)))
}
