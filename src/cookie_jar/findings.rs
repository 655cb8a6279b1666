//! What a browser does not send, or ignores, of `Set-Cookie` lines, and why: in words for a
//! person, with a stable code and the usual fix.

use alloc::string::String;
use core::fmt;

use crate::time::format_utc;

use super::MAX_NAME_VALUE_BYTES;

/// Why a browser does not send a cookie (or sends after another cookie of its name).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotSentWhy {
    /// Its `Domain` does not domain-match the request host.
    Domain {
        /// The `Domain` attribute (lowercase, without a leading dot).
        domain: String,
        /// The request host.
        host: String,
    },
    /// Its `Domain` is a public suffix (`cloudfront.net`, `com`): the browser refuses it.
    PublicSuffix {
        /// The `Domain` attribute (lowercase, without a leading dot).
        domain: String,
    },
    /// Its `Path` does not path-match the request path.
    Path {
        /// The cookie's path.
        path: String,
        /// The request's path.
        request_path: String,
    },
    /// `Secure`, and the request is `http`.
    Secure,
    /// `Max-Age` of zero or less: the line deletes the cookie.
    MaxAge {
        /// The `Max-Age` value.
        max_age: String,
    },
    /// `Expires` at or before the request time.
    Expires {
        /// The expiry, epoch seconds (0 for a date before 1970).
        expires: u64,
        /// The request time.
        now: u64,
    },
    /// Another cookie of the same name is sent before it (a longer `Path`, or set earlier): the
    /// browser sends both, and CloudFront refuses the header (the name given twice, a
    /// [`Duplicate`](crate::decode::DecodeProblem::Duplicate)).
    Shadowed {
        /// This cookie's path.
        path: String,
        /// The line of the cookie sent first.
        first_line: usize,
        /// Its path.
        first_path: String,
    },
    /// Its name and value are over [`MAX_NAME_VALUE_BYTES`].
    TooLarge {
        /// Their length.
        bytes: usize,
    },
}

impl NotSentWhy {
    /// The stable code: `domain`, `public_suffix`, `path`, `secure`, `max_age`, `expires`, `shadowed` or
    /// `too_large`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Domain { .. } => "domain",
            Self::PublicSuffix { .. } => "public_suffix",
            Self::Path { .. } => "path",
            Self::Secure => "secure",
            Self::MaxAge { .. } => "max_age",
            Self::Expires { .. } => "expires",
            Self::Shadowed { .. } => "shadowed",
            Self::TooLarge { .. } => "too_large",
        }
    }

    /// The usual fix.
    pub fn fix(&self) -> &'static str {
        match self {
            Self::Domain { .. } => "Set the cookies without Domain (they go back to the host that set them), or with a Domain the host of the CloudFront URL ends with (media.example.com for .example.com); a CloudFront domain (*.cloudfront.net) needs an alternate domain name of your own to share cookies with your site.",
            Self::PublicSuffix { .. } => "Set the cookies without Domain, or with the distribution's own host (d111111abcdef8.cloudfront.net): browsers refuse a Domain of cloudfront.net, a public suffix. To share cookies across hosts, give the distribution an alternate domain name under a domain of your own.",
            Self::Path { .. } => "Set the cookies with a Path that starts the requested path at a '/' (Path=/ covers everything), as cfsign sign-cookies does by default.",
            Self::Secure => "Request the https:// URL (CloudFront serves both), or leave Secure off only if the viewer must use http.",
            Self::MaxAge { .. } => "Set a positive Max-Age (seconds from now), or none for a session cookie; Max-Age=0 deletes the cookie.",
            Self::Expires { .. } => "Set an Expires in the future (or a Max-Age, or neither for a session cookie), and check the server's clock.",
            Self::Shadowed { .. } => "Delete the stale cookie (the same name, Domain and Path with Max-Age=0), or set the new cookies at the same Domain and Path so they replace the old ones.",
            Self::TooLarge { .. } => "Shorten the cookie: a custom policy with fewer conditions or a shorter resource (a browser drops cookies over 4,096 bytes).",
        }
    }
}

/// A `CloudFront-*` cookie a browser would not send (or not send first) with the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotSent {
    /// The cookie's name.
    pub name: String,
    /// Its `Set-Cookie` line (1 for the first line of the text).
    pub line: usize,
    /// Why.
    pub why: NotSentWhy,
}

impl fmt::Display for NotSent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (name, line) = (&self.name, self.line);
        write!(f, "{name} (Set-Cookie line {line}) is not sent: ")?;
        match &self.why {
            NotSentWhy::Domain { domain, host } => write!(
                f,
                "its Domain={domain} does not cover the request host {host}, so the browser refuses it"
            ),
            NotSentWhy::PublicSuffix { domain } => write!(
                f,
                "its Domain={domain} is a public suffix, so the browser refuses it"
            ),
            NotSentWhy::Path { path, request_path } => write!(
                f,
                "its Path={path} does not cover the request path {request_path}"
            ),
            NotSentWhy::Secure => {
                f.write_str("it is Secure, and the request is http, not https")
            }
            NotSentWhy::MaxAge { max_age } => {
                write!(f, "Max-Age={max_age} deletes it")
            }
            NotSentWhy::Expires { expires, now } => write!(
                f,
                "it expired at {} ({}), before the request",
                format_utc(*expires),
                crate::time::ago(now.saturating_sub(*expires))
            ),
            NotSentWhy::Shadowed {
                path,
                first_line,
                first_path,
            } => write!(
                f,
                "the browser sends it too (Path={path}), after the cookie of the same name from line {first_line} (Path={first_path}): the Cookie header carries the name more than once, which CloudFront refuses as malformed"
            ),
            NotSentWhy::TooLarge { bytes } => write!(
                f,
                "its name and value are {bytes} bytes, over the {MAX_NAME_VALUE_BYTES} bytes a browser keeps"
            ),
        }
    }
}

/// A `Set-Cookie` line, or one of its attributes, that a browser ignores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IgnoredWhy {
    /// No `name=value` before the first `;`.
    NoPair,
    /// An empty name.
    EmptyName,
    /// A control character in the name or value.
    ControlCharacter,
    /// An `Expires` that is not a cookie date: the cookie lasts the browser session.
    BadExpires,
    /// A `Max-Age` that is not a whole number: ignored.
    BadMaxAge,
    /// An empty `Domain`: ignored (the cookie is host-only).
    EmptyDomain,
    /// An attribute value over [`MAX_ATTRIBUTE_VALUE_BYTES`](super::MAX_ATTRIBUTE_VALUE_BYTES): ignored.
    LongAttribute,
    /// Over [`MAX_JAR_COOKIES`](super::MAX_JAR_COOKIES) `CloudFront-*` cookies: the line is not read.
    TooMany,
}

impl IgnoredWhy {
    fn as_str(self) -> &'static str {
        match self {
            Self::NoPair => "has no name=value before its first ';': the browser ignores the line",
            Self::EmptyName => "has an empty cookie name: the browser ignores the line",
            Self::ControlCharacter => "has a control character in its name or value: the browser ignores the line",
            Self::BadExpires => "has an Expires that is not a date a browser reads (as in Wed, 09 Jun 2027 10:18:14 GMT): the attribute is ignored, so the cookie lasts the browser session",
            Self::BadMaxAge => "has a Max-Age that is not a whole number of seconds: the attribute is ignored",
            Self::EmptyDomain => "has an empty Domain: the attribute is ignored, so the cookie goes back only to the host that set it",
            Self::LongAttribute => "has an attribute value over 1,024 bytes: the attribute is ignored",
            Self::TooMany => "is past the 64th CloudFront cookie: not read",
        }
    }
}

/// What a browser ignores in the `Set-Cookie` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ignored {
    /// The line (1 for the first line of the text).
    pub line: usize,
    /// What is ignored, and why.
    pub why: IgnoredWhy,
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Set-Cookie line {} {}", self.line, self.why.as_str())
    }
}
