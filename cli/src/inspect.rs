//! `decode` and `verify`: what a signed URL or cookie set carries, and what CloudFront would
//! answer.

use crate::args::{DecodeArgs, Format, VerifyArgs};
use crate::io_reason;
use crate::signing::json_text;
use crate::terminal;
use crate::usage::{fail, shown, Failure};

fn read_input(input: &str) -> Result<String, Failure> {
    if input != "-" {
        return Ok(input.to_string());
    }
    crate::read_bounded(std::io::stdin(), crate::MAX_READ_BYTES).map_err(|e| {
        fail(
            "URL_OR_COOKIE",
            format!("cannot read standard input: {}", io_reason(&e)),
        )
    })
}

/// `--now`, or `now`.
/// `--now` (every time form `parse_when` reads), else the clock's `now`.
pub(crate) fn request_time(given: Option<&String>, now: u64) -> Result<u64, Failure> {
    match given {
        Some(t) => cfsign::time::parse_when(t, now)
            .map_err(|e| fail("--now", format!("{}: {e}", shown(t)))),
        None => Ok(now),
    }
}

/// `--client-ip`, when given.
pub(crate) fn client_ip(given: Option<&String>) -> Result<Option<std::net::IpAddr>, Failure> {
    given
        .map(|ip| {
            ip.parse().map_err(|_| {
                fail(
                    "--client-ip",
                    format!("{} is not an IPv4 or IPv6 address", shown(ip)),
                )
            })
        })
        .transpose()
}

pub fn decode(args: DecodeArgs, now: u64) -> Result<String, Failure> {
    let input = read_input(&args.input)?;
    let now = request_time(args.now.as_ref(), now)?;
    let decoded = cfsign::decode_pasted(&input);
    let json = json_value(&decoded.json_at(Some(now)))?;
    match args.output.format(Format::Json) {
        Format::Json => json_text(&json),
        Format::Text => {
            let mut out = String::new();
            flatten("", &json, &mut out);
            Ok(out)
        }
    }
}

/// The library's JSON shape as a value, printed with its members sorted by name.
pub(crate) fn json_value(shape: &impl serde::Serialize) -> Result<serde_json::Value, Failure> {
    serde_json::to_value(shape).map_err(|e| fail("--output", e))
}

/// One `name: value` line per field of `value` (`policy.resource: ...`, `problems.0: ...`).
fn flatten(name: &str, value: &serde_json::Value, out: &mut String) {
    use serde_json::Value;
    // Member names may come from the input too (a policy's unknown keys): escaped as values.
    let child = |key: &str| {
        let key = terminal::value(key);
        if name.is_empty() {
            key.into_owned()
        } else {
            format!("{name}.{key}")
        }
    };
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| flatten(&child(k), v, out)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| flatten(&child(&i.to_string()), v, out)),
        Value::String(s) => out.push_str(&format!("{name}: {}\n", terminal::value(s))),
        Value::Null => {}
        other => out.push_str(&format!("{name}: {other}\n")),
    }
}

/// The key group of `--public-key ID=FILE` flags.
pub fn public_keys(specs: &[String]) -> Result<cfsign::KeyGroup, Failure> {
    let mut keys = cfsign::KeyGroup::new();
    for spec in specs {
        // ID=FILE (a PEM, or AWS CLI output filtered to that ID), or FILE alone: what
        // `aws cloudfront get-public-key` or `list-public-keys` prints, every key in it.
        let (id, path) = match spec.split_once('=') {
            Some((id, path)) if !id.is_empty() && !path.is_empty() => (Some(id), path),
            None if !spec.is_empty() => (None, spec.as_str()),
            _ => {
                return Err(fail(
                    "--public-key",
                    format!(
                        "{} is not ID=FILE or FILE (for example K2JCJMDEHXQW5F=public_key.pem, or keys.json from `aws cloudfront list-public-keys`)",
                        shown(spec)
                    ),
                ))
            }
        };
        let path = path.trim_start_matches("file://");
        let text = crate::read_file(path).map_err(|e| {
            fail(
                "--public-key",
                format!("cannot read {}: {}", shown(path), io_reason(&e)),
            )
        })?;
        let mut found = cfsign::doctor::read_public_keys(&shown(path), &text, id)
            .map_err(|e| fail("--public-key", e))?;
        // ID=FILE of a list: that key only.
        if let (Some(id), true) = (id, found.len() > 1) {
            found.retain(|k| k.id == id);
            if found.is_empty() {
                return Err(fail(
                    "--public-key",
                    format!("{} holds no key {}", shown(path), shown(id)),
                ));
            }
        }
        for input in found {
            let key = cfsign::PublicKey::from_pem(&input.encoded_key).map_err(|e| {
                fail(
                    "--public-key",
                    format!("{} (key {}): {e}", shown(path), shown(&input.id)),
                )
            })?;
            keys.insert(&input.id, key);
        }
    }
    Ok(keys)
}

pub fn verify(args: VerifyArgs, now: u64) -> Result<(String, bool), Failure> {
    let input = read_input(&args.url)?;
    let keys = public_keys(&args.public_keys)?;
    let now = request_time(args.now.as_ref(), now)?;
    let client_ip = client_ip(args.client_ip.as_ref())?;
    let request = cfsign::Request {
        url: &input,
        now,
        client_ip,
        cookies: args.cookie.as_deref(),
        skew: args.skew,
        repair: !args.no_repair,
    };
    if let Some(host) = &args.expect_host {
        if !cfsign::verify::diagnose::is_host(host) {
            return Err(fail(
                "--expect-host",
                "takes a host name such as cdn.example.com (with a :port if any), without a scheme or path",
            ));
        }
    }
    let hints = cfsign::verify::Hints {
        expect_host: args.expect_host.as_deref(),
    };
    let verdict = match args.no_key {
        true => cfsign::verify_without_key(&request),
        false => cfsign::verify_and_diagnose(&request, &keys, &hints),
    };
    if args.output.format(Format::Text) == Format::Json {
        return Ok((json_text(&json_value(&verdict.json())?)?, verdict.allowed()));
    }
    Ok((render_verdict(&verdict), verdict.allowed()))
}

/// A `bad_signature`'s diagnosis under its reason: the likely cause, or (in the note) what was
/// ruled out.
fn render_diagnosis(d: &cfsign::verify::Diagnosis, out: &mut String) {
    let shown = |s: &str| terminal::value(s).into_owned();
    match &d.likely_cause {
        Some(c) => {
            out.push_str(&format!(
                "    likely cause: {}: {}\n",
                c.code,
                shown(&c.message)
            ));
            out.push_str(&format!("    evidence: {}\n", shown(&c.evidence)));
        }
        None => out.push_str("    likely cause: none found\n"),
    }
    if let Some(note) = &d.note {
        out.push_str(&format!("    note: {}\n", shown(note)));
    }
}

/// The verdict for people; every value from the request is escaped ([`terminal::value`]).
pub(crate) fn render_verdict(v: &cfsign::Verdict) -> String {
    use cfsign::time::format_utc;
    let shown = |s: &str| terminal::value(s).into_owned();
    let mut out = String::new();
    let repaired = v.decoded.repaired_url.as_deref();
    let url = if repaired.is_some() {
        "the repaired URL"
    } else {
        "this request"
    };
    match (v.reasons.first(), v.signature_checked) {
        (None, true) => out.push_str(&format!("ALLOWED: CloudFront would serve {url}\n")),
        (None, false) => out.push_str(&format!(
            "NOT DENIED, SIGNATURE NOT CHECKED: nothing but the signature would deny {url}; check it with --public-key\n"
        )),
        (Some(first), checked) => out.push_str(&format!(
            "DENIED{}: CloudFront would answer 403 ({}) for {url}, {} reason{}\n",
            if checked { "" } else { " (signature not checked)" },
            first.cloudfront_error(),
            v.reasons.len(),
            if v.reasons.len() == 1 { "" } else { "s" }
        )),
    }
    if let Some(repaired) = repaired {
        out.push_str(&format!(
            "  REPAIRED:   the pasted URL was damaged; decided on the repaired URL (CloudFront sees the URL as given, and would deny it):\n              {}\n",
            shown(repaired)
        ));
    }
    for d in &v.decoded.damage {
        out.push_str(&format!(
            "  damage:     {}: {}\n",
            d.code.as_str(),
            shown(&d.message)
        ));
    }
    out.push_str(&format!(
        "  signed by:  {} ({})\n",
        v.source().as_str(),
        v.decoded
            .key_pair_id
            .as_deref()
            .map_or_else(|| "no key ID".into(), shown)
    ));
    if let Some(p) = &v.policy {
        out.push_str(&format!("  resource:   {}\n", shown(&p.resource)));
        let start = p
            .date_greater_than
            .map_or_else(|| "any time".to_string(), format_utc);
        out.push_str(&format!(
            "  valid:      {start} until {}\n",
            format_utc(p.date_less_than)
        ));
        if let Some(ip) = &p.source_ip {
            out.push_str(&format!("  clients:    {}\n", shown(ip)));
        }
    }
    for r in &v.reasons {
        out.push_str(&format!(
            "- {}: {}\n    why: {}\n    fix: {}\n",
            r.code(),
            shown(&r.to_string()),
            r.explanation(),
            r.fix()
        ));
        if let cfsign::Reason::BadSignature {
            diagnosis: Some(d), ..
        } = r
        {
            render_diagnosis(d, &mut out);
        }
    }
    for n in &v.notes {
        out.push_str(&format!("note: {}: {}\n", n.code(), shown(&n.to_string())));
    }
    out
}
