//! The botocore drop-in's native half: dates read as botocore reads them, its policy bytes, and
//! prepared URLs and cookies (the core's `cfsign::botocore`). The Python half
//! (`cfsign/_signer.py`) calls the signer (a `Key`, or the caller's sync or async callable) on
//! [`Prepared::message`] and finishes with the signature.

use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyString};

use cfsign::botocore;
use cfsign::key::RSA_BITS;
use cfsign::sign::{check_signature, CookieOptions, SameSite, SignedCookies as CoreCookies};
use cfsign::KeyKind;

use crate::error::{Code, Error, Result};
use crate::key::hash_algorithm;

/// `datetime.datetime` and `datetime.datetime(1970, 1, 1)`, imported once.
static DATETIME: PyOnceLock<(Py<PyAny>, Py<PyAny>)> = PyOnceLock::new();

/// A date argument as botocore reads it (`int(datetime2timestamp(value))`: a naive datetime is
/// UTC), or an `int` of epoch seconds (cfsign's addition); `None` stays `None`.
pub fn epoch(value: Option<&Bound<'_, PyAny>>, option: &'static str) -> PyResult<Option<u64>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let py = value.py();
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        let seconds: i128 = value
            .extract()
            .map_err(|_| Error::argument(option, "is out of range"))?;
        return Ok(Some(
            botocore::policy_date(seconds, option).map_err(Error::from)?,
        ));
    }
    let (datetime, epoch) = DATETIME.get_or_try_init(py, || -> PyResult<_> {
        let datetime = py.import("datetime")?.getattr("datetime")?;
        let epoch = datetime.call1((1970, 1, 1))?;
        Ok((datetime.unbind(), epoch.unbind()))
    })?;
    if !value.is_instance(datetime.bind(py))? {
        return Err(Error::argument(
            option,
            "expected a datetime.datetime (naive means UTC, as botocore reads it) or an int of epoch seconds",
        )
        .into());
    }
    // botocore's datetime2timestamp: dt.replace(tzinfo=None) - dt.utcoffset() - epoch.
    let delta = (|| -> PyResult<(i128, i128, i128)> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("tzinfo", py.None())?;
        let mut naive = value.call_method("replace", (), Some(&kwargs))?;
        let offset = value.call_method0("utcoffset")?;
        if !offset.is_none() {
            naive = naive.sub(offset)?;
        }
        let delta = naive.sub(epoch.bind(py))?;
        Ok((
            delta.getattr("days")?.extract()?,
            delta.getattr("seconds")?.extract()?,
            delta.getattr("microseconds")?.extract()?,
        ))
    })()
    .map_err(|_| Error::argument(option, "cannot be moved to UTC"))?;
    let micros = (delta.0 * 86_400 + delta.1) * 1_000_000 + delta.2;
    let seconds = botocore::epoch_seconds(micros);
    Ok(Some(
        botocore::policy_date(seconds, option).map_err(Error::from)?,
    ))
}

/// The signer seam's check of a signature (`cfsign::sign::check_signature`) when the key type
/// is known (`rsa` or `ecdsa_p256`): an RSA signature of the modulus' length, a strict DER ECDSA
/// one, or `signing_failed`. Unknown (botocore's callables, whose own tests sign `b"signed"`): as
/// botocore, unchecked.
fn check(key_kind: Option<&str>, signature: &[u8]) -> Result<()> {
    let kind = match key_kind {
        None => return Ok(()),
        Some("rsa") => KeyKind::Rsa,
        Some("ecdsa_p256") => KeyKind::EcdsaP256,
        Some(_) => {
            return Err(Error::argument(
                "key_kind",
                "must be \"rsa\" or \"ecdsa_p256\"",
            ))
        }
    };
    Ok(check_signature(kind, RSA_BITS / 8, signature)?)
}

/// A policy argument: `str` (signed as its UTF-8) or `bytes`, as botocore takes it.
fn policy_bytes(policy: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<u8>>> {
    let Some(policy) = policy.filter(|p| !p.is_none()) else {
        return Ok(None);
    };
    if let Ok(s) = policy.cast::<PyString>() {
        let s = s
            .to_cow()
            .map_err(|_| Error::argument("policy", "must be valid UTF-8 text"))?;
        return Ok(Some(s.as_bytes().to_vec()));
    }
    if let Ok(b) = policy.cast::<PyBytes>() {
        return Ok(Some(b.as_bytes().to_vec()));
    }
    Err(Error::argument("policy", "expected str or bytes").into())
}

/// `CloudFrontSigner.build_policy`: botocore's policy JSON, byte for byte.
#[pyfunction]
#[pyo3(signature = (resource, date_less_than, date_greater_than=None, ip_address=None))]
pub fn build_policy(
    resource: &str,
    date_less_than: &Bound<'_, PyAny>,
    date_greater_than: Option<&Bound<'_, PyAny>>,
    ip_address: Option<&str>,
) -> PyResult<String> {
    let expires = epoch(Some(date_less_than), "date_less_than")?
        .ok_or_else(|| Error::argument("date_less_than", "is required"))?;
    let start = epoch(date_greater_than, "date_greater_than")?;
    Ok(botocore::build_policy(resource, expires, start, ip_address).map_err(Error::from)?)
}

/// A URL or cookies prepared for signing: sign `message`, then call `signed_url` or `cookies`.
#[pyclass(frozen, module = "cfsign")]
pub struct Prepared {
    inner: botocore::Prepared,
}

#[pymethods]
impl Prepared {
    /// `generate_presigned_url`'s preparation: exactly one of `date_less_than` and `policy`.
    #[staticmethod]
    #[pyo3(signature = (url, date_less_than=None, policy=None))]
    fn for_url(
        url: &str,
        date_less_than: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let expires = epoch(date_less_than, "date_less_than")?;
        let policy = policy_bytes(policy)?;
        let inner =
            botocore::Prepared::for_url(url, expires, policy.as_deref()).map_err(Error::from)?;
        Ok(Self { inner })
    }

    /// Cookies' preparation: a resource and its dates (and IP range), or a policy.
    #[staticmethod]
    #[pyo3(signature = (resource=None, date_less_than=None, date_greater_than=None, ip_address=None, policy=None))]
    fn for_cookies(
        resource: Option<&str>,
        date_less_than: Option<&Bound<'_, PyAny>>,
        date_greater_than: Option<&Bound<'_, PyAny>>,
        ip_address: Option<&str>,
        policy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let expires = epoch(date_less_than, "date_less_than")?;
        let start = epoch(date_greater_than, "date_greater_than")?;
        let policy = policy_bytes(policy)?;
        let inner = botocore::Prepared::for_cookies(
            resource,
            expires,
            start,
            ip_address,
            policy.as_deref(),
        )
        .map_err(Error::from)?;
        Ok(Self { inner })
    }

    /// The bytes to sign (the policy).
    #[getter]
    fn message<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.inner.message())
    }

    /// The policy's expiry, epoch seconds.
    #[getter]
    fn expires(&self) -> u64 {
        self.inner.expires()
    }

    /// The signed URL, given the signature of `message` (checked when `key_kind` is given).
    #[pyo3(signature = (key_id, signature, hash_algorithm=None, key_kind=None))]
    fn signed_url(
        &self,
        key_id: &str,
        signature: &[u8],
        hash_algorithm: Option<&str>,
        key_kind: Option<&str>,
    ) -> PyResult<String> {
        let hash = self::hash_algorithm(hash_algorithm, None)?;
        check(key_kind, signature)?;
        Ok(self
            .inner
            .signed_url(key_id, signature, hash)
            .map_err(Error::from)?)
    }

    /// The signed cookies, given the signature of `message` (checked when `key_kind` is given).
    #[pyo3(signature = (key_id, signature, hash_algorithm=None, key_kind=None))]
    fn cookies(
        &self,
        key_id: &str,
        signature: &[u8],
        hash_algorithm: Option<&str>,
        key_kind: Option<&str>,
    ) -> PyResult<SignedCookies> {
        let hash = self::hash_algorithm(hash_algorithm, None)?;
        check(key_kind, signature)?;
        let cookies = self
            .inner
            .cookies(key_id, signature, hash)
            .map_err(Error::from)?;
        Ok(SignedCookies {
            cookies,
            expires: self.inner.expires(),
        })
    }
}

/// CloudFront's signed cookies: `values` (the three, or four with SHA-256), and `Set-Cookie`
/// lines.
#[pyclass(frozen, module = "cfsign")]
pub struct SignedCookies {
    cookies: CoreCookies,
    expires: u64,
}

/// The `Set-Cookie` attributes, from keyword arguments.
fn options(
    domain: Option<String>,
    path: Option<String>,
    secure: bool,
    http_only: bool,
    same_site: Option<&str>,
    max_age: Option<u64>,
) -> Result<CookieOptions> {
    let same_site = match same_site {
        None => None,
        Some("Lax") => Some(SameSite::Lax),
        Some("Strict") => Some(SameSite::Strict),
        Some("None") => Some(SameSite::None),
        Some(_) => {
            return Err(Error::argument(
                "same_site",
                "must be \"Lax\", \"Strict\", \"None\" or None",
            ))
        }
    };
    let mut options = CookieOptions {
        domain,
        secure,
        http_only,
        same_site,
        max_age,
        ..CookieOptions::default()
    };
    if path.is_some() {
        options.path = path;
    }
    Ok(options)
}

/// `now`, or the system clock (epoch seconds).
fn now_or_clock(now: Option<u64>) -> Result<u64> {
    match now {
        Some(now) => Ok(now),
        None => Ok(SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_err(|_| Error::new(Code::InvalidDate, "the system clock is before 1970"))?
            .as_secs()),
    }
}

#[pymethods]
impl SignedCookies {
    /// `{"CloudFront-Expires"|"CloudFront-Policy": ..., "CloudFront-Signature": ...,
    /// "CloudFront-Key-Pair-Id": ...}` (and `CloudFront-Hash-Algorithm` for SHA-256), in that order.
    #[getter]
    fn values<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value) in self.cookies.pairs() {
            dict.set_item(*name, value)?;
        }
        Ok(dict)
    }

    /// The policy's expiry, epoch seconds.
    #[getter]
    fn expires(&self) -> u64 {
        self.expires
    }

    /// A `Cookie:` request header carrying them all.
    fn cookie_header(&self) -> String {
        self.cookies.cookie_header()
    }

    /// One `Set-Cookie` value per cookie, living until the policy's expiry (`Expires`, and
    /// `Max-Age` counted from `now`, epoch seconds, by default the system clock: the core's
    /// cookie lifecycle rule), or `max_age` seconds when given.
    #[pyo3(signature = (*, domain=None, path=None, secure=true, http_only=true, same_site=Some("Lax"), max_age=None, now=None))]
    #[allow(clippy::too_many_arguments)]
    fn set_cookie_headers(
        &self,
        domain: Option<String>,
        path: Option<String>,
        secure: bool,
        http_only: bool,
        same_site: Option<&str>,
        max_age: Option<u64>,
        now: Option<u64>,
    ) -> PyResult<Vec<String>> {
        let options = options(domain, path, secure, http_only, same_site, max_age)?;
        let now = now_or_clock(now)?;
        Ok(self
            .cookies
            .set_cookie_headers_at(&options, now)
            .map_err(Error::from)?)
    }

    /// `Set-Cookie` values deleting the `CloudFront-*` cookies this set does not carry (a
    /// `CloudFront-Expires` or `CloudFront-Hash-Algorithm` left by an earlier set), at the same
    /// Domain and Path: send them with `set_cookie_headers`.
    #[pyo3(signature = (*, domain=None, path=None, secure=true, http_only=true, same_site=Some("Lax")))]
    fn stale_cookie_headers(
        &self,
        domain: Option<String>,
        path: Option<String>,
        secure: bool,
        http_only: bool,
        same_site: Option<&str>,
    ) -> PyResult<Vec<String>> {
        let options = options(domain, path, secure, http_only, same_site, None)?;
        Ok(self
            .cookies
            .stale_cookie_headers(&options)
            .map_err(Error::from)?)
    }

    fn __repr__(&self) -> String {
        let names: Vec<&str> = self.cookies.pairs().iter().map(|(n, _)| *n).collect();
        format!("SignedCookies({})", names.join(", "))
    }
}
