//! `analyzeLogs`' engine (`cfsign/logs`): CloudFront access log lines in batches, each signed
//! request decided again by the core (`cfsign::logs`), the signatures checked by the host's
//! crypto (node:crypto or Rust synchronously, else WebCrypto). The package's `analyzeLogs`
//! (npm/dist/logs.mjs) only feeds batches of lines and awaits [`LogAnalysis::settle`]; every
//! rule is the core's.

use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::cell::RefCell;

use js_sys::{Array, Promise};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use cfsign::logs::{
    Analyzer, AnalyzerOptions, Format, Layout, Line, LogReader, NeededCheck, Report,
};
use cfsign::verify::SignatureCheck;
use cfsign::{KeyGroup, PublicKey};

use crate::crypto::{imported, verify_sync, Imports};
use crate::error::{Code, Error};
use crate::js::{from_js, json_to_js};
use crate::webcrypto;

/// A time: epoch seconds, or text in the forms of the CLI's `--since`.
#[derive(Deserialize)]
#[serde(untagged)]
enum When {
    Seconds(f64),
    Text(String),
}

/// The options of `analyzeLogs` but its keys (the glue passes `publicKeys` as two lists, since
/// options are read as primitives only), `onProgress` and `batchLines` (the glue's).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LogOptions {
    /// `auto` (the default), `standard`, `json` or `realtime`.
    format: Option<String>,
    /// The fields of a real-time log (or of a standard log without its header), comma- or
    /// space-separated (the glue joins a list).
    fields: Option<String>,
    since: Option<When>,
    until: Option<When>,
    /// Skew allowance for the rotation advice, seconds (default 300).
    skew: Option<u64>,
    /// Entries per top list (default 10).
    top: Option<usize>,
}

struct State {
    analyzer: Analyzer,
    report: Report,
    format: Option<Format>,
    fields: Option<Layout>,
    reader: Option<LogReader>,
    line: u64,
    /// Lines of the batch to observe, with their numbers.
    batch: Vec<(u64, String)>,
    /// Checks of the batch that only WebCrypto can make.
    needed: Vec<NeededCheck>,
    imports: Rc<RefCell<Imports>>,
    skew: u64,
    top: usize,
}

/// One analysis (internal: `analyzeLogs` drives it).
#[wasm_bindgen(js_name = __LogAnalysis, skip_typescript)]
pub struct LogAnalysis {
    state: Rc<RefCell<State>>,
}

fn when(value: Option<When>, name: &str, now: u64) -> Result<Option<u64>, Error> {
    match value {
        None => Ok(None),
        Some(When::Seconds(s)) if s.is_finite() && s >= 0.0 => Ok(Some(s as u64)),
        Some(When::Seconds(_)) => Err(Error::option(name, "must be epoch seconds or a date")),
        Some(When::Text(t)) => cfsign::time::parse_when(&t, now)
            .map(Some)
            .map_err(|e| Error::new(Code::InvalidDate, format_args!("{name}: {e}"))),
    }
}

#[wasm_bindgen(js_class = __LogAnalysis)]
impl LogAnalysis {
    /// Reads the public keys (`ids[i]`'s PEM is `pems[i]`) and the options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        ids: Vec<String>,
        pems: Vec<String>,
        options: JsValue,
    ) -> Result<LogAnalysis, Error> {
        let o: LogOptions = from_js(&options)?;
        if ids.is_empty() || ids.len() != pems.len() {
            return Err(Error::option(
                "publicKeys",
                "is required: { [keyPairId]: publicKeyPem }",
            ));
        }
        let mut keys = KeyGroup::new();
        for (id, pem) in ids.iter().zip(&pems) {
            let key =
                PublicKey::from_pem(pem).map_err(|e| Error::from(e).context(&["publicKeys"]))?;
            keys.insert(id, key);
        }
        let format = match o.format.as_deref() {
            None | Some("auto") => None,
            Some("standard") => Some(Format::Standard),
            Some("json") => Some(Format::Json),
            Some("realtime") => Some(Format::Realtime),
            Some(_) => {
                return Err(Error::option(
                    "format",
                    "must be auto, standard, json or realtime",
                ))
            }
        };
        let fields = match o.fields {
            None => None,
            Some(list) => {
                Some(Layout::parse(&list).map_err(|e| Error::option("fields", &e.to_string()))?)
            }
        };
        let now = (js_sys::Date::now() / 1000.0) as u64;
        let options = AnalyzerOptions {
            since: when(o.since, "since", now)?,
            until: when(o.until, "until", now)?,
            ..AnalyzerOptions::default()
        };
        Ok(Self {
            state: Rc::new(RefCell::new(State {
                analyzer: Analyzer::new(keys, options),
                report: Report::new(),
                format,
                fields,
                reader: None,
                line: 0,
                batch: Vec::new(),
                needed: Vec::new(),
                imports: Rc::new(RefCell::new(Vec::new())),
                skew: o.skew.unwrap_or(300).min(86_400),
                top: o.top.unwrap_or(10).min(1000),
            })),
        })
    }

    /// Reads a batch of lines: headers at once, records kept for [`LogAnalysis::commit`]. The
    /// number of signature checks only WebCrypto can make ([`LogAnalysis::settle`]).
    pub fn feed(&self, lines: Vec<String>) -> Result<usize, Error> {
        let mut guard = self.state.borrow_mut();
        let s = &mut *guard;
        s.analyzer.trim_memo();
        for text in lines {
            s.line += 1;
            let line = s.line;
            let bytes = text.as_bytes();
            if s.reader.is_none() {
                if bytes.iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                s.reader = Some(reader_for(s.format, &s.fields, bytes)?);
            }
            let Some(reader) = s.reader.as_mut() else {
                continue;
            };
            if LogReader::is_header(bytes) {
                if let Line::Bad(why) = reader.read(bytes) {
                    s.report.bad_line(0, line, why);
                }
                continue;
            }
            match reader.read_record(bytes) {
                Line::Record(record) => {
                    if let Some(needed) = s.analyzer.needed_check(&record) {
                        let check = SignatureCheck {
                            key_pair_id: "",
                            key: &needed.key,
                            message: &needed.message,
                            signature: &needed.signature,
                            hash: needed.hash,
                        };
                        match verify_sync(&check, &s.imports) {
                            Some(valid) => s.analyzer.remember(needed.memo_key, valid),
                            None if s.needed.iter().any(|n| n.memo_key == needed.memo_key) => {}
                            None => s.needed.push(needed),
                        }
                    }
                    s.batch.push((line, text));
                }
                Line::Bad(why) => s.report.bad_line(0, line, why),
                Line::Header => {}
            }
        }
        Ok(s.needed.len())
    }

    /// Makes the batch's remaining signature checks with WebCrypto; resolves when all are kept.
    pub fn settle(&self) -> Promise {
        let needed = core::mem::take(&mut self.state.borrow_mut().needed);
        let imports = Rc::clone(&self.state.borrow().imports);
        let all = Array::new();
        for n in needed {
            let state = Rc::clone(&self.state);
            let (kind, hash) = (n.key.kind(), n.hash);
            let Ok(spki) = n.key.to_spki_der() else {
                state.borrow_mut().analyzer.remember(n.memo_key, false);
                continue;
            };
            let (signature, message, memo_key) = (n.signature, n.message, n.memo_key);
            let verify =
                move |key: &JsValue| webcrypto::verify(key, kind, hash, &signature, &message);
            let verified: JsValue = match imported(&imports, &spki, Some(hash)) {
                Some(key) => verify(&key),
                None => {
                    let cache = Rc::clone(&imports);
                    let import = webcrypto::import("spki", &spki, kind, hash, "verify");
                    webcrypto::then(
                        &import,
                        Box::new(move |key| {
                            let Some(key) = key else {
                                return Ok(JsValue::FALSE);
                            };
                            cache.borrow_mut().push((spki, Some(hash), key.clone()));
                            Ok(verify(&key))
                        }),
                    )
                    .into()
                }
            };
            let kept = webcrypto::then(
                &verified,
                Box::new(move |valid| {
                    let valid = valid.and_then(|v| v.as_bool()).unwrap_or(false);
                    state.borrow_mut().analyzer.remember(memo_key, valid);
                    Ok(JsValue::UNDEFINED)
                }),
            );
            all.push(&kept);
        }
        Promise::all(&all)
    }

    /// Decides the batch's records (every signature now known) into the report.
    pub fn commit(&self) {
        let mut guard = self.state.borrow_mut();
        let s = &mut *guard;
        let batch = core::mem::take(&mut s.batch);
        let Some(reader) = s.reader.as_ref() else {
            return;
        };
        for (line, text) in &batch {
            match reader.read_record(text.as_bytes()) {
                Line::Record(record) => {
                    let imports = &s.imports;
                    s.analyzer.observe_with(&record, &mut s.report, &mut |c| {
                        verify_sync(c, imports).unwrap_or(false)
                    })
                }
                Line::Bad(why) => s.report.bad_line(0, *line, why),
                Line::Header => {}
            }
        }
    }

    /// Lines read so far, and requests decided.
    pub fn progress(&self) -> Vec<f64> {
        let s = self.state.borrow();
        alloc::vec![s.line as f64, s.report.requests as f64]
    }

    /// The report, camelCase (the verdict codes as `verify` writes them).
    pub fn report(&self) -> Result<JsValue, Error> {
        let s = self.state.borrow();
        let summary = s.report.summary(s.top, s.skew, &[]);
        let text = serde_json::to_string(&summary)
            .map_err(|_| Error::new(Code::InvalidOption, "the report has no JSON form"))?;
        let out = json_to_js(&text)?;
        let verdicts = serde_json::to_string(&summary.verdicts)
            .map_err(|_| Error::new(Code::InvalidOption, "the report has no JSON form"))?;
        let verdicts = js_sys::JSON::parse(&verdicts)
            .map_err(|_| Error::new(Code::InvalidOption, "the report has no JSON form"))?;
        let _ = js_sys::Reflect::set(&out, &"verdicts".into(), &verdicts);
        Ok(out)
    }
}

/// The reader for a log whose first line is `first`.
fn reader_for(
    format: Option<Format>,
    fields: &Option<Layout>,
    first: &[u8],
) -> Result<LogReader, Error> {
    Ok(
        match (format.unwrap_or_else(|| Format::detect(first)), fields) {
            (Format::Json, _) => LogReader::json(),
            (Format::Standard, None) => LogReader::standard(),
            (Format::Standard, Some(l)) => LogReader::with_layout(Format::Standard, l.clone()),
            (Format::Realtime, Some(l)) => LogReader::with_layout(Format::Realtime, l.clone()),
            (Format::Realtime, None) => {
                return Err(Error::option(
                    "fields",
                    "is required for a real-time log (no #Fields header): its fields, in order",
                ))
            }
        },
    )
}
