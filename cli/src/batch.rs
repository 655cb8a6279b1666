//! `sign-batch`: many URLs, one key parse, signed on every core. Each input line is a URL or a
//! JSON object (`{"url": ..., "date_less_than": ..., "date_greater_than": ..., "ip_address": ...,
//! "policy_resource": ...}`); lines are signed on `--jobs` threads (default: the cores) and
//! written in input order, with bounded memory whatever the input size ([`pipeline`]); output is
//! flushed whenever the input pauses (so a pipeline sees each URL at once, and a file is written
//! in large blocks). A line that fails is reported and the next one signed, unless `--fail-fast`.
//! Errors never show key material: a key piped in by mistake is reported as "not shown".

mod input;
mod output;
mod pipeline;

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;

use cfsign::UrlOptions;
use serde::Deserialize;

use crate::args::{BatchArgs, Format};
use crate::io_reason;
use crate::signing::{self, Names, Window, WindowText};
use crate::usage::{fail, shown, Failure};
use input::{has_http_scheme, json_problem, read_line, when_text, Input, MAX_LINE};

/// A JSON input line; `url` is required, the others default to the flags.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    url: String,
    date_less_than: Option<serde_json::Value>,
    date_greater_than: Option<serde_json::Value>,
    ip_address: Option<String>,
    policy_resource: Option<String>,
}

/// What the run shares between lines: the signer, the flags' defaults, the clock.
struct Batch<'a> {
    signer: signing::CliSigner,
    args: &'a BatchArgs,
    /// The flags' window, read once, when --date-less-than or --expires-in is given.
    defaults: Option<Window>,
    /// The flags' expiry: `--date-less-than`'s text, or `--expires-in`'s (with `--round-to`)
    /// epoch seconds, computed once per run; with the flag it came from.
    date_less_than: Option<(&'static str, String)>,
    now: u64,
}

/// Signs every line; returns the exit code (0 all signed, 1 a line failed or output was cut).
pub fn sign_batch(args: &BatchArgs, now: u64) -> Result<u8, Failure> {
    let source = signing::key_source(&args.key)?;
    let input_is_stdin = args.input == Path::new("-");
    if let Some(source) = source.as_ref().filter(|s| input_is_stdin && s.is_stdin()) {
        return Err(fail(
            source.flag,
            "standard input carries the URLs: read the key from a file",
        ));
    }
    if input_is_stdin && args.key.passphrase_file.as_deref() == Some(Path::new("-")) {
        return Err(fail(
            "--passphrase-file",
            "standard input carries the URLs: put the passphrase in a file or in CFSIGN_PASSPHRASE",
        ));
    }
    let signer = signing::signer(&args.key, source.as_ref())?;
    let now = args.expires.now(now)?;
    let date_less_than = match args.expires.date_less_than(now)? {
        Some(t) => Some(("--expires-in", t.to_string())),
        None => args
            .date_less_than
            .clone()
            .map(|t| (signing::DATE_LESS_THAN, t)),
    };
    let defaults = match &date_less_than {
        Some((flag, dlt)) => Some(signing::window(
            &WindowText {
                date_less_than: (flag, dlt),
                date_greater_than: args
                    .date_greater_than
                    .as_deref()
                    .map(|t| (signing::DATE_GREATER_THAN, t)),
                ip_address: args.ip_address.as_deref().map(|t| (signing::IP_ADDRESS, t)),
                allow_past: args.allow_past,
            },
            now,
        )?),
        None => None,
    };
    let input: Box<dyn Read> = if input_is_stdin {
        Box::new(std::io::stdin())
    } else {
        let file = std::fs::File::open(&args.input).map_err(|e| {
            fail(
                "FILE",
                format!(
                    "cannot read {}: {}",
                    shown(&args.input.to_string_lossy()),
                    io_reason(&e)
                ),
            )
        })?;
        Box::new(file)
    };
    let batch = Batch {
        signer,
        args,
        defaults,
        date_less_than,
        now,
    };
    batch.run(BufReader::with_capacity(64 * 1024, input))
}

impl Batch<'_> {
    /// Reads the lines on this thread, signs them on `--jobs` threads and writes the results in
    /// input order ([`pipeline`]).
    fn run(&self, mut reader: BufReader<Box<dyn Read>>) -> Result<u8, Failure> {
        let jobs = self
            .args
            .jobs
            .unwrap_or_else(|| match self.args.key.kms_key_id {
                // Each worker waits on one KMS request: the bound on requests in flight.
                Some(_) => KMS_JOBS,
                None => default_jobs(),
            });
        let mut number = 0u64;
        let mut buf = Vec::new();
        let read = || -> std::io::Result<Option<pipeline::Read<Input>>> {
            let too_long = read_line(&mut reader, &mut buf)?;
            if buf.is_empty() {
                return Ok(None);
            }
            number += 1;
            let bytes = buf.len();
            let line = std::mem::take(&mut buf);
            Ok(Some(pipeline::Read {
                item: (number, line, too_long),
                bytes,
                // Nothing more is buffered: the next read may wait.
                pause: reader.buffer().is_empty(),
            }))
        };
        let work = |(number, line, too_long): Input| {
            let result = if too_long {
                Err((
                    fail("line", format!("longer than {MAX_LINE} bytes")),
                    Vec::new(),
                ))
            } else {
                self.line(&line)
            };
            (number, result)
        };
        let out = output::Output {
            out: BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            json: self.args.output.format(Format::Text) == Format::Json,
            fail_fast: self.args.fail_fast,
            lines: 0,
            failed: 0,
            stop: None,
        };
        let (mut out, read) = pipeline::run(jobs, read, work, out);
        if let Some(code) = out.stop {
            return Ok(code);
        }
        if let Err(e) = read {
            let _ = out.out.flush();
            return Err(fail(
                "FILE",
                format!("cannot read line {}: {}", out.lines + 1, io_reason(&e)),
            ));
        }
        if out.out.flush().is_err() {
            return Ok(1);
        }
        if out.failed > 0 {
            eprintln!(
                "cfsign: sign-batch: {} of {} lines failed",
                out.failed, out.lines
            );
            return Ok(1);
        }
        Ok(0)
    }

    /// Signs one line: `None` for a blank line; on failure, the failure and the line's values
    /// (hidden or cut when shown in the message).
    fn line(&self, bytes: &[u8]) -> output::Signed {
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err((fail("line", "not UTF-8 text"), Vec::new()));
        };
        // ASCII white space only (`\r` of CRLF, spaces): a URL ending in U+2028 or U+00A0 is
        // refused as non-ASCII rather than signed without it.
        let text = text.trim_matches(|c: char| c.is_ascii_whitespace());
        if text.is_empty() {
            return Ok(None);
        }
        // Neither a URL nor a JSON object (a key piped in by mistake, say): nothing of it is
        // shown (issue 29, p06).
        if !text.starts_with('{') && !has_http_scheme(text) {
            let message = if text.starts_with("-----") {
                "PEM armour: standard input carries a key, not URLs (the line is not shown)"
            } else {
                "not an http:// or https:// URL nor a JSON object (the line is not shown)"
            };
            return Err((fail("line", message), Vec::new()));
        }
        let mut values = vec![text.to_string()];
        let line = if text.starts_with('{') {
            let line: Line = serde_json::from_str(text)
                .map_err(|e| (fail("line", json_problem(&e)), Vec::new()))?;
            values.extend(
                [&line.ip_address, &line.policy_resource]
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
            values.push(line.url.clone());
            line
        } else {
            Line {
                url: text.to_string(),
                date_less_than: None,
                date_greater_than: None,
                ip_address: None,
                policy_resource: None,
            }
        };
        self.sign(&line).map(Some).map_err(|f| (f, values))
    }

    fn sign(&self, line: &Line) -> Result<cfsign::SignedUrl, Failure> {
        let args = self.args;
        let window = match (
            &self.defaults,
            &line.date_less_than,
            &line.date_greater_than,
            &line.ip_address,
        ) {
            (Some(w), None, None, None) => w.clone(),
            _ => {
                let dlt = when_text("date_less_than", &line.date_less_than)?;
                let dgt = when_text("date_greater_than", &line.date_greater_than)?;
                let pick =
                    |own: Option<String>, field: &'static str, flag: Option<&String>, name| {
                        own.map(|v| (field, v))
                            .or_else(|| flag.map(|v| (name, v.clone())))
                    };
                let dlt = dlt
                    .map(|v| ("date_less_than", v))
                    .or_else(|| self.date_less_than.clone())
                    .ok_or_else(|| {
                        fail(
                            "date_less_than",
                            "missing: pass --date-less-than or --expires-in, or set date_less_than in the line",
                        )
                    })?;
                let dgt = pick(
                    dgt,
                    "date_greater_than",
                    args.date_greater_than.as_ref(),
                    signing::DATE_GREATER_THAN,
                );
                let ip = pick(
                    line.ip_address.clone(),
                    "ip_address",
                    args.ip_address.as_ref(),
                    signing::IP_ADDRESS,
                );
                signing::window(
                    &WindowText {
                        date_less_than: (dlt.0, &dlt.1),
                        date_greater_than: dgt.as_ref().map(|(n, v)| (*n, v.as_str())),
                        ip_address: ip.as_ref().map(|(n, v)| (*n, v.as_str())),
                        allow_past: args.allow_past,
                    },
                    self.now,
                )?
            }
        };
        let own = |set: bool, field, flag| if set { field } else { flag };
        let policy_resource = line
            .policy_resource
            .clone()
            .or_else(|| args.policy_resource.clone());
        let names = Names {
            url: "url",
            resource: match (&line.policy_resource, &args.policy_resource) {
                (Some(_), _) => "policy_resource",
                (None, Some(_)) => "--policy-resource",
                (None, None) => "url",
            },
            date_less_than: own(
                line.date_less_than.is_some(),
                "date_less_than",
                self.date_less_than
                    .as_ref()
                    .map_or(signing::DATE_LESS_THAN, |(flag, _)| flag),
            ),
            date_greater_than: own(
                line.date_greater_than.is_some(),
                "date_greater_than",
                signing::DATE_GREATER_THAN,
            ),
            ip_address: own(line.ip_address.is_some(), "ip_address", signing::IP_ADDRESS),
        };
        let options = UrlOptions {
            date_less_than: window.date_less_than,
            date_greater_than: window.date_greater_than,
            ip_range: window.ip_range,
            policy_resource,
        };
        self.signer
            .sign_url_with(&line.url, &options)
            .map_err(|e| signing::sign_failure(e, &names))
    }
}

/// `--jobs`' default with `--kms-key-id`: KMS requests in flight (network-bound, not
/// core-bound), well under KMS's request quotas for asymmetric keys (hundreds per second).
const KMS_JOBS: usize = 4;

/// The number of threads `--jobs` defaults to: the cores this process may use.
fn default_jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
