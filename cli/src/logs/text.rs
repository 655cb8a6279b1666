//! The report for people.

use std::fmt::Write;

use cfsign::logs::{Example, Summary, TopEntry};

fn example(e: &Example) -> String {
    let status = e.status.map_or("-".to_string(), |s| s.to_string());
    format!(
        "{} {} {} from {} at {} -> {}",
        e.time,
        status,
        e.path,
        e.client_ip.as_deref().unwrap_or("-"),
        if e.edge_location.is_empty() {
            "-"
        } else {
            &e.edge_location
        },
        e.verdict
    )
}

fn top(out: &mut String, title: &str, entries: &[TopEntry]) {
    if entries.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nTop denied {title}:");
    for t in entries {
        let _ = writeln!(out, "  {:>8}  {}", t.count, t.key);
        let _ = writeln!(out, "            e.g. {}", example(&t.example));
    }
}

/// The summary as text.
/// The summary for people, with `memo_hits` (signature checks answered from the memo: a fact
/// about this run, not about the logs, so not in the summary).
pub fn render(s: &Summary, memo_hits: u64) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Requests: {} ({} signed, {} unsigned){}",
        s.requests,
        s.signed,
        s.unsigned,
        match (&s.first_time, &s.last_time) {
            (Some(a), Some(b)) => format!(", {a} to {b}"),
            _ => String::new(),
        }
    );
    if s.outside_window > 0 {
        let _ = writeln!(out, "Left out (--since/--until): {}", s.outside_window);
    }
    let _ = writeln!(out, "\nVerdicts of signed requests ({} denied):", s.denied);
    for (code, n) in &s.verdicts {
        let _ = writeln!(out, "  {code:<20} {n}");
    }
    let m = &s.status_mismatch;
    let _ = writeln!(out, "\nStatus mismatches:");
    let _ = writeln!(
        out,
        "  allowed_but_403      {}  (the signature is not the cause: check the cache behavior and the origin with `cfsign doctor`)",
        m.allowed_but_403
    );
    if let Some(e) = &m.allowed_but_403_example {
        let _ = writeln!(out, "    e.g. {}", example(e));
    }
    let _ = writeln!(
        out,
        "  denied_but_served    {}  (served although the signature denies it: the path is not restricted, a public hole)",
        m.denied_but_served
    );
    if let Some(e) = &m.denied_but_served_example {
        let _ = writeln!(out, "    e.g. {}", example(e));
    }
    if !s.keys.is_empty() {
        let _ = writeln!(out, "\nKeys:");
        for (k, r) in s.keys.iter().zip(&s.rotation) {
            let _ = writeln!(
                out,
                "  {}  {} requests, first {} last {}, latest expiry {}",
                k.id,
                k.requests,
                k.first_seen,
                k.last_seen,
                k.latest_expiry.as_deref().unwrap_or("-")
            );
            let advice = match (r.status, &r.after) {
                ("still_in_use", Some(t)) => format!(
                    "still in use (valid URLs until {t}, with {}s skew)",
                    s.skew_seconds
                ),
                ("safe_to_remove_after", Some(t)) => format!("safe to remove after {t}"),
                _ => "no valid signature seen".to_string(),
            };
            let _ = writeln!(out, "      rotation: {advice}");
        }
    }
    if !s.clock_skew.is_empty() {
        let _ = writeln!(
            out,
            "\nDenials near a time boundary (possible clock skew), by edge location:"
        );
        for c in &s.clock_skew {
            let _ = writeln!(
                out,
                "  {:<10} expired {} (at most {}s late), not yet valid {} (at most {}s early), estimate {:+}s",
                c.edge_location,
                c.expired_near_boundary,
                c.max_seconds_after_expiry,
                c.not_yet_valid_near_boundary,
                c.max_seconds_before_start,
                c.estimate_seconds
            );
        }
    }
    top(&mut out, "paths", &s.top.paths);
    top(&mut out, "edge locations", &s.top.edge_locations);
    top(&mut out, "viewer networks", &s.top.networks);
    if s.top.approximate {
        let _ = writeln!(
            out,
            "  (counts approximate: more distinct entries than counted exactly)"
        );
    }
    if s.bad_lines > 0 {
        let _ = writeln!(out, "\nSkipped lines: {}", s.bad_lines);
        for b in &s.bad_lines_listed {
            let _ = writeln!(
                out,
                "  {}:{}: {}",
                b.file.as_deref().unwrap_or("?"),
                b.line,
                b.code
            );
        }
    }
    let _ = writeln!(
        out,
        "\nSignature checks: {} ({} answered from the memo)",
        s.verifications, memo_hits
    );
    out
}
