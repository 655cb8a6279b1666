//! `sign-prefix`: one custom policy over a wildcard resource, signed once, and the signed URL of
//! each `--url` it covers (the core's `SignedPrefix`: its rule decides what is covered).

use cfsign::Policy;

use crate::args::{Format, PrefixArgs};
use crate::signing::{self, flag_names, Window, WindowText};
use crate::usage::{fail, Failure};

pub fn sign_prefix(args: PrefixArgs, now: u64) -> Result<String, Failure> {
    let now = args.expires.now(now)?;
    let expires_in = args.expires.date_less_than(now)?.map(|t| t.to_string());
    let date_less_than = match &expires_in {
        Some(t) => ("--expires-in", t.as_str()),
        None => (
            signing::DATE_LESS_THAN,
            args.date_less_than.as_deref().unwrap_or_default(),
        ),
    };
    let source = signing::key_source(&args.key)?;
    let signer = signing::signer(&args.key, source.as_ref())?;
    let names = flag_names("--url", "--resource");
    let Window {
        date_less_than,
        date_greater_than,
        ip_range,
    } = signing::window(
        &WindowText {
            date_less_than,
            date_greater_than: args
                .date_greater_than
                .as_deref()
                .map(|t| (signing::DATE_GREATER_THAN, t)),
            ip_address: args.ip_address.as_deref().map(|t| (signing::IP_ADDRESS, t)),
            allow_past: args.allow_past,
        },
        now,
    )?;
    let policy =
        Policy::with_conditions(&args.resource, date_less_than, date_greater_than, ip_range)
            .map_err(|e| signing::sign_failure(e.into(), &names))?;
    let prefix = signer
        .sign_prefix(&policy)
        .map_err(|e| fail("--resource", e))?;
    let urls = args
        .url
        .iter()
        .map(|url| prefix.url_for(url).map_err(|e| fail("--url", e)))
        .collect::<Result<Vec<_>, _>>()?;
    if args.output.format(Format::Text) == Format::Json {
        let params: serde_json::Map<String, serde_json::Value> = prefix
            .params()
            .map(|(name, value)| (name.to_string(), value.into()))
            .collect();
        return signing::json_text(&serde_json::json!({
            "query": prefix.query(),
            "params": params,
            "policy": prefix.policy_json(),
            "resource": prefix.resource(),
            "base": prefix.base(),
            "urls": urls,
        }));
    }
    let mut out = String::with_capacity(prefix.query().len() + 1);
    out.push_str(prefix.query());
    out.push('\n');
    for url in urls {
        out.push_str(&url);
        out.push('\n');
    }
    Ok(out)
}
