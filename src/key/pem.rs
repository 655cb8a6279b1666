//! Lenient PEM reading.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::encoding::STANDARD;
use crate::search;
use zeroize::Zeroizing;

use super::{KeyError, MAX_PEM_BYTES};

/// One PEM block: its label and the DER it carries.
pub(super) struct PemBlock {
    pub(super) label: String,
    pub(super) der: Zeroizing<Vec<u8>>,
    pub(super) encrypted: bool,
}

impl PemBlock {
    /// Refuses a block with OpenSSL's legacy encryption headers (`Proc-Type: 4,ENCRYPTED`).
    pub(super) fn check_not_encrypted(&self) -> Result<(), KeyError> {
        if self.encrypted {
            Err(KeyError::LegacyEncrypted)
        } else {
            Ok(())
        }
    }
}

/// Reads every PEM block in `text`, leniently: surrounding text, indentation, CRLF and long lines
/// are accepted, and so are literal `\n` escapes (a key pasted into an environment variable).
pub(super) fn pem_blocks(text: &str) -> Result<Vec<PemBlock>, KeyError> {
    if text.len() > MAX_PEM_BYTES {
        return Err(KeyError::Malformed {
            format: "PEM (over 16 KiB)",
        });
    }
    let unescaped: Zeroizing<String>;
    let text = if !text.contains('\n') && search::contains(text, "\\n") {
        // Written into its final allocation (it only shrinks) and wiped when dropped: key text.
        let mut lines = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = search::find(rest, "\\n") {
            lines.push_str(&rest[..i]);
            lines.push('\n');
            rest = &rest[i + 2..];
        }
        lines.push_str(rest);
        unescaped = Zeroizing::new(lines);
        unescaped.as_str()
    } else {
        text
    };
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = search::find(rest, "-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(label_end) = search::find(after, "-----") else {
            break;
        };
        let label = &after[..label_end];
        let body_start = &after[label_end + 5..];
        let end_marker = ["-----END ", label, "-----"].concat();
        let Some(body_end) = search::find(body_start, &end_marker) else {
            return Err(KeyError::Malformed {
                format: "PEM (no END line)",
            });
        };
        let body = &body_start[..body_end];
        let mut encrypted = false;
        let mut b64 = Zeroizing::new(String::with_capacity(body.len()));
        for line in body.lines() {
            let line = line.trim();
            if line.contains(':') {
                // An RFC 1421 header such as `Proc-Type: 4,ENCRYPTED`.
                encrypted |= search::contains(line, "ENCRYPTED");
                continue;
            }
            b64.extend(line.chars().filter(|c| !c.is_whitespace()));
        }
        let der = STANDARD.decode(b64.as_bytes()).ok_or(KeyError::Malformed {
            format: "PEM (bad base64)",
        })?;
        blocks.push(PemBlock {
            label: label.to_string(),
            der: Zeroizing::new(der),
            encrypted,
        });
        rest = &body_start[body_end + end_marker.len()..];
    }
    if blocks.is_empty() {
        return Err(KeyError::NotPem);
    }
    Ok(blocks)
}
