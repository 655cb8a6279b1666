//! `sign-batch`'s writer: each line's result in input order, on the pipeline's writer thread.

use std::io::{BufWriter, Write};
use std::ops::ControlFlow;

use super::pipeline;
use crate::terminal;
use crate::usage::Failure;

/// What one line became: `None` for a blank line; on failure, the failure and the line's
/// values (hidden or cut when shown in the message).
pub type Signed = Result<Option<cfsign::SignedUrl>, (Failure, Vec<String>)>;

/// The writer: each line's result in input order, errors interleaved (text) or as JSON lines.
pub struct Output {
    pub out: BufWriter<std::io::Stdout>,
    pub json: bool,
    pub fail_fast: bool,
    /// Lines written (or reported), and how many failed.
    pub lines: u64,
    pub failed: u64,
    /// The exit code when the run was stopped (--fail-fast, or the output closed).
    pub stop: Option<u8>,
}

impl Output {
    fn stop(&mut self, code: u8) -> ControlFlow<()> {
        self.stop = Some(code);
        ControlFlow::Break(())
    }
}

impl pipeline::Sink for Output {
    type Item = (u64, Signed);

    fn item(&mut self, (number, result): (u64, Signed)) -> ControlFlow<()> {
        self.lines = number;
        let out = &mut self.out;
        let written = match result {
            Ok(None) => Ok(()),
            Ok(Some(url)) if self.json => writeln!(
                out,
                "{}",
                terminal::output(
                    &serde_json::json!({ "line": number, "url": url.as_str() }).to_string()
                )
            ),
            Ok(Some(url)) => writeln!(out, "{}", terminal::value(url.as_str())),
            Err((failure, values)) => {
                self.failed += 1;
                let written = if self.json {
                    let flag = failure.flag.as_deref().unwrap_or("line");
                    let line = serde_json::json!({ "line": number, "field": flag, "error": failure.message(&values) });
                    writeln!(out, "{}", terminal::output(&line.to_string()))
                } else {
                    // Errors interleave with the output in input order.
                    out.flush().map(|()| {
                        let text = failure.text(&values);
                        eprintln!("cfsign: error: line {number}: {}", terminal::value(&text));
                    })
                };
                if self.fail_fast {
                    let _ = written.and_then(|()| out.flush());
                    return self.stop(1);
                }
                written
            }
        };
        match written {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => self.stop(1),
        }
    }

    fn pause(&mut self) -> ControlFlow<()> {
        // Hand what is signed to the reader of the output before a read that may wait.
        match self.out.flush() {
            Ok(()) => ControlFlow::Continue(()),
            Err(_) => self.stop(1),
        }
    }
}
