//! A small, strict DER reader (X.690 §10) and the few bytes of DER writing the key forms need.
//!
//! Only what the key structures use: one-byte tags, definite lengths in their minimal form (at most
//! four length bytes), non-negative INTEGERs in their minimal form, OBJECT IDENTIFIERs with minimal
//! arcs, BIT STRINGs without unused bits. Every value must fill its container exactly: a reader is
//! [`Reader::finish`]ed, which refuses trailing bytes. Nothing here panics, whatever the input.

use alloc::vec::Vec;
use core::fmt;

/// `INTEGER`.
pub(super) const INTEGER: u8 = 0x02;
/// `BIT STRING`.
pub(super) const BIT_STRING: u8 = 0x03;
/// `OCTET STRING`.
pub(super) const OCTET_STRING: u8 = 0x04;
/// `NULL`.
pub(super) const NULL: u8 = 0x05;
/// `OBJECT IDENTIFIER`.
pub(super) const OID: u8 = 0x06;
/// `SEQUENCE` (constructed).
pub(super) const SEQUENCE: u8 = 0x30;

/// The longest OBJECT IDENTIFIER read, in bytes (what the RustCrypto crates took, too).
const MAX_OID_BYTES: usize = 39;

/// Why DER does not decode. The key readers report it as [`KeyError::Malformed`], naming the
/// structure.
///
/// [`KeyError::Malformed`]: super::KeyError::Malformed
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum DerError {
    /// The input ends inside a value.
    Truncated,
    /// An indefinite, reserved, over-long or non-minimal length.
    Length,
    /// A tag other than the one expected, or a multi-byte tag.
    Tag,
    /// Bytes after the value, or after the last field of a structure.
    Trailing,
    /// An INTEGER that is empty, negative, not minimally encoded, or too large for its field.
    Integer,
    /// An OBJECT IDENTIFIER that is empty, too long, or has a non-minimal or unfinished arc.
    Oid,
    /// A value outside what its field allows (a version, a NULL with content, unused bits).
    Value,
}

impl fmt::Display for DerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Truncated => "truncated DER",
            Self::Length => "invalid DER length",
            Self::Tag => "unexpected DER tag",
            Self::Trailing => "trailing bytes after DER",
            Self::Integer => "invalid DER INTEGER",
            Self::Oid => "invalid DER OBJECT IDENTIFIER",
            Self::Value => "invalid DER value",
        })
    }
}

impl core::error::Error for DerError {}

/// A key structure that does not decode: which of the reader's errors is not kept, as no caller
/// tells them apart (and the structures' readers are smaller without it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Invalid;

impl From<DerError> for Invalid {
    fn from(_: DerError) -> Self {
        Self
    }
}

/// Reads DER values one after the other from a byte string (a whole input, or a constructed
/// value's content).
#[derive(Clone, Debug)]
pub(super) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Reads the values in `der`.
    pub(super) fn new(der: &'a [u8]) -> Self {
        Self { rest: der }
    }

    /// The content of `der`, which must be exactly one value tagged `tag`, read as a
    /// constructed value's fields.
    pub(super) fn whole(der: &'a [u8], tag: u8) -> Result<Self, DerError> {
        let mut outer = Self::new(der);
        let inner = outer.read(tag)?;
        outer.finish()?;
        Ok(Self::new(inner))
    }

    /// Whether every value has been read.
    pub(super) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Refuses any byte left unread.
    pub(super) fn finish(self) -> Result<(), DerError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(DerError::Trailing)
        }
    }

    /// The tag of the next value, if any.
    pub(super) fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// The next value: its tag, its content, and its whole encoding (tag, length and content).
    pub(super) fn any(&mut self) -> Result<(u8, &'a [u8], &'a [u8]), DerError> {
        let der = self.rest;
        let (&tag, rest) = der.split_first().ok_or(DerError::Truncated)?;
        if tag & 0x1f == 0x1f {
            // The high-tag-number form: no structure read here uses it.
            return Err(DerError::Tag);
        }
        let (&first, mut rest) = rest.split_first().ok_or(DerError::Truncated)?;
        let len = match first {
            0..=0x7f => usize::from(first),
            // 0x80 is the indefinite form (BER only), 0xff is reserved.
            0x81..=0x84 => {
                let count = usize::from(first & 0x7f);
                if rest.len() < count {
                    return Err(DerError::Truncated);
                }
                let (bytes, after) = rest.split_at(count);
                rest = after;
                // Minimal: no leading zero byte, and the long form only from 128 on.
                if bytes.first() == Some(&0) {
                    return Err(DerError::Length);
                }
                let len = bytes.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b));
                if len < 0x80 {
                    return Err(DerError::Length);
                }
                usize::try_from(len).map_err(|_| DerError::Length)?
            }
            _ => return Err(DerError::Length),
        };
        if rest.len() < len {
            return Err(DerError::Truncated);
        }
        let (content, after) = rest.split_at(len);
        let whole = der
            .get(..der.len() - after.len())
            .ok_or(DerError::Truncated)?;
        self.rest = after;
        Ok((tag, content, whole))
    }

    /// The content of the next value, which must be tagged `tag`.
    pub(super) fn read(&mut self, tag: u8) -> Result<&'a [u8], DerError> {
        self.read_whole(tag).map(|(content, _)| content)
    }

    /// The content and the whole encoding of the next value, which must be tagged `tag`.
    pub(super) fn read_whole(&mut self, tag: u8) -> Result<(&'a [u8], &'a [u8]), DerError> {
        match self.any()? {
            (t, content, whole) if t == tag => Ok((content, whole)),
            _ => Err(DerError::Tag),
        }
    }

    /// The content of the next value if it is tagged `tag` (an OPTIONAL field), else nothing.
    pub(super) fn optional(&mut self, tag: u8) -> Result<Option<&'a [u8]>, DerError> {
        if self.peek() == Some(tag) {
            self.read(tag).map(Some)
        } else {
            Ok(None)
        }
    }

    /// The fields of the next value, which must be a SEQUENCE.
    pub(super) fn sequence(&mut self) -> Result<Reader<'a>, DerError> {
        self.read(SEQUENCE).map(Self::new)
    }

    /// A non-negative INTEGER: its big-endian value bytes, without the sign byte (`[0]` for zero).
    pub(super) fn uint(&mut self) -> Result<&'a [u8], DerError> {
        self.uint_whole().map(|(value, _)| value)
    }

    /// A non-negative INTEGER: its value bytes, as [`Reader::uint`], and its whole encoding.
    pub(super) fn uint_whole(&mut self) -> Result<(&'a [u8], &'a [u8]), DerError> {
        let (content, whole) = self.read_whole(INTEGER)?;
        Ok((uint_value(content)?, whole))
    }

    /// A non-negative INTEGER of at most 64 bits.
    pub(super) fn small_uint(&mut self) -> Result<u64, DerError> {
        let value = self.uint()?;
        if value.len() > 8 {
            return Err(DerError::Integer);
        }
        Ok(value.iter().fold(0, |n, b| (n << 8) | u64::from(*b)))
    }

    /// An OBJECT IDENTIFIER.
    pub(super) fn oid(&mut self) -> Result<Oid<'a>, DerError> {
        Oid::new(self.read(OID)?)
    }

    /// An OCTET STRING's bytes.
    pub(super) fn octets(&mut self) -> Result<&'a [u8], DerError> {
        self.read(OCTET_STRING)
    }

    /// A BIT STRING of whole bytes (no unused bits, as keys are): its bytes.
    pub(super) fn bits(&mut self) -> Result<&'a [u8], DerError> {
        match self.read(BIT_STRING)? {
            [0, bytes @ ..] => Ok(bytes),
            _ => Err(DerError::Value),
        }
    }
}

/// The value bytes of a minimally encoded, non-negative INTEGER's content.
fn uint_value(content: &[u8]) -> Result<&[u8], DerError> {
    match content {
        [] => Err(DerError::Integer),
        [0] => Ok(content),
        // A leading zero only to clear the sign bit of the next byte.
        [0, next, ..] if *next >= 0x80 => content.get(1..).ok_or(DerError::Integer),
        [0, ..] => Err(DerError::Integer),
        [first, ..] if *first >= 0x80 => Err(DerError::Integer),
        _ => Ok(content),
    }
}

/// An OBJECT IDENTIFIER's content bytes, checked; `Display` writes the dotted form.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Oid<'a>(&'a [u8]);

impl<'a> Oid<'a> {
    /// Checks an OBJECT IDENTIFIER's content: 1 to 39 bytes of arcs, each minimally encoded, of at
    /// most 32 bits, and the last one finished.
    pub(super) fn new(content: &'a [u8]) -> Result<Self, DerError> {
        if content.is_empty() || content.len() > MAX_OID_BYTES {
            return Err(DerError::Oid);
        }
        let mut start = true;
        let mut arc = 0u64;
        for &b in content {
            if start && b == 0x80 {
                return Err(DerError::Oid);
            }
            arc = (arc << 7) | u64::from(b & 0x7f);
            if arc > u64::from(u32::MAX) {
                return Err(DerError::Oid);
            }
            start = b & 0x80 == 0;
            if start {
                arc = 0;
            }
        }
        if start {
            Ok(Self(content))
        } else {
            Err(DerError::Oid)
        }
    }

    /// The content bytes.
    #[cfg_attr(not(any(test, feature = "encryption-check")), allow(dead_code))]
    pub(super) fn as_bytes(self) -> &'a [u8] {
        self.0
    }

    /// Whether the content bytes are `content`. (Not inlined: one comparison, called, rather
    /// than each constant compared byte by byte where it is used.)
    #[inline(never)]
    pub(super) fn is(self, content: &[u8]) -> bool {
        self.0 == content
    }
}

impl fmt::Display for Oid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut arc = 0u64;
        let mut first = true;
        for &b in self.0 {
            arc = (arc << 7) | u64::from(b & 0x7f);
            if b & 0x80 != 0 {
                continue;
            }
            if first {
                // The first subidentifier holds the first two arcs: 40·x + y, x at most 2.
                let x = (arc / 40).min(2);
                fmt::Display::fmt(&x, f)?;
                arc -= 40 * x;
                first = false;
            }
            // (The arcs take no width or flag: the OID is written only by `{}`.)
            f.write_str(".")?;
            fmt::Display::fmt(&arc, f)?;
            arc = 0;
        }
        Ok(())
    }
}

impl fmt::Debug for Oid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The length of a value's tag and length bytes, for a content of `len` bytes.
pub(super) fn header_len(len: usize) -> usize {
    match len {
        0..=0x7f => 2,
        0x80..=0xff => 3,
        0x100..=0xffff => 4,
        0x1_0000..=0xff_ffff => 5,
        _ => 6,
    }
}

/// Writes a value's tag and length, for a content of `len` bytes, to `out`.
pub(super) fn push_header(out: &mut Vec<u8>, tag: u8, len: usize) {
    out.push(tag);
    let bytes = (len as u64).to_be_bytes();
    let count = header_len(len) - 2;
    if count == 0 {
        out.push(len as u8);
    } else {
        out.push(0x80 | count as u8);
        out.extend_from_slice(bytes.get(8 - count.min(8)..).unwrap_or(&bytes));
    }
}

/// Writes one value tagged `tag` whose content is `parts`, concatenated, to `out`.
pub(super) fn push_tlv(out: &mut Vec<u8>, tag: u8, parts: &[&[u8]]) {
    push_header(out, tag, parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.extend_from_slice(part);
    }
}

/// One value tagged `tag` whose content is `parts`, concatenated: allocated once, at its exact
/// size (so that key material leaves no copy behind in a grown buffer).
pub(super) fn tlv(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    let len = parts.iter().map(|p| p.len()).sum();
    let mut out = Vec::with_capacity(header_len(len) + len);
    push_tlv(&mut out, tag, parts);
    out
}

#[cfg(test)]
#[path = "der/tests.rs"]
mod tests;
