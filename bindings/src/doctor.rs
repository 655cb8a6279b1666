//! `diagnose` and `auditDistribution`: the distribution doctor (`cfsign::doctor`) for JS. The
//! inputs are the AWS CLI's output, as JSON text or as the parsed object (`JSON.stringify`d here,
//! then read by the core, so that one reader decides); the results are the core's JSON,
//! camelCased.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;

use super::crypto::{verify_sync, Imports};
use super::error::{Code, Error};
use super::js::{json_to_js, string_arg};
use super::options::VerifyOptions;
use super::webcrypto;
use cfsign::doctor::{self, Distribution, InputError, Inputs, KeyGroupInput, PublicKeyInput};
use cfsign::verify::{Pending, Verdict};

/// The options of `diagnose` and `auditDistribution`, each read once. (Not through
/// `js::from_js`, which makes every object option inert as a `Date`: these take the AWS CLI's
/// output as parsed objects too, made text once by `JSON.stringify`, which may run the caller's
/// code, caught.)
#[derive(Default)]
struct DoctorOptions {
    distribution: JsValue,
    key_groups: JsValue,
    public_keys: JsValue,
    now: JsValue,
    cookie: Option<String>,
    client_ip: Option<String>,
}

impl DoctorOptions {
    fn read(options: &JsValue) -> Result<Self, Error> {
        if options.is_undefined() || options.is_null() {
            return Ok(Self::default());
        }
        if !options.is_object() {
            return Err(Error::new(Code::InvalidOption, "options must be an object"));
        }
        let get = |name: &str| {
            Reflect::get(options, &JsValue::from_str(name)).map_err(|_| {
                Error::new(
                    Code::InvalidOption,
                    format_args!("options: {name} could not be read (a getter or Proxy threw)"),
                )
            })
        };
        let string = |name: &str| -> Result<Option<String>, Error> {
            let v = get(name)?;
            if v.is_undefined() || v.is_null() {
                return Ok(None);
            }
            v.as_string().map(Some).ok_or_else(|| {
                Error::new(
                    Code::InvalidOption,
                    format_args!("options: {name} must be a string"),
                )
            })
        };
        Ok(Self {
            distribution: get("distribution")?,
            key_groups: get("keyGroups")?,
            public_keys: get("publicKeys")?,
            now: get("now")?,
            cookie: string("cookie")?,
            client_ip: string("clientIp")?,
        })
    }
}

struct Loaded {
    distribution: Distribution,
    key_groups: Vec<KeyGroupInput>,
    public_keys: Vec<PublicKeyInput>,
}

impl Loaded {
    fn inputs(&self) -> Inputs<'_> {
        Inputs {
            distribution: &self.distribution,
            key_groups: &self.key_groups,
            public_keys: &self.public_keys,
            buckets: None,
        }
    }
}

fn input_error(e: InputError) -> Error {
    Error::new(Code::InvalidInput, e)
}

/// A value as JSON text: a string as it is, an object through `JSON.stringify`.
fn text(value: &JsValue, name: &str) -> Result<String, Error> {
    if let Some(s) = value.as_string() {
        return Ok(s);
    }
    if value.is_object() {
        if let Some(s) = js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
        {
            return Ok(s);
        }
    }
    Err(Error::new(
        Code::InvalidOption,
        format_args!("{name} must be the AWS CLI's JSON output, as text or parsed"),
    ))
}

/// An array's items (each read through `Reflect.get`, caught: a Proxy cannot throw through the
/// WebAssembly), or the one value; none for `undefined`. At most 1,000 items.
fn items(value: &JsValue, name: &str) -> Result<Vec<JsValue>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(Vec::new());
    }
    if !Array::is_array(value) {
        return Ok(alloc::vec![value.clone()]);
    }
    let unreadable = || {
        Error::new(
            Code::InvalidOption,
            format_args!("{name} could not be read"),
        )
    };
    let length = Reflect::get(value, &JsValue::from_str("length")).map_err(|_| unreadable())?;
    let length = length.as_f64().unwrap_or(0.0);
    if !(0.0..=1000.0).contains(&length) {
        return Err(Error::new(
            Code::InvalidOption,
            format_args!("{name} has more than 1,000 items"),
        ));
    }
    let mut out = Vec::new();
    for i in 0..length as u32 {
        out.push(Reflect::get_u32(value, i).map_err(|_| unreadable())?);
    }
    Ok(out)
}

fn load(options: &DoctorOptions) -> Result<Loaded, Error> {
    if options.distribution.is_undefined() || options.distribution.is_null() {
        return Err(Error::new(
            Code::InvalidOption,
            "distribution is required: the output of `aws cloudfront get-distribution`",
        ));
    }
    let d = text(&options.distribution, "distribution")?;
    let distribution = doctor::read_distribution("distribution", &d).map_err(input_error)?;
    let mut key_groups = Vec::new();
    for (i, g) in items(&options.key_groups, "keyGroups")?.iter().enumerate() {
        let name = alloc::format!("keyGroups[{i}]");
        let t = text(g, &name)?;
        key_groups.extend(doctor::read_key_groups(&name, &t, None).map_err(input_error)?);
    }
    let mut public_keys = Vec::new();
    for (i, k) in items(&options.public_keys, "publicKeys")?
        .iter()
        .enumerate()
    {
        let name = alloc::format!("publicKeys[{i}]");
        let t = text(k, &name)?;
        public_keys.extend(doctor::read_public_keys(&name, &t, None).map_err(input_error)?);
    }
    Ok(Loaded {
        distribution,
        key_groups,
        public_keys,
    })
}

/// Audits a distribution: `{findings: [{code, severity, behaviors, examplePath, message, fix}]}`.
#[wasm_bindgen(js_name = auditDistribution, unchecked_return_type = "Audit")]
pub fn audit_distribution(
    #[wasm_bindgen(unchecked_param_type = "DoctorInputs")] options: JsValue,
) -> Result<JsValue, Error> {
    let options = DoctorOptions::read(&options)?;
    let loaded = load(&options)?;
    let findings = doctor::audit(&loaded.inputs());
    json_to_js(&doctor::audit_json(&loaded.distribution, &findings))
}

/// Says why `url` would be served or get 403 from the distribution itself: the behavior it
/// reaches, its key groups and keys, the verdict against exactly those keys, and the findings. A
/// promise: the signature may be checked by WebCrypto.
#[wasm_bindgen(unchecked_return_type = "Promise<Diagnosis>")]
pub fn diagnose(
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DiagnoseOptions")] options: JsValue,
) -> Promise {
    match start(&url, &options) {
        Ok(p) => p,
        Err(e) => Promise::reject(&e.into()),
    }
}

fn start(url: &JsValue, options: &JsValue) -> Result<Promise, Error> {
    let url = string_arg(url, "url")?;
    let options = DoctorOptions::read(options)?;
    let loaded = load(&options)?;
    let verify_options = VerifyOptionsParts {
        now: options.now.clone(),
        client_ip: options.client_ip.clone(),
        cookies: options.cookie.clone(),
    };
    let request = verify_options.request()?;
    let imports: RefCell<Imports> = RefCell::new(Vec::new());
    // The signature checked synchronously where the host can; else kept for WebCrypto.
    let stashed: RefCell<Option<Pending>> = RefCell::new(None);
    let first = doctor::diagnose_with(&loaded.inputs(), &request.for_url(&url), |keys| {
        let pending = Pending::new(&request.for_url(&url), keys);
        let valid = match pending.signature_check() {
            None => None,
            Some(check) => match verify_sync(&check, &imports) {
                Some(v) => Some(v),
                None => {
                    let verdict = pending.clone().finish(None);
                    *stashed.borrow_mut() = Some(pending);
                    return verdict;
                }
            },
        };
        pending.finish(valid)
    });
    let Some(pending) = stashed.into_inner() else {
        return Ok(Promise::resolve(&json_to_js(&first.to_json())?));
    };
    let Some(check) = pending.signature_check() else {
        return Ok(Promise::resolve(&json_to_js(&first.to_json())?));
    };
    let (kind, hash) = (check.key.kind(), check.hash);
    let (signature, message) = (check.signature.to_vec(), check.message.to_vec());
    let spki = check.key.to_spki_der().unwrap_or_default();
    let finish = move |valid: Option<JsValue>| {
        let valid = valid.and_then(|v| v.as_bool());
        let verdict: RefCell<Option<Verdict>> = RefCell::new(Some(pending.finish(valid)));
        let d = doctor::diagnose_with(&loaded.inputs(), &request.for_url(&url), |_| {
            verdict.borrow_mut().take().unwrap_or_else(|| {
                Pending::new(&request.for_url(&url), &cfsign::KeyGroup::new()).finish(None)
            })
        });
        json_to_js(&d.to_json()).map_err(JsValue::from)
    };
    let import = webcrypto::import("spki", &spki, kind, hash, "verify");
    let verified = webcrypto::then(
        &import,
        Box::new(move |key| match key {
            Some(key) => Ok(webcrypto::verify(&key, kind, hash, &signature, &message)),
            None => Ok(JsValue::FALSE),
        }),
    );
    Ok(webcrypto::then(&verified.into(), Box::new(finish)))
}

/// `now`, `clientIp` and `cookie` read as `keyGroup.verify` reads them.
struct VerifyOptionsParts {
    now: JsValue,
    client_ip: Option<String>,
    cookies: Option<String>,
}

impl VerifyOptionsParts {
    fn request(self) -> Result<super::options::VerifyRequest, Error> {
        VerifyOptions::from_parts(self.now, self.client_ip, self.cookies).request()
    }
}
