//! `sign-playlist`: an HLS playlist or DASH manifest (a file, standard input or a URL) with one
//! custom policy, signed once for the stream's prefix (`Signer::sign_prefix`), appended to every
//! entry it covers (`cfsign::playlist`). The rewritten playlist goes to standard output, byte for
//! byte but for the URIs; what was left alone, and why, to standard error (or all of it as JSON).

use std::io::IsTerminal;

use cfsign::playlist::{self, PlaylistError, PlaylistOptions, SignedPlaylist, SignedQuery};
use cfsign::Policy;
use serde_json::json;

use crate::args::{Format, PlaylistArgs};
use crate::signing::{flag_names, json_text, key_source, sign_failure, signer, window, WindowText};
use crate::signing::{DATE_GREATER_THAN, DATE_LESS_THAN, IP_ADDRESS};
use crate::terminal;
use crate::usage::{fail, Failure};

/// The flag errors about the playlist itself name.
const INPUT: &str = "FILE|URL|-";

/// Runs `sign-playlist`: (what to print, the exit code).
pub fn sign_playlist(args: PlaylistArgs, now: u64) -> Result<(Vec<u8>, u8), Failure> {
    let format = args.output.format(Format::Text);
    let max = args.max_bytes;
    let (bytes, fetched_from) = read_input(&args.input, max)?;
    let base_url = match (args.base_url.as_deref(), fetched_from.as_deref()) {
        (Some(base), _) => base.to_string(),
        (None, Some(url)) => url.to_string(),
        (None, None) => {
            return Err(fail(
                "--base-url",
                "is required for a file or standard input: the URL the playlist is served at",
            ))
        }
    };
    // One signature for the stream: a custom policy for its prefix.
    let w = window(
        &WindowText {
            date_less_than: (DATE_LESS_THAN, &args.date_less_than),
            date_greater_than: args
                .date_greater_than
                .as_deref()
                .map(|t| (DATE_GREATER_THAN, t)),
            ip_address: args.ip_address.as_deref().map(|t| (IP_ADDRESS, t)),
            allow_past: args.allow_past,
        },
        now,
    )?;
    let names = flag_names("--base-url", "--policy-resource");
    let mut policy = Policy::new(&args.policy_resource, w.date_less_than)
        .map_err(|e| sign_failure(e.into(), &names))?;
    if let Some(start) = w.date_greater_than {
        policy = policy
            .valid_from(start)
            .map_err(|e| sign_failure(e.into(), &names))?;
    }
    if let Some(range) = w.ip_range {
        policy = policy.ip_range(range);
    }
    let source = key_source(&args.key)?;
    let signer = signer(&args.key, source.as_ref())?;
    let prefix = signer
        .sign_prefix(&policy)
        .map_err(|e| sign_failure(e, &names))?;
    let query = SignedQuery::parse(prefix.query()).map_err(|e| playlist_failure(&e))?;
    let options = PlaylistOptions {
        max_bytes: max,
        list_signed: format == Format::Json,
    };
    let signed = playlist::sign_playlist_with(&bytes, &base_url, &query, &options)
        .map_err(|e| playlist_failure(&e))?;
    match format {
        Format::Json => Ok((
            terminal::output(&json_text(&report_json(&signed, &query))?)
                .into_owned()
                .into_bytes(),
            0,
        )),
        _ => {
            report_text(&signed);
            // The playlist as it is (CRLF kept) unless a terminal shows it.
            let out = match std::io::stdout().is_terminal() {
                true => terminal::output(&signed.text).into_owned(),
                false => signed.text,
            };
            Ok((out.into_bytes(), 0))
        }
    }
}

/// The playlist's bytes, and the URL they were fetched from (after redirects), if fetched.
fn read_input(input: &str, max: usize) -> Result<(Vec<u8>, Option<String>), Failure> {
    let cap = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::FileTooLarge => {
            fail(INPUT, format!("the playlist is over --max-bytes ({max})"))
        }
        _ => fail(
            INPUT,
            format!("cannot read the playlist: {}", crate::io_reason(&e)),
        ),
    };
    if input == "-" {
        return Ok((read_bytes(std::io::stdin().lock(), max).map_err(cap)?, None));
    }
    let scheme = input.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    if matches!(scheme.as_deref(), Some("http" | "https")) {
        return fetch(input, max).map(|(bytes, url)| (bytes, Some(url)));
    }
    let file = std::fs::File::open(input).map_err(cap)?;
    Ok((read_bytes(file, max).map_err(cap)?, None))
}

/// At most `max` bytes of `reader`; more is `FileTooLarge`, never read to the end.
fn read_bytes(reader: impl std::io::Read, max: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut reader.take(max as u64 + 1), &mut bytes)?;
    if bytes.len() > max {
        return Err(std::io::Error::from(std::io::ErrorKind::FileTooLarge));
    }
    Ok(bytes)
}

/// GETs `url` with ureq (rustls, the webpki roots), following redirects, reading at most `max`
/// bytes; errors never quote the URL.
#[cfg(feature = "fetch")]
fn fetch(url: &str, max: usize) -> Result<(Vec<u8>, String), Failure> {
    use ureq::ResponseExt as _;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into();
    let failed = |e: ureq::Error| {
        let why = match e {
            ureq::Error::StatusCode(code) => format!("the server answered HTTP {code}"),
            ureq::Error::BodyExceedsLimit(_) => format!("the playlist is over --max-bytes ({max})"),
            ureq::Error::Timeout(_) => "timed out".into(),
            ureq::Error::HostNotFound => "host not found".into(),
            ureq::Error::ConnectionFailed => "cannot connect".into(),
            ureq::Error::Io(e) => crate::io_reason(&e),
            ureq::Error::BadUri(_) => "not a URL that can be fetched".into(),
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) => "TLS failed".into(),
            _ => "the request failed".into(),
        };
        fail(INPUT, format!("cannot fetch the playlist: {why}"))
    };
    let mut response = agent.get(url).call().map_err(failed)?;
    let final_url = response.get_uri().to_string();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(max as u64)
        .read_to_vec()
        .map_err(failed)?;
    Ok((bytes, final_url))
}

#[cfg(not(feature = "fetch"))]
fn fetch(_url: &str, _max: usize) -> Result<(Vec<u8>, String), Failure> {
    Err(fail(
        INPUT,
        "this cfsign was built without the `fetch` feature: save the playlist and pass the file with --base-url",
    ))
}

/// A playlist error, with its stable code.
fn playlist_failure(e: &PlaylistError) -> Failure {
    let flag = match e {
        PlaylistError::BadBaseUrl => "--base-url",
        PlaylistError::BadSignedQuery { .. } | PlaylistError::CannedPolicy => "--policy-resource",
        _ => INPUT,
    };
    fail(flag, format!("{e} ({})", e.code()))
}

/// The entries left alone and the warnings, one line each on standard error, and a summary.
fn report_text(s: &SignedPlaylist) {
    for e in &s.entries {
        eprintln!(
            "cfsign: note: line {}: {} left alone ({}): {}",
            e.line,
            e.kind,
            e.status.code(),
            terminal::value(e.url.as_deref().unwrap_or(&e.uri))
        );
    }
    for w in &s.warnings {
        eprintln!("cfsign: warning: line {}: {}", w.line, w.kind.code());
    }
    eprintln!(
        "cfsign: {} playlist: {} entries signed, {} left alone",
        s.format.as_str(),
        s.rewritten,
        s.entries.len()
    );
}

/// `--output json`: the playlist, the policy's resource and expiry, every entry and warning.
fn report_json(s: &SignedPlaylist, query: &SignedQuery) -> serde_json::Value {
    json!({
        "format": s.format.as_str(),
        "rewritten": s.rewritten,
        "resource": query.resource(),
        "date_less_than": query.date_less_than(),
        "entries": s.entries.iter().map(|e| json!({
            "line": e.line,
            "kind": e.kind,
            "uri": e.uri,
            "url": e.url,
            "status": e.status.code(),
            "reason": e.status.explanation(),
        })).collect::<Vec<_>>(),
        "warnings": s.warnings.iter().map(|w| json!({"line": w.line, "code": w.kind.code()})).collect::<Vec<_>>(),
        "text": s.text,
    })
}
