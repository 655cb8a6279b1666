//! Usage errors, one line each, that never show a secret (issue 11, finding 3).
//!
//! Three layers, so that no path echoes key material:
//! - [`pem_argument`] runs before clap: an argument carrying PEM armour is refused at once,
//!   naming the flag it was given to and what to pass instead.
//! - clap's errors are not rendered: [`clap_failure`] rebuilds each from its kind and context,
//!   and every value it shows goes through [`shown`], which hides key-like values and cuts long
//!   ones. cfsign's own messages use [`shown`] too.
//! - [`Failure::line`] scrubs the finished line: command-line values the library echoed are
//!   replaced by their [`shown`] form, and whatever still looks like key material is hidden.

use std::borrow::Cow;

use clap::error::{ContextKind, ContextValue, ErrorKind};

/// Values longer than this (in characters) are cut when shown.
const SHOWN_CHARS: usize = 100;
/// A run of this many base64 characters, mixing letters and digits, is taken for key material.
const KEY_RUN: usize = 40;

/// A usage error: the flag it concerns, if any, and the message. Exit code 2.
pub struct Failure {
    pub flag: Option<Cow<'static, str>>,
    pub message: String,
}

pub fn fail(flag: &'static str, message: impl std::fmt::Display) -> Failure {
    Failure {
        flag: Some(Cow::Borrowed(flag)),
        message: message.to_string(),
    }
}

impl Failure {
    /// The line to print on stderr, scrubbed of the command line's long or key-like values.
    pub fn line(&self, argv: &[String]) -> String {
        format!("cfsign: error: {}", self.text(argv))
    }

    /// `flag: message` (or the message alone), scrubbed of `values`' long or key-like ones and
    /// of whatever else looks like key material.
    pub fn text<S: AsRef<str>>(&self, values: &[S]) -> String {
        let text = match &self.flag {
            Some(flag) => format!("{flag}: {}", self.message),
            None => self.message.clone(),
        };
        scrub(&text, values)
    }

    /// The message alone, scrubbed as [`Failure::text`] scrubs it.
    pub fn message<S: AsRef<str>>(&self, values: &[S]) -> String {
        scrub(&self.message, values)
    }
}

/// `value` quoted, for a message: hidden when it looks like key material, cut when long.
pub fn shown(value: &str) -> String {
    if is_key_like(value) {
        return "(a value not shown: it looks like key material)".into();
    }
    let count = value.chars().count();
    if count <= SHOWN_CHARS {
        return format!("{value:?}");
    }
    let head: String = value.chars().take(SHOWN_CHARS - 20).collect();
    // 80 characters and the count: enough to recognise a URL or a path.
    format!("{head:?}… ({count} characters)")
}

/// PEM armour, several lines, or a long base64-like run.
pub fn is_key_like(s: &str) -> bool {
    has_armour(s) || s.contains(['\n', '\r']) || !key_runs(s).is_empty()
}

fn has_armour(s: &str) -> bool {
    s.contains("-----BEGIN") || s.contains("-----END") || s.contains("PRIVATE KEY")
}

/// Byte ranges of the runs of at least [`KEY_RUN`] base64 characters (either alphabet) that mix
/// upper and lower case letters and digits, or hex digits and letters: key material rather than
/// a word or a path.
fn key_runs(s: &str) -> Vec<(usize, usize)> {
    let is_b64 = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_');
    let mut runs = Vec::new();
    let mut start = None;
    for (i, b) in s.bytes().chain([b' ']).enumerate() {
        match (is_b64(b), start) {
            (true, None) => start = Some(i),
            (false, Some(from)) => {
                let run = s.get(from..i).unwrap_or_default();
                let has = |f: fn(&u8) -> bool| run.as_bytes().iter().any(f);
                let digits = has(u8::is_ascii_digit);
                let mixed = has(u8::is_ascii_uppercase) && has(u8::is_ascii_lowercase);
                let hex =
                    run.bytes().all(|b| b.is_ascii_hexdigit()) && has(u8::is_ascii_alphabetic);
                if run.len() >= KEY_RUN && digits && (mixed || hex) {
                    runs.push((from, i));
                }
                start = None;
            }
            _ => {}
        }
    }
    runs
}

/// Replaces, in `line`, every long or key-like value of the command line (whole, or after an
/// `=`, as given or as `{:?}` quotes it) by its [`shown`] form, then hides any key-like run left.
fn scrub<S: AsRef<str>>(line: &str, argv: &[S]) -> String {
    let mut values: Vec<&str> = Vec::new();
    for arg in argv {
        let arg = arg.as_ref();
        values.push(arg);
        values.extend(arg.match_indices('=').filter_map(|(i, _)| arg.get(i + 1..)));
    }
    values.retain(|v| !v.is_empty() && (v.chars().count() > SHOWN_CHARS || is_key_like(v)));
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    let mut out = line.to_string();
    for v in values {
        let replacement = shown(v);
        out = out.replace(&format!("{v:?}"), &replacement);
        out = out.replace(v, &replacement);
    }
    for (from, to) in key_runs(&out).into_iter().rev() {
        out.replace_range(from..to, "(hidden)");
    }
    if has_armour(&out) {
        return "(the message is not shown: it held key material)".into();
    }
    out
}

/// Refuses an argument that carries PEM armour, before clap (whose errors would echo it) runs.
pub fn pem_argument(argv: &[String]) -> Option<Failure> {
    let i = argv.iter().position(|a| has_armour(a))?;
    // `--flag=PEM`, or `--flag PEM`; anything else is a positional argument.
    let flag = flag_name(&argv[i])
        .filter(|f| argv[i].len() > f.len())
        .or_else(|| {
            let previous = argv.get(i.checked_sub(1)?)?;
            flag_name(previous).filter(|f| f.len() == previous.len())
        });
    let message = match flag {
        Some("--private-key") => "takes a file path, but it was given the key itself (PEM text): write the key to a file (chmod 600) and pass its path, or use `--private-key -` to read it from standard input".to_string(),
        Some("--public-key") => "takes ID=FILE, but it was given the key itself (PEM text): write the key to a file and pass ID=path, as in K2JCJMDEHXQW5F=public_key.pem".to_string(),
        Some("--policy") => "takes a file path, but it was given PEM text (a key?): pass the path of a policy JSON file".to_string(),
        Some(_) => "was given PEM text (key material), which is not shown; keys are read from files: --private-key FILE, or --private-key - for standard input".to_string(),
        None => return Some(Failure {
            flag: None,
            message: "an argument is PEM text (key material), which is not shown; keys are read from files: --private-key FILE, or --private-key - for standard input".into(),
        }),
    };
    Some(Failure {
        flag: flag.map(|f| Cow::Owned(f.to_string())),
        message,
    })
}

/// `--name` of `--name` or `--name=value`, when `name` is a plausible flag name.
fn flag_name(arg: &str) -> Option<&str> {
    let name = arg.strip_prefix("--")?.split('=').next()?;
    let plausible = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    plausible.then(|| arg.get(..name.len() + 2)).flatten()
}

/// A one-line failure from clap's error, showing only what [`shown`] lets through, with a
/// "did you mean" for misspelt flags and commands.
pub fn clap_failure(e: &clap::Error, argv: &[String]) -> Failure {
    let context = |kind: ContextKind| -> Vec<String> {
        match e.get(kind) {
            Some(ContextValue::String(s)) => vec![s.clone()],
            Some(ContextValue::Strings(v)) => v.clone(),
            Some(ContextValue::StyledStr(s)) => vec![s.to_string()],
            Some(ContextValue::StyledStrs(v)) => v.iter().map(ToString::to_string).collect(),
            _ => Vec::new(),
        }
    };
    let first = |kind| context(kind).into_iter().next().unwrap_or_default();
    // "--hash-algorithm <ALG>" names the flag "--hash-algorithm"; "<URL>" the argument "URL".
    let arg_name = |arg: &str| -> String {
        let name = arg.split(' ').next().unwrap_or_default();
        name.trim_start_matches('<')
            .trim_end_matches('>')
            .to_string()
    };
    let flagged = |flag: String, message: String| Failure {
        flag: Some(Cow::Owned(flag)),
        message,
    };
    let plain = |message: String| Failure {
        flag: None,
        message,
    };
    let command = subcommand(argv);
    let help = match &command {
        Some(c) => format!(" (see cfsign {c} --help)"),
        None => " (see cfsign --help)".into(),
    };
    match e.kind() {
        ErrorKind::UnknownArgument => {
            let arg = first(ContextKind::InvalidArg);
            match flag_name(&arg).filter(|_| !is_key_like(&arg)) {
                Some(flag) => {
                    let longs = match command.as_deref() {
                        Some(c) => long_flags(c),
                        None => vec!["help".into(), "version".into()],
                    };
                    let hint = match closest(flag.trim_start_matches("--"), &longs) {
                        Some(s) => format!(": did you mean --{s}?"),
                        None => help,
                    };
                    plain(format!("unknown flag {flag}{hint}"))
                }
                None => plain(format!("unexpected argument {}{help}", shown(&arg))),
            }
        }
        ErrorKind::InvalidSubcommand => {
            let name = first(ContextKind::InvalidSubcommand);
            let hint = match closest(&name, &subcommands()) {
                Some(s) if !is_key_like(&name) => format!(": did you mean {s}?"),
                _ => format!(": the commands are {}", subcommands().join(", ")),
            };
            plain(format!("unknown command {}{hint}", shown(&name)))
        }
        ErrorKind::InvalidValue => {
            let flag = arg_name(&first(ContextKind::InvalidArg));
            let value = first(ContextKind::InvalidValue);
            let valid = context(ContextKind::ValidValue);
            if value.is_empty() {
                return flagged(flag, "needs a value".into());
            }
            let choices = if valid.is_empty() {
                String::new()
            } else {
                format!(": use {}", valid.join(" or "))
            };
            flagged(flag, format!("{} is not valid{choices}", shown(&value)))
        }
        ErrorKind::ValueValidation => {
            let flag = arg_name(&first(ContextKind::InvalidArg));
            let value = first(ContextKind::InvalidValue);
            let why = std::error::Error::source(e)
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            flagged(flag, format!("{} is not valid{why}", shown(&value)))
        }
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<String> = context(ContextKind::InvalidArg)
                .iter()
                .map(|a| arg_name(a))
                .collect();
            plain(format!("missing {}{help}", missing.join(", ")))
        }
        ErrorKind::ArgumentConflict => {
            let flag = arg_name(&first(ContextKind::InvalidArg));
            let prior: Vec<String> = context(ContextKind::PriorArg)
                .iter()
                .map(|a| arg_name(a))
                .collect();
            flagged(flag, format!("cannot be used with {}", prior.join(", ")))
        }
        ErrorKind::InvalidUtf8 => plain("an argument is not valid UTF-8".into()),
        kind => {
            let what = kind.as_str().unwrap_or("invalid usage");
            match context(ContextKind::InvalidArg).first() {
                Some(arg) => flagged(arg_name(arg), format!("{what}{help}")),
                None => plain(format!("{what}{help}")),
            }
        }
    }
}

/// The subcommand the command line names, if any.
fn subcommand(argv: &[String]) -> Option<String> {
    let names = subcommands();
    argv.iter().find(|a| names.contains(a)).cloned()
}

fn subcommands() -> Vec<String> {
    use clap::CommandFactory;
    crate::args::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

fn long_flags(command: &str) -> Vec<String> {
    use clap::CommandFactory;
    let cli = crate::args::Cli::command();
    let mut longs: Vec<String> = cli
        .find_subcommand(command)
        .map(|c| {
            c.get_arguments()
                .filter_map(|a| a.get_long().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    longs.push("help".into());
    longs
}

/// The one candidate within two edits (a swap of neighbours counts as one) of `typed`.
fn closest(typed: &str, candidates: &[String]) -> Option<String> {
    let mut best: Option<(usize, &String)> = None;
    let mut tie = false;
    for c in candidates {
        let d = distance(typed, c);
        match best {
            Some((b, _)) if d > b => {}
            Some((b, _)) if d == b => tie = true,
            _ => {
                best = Some((d, c));
                tie = false;
            }
        }
    }
    match best {
        Some((d, c)) if d <= 2 && d < typed.chars().count() && !tie => Some(c.clone()),
        _ => None,
    }
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
/// neighbours each count one.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let width = b.len() + 1;
    let mut d: Vec<usize> = vec![0; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        d[at(i, 0)] = i;
    }
    for j in 0..=b.len() {
        d[at(0, j)] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[at(i - 1, j)] + 1)
                .min(d[at(i, j - 1)] + 1)
                .min(d[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[at(i - 2, j - 2)] + 1);
            }
            d[at(i, j)] = best;
        }
    }
    d[at(a.len(), b.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_like_values() {
        assert!(is_key_like("-----BEGIN PRIVATE KEY-----"));
        assert!(is_key_like("two\nlines"));
        assert!(is_key_like(
            "MIIEowIBAAKCAQEAu6o2+Jc8UINw2P/w2l7A1xXu3emQEZQ9diA3bmog8r9Dg+65"
        ));
        assert!(is_key_like(
            "c9a7d3e1f0b2468ace13579bdf02468ace13579bdf0246"
        ));
        for benign in [
            "https://d111111abcdef8.cloudfront.net/videos/intro.mp4",
            "/home/alice/projects/cloudfront/keys/private_key.pem",
            "K2JCJMDEHXQW5F",
            "2026-01-01T18:00:00Z",
        ] {
            assert!(!is_key_like(benign), "{benign}");
        }
        assert_eq!(shown("300.1.2.3"), "\"300.1.2.3\"");
        assert!(shown(&"a".repeat(500)).ends_with("… (500 characters)"));
    }

    #[test]
    fn suggestions() {
        let flags: Vec<String> = ["private-key", "public-key", "policy", "path"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            closest("privatekey", &flags).as_deref(),
            Some("private-key")
        );
        assert_eq!(closest("pubilc-key", &flags).as_deref(), Some("public-key"));
        assert_eq!(closest("zzzz", &flags), None);
        assert_eq!(distance("sing", "sign"), 1);
    }
}
