//! CloudFront cache-behavior path patterns, as the Developer Guide's "Path pattern" section
//! describes them (`docs/research/path-patterns.md` records what it settles and what it does not):
//!
//! - `*` matches zero or more characters, `/` included (`images/*.jpg` covers the
//!   subdirectories of `images`);
//! - `?` matches exactly one character;
//! - matching is case-sensitive (`*.jpg` does not apply to `LOGO.JPG`);
//! - a leading `/` is optional: `images/*.jpg` and `/images/*.jpg` are the same pattern;
//! - the query string and cookies play no part: only the path is compared;
//! - at most 255 characters.
//!
//! A pattern is compiled once into [`Pattern`] (its leading `/` made explicit); matching is the
//! classic two-pointer glob walk, at most pattern × path steps, and both are bounded (255 and
//! the URL's 8,192 bytes).

use alloc::string::String;
use alloc::vec::Vec;

/// The longest path pattern CloudFront takes.
pub const MAX_PATTERN_CHARS: usize = 255;

/// One token of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// A character that must be there, exactly (case-sensitive).
    Literal(char),
    /// `?`: any one character.
    One,
    /// `*`: any run of characters, `/` included, possibly empty.
    Any,
}

/// A compiled path pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as written in the distribution.
    pub text: String,
    /// Its tokens, with a leading `/` (added when the pattern has none, except for the default
    /// `*`, whose leading `*` already covers it).
    pub tokens: Vec<Token>,
}

impl Pattern {
    /// Compiles `text`. Runs of `*` are one `*` (they match the same paths). A pattern longer
    /// than [`MAX_PATTERN_CHARS`] is refused (`None`): CloudFront refuses it too.
    pub fn new(text: &str) -> Option<Self> {
        if text.chars().count() > MAX_PATTERN_CHARS {
            return None;
        }
        let mut tokens = Vec::with_capacity(text.len() + 1);
        if !text.starts_with('/') && !text.starts_with('*') {
            tokens.push(Token::Literal('/'));
        }
        for c in text.chars() {
            let token = match c {
                '*' => Token::Any,
                '?' => Token::One,
                c => Token::Literal(c),
            };
            if token == Token::Any && tokens.last() == Some(&Token::Any) {
                continue;
            }
            tokens.push(token);
        }
        Some(Self {
            text: text.into(),
            tokens,
        })
    }

    /// Whether the pattern covers `path` (the URL's path, starting with `/`, without its query).
    pub fn matches(&self, path: &str) -> bool {
        let path: Vec<char> = path.chars().collect();
        glob_tokens(&self.tokens, &path)
    }

    /// Whether the pattern matches every path (it is `*`).
    pub fn is_everything(&self) -> bool {
        self.tokens == [Token::Any]
    }
}

/// Whether `text` matches the glob `pattern` (`*` any run, `?` one character, case-sensitive),
/// with no leading-`/` rule: what IAM's `ArnLike` and `StringLike` do too.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let tokens: Vec<Token> = pattern
        .chars()
        .map(|c| match c {
            '*' => Token::Any,
            '?' => Token::One,
            c => Token::Literal(c),
        })
        .collect();
    let text: Vec<char> = text.chars().collect();
    glob_tokens(&tokens, &text)
}

/// The two-pointer glob walk: on a mismatch, go back to the last `*` and let it take one more
/// character. At most `tokens.len() × text.len()` steps.
fn glob_tokens(tokens: &[Token], text: &[char]) -> bool {
    let (mut t, mut s) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while s < text.len() {
        match tokens.get(t) {
            Some(Token::Any) => {
                star = Some((t, s));
                t += 1;
            }
            Some(Token::One) => {
                t += 1;
                s += 1;
            }
            Some(Token::Literal(c)) if text.get(s) == Some(c) => {
                t += 1;
                s += 1;
            }
            _ => match star {
                Some((st, ss)) => {
                    t = st + 1;
                    s = ss + 1;
                    star = Some((st, ss + 1));
                }
                None => return false,
            },
        }
    }
    tokens
        .get(t..)
        .is_some_and(|rest| rest.iter().all(|k| *k == Token::Any))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, path: &str) -> bool {
        Pattern::new(p).is_some_and(|p| p.matches(path))
    }

    /// The Developer Guide's examples.
    #[test]
    fn guide_examples() {
        assert!(m("*.jpg", "/a/b/c.jpg"));
        assert!(m("images/*.jpg", "/images/product1/x.jpg"));
        assert!(m("/images/*.jpg", "/images/x.jpg"));
        assert!(!m("images/*.jpg", "/other/images/x.jpg"));
        assert!(m("a??.jpg", "/ant.jpg"));
        assert!(!m("a??.jpg", "/an.jpg"));
        assert!(m("*.doc*", "/x.doc"));
        assert!(m("*.doc*", "/x.docx"));
        assert!(!m("*.doc?", "/x.doc"));
        assert!(!m("*.jpg", "/LOGO.JPG"));
        assert!(m("*", "/"));
        assert!(m("images/*", "/images/sample.gif"));
        assert!(!m("images/*.jpg", "/images/sample.gif"));
    }

    #[test]
    fn leading_slash_is_optional() {
        assert_eq!(Pattern::new("a/*"), Pattern::new("a/*").filter(|_| true));
        assert_eq!(
            Pattern::new("a/*").map(|p| p.tokens),
            Pattern::new("/a/*").map(|p| p.tokens)
        );
    }

    #[test]
    fn refuses_long_patterns_and_collapses_stars() {
        assert!(Pattern::new(&"*".repeat(256)).is_none());
        let p = Pattern::new(&"*".repeat(255));
        assert_eq!(p.map(|p| p.tokens), Some(alloc::vec![Token::Any]));
        // A hostile path against many stars stays bounded (pattern × path steps).
        let p = Pattern::new("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
        let path: String = ["/", &"a".repeat(8000)].concat();
        assert_eq!(p.map(|p| p.matches(&path)), Some(false));
    }

    #[test]
    fn arn_like() {
        let arn = "arn:aws:cloudfront::123456789012:distribution/E1ABC";
        assert!(glob_matches(
            "arn:aws:cloudfront::123456789012:distribution/*",
            arn
        ));
        assert!(glob_matches(arn, arn));
        assert!(!glob_matches(
            "arn:aws:cloudfront::123456789012:distribution/E2*",
            arn
        ));
    }
}
