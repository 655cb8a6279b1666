//! Lenient PEM reading.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use base64::Engine as _;

use crate::encoding::{encode_standard, STANDARD};
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
    let text = if !text.contains('\n') && text.contains("\\n") {
        // Written into its final allocation (it only shrinks) and wiped when dropped: key text.
        let mut lines = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find("\\n") {
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
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(label_end) = after.find("-----") else {
            break;
        };
        let label = &after[..label_end];
        let body_start = &after[label_end + 5..];
        // The first `-----END {label}-----`: the first `-----END ` followed by the label and `-----`.
        let mut from = 0;
        let (body, after_end) = loop {
            let Some(i) = body_start[from..].find("-----END ") else {
                return Err(KeyError::Malformed {
                    format: "PEM (no END line)",
                });
            };
            let at = from + i;
            let end = &body_start[at + 9..];
            if let Some(after_end) = end
                .strip_prefix(label)
                .and_then(|e| e.strip_prefix("-----"))
            {
                break (&body_start[..at], after_end);
            }
            // After the `-` found: a character boundary.
            from = at + 1;
        };
        let mut encrypted = false;
        let mut b64 = Zeroizing::new(Vec::with_capacity(body.len()));
        for line in body.split('\n') {
            if line.contains(':') {
                // An RFC 1421 header such as `Proc-Type: 4,ENCRYPTED`.
                encrypted |= line.contains("ENCRYPTED");
                continue;
            }
            // Whitespace (Unicode's) is left out. Any other character that is not ASCII makes the
            // base64 invalid, whatever its length: one byte outside the alphabet stands for it.
            for c in line.chars().filter(|c| !c.is_whitespace()) {
                b64.push(if c.is_ascii() { c as u8 } else { 0x80 });
            }
        }
        // Decoded into its final allocation (the estimate is never short), wiped when dropped
        // even on an error, so that a private key leaves no copy behind.
        let mut der = Zeroizing::new(Vec::with_capacity(b64.len().div_ceil(4) * 3));
        STANDARD
            .decode_vec(b64.as_slice(), &mut der)
            .map_err(|_| KeyError::Malformed {
                format: "PEM (bad base64)",
            })?;
        blocks.push(PemBlock {
            label: label.to_string(),
            der,
            encrypted,
        });
        rest = after_end;
    }
    if blocks.is_empty() {
        return Err(KeyError::NotPem);
    }
    Ok(blocks)
}

/// `der` as PEM: the BEGIN line of `label`, the base64 in lines of 64 characters, the END line.
/// Written into its final allocation, and the base64 on its own wiped when dropped, so that a
/// private key leaves no copy behind.
pub(super) fn pem_text(label: &str, der: &[u8]) -> String {
    let body = Zeroizing::new(encode_standard(der));
    let mut out = String::with_capacity(body.len() + body.len() / 64 + 2 * label.len() + 33);
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    let mut rest = body.as_str();
    while !rest.is_empty() {
        // Base64 is ASCII: any split is a character boundary.
        let (line, after) = rest.split_at(rest.len().min(64));
        out.push_str(line);
        out.push('\n');
        rest = after;
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The DER of the only block of `text`, or the error.
    fn der(text: &str) -> Result<Vec<u8>, KeyError> {
        let blocks = pem_blocks(text)?;
        assert_eq!(blocks.len(), 1);
        Ok(blocks[0].der.to_vec())
    }

    #[test]
    fn bodies_are_read_leniently_and_only_as_base64() {
        // Unicode whitespace anywhere is left out; header lines (with a `:`) are skipped.
        let text = "-----BEGIN X-----\r\n Proc: x\n Zm\u{a0}9\u{2028}v \r\n\tYg==\n-----END X-----";
        assert_eq!(der(text).unwrap(), b"foob");
        assert!(!pem_blocks(text).unwrap()[0].encrypted);
        let text = "-----BEGIN X-----\nProc-Type: 4,ENCRYPTED\nZm9v\n-----END X-----";
        assert!(pem_blocks(text).unwrap()[0].encrypted);
        // Any other character outside ASCII is bad base64, whatever its length in bytes.
        let bad = Err(KeyError::Malformed {
            format: "PEM (bad base64)",
        });
        for body in ["Zm9\u{e9}", "Zm\u{e9}", "Z\u{1f600}", "Zm9v\u{e9}\u{e9}"] {
            assert_eq!(
                der(&["-----BEGIN X-----\n", body, "\n-----END X-----"].concat()),
                bad
            );
        }
        // The END line of the block's own label, after any other.
        let text = "-----BEGIN X-----Zm9v-----END Y----------END X----------END X-----";
        assert_eq!(
            der(text),
            Err(KeyError::Malformed {
                format: "PEM (bad base64)"
            })
        );
        let text = "-----BEGIN X-----Zm9v-----END X-----Zg==-----END X-----";
        assert_eq!(der(text).unwrap(), b"foo");
        assert_eq!(
            der("-----BEGIN X-----Zm9v-----END XY-----"),
            Err(KeyError::Malformed {
                format: "PEM (no END line)"
            })
        );
    }

    #[test]
    fn pem_text_is_written_in_its_first_allocation() {
        let data: Vec<u8> = (0..=255u8).cycle().take(400).collect();
        for label in ["PUBLIC KEY", "ENCRYPTED PRIVATE KEY", ""] {
            for len in 0..data.len() {
                let text = pem_text(label, &data[..len]);
                let body = STANDARD.encode(&data[..len]);
                let lines: Vec<&str> = text.lines().collect();
                assert_eq!(
                    lines.first(),
                    Some(&&*["-----BEGIN ", label, "-----"].concat())
                );
                assert_eq!(
                    lines.last(),
                    Some(&&*["-----END ", label, "-----"].concat())
                );
                assert_eq!(lines[1..lines.len() - 1].concat(), body);
                assert!(lines[1..lines.len() - 1].iter().all(|l| l.len() <= 64));
                assert!(text.ends_with('\n'));
                // Not grown: the capacity asked for.
                assert_eq!(
                    text.capacity(),
                    body.len() + body.len() / 64 + 2 * label.len() + 33
                );
            }
        }
    }
}
