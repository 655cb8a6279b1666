//! Base64 (RFC 4648 §4) with a choice of alphabet and padding character: the standard one, for
//! PEM, and CloudFront's. Strict as a signature's encoding must be: padding required, nothing
//! after it, and the unused bits of the last character zero, so that each byte string has exactly
//! one encoding.

use alloc::string::String;
use alloc::vec::Vec;

/// 64 characters and a padding character.
pub(crate) struct Alphabet {
    chars: &'static [u8; 64],
    pad: u8,
}

/// RFC 4648's standard alphabet (`+`, `/`, `=`): PEM's.
pub(crate) const STANDARD: Alphabet = Alphabet {
    chars: b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
    pad: b'=',
};

/// CloudFront's: the standard alphabet with `-`, `~` and `_` for `+`, `/` and `=`.
pub(crate) const CLOUDFRONT: Alphabet = Alphabet {
    chars: b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-~",
    pad: b'_',
};

impl Alphabet {
    /// `bytes` encoded, with padding.
    pub(crate) fn encode(&self, bytes: &[u8]) -> String {
        let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
        // The bits not yet written are the low `bits` bits of `n`.
        let (mut n, mut bits) = (0u32, 0);
        for &b in bytes {
            n = n << 8 | u32::from(b);
            bits += 8;
            while bits >= 6 {
                bits -= 6;
                out.push(self.chars[(n >> bits & 63) as usize]);
            }
        }
        if bits > 0 {
            out.push(self.chars[(n << (6 - bits) & 63) as usize]);
        }
        while !out.len().is_multiple_of(4) {
            out.push(self.pad);
        }
        // Every character pushed is one of the alphabet's or its padding: ASCII.
        String::from_utf8(out).unwrap_or_default()
    }

    /// The 6-bit value of an alphabet character.
    fn value(&self, c: u8) -> Option<u32> {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            _ if c == self.chars[62] => 62,
            _ if c == self.chars[63] => 63,
            _ => return None,
        };
        Some(u32::from(v))
    }

    /// `text` decoded; `None` unless it is exactly the encoding of some bytes.
    ///
    /// The output is allocated once at its final size, so that a private key decoded here leaves
    /// no copy behind in memory given back to the allocator.
    pub(crate) fn decode(&self, text: &[u8]) -> Option<Vec<u8>> {
        if !text.len().is_multiple_of(4) {
            return None;
        }
        // One or two padding characters at the end; any other is refused as not in the alphabet.
        let padding = match text {
            [.., a, b] if *b == self.pad => 1 + usize::from(*a == self.pad),
            _ => 0,
        };
        let (data, _) = text.split_at(text.len() - padding);
        let mut out = Vec::with_capacity(text.len() / 4 * 3 - padding);
        // The bits not yet output are the low `bits` bits of `n`.
        let (mut n, mut bits) = (0u32, 0);
        for &c in data {
            n = n << 6 | self.value(c)?;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((n >> bits) as u8);
            }
        }
        // The bits after the last byte must be zero (a canonical encoding).
        if n & ((1 << bits) - 1) != 0 {
            return None;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(STANDARD.encode(plain.as_bytes()), encoded);
            assert_eq!(
                STANDARD.decode(encoded.as_bytes()).unwrap(),
                plain.as_bytes()
            );
        }
    }

    #[test]
    fn refuses_what_is_not_exactly_an_encoding() {
        for bad in [
            "Zg", "Zg=", "Z===", "====", "Zg==Zg==", "Zm9v=", "Zh==", "Zm9=", "Zm 9v", "Zm9v\n",
            "Zg=a", "Z=g=", "Zm-v",
        ] {
            assert_eq!(STANDARD.decode(bad.as_bytes()), None, "{bad}");
        }
    }

    #[test]
    fn round_trips_every_length_and_byte() {
        let data: Vec<u8> = (0..=255u8).rev().chain(0..=255).collect();
        for len in 0..300 {
            let bytes = &data[..len];
            for alphabet in [&STANDARD, &CLOUDFRONT] {
                let text = alphabet.encode(bytes);
                assert_eq!(alphabet.decode(text.as_bytes()).unwrap(), bytes);
            }
        }
    }

    #[test]
    fn decodes_exactly_what_the_base64_crate_decodes() {
        // Every string of up to 6 characters over letters, both padding characters, a '+' and a
        // space, and of 8 over four of them (two quads): accepted and refused alike.
        use ::base64::Engine as _;
        for (chars, longest) in [(&b"AQgw=+ _"[..], 6), (&b"Aw=+"[..], 8)] {
            for len in 0..=longest {
                for mut n in 0..chars.len().pow(len) {
                    let text: Vec<u8> = (0..len)
                        .map(|_| {
                            let c = chars[n % chars.len()];
                            n /= chars.len();
                            c
                        })
                        .collect();
                    let theirs = ::base64::engine::general_purpose::STANDARD
                        .decode(&text)
                        .ok();
                    assert_eq!(
                        STANDARD.decode(&text),
                        theirs,
                        "{:?}",
                        String::from_utf8_lossy(&text)
                    );
                }
            }
        }
    }
}
