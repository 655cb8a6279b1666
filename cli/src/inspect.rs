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

pub fn decode(args: DecodeArgs) -> Result<String, Failure> {
    let input = read_input(&args.input)?;
    let decoded = if cfsign::decode::looks_like_cookies(&input) {
        cfsign::decode_cookies(&input)
    } else {
        cfsign::decode_url(&input)
    };
    let json = json_value(&decoded.json())?;
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

pub fn verify(args: VerifyArgs, now: u64) -> Result<(String, bool), Failure> {
    let mut keys = cfsign::KeyGroup::new();
    for spec in &args.public_keys {
        let (id, path) = spec
            .split_once('=')
            .filter(|(id, path)| !id.is_empty() && !path.is_empty())
            .ok_or_else(|| {
                fail(
                    "--public-key",
                    format!(
                        "{} is not ID=FILE (for example K2JCJMDEHXQW5F=public_key.pem)",
                        shown(spec)
                    ),
                )
            })?;
        let path = path.trim_start_matches("file://");
        let pem = crate::read_file(path).map_err(|e| {
            fail(
                "--public-key",
                format!("cannot read {}: {}", shown(path), io_reason(&e)),
            )
        })?;
        let key = cfsign::PublicKey::from_pem(&pem)
            .map_err(|e| fail("--public-key", format!("{}: {e}", shown(path))))?;
        keys.insert(id, key);
    }
    let now = match &args.now {
        Some(t) => cfsign::time::parse_when(t, now)
            .map_err(|e| fail("--now", format!("{}: {e}", shown(t))))?,
        None => now,
    };
    let client_ip = match &args.client_ip {
        Some(ip) => Some(ip.parse().map_err(|_| {
            fail(
                "--client-ip",
                format!("{} is not an IPv4 or IPv6 address", shown(ip)),
            )
        })?),
        None => None,
    };
    let request = cfsign::Request {
        url: &args.url,
        now,
        client_ip,
        cookies: args.cookie.as_deref(),
        skew: args.skew,
    };
    let verdict = cfsign::verify(&request, &keys);
    if args.output.format(Format::Text) == Format::Json {
        return Ok((json_text(&json_value(&verdict.json())?)?, verdict.allowed()));
    }
    Ok((render_verdict(&verdict), verdict.allowed()))
}

/// The verdict for people; every value from the request is escaped ([`terminal::value`]).
pub(crate) fn render_verdict(v: &cfsign::Verdict) -> String {
    use cfsign::time::format_utc;
    let shown = |s: &str| terminal::value(s).into_owned();
    let mut out = String::new();
    match v.reasons.first() {
        None => out.push_str("ALLOWED: CloudFront would serve this request\n"),
        Some(first) => out.push_str(&format!(
            "DENIED: CloudFront would answer 403 ({}) for {} reason{}\n",
            first.cloudfront_error(),
            v.reasons.len(),
            if v.reasons.len() == 1 { "" } else { "s" }
        )),
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
    }
    for n in &v.notes {
        out.push_str(&format!("note: {}: {}\n", n.code(), shown(&n.to_string())));
    }
    out
}
