//! [`Finding`]: one thing the doctor or the audit found, with a stable code, a severity, the
//! behaviors it concerns, an example path where one helps, a message and a fix.

use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

/// How bad a finding is. `audit` exits 1 on a warning or worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Private content is served to anyone, or every request fails.
    Error,
    /// A risk, or something that could not be checked.
    Warning,
    /// Worth knowing; nothing to fix by itself.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// One finding. Its JSON (snake_case) is `{code, severity, behaviors, example_path, message,
/// fix}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable code, for example `shadowed_by_unrestricted`.
    pub code: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The behaviors concerned, each named as [`super::Behavior::name`] does: `#2 /videos/*`, or
    /// `default (*)`.
    pub behaviors: Vec<String>,
    /// A path that shows the problem (for example one that goes public), when there is one.
    pub example_path: Option<String>,
    /// What is wrong, for a person.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl Finding {
    /// A finding with no behaviors and no example path.
    pub fn new(code: &'static str, severity: Severity, message: String, fix: &str) -> Self {
        Self {
            code,
            severity,
            behaviors: Vec::new(),
            example_path: None,
            message,
            fix: fix.into(),
        }
    }

    /// The same, naming `behaviors`.
    pub fn on(mut self, behaviors: Vec<String>) -> Self {
        self.behaviors = behaviors;
        self
    }

    /// The same, with an example path.
    pub fn example(mut self, path: String) -> Self {
        self.example_path = Some(path);
        self
    }
}

/// Whether any finding is a warning or an error (what makes `cfsign audit` exit 1).
pub fn any_warning(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity <= Severity::Warning)
}
