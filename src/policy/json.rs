//! A strict JSON reader (RFC 8259) for policy documents, `no_std` with `alloc`: the grammar
//! serde_json's `from_str` read before it, so that the policies accepted did not change.
//!
//! - Whitespace is space, tab, line feed and carriage return; nothing else (no byte order mark,
//!   no comments), and nothing but whitespace after the value.
//! - Strings: no raw control characters; the escapes `\" \\ \/ \b \f \n \r \t \uXXXX`, where a
//!   `\u` surrogate must be a high one followed at once by a `\u` low one (no lone surrogates).
//! - Numbers: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. Only a whole number without
//!   sign, fraction or exponent that fits in a `u64` is kept as a number ([`Value::Whole`]): a
//!   policy has no other kind (serde_json's `as_u64` was the same test). The others are read and
//!   set aside as [`Value::Other`], however large (serde_json refused numbers beyond `f64` as not
//!   JSON; a policy with one is refused either way, as holding something of the wrong type).
//! - Objects: a key repeated takes the last value, as serde_json's map did.
//! - Containers nest at most [`MAX_DEPTH`] deep, serde_json's limit: recursion is bounded.
//!
//! `null`, `true`, `false` and the other numbers are [`Value::Other`]: a policy has no place for
//! them, and what is refused is said by the caller, which knows what it expected.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// The deepest nesting of arrays and objects read (serde_json's: 128 levels refused).
pub(crate) const MAX_DEPTH: usize = 127;

/// A JSON value, as much of it as a policy needs.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Value {
    /// An object's members, each key once, in the order first written.
    Object(Vec<(String, Value)>),
    /// An array.
    Array(Vec<Value>),
    /// A string, unescaped.
    String(String),
    /// A number without sign, fraction or exponent that fits in a `u64`.
    Whole(u64),
    /// `null`, `true`, `false`, or any other number.
    Other,
}

/// Why text is not JSON: what was wrong and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonError {
    /// The byte offset where reading stopped.
    pub(crate) at: usize,
    /// What was wrong there.
    pub(crate) kind: JsonErrorKind,
}

/// What was wrong with the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonErrorKind {
    /// The text ends before the value does.
    UnexpectedEnd,
    /// A byte that cannot start a value.
    ExpectedValue,
    /// In an object, something other than a string key.
    ExpectedKey,
    /// After a key, no `:`.
    ExpectedColon,
    /// After a member or element, neither `,` nor the closing bracket.
    ExpectedCommaOrEnd,
    /// A misspelt `null`, `true` or `false`.
    BadLiteral,
    /// A number that does not follow the grammar (leading zero, `1.`, `-`, `1e`).
    BadNumber,
    /// A raw control character (below U+0020) in a string.
    ControlCharacter,
    /// A backslash not followed by a valid escape.
    BadEscape,
    /// A `\u` surrogate not in a high-low pair.
    LoneSurrogate,
    /// Arrays and objects nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Something after the value.
    TrailingCharacters,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            JsonErrorKind::UnexpectedEnd => "the text ends too early",
            JsonErrorKind::ExpectedValue => "expected a value",
            JsonErrorKind::ExpectedKey => "expected a string key",
            JsonErrorKind::ExpectedColon => "expected ':'",
            JsonErrorKind::ExpectedCommaOrEnd => "expected ',' or a closing bracket",
            JsonErrorKind::BadLiteral => "expected null, true or false",
            JsonErrorKind::BadNumber => "invalid number",
            JsonErrorKind::ControlCharacter => "control character in a string",
            JsonErrorKind::BadEscape => "invalid escape in a string",
            JsonErrorKind::LoneSurrogate => "unpaired surrogate in a \\u escape",
            JsonErrorKind::TooDeep => "nested too deeply",
            JsonErrorKind::TrailingCharacters => "characters after the value",
        };
        write!(f, "{what} at byte {}", self.at)
    }
}

impl core::error::Error for JsonError {}

/// Reads `text` as one JSON value, with only whitespace around it.
pub(crate) fn parse(text: &str) -> Result<Value, JsonError> {
    let mut reader = Reader { text, at: 0 };
    let value = reader.value(0)?;
    reader.skip_whitespace();
    if reader.at < text.len() {
        return Err(reader.error(JsonErrorKind::TrailingCharacters));
    }
    Ok(value)
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn error(&self, kind: JsonErrorKind) -> JsonError {
        let kind = if self.at >= self.text.len() {
            JsonErrorKind::UnexpectedEnd
        } else {
            kind
        };
        JsonError { at: self.at, kind }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// The next byte, consumed.
    fn next(&mut self) -> Result<u8, JsonError> {
        let b = self
            .peek()
            .ok_or_else(|| self.error(JsonErrorKind::UnexpectedEnd))?;
        self.at += 1;
        Ok(b)
    }

    /// Consumes `b` if it comes next.
    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        if found {
            self.at += 1;
        }
        found
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// A value, after any whitespace, inside `depth` arrays and objects.
    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') | Some(b'[') if depth >= MAX_DEPTH => {
                Err(self.error(JsonErrorKind::TooDeep))
            }
            Some(b'{') => {
                self.at += 1;
                self.object(depth + 1)
            }
            Some(b'[') => {
                self.at += 1;
                self.array(depth + 1)
            }
            Some(b'"') => {
                self.at += 1;
                self.string().map(Value::String)
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'n') => self.literal(b"null"),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            _ => Err(self.error(JsonErrorKind::ExpectedValue)),
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<Value, JsonError> {
        for &expected in word {
            if self.next()? != expected {
                self.at -= 1;
                return Err(self.error(JsonErrorKind::BadLiteral));
            }
        }
        Ok(Value::Other)
    }

    /// After `,` or the opening bracket: whether the closing `close` came instead of a first
    /// element; after an element, whether `close` came rather than `,`.
    fn end_or_comma(&mut self, close: u8) -> Result<bool, JsonError> {
        self.skip_whitespace();
        if self.eat(close) {
            return Ok(true);
        }
        if self.eat(b',') {
            return Ok(false);
        }
        Err(self.error(JsonErrorKind::ExpectedCommaOrEnd))
    }

    fn array(&mut self, depth: usize) -> Result<Value, JsonError> {
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.eat(b']') {
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            if self.end_or_comma(b']')? {
                return Ok(Value::Array(items));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, JsonError> {
        let mut members: Vec<(String, Value)> = Vec::new();
        self.skip_whitespace();
        if self.eat(b'}') {
            return Ok(Value::Object(members));
        }
        loop {
            self.skip_whitespace();
            if !self.eat(b'"') {
                return Err(self.error(JsonErrorKind::ExpectedKey));
            }
            let key = self.string()?;
            self.skip_whitespace();
            if !self.eat(b':') {
                return Err(self.error(JsonErrorKind::ExpectedColon));
            }
            let value = self.value(depth)?;
            match members.iter_mut().find(|(k, _)| *k == key) {
                Some((_, old)) => *old = value,
                None => members.push((key, value)),
            }
            if self.end_or_comma(b'}')? {
                return Ok(Value::Object(members));
            }
        }
    }

    /// A string's content, after its opening quote, up to and including the closing one.
    fn string(&mut self) -> Result<String, JsonError> {
        let mut out = String::new();
        // Runs of bytes that need no unescaping are copied whole: they end at an ASCII byte, so
        // on a character boundary.
        let mut run = self.at;
        loop {
            let b = self.next()?;
            if b == b'"' || b == b'\\' {
                out.push_str(self.text.get(run..self.at - 1).unwrap_or_default());
                if b == b'"' {
                    return Ok(out);
                }
                let c = match self.next()? {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'b' => '\u{8}',
                    b'f' => '\u{c}',
                    b'n' => '\n',
                    b'r' => '\r',
                    b't' => '\t',
                    b'u' => self.unicode_escape()?,
                    _ => {
                        self.at -= 1;
                        return Err(self.error(JsonErrorKind::BadEscape));
                    }
                };
                out.push(c);
                run = self.at;
            } else if b < 0x20 {
                self.at -= 1;
                return Err(self.error(JsonErrorKind::ControlCharacter));
            }
        }
    }

    /// After `\u`: four hex digits, and a second `\uXXXX` when they are a high surrogate.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let high = self.hex4()?;
        let code = match high {
            0xD800..=0xDBFF => {
                if !(self.eat(b'\\') && self.eat(b'u')) {
                    return Err(self.error(JsonErrorKind::LoneSurrogate));
                }
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(self.error(JsonErrorKind::LoneSurrogate));
                }
                0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            _ => high,
        };
        char::from_u32(code).ok_or_else(|| self.error(JsonErrorKind::LoneSurrogate))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0;
        for _ in 0..4 {
            let digit = char::from(self.next()?).to_digit(16).ok_or_else(|| {
                self.at -= 1;
                self.error(JsonErrorKind::BadEscape)
            });
            n = n * 16 + digit?;
        }
        Ok(n)
    }

    /// A number: [`Value::Whole`] when it is a `u64` without sign, fraction or exponent.
    fn number(&mut self) -> Result<Value, JsonError> {
        let negative = self.eat(b'-');
        let mut whole = Some(0u64);
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    self.at += 1;
                    whole = whole
                        .and_then(|n| n.checked_mul(10))
                        .and_then(|n| n.checked_add(u64::from(d - b'0')));
                }
            }
            _ => return Err(self.error(JsonErrorKind::BadNumber)),
        }
        if matches!(self.peek(), Some(b'0'..=b'9')) {
            // A leading zero.
            return Err(self.error(JsonErrorKind::BadNumber));
        }
        let mut plain = !negative;
        if self.eat(b'.') {
            self.digits()?;
            plain = false;
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            self.digits()?;
            plain = false;
        }
        Ok(match whole {
            Some(n) if plain => Value::Whole(n),
            _ => Value::Other,
        })
    }

    /// One or more digits.
    fn digits(&mut self) -> Result<(), JsonError> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error(JsonErrorKind::BadNumber));
        }
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
