//! The doctor's and the audit's text for people. Every value from the inputs goes through
//! [`terminal::value`].

use cfsign::doctor::{Diagnosis, Finding};

use crate::inspect::render_verdict;
use crate::terminal;

fn shown(s: &str) -> String {
    terminal::value(s).into_owned()
}

pub fn diagnosis(d: &Diagnosis) -> String {
    let b = &d.behavior;
    let mut out = String::new();
    out.push_str(match d.served() {
        true => "SERVED: CloudFront would serve this request\n",
        false => "DENIED: CloudFront would answer 403\n",
    });
    out.push_str(&format!("  path:       {}\n", shown(&d.path)));
    out.push_str(&format!(
        "  behavior:   {} -> origin {} ({})\n",
        shown(&b.name()),
        shown(&b.target_origin_id),
        match b.restriction() {
            "none" => "unrestricted",
            "key_groups" => "restricted: trusted key groups",
            "trusted_signers" => "restricted: legacy trusted signers",
            _ => "restricted: trusted key groups and legacy trusted signers",
        }
    ));
    if !d.not_matched.is_empty() {
        let names: Vec<String> = d.not_matched.iter().map(|n| shown(n)).collect();
        out.push_str(&format!(
            "  not matched (tried first): {}\n",
            names.join(", ")
        ));
    }
    for g in &d.trusted_key_groups {
        let keys: Vec<String> = g.key_ids.iter().map(|k| shown(k)).collect();
        out.push_str(&format!(
            "  key group:  {}{}: {}\n",
            shown(&g.id),
            if g.found {
                ""
            } else {
                " (not among the inputs)"
            },
            if keys.is_empty() {
                "no keys".into()
            } else {
                keys.join(", ")
            }
        ));
    }
    if !b.trusted_signers.is_empty() {
        let s: Vec<String> = b.trusted_signers.iter().map(|s| shown(s)).collect();
        out.push_str(&format!("  trusted signers (legacy): {}\n", s.join(", ")));
    }
    if let Some(v) = &d.verdict {
        out.push_str("verdict against this behavior's keys:\n");
        for line in render_verdict(v).lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    if !d.findings.is_empty() {
        out.push_str("findings:\n");
        out.push_str(&findings(&d.findings));
    }
    out
}

fn findings(list: &[Finding]) -> String {
    let mut out = String::new();
    for f in list {
        out.push_str(&format!(
            "- {} {}: {}\n",
            f.severity.as_str(),
            f.code,
            shown(&f.message)
        ));
        if !f.behaviors.is_empty() {
            let names: Vec<String> = f.behaviors.iter().map(|n| shown(n)).collect();
            out.push_str(&format!("    behaviors: {}\n", names.join(", ")));
        }
        if let Some(p) = &f.example_path {
            out.push_str(&format!("    example:   {}\n", shown(p)));
        }
        out.push_str(&format!("    fix:       {}\n", shown(&f.fix)));
    }
    out
}

pub fn audit(list: &[Finding]) -> String {
    if list.is_empty() {
        return "No findings.\n".into();
    }
    let count = |s: cfsign::doctor::Severity| list.iter().filter(|f| f.severity == s).count();
    let mut out = format!(
        "{} finding(s): {} error, {} warning, {} info\n",
        list.len(),
        count(cfsign::doctor::Severity::Error),
        count(cfsign::doctor::Severity::Warning),
        count(cfsign::doctor::Severity::Info)
    );
    out.push_str(&findings(list));
    out
}
