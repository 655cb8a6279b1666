//! Decoding a signed URL or signed cookies, without any key: what they carry, and what is wrong
//! with them. The result is [`Unverified`]: only [`crate::verify`](mod@crate::verify) turns it into a trusted verdict.
//!
//! Inputs are bounded: a URL of at most [`MAX_URL_BYTES`] (CloudFront's own limit), cookie text of
//! at most [`MAX_COOKIE_BYTES`]. Anything longer is reported as malformed, not parsed.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use crate::key::HashAlgorithm;
use crate::policy::PolicyDocument;
use crate::repair::{repair_url, Damage};
use crate::url;

mod cookies;
mod fields;
mod problem;

#[cfg(all(test, not(target_arch = "wasm32")))]
use cookies::non_positive;
pub use cookies::{decode_cookies, has_set_cookie_line, looks_like_cookies};
use fields::Fields;
pub use problem::DecodeProblem;

pub use crate::url::MAX_URL_BYTES;
/// The longest cookie text accepted (a `Cookie:` header, or `Set-Cookie` lines).
pub const MAX_COOKIE_BYTES: usize = 16_384;

/// Where the signing parameters were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// Query parameters of the URL.
    Url,
    /// `CloudFront-*` cookies.
    Cookies,
    /// Neither carries any.
    None,
}

impl Source {
    /// `url`, `cookies` or `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Url => "url",
            Self::Cookies => "cookies",
            Self::None => "none",
        }
    }
}

/// The policy a request carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CarriedPolicy {
    /// `Expires`: CloudFront rebuilds the policy from the request URL.
    Canned {
        /// The expiry, epoch seconds.
        expires: u64,
    },
    /// `Policy`: the exact bytes that were signed, and what they say when they parse.
    Custom {
        /// The decoded policy bytes, never re-serialized.
        raw: Vec<u8>,
        /// The parsed policy, when it parses.
        document: Option<PolicyDocument>,
    },
}

/// A decoded signed URL or cookie set: not verified, not trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unverified {
    /// Where the parameters came from.
    pub source: Source,
    /// `Key-Pair-Id`, percent-decoded.
    pub key_pair_id: Option<String>,
    /// The decoded signature bytes.
    pub signature: Option<Vec<u8>>,
    /// The hash named by `Hash-Algorithm` (SHA-1 when absent).
    pub hash_algorithm: HashAlgorithm,
    /// `Hash-Algorithm` as sent, if sent.
    pub hash_algorithm_param: Option<String>,
    /// The policy, canned or custom.
    pub policy: Option<CarriedPolicy>,
    /// For a URL: the URL without the signing parameters and fragment, which is the resource of a
    /// canned policy and what a custom policy's resource is matched against. The other query
    /// pieces are kept byte for byte, in order, empty ones included: what an origin behind a
    /// verifying proxy must receive.
    pub url_without_signing_params: Option<String>,
    /// The signing parameters that were sent (even with an empty or unreadable value), in the
    /// order of [`url::SIGNING_PARAMS`].
    pub present: Vec<&'static str>,
    /// Everything wrong that decoding found.
    pub problems: Vec<DecodeProblem>,
    /// The damage found in a pasted URL ([`decode_pasted`], and a verdict's), undone or not.
    pub damage: Vec<Damage>,
    /// When this was decoded from a repaired URL (the damage undone), that URL.
    pub repaired_url: Option<String>,
}

impl Unverified {
    fn empty(source: Source) -> Self {
        Self {
            source,
            key_pair_id: None,
            signature: None,
            hash_algorithm: HashAlgorithm::Sha1,
            hash_algorithm_param: None,
            policy: None,
            url_without_signing_params: None,
            present: Vec::new(),
            problems: Vec::new(),
            damage: Vec::new(),
            repaired_url: None,
        }
    }

    /// The signing parameters that are required and absent (`Expires`/`Policy`, `Signature`,
    /// `Key-Pair-Id`), by their URL names.
    pub fn missing(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self
            .problems
            .iter()
            .any(|p| matches!(p, DecodeProblem::TooLong { .. }))
        {
            return missing;
        }
        let sent = |name| self.present.contains(&name);
        if !sent("Expires") && !sent("Policy") {
            missing.push("Expires or Policy");
        }
        if !sent("Signature") {
            missing.push("Signature");
        }
        // An empty Key-Pair-Id names no key: as good as missing.
        if self.key_pair_id.is_none() {
            missing.push("Key-Pair-Id");
        }
        missing
    }

    /// The policy JSON bytes that were signed, if known: the custom policy, or the canned policy
    /// rebuilt for `resource` (the request URL without signing parameters).
    pub fn signed_bytes(&self, resource: &str) -> Option<Vec<u8>> {
        match &self.policy {
            Some(CarriedPolicy::Custom { raw, .. }) => Some(raw.clone()),
            Some(CarriedPolicy::Canned { expires }) => {
                crate::policy::Policy::with_unchecked_resource(resource, *expires)
                    .ok()
                    .map(|p| p.to_json().into_bytes())
            }
            None => None,
        }
    }
}

/// Decodes the signing parameters of a URL.
///
/// Nothing is verified and no key is needed: this is what the URL claims, and every problem
/// found reading it.
///
/// # Example
///
/// ```
/// use cfsign::decode::CarriedPolicy;
/// use cfsign::decode_url;
///
/// let decoded = decode_url("https://d111111abcdef8.cloudfront.net/video.mp4?Expires=1893456000&Signature=AAAA&Key-Pair-Id=K2JCJMDEHXQW5F");
/// assert_eq!(decoded.key_pair_id.as_deref(), Some("K2JCJMDEHXQW5F"));
/// assert_eq!(decoded.policy, Some(CarriedPolicy::Canned { expires: 1_893_456_000 }));
/// assert_eq!(decoded.url_without_signing_params.as_deref(), Some("https://d111111abcdef8.cloudfront.net/video.mp4"));
/// assert!(decoded.problems.is_empty());
///
/// let decoded = decode_url("https://d111111abcdef8.cloudfront.net/video.mp4?Expires=1893456000");
/// assert_eq!(decoded.missing(), ["Signature", "Key-Pair-Id"]);
/// ```
pub fn decode_url(input: &str) -> Unverified {
    let mut out = Unverified::empty(Source::Url);
    let input = input.trim();
    if input.len() > MAX_URL_BYTES {
        out.problems.push(DecodeProblem::TooLong {
            what: "URL",
            bytes: input.len(),
            max: MAX_URL_BYTES,
        });
        return out;
    }
    let (base, fragment) = url::split_fragment(input);
    if let Some(fragment) = fragment {
        let mut pieces = fragment.split('&').flat_map(|p| p.split('?'));
        let carried = pieces.any(|p| {
            let name = p.split_once('=').map_or(p, |(name, _)| name);
            url::SIGNING_PARAMS.contains(&name)
        });
        if carried {
            out.problems.push(DecodeProblem::ParamsInFragment);
        }
    }
    let mut fields = Fields::default();
    let resource = match base.split_once('?') {
        Some((path, query)) => {
            let mut resource = path.to_string();
            // The other pieces are kept byte for byte, empty ones included (`f.mp4?&Expires=...`,
            // as botocore writes it, was signed over `f.mp4?`), so the rebuilt resource is what
            // was signed.
            let mut separator = '?';
            for piece in query.split('&') {
                let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
                if !fields.set(name, value, &mut out.problems) {
                    resource.push(separator);
                    resource.push_str(piece);
                    separator = '&';
                }
            }
            resource
        }
        None => base.to_string(),
    };
    out.url_without_signing_params = Some(resource);
    fields.apply(&mut out);
    out
}

/// Decodes what a person pasted: cookies ([`looks_like_cookies`]) as they are, a URL with its
/// damage undone first ([`repair_url`]: `&amp;`, a whole URL percent-encoded, line breaks,
/// quotes), each kind of damage in [`Unverified::damage`], and the repaired URL in
/// [`Unverified::repaired_url`] when it differs.
pub fn decode_pasted(text: &str) -> Unverified {
    if looks_like_cookies(text) {
        return decode_cookies(text);
    }
    let repaired = repair_url(text);
    let mut decoded = decode_url(&repaired.url);
    decoded.damage = repaired.damage;
    decoded.repaired_url = repaired.changed.then_some(repaired.url);
    decoded
}

/// The `Max-Age` reading agrees with `i64`'s.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn non_positive_reads_as_i64(value in "[-+0-9a ]{0,4}[0-9]{0,20}|[-+]?(0|9223372036854775808|9223372036854775807|9223372036854775809|18446744073709551616)") {
            prop_assert_eq!(
                super::non_positive(&value),
                value.parse::<i64>().is_ok_and(|n| n <= 0),
                "{:?}", value
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_signing_params_after_the_fragment() {
        let base =
            "https://d111111abcdef8.cloudfront.net/a.mp4?Expires=1&Signature=AAAA&Key-Pair-Id=K#";
        for (fragment, carried) in [
            ("Expires=1", true),
            ("x&Signature", true),
            ("x?Key-Pair-Id=K&y", true),
            ("top?a=b&Hash-Algorithm=SHA256", true),
            ("Policy", true),
            ("Policyx=1", false),
            ("a=Expires", false),
            ("x&?&", false),
            ("", false),
        ] {
            let decoded = decode_url(&[base, fragment].concat());
            let found = decoded.problems.contains(&DecodeProblem::ParamsInFragment);
            assert_eq!(found, carried, "{fragment:?}");
        }
    }

    #[test]
    fn keeps_only_what_set_cookie_lines_set() {
        for (line, kept) in [
            ("Set-Cookie: CloudFront-Key-Pair-Id=K", true),
            ("set-cookie:CloudFront-Key-Pair-Id=K; Path=/; Secure", true),
            ("Set-Cookie: CloudFront-Key-Pair-Id=K; Max-Age=0", false),
            ("Set-Cookie: CloudFront-Key-Pair-Id=K;Max-Age=5", true),
            (
                "Set-Cookie: CloudFront-Key-Pair-Id=K; max-age = -3 ;Path=/",
                false,
            ),
            ("Set-Cookie: CloudFront-Key-Pair-Id=K; Max-Age", true),
            ("Set-Cookie: CloudFront-Key-Pair-Id=K; Max-Age=abc", true),
            ("Set-Cookie: Other=1; CloudFront-Key-Pair-Id=K", false),
            ("Cookie: Other=1; CloudFront-Key-Pair-Id=K", true),
        ] {
            let decoded = decode_cookies(line);
            assert_eq!(decoded.key_pair_id.is_some(), kept, "{line:?}");
        }
    }

    #[test]
    fn reads_cookie_values_without_their_quotes() {
        for value in [
            "K", "\"K\"", "\"\"K\"", "K\"\"", " \"K\" ", "\"", "\"\"", "\"K\"L\"", "\"é\"", "",
        ] {
            let decoded = decode_cookies(&["CloudFront-Key-Pair-Id=", value].concat());
            let expected = value.trim().trim_matches('"');
            let expected = Some(expected).filter(|id| !id.is_empty());
            assert_eq!(decoded.key_pair_id.as_deref(), expected, "{value:?}");
        }
    }
}
