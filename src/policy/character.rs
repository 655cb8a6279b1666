//! The one character that makes a URL or resource unsignable, named by its position and code
//! point with how to write it (issue 21): "character 9 (U+0020): a space or a non-ASCII character
//! cannot be signed ...; percent-encode it as %20". Never the text around it, which could be a
//! secret given to the wrong option.

use core::fmt;

use super::{check_resource, PolicyError, ResourceProblem};

/// A character refused, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefusedCharacter {
    /// Its position, counted in characters from 1.
    pub position: usize,
    /// The character.
    pub character: char,
    /// Why it is refused.
    pub kind: CharacterKind,
}

/// Why a character is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CharacterKind {
    /// A `"`, a `\` or a control character ([`ResourceProblem::UnsafeCharacter`]).
    Unsafe,
    /// A space or a non-ASCII character ([`ResourceProblem::NotAscii`]).
    SpaceOrNonAscii,
    /// A `#`, which starts a fragment ([`ResourceProblem::Fragment`]).
    Fragment,
    /// A `*` in a URL to sign (not a policy's resource): a wildcard only policies take.
    Wildcard,
}

impl RefusedCharacter {
    /// The character [`check_resource`] refuses `resource` for: the first that, alone, is refused
    /// for the same reason (so that the rule, and its order of reasons, stays `check_resource`'s).
    /// `None` when the resource is signable, or its problem is not one character's (empty, not an
    /// http(s) URL).
    pub fn in_resource(resource: &str) -> Option<Self> {
        let problem = match check_resource(resource) {
            Err(PolicyError::InvalidResource { problem, .. }) => problem,
            _ => return None,
        };
        let kind = match problem {
            ResourceProblem::UnsafeCharacter => CharacterKind::Unsafe,
            ResourceProblem::NotAscii => CharacterKind::SpaceOrNonAscii,
            ResourceProblem::Fragment => CharacterKind::Fragment,
            _ => return None,
        };
        let mut buf = [0; 4];
        resource
            .chars()
            .enumerate()
            .find(|&(_, c)| {
                matches!(
                    check_resource(c.encode_utf8(&mut buf)),
                    Err(PolicyError::InvalidResource { problem: p, .. }) if p == problem
                )
            })
            .map(|(i, character)| Self {
                position: i + 1,
                character,
                kind,
            })
    }

    /// The first character of a URL or path to sign, as a client wrote it, that no URL to sign
    /// may hold raw: a control character, a space, a `\`, a `#` or a `*`. (A non-ASCII character
    /// or a `"` is left to the URL parser, which percent-encodes it.)
    pub fn in_request_url(url: &str) -> Option<Self> {
        url.chars().enumerate().find_map(|(i, character)| {
            let kind = match character {
                c if c.is_ascii_control() => CharacterKind::Unsafe,
                ' ' => CharacterKind::SpaceOrNonAscii,
                '\\' => CharacterKind::Unsafe,
                '#' => CharacterKind::Fragment,
                '*' => CharacterKind::Wildcard,
                _ => return None,
            };
            Some(Self {
                position: i + 1,
                character,
                kind,
            })
        })
    }
}

impl fmt::Display for RefusedCharacter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.kind {
            CharacterKind::Unsafe => match self.character {
                '"' => "a double quote cannot be signed",
                '\\' => "a backslash cannot be signed (browsers and origins read it as '/')",
                _ => "a control character cannot be signed",
            },
            CharacterKind::SpaceOrNonAscii if self.character == ' ' => {
                "a space cannot be signed (CloudFront compares the URL as browsers send it)"
            }
            CharacterKind::SpaceOrNonAscii => {
                "a non-ASCII character cannot be signed (a domain takes its xn-- form)"
            }
            CharacterKind::Fragment => {
                "a '#' starts a fragment, which browsers never send to CloudFront: remove the fragment or, where the '#' is part of the name,"
            }
            CharacterKind::Wildcard => {
                "a '*' is a wildcard, which only a policy's resource takes: sign cookies for a pattern or, where the '*' is part of the name,"
            }
        };
        let open = match self.kind {
            CharacterKind::Fragment | CharacterKind::Wildcard => " ",
            _ => "; ",
        };
        write!(
            f,
            "character {} (U+{:04X}): {why}{open}percent-encode it as ",
            self.position,
            u32::from(self.character)
        )?;
        let mut buf = [0; 4];
        for b in self.character.encode_utf8(&mut buf).bytes() {
            write!(f, "%{b:02X}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn names_the_character_and_its_encoding() {
        let d = "https://d111111abcdef8.cloudfront.net";
        let of = |r: &str| RefusedCharacter::in_resource(r).map(|c| c.to_string());
        assert_eq!(
            of(&[d, "/my videos/*"].concat()).unwrap(),
            "character 41 (U+0020): a space cannot be signed (CloudFront compares the URL as browsers send it); percent-encode it as %20"
        );
        assert!(of(&[d, "/vid\u{e9}os"].concat())
            .unwrap()
            .ends_with("percent-encode it as %C3%A9"));
        // The unsafe characters come first, as in the AWS CLI.
        assert!(of(&[d, "/#/\""].concat())
            .unwrap()
            .starts_with("character 41 (U+0022)"));
        assert_eq!(of(&[d, "/ok/*"].concat()), None);
        assert_eq!(of("ftp://x/a"), None);
        let req = |u: &str| RefusedCharacter::in_request_url(u).map(|c| c.to_string());
        assert_eq!(
            req("/videos/b c.mp4").unwrap(),
            "character 10 (U+0020): a space cannot be signed (CloudFront compares the URL as browsers send it); percent-encode it as %20"
        );
        assert!(req("/a#b")
            .unwrap()
            .ends_with("part of the name, percent-encode it as %23"));
        assert!(req("/v/*")
            .unwrap()
            .starts_with("character 4 (U+002A): a '*' is a wildcard"));
        assert!(req("/a\\b").unwrap().ends_with("%5C"));
        assert!(req("/a\u{7f}").unwrap().ends_with("%7F"));
        assert_eq!(req("/caf\u{e9}/\"x\""), None);
    }
}
