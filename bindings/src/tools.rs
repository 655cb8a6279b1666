//! The core's rules that the worker and the page need, so that they never copy them: resource
//! matching, cookie paths, policies, key IDs, IP ranges, public keys, the signing parameters, a
//! signed URL's problems. (The on-call tools, decoding a paste and verifying without a key, are
//! `oncall`'s, in the full build only.)

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use wasm_bindgen::prelude::*;

use super::error::Error;
use super::js::{from_js, string_arg, to_js};
use super::options::PolicyInput;
use cfsign::policy::IpRange;
use cfsign::sign::CookieOptions;

/// Whether `url` (without signing parameters) matches the policy resource `pattern`, as
/// CloudFront matches it.
#[wasm_bindgen(js_name = resourceMatches)]
pub fn resource_matches(
    #[wasm_bindgen(unchecked_param_type = "string")] pattern: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
) -> Result<bool, Error> {
    Ok(cfsign::policy::resource_matches(
        &string_arg(&pattern, "pattern")?,
        &string_arg(&url, "url")?,
    ))
}

/// The playlist format (`"hls"` or `"dash"`) an HTTP answer for `path` with `contentType` is
/// served as (the media type first, else the path's extension), or `undefined`: which answers an
/// edge handler hands to `signPlaylist` (`cfsign::playlist::served_format`). In the full build
/// only, with `signPlaylist` (a host that rewrites playlists loads it anyway).
#[cfg(feature = "playlist")]
#[wasm_bindgen(js_name = playlistServedAs, unchecked_return_type = "\"hls\" | \"dash\" | undefined")]
pub fn playlist_served_as(
    #[wasm_bindgen(unchecked_param_type = "string")] path: JsValue,
    #[wasm_bindgen(js_name = contentType, unchecked_param_type = "string | null | undefined")]
    content_type: JsValue,
) -> Result<Option<String>, Error> {
    let path = string_arg(&path, "path")?;
    let content_type = if content_type.is_null() || content_type.is_undefined() {
        None
    } else {
        Some(string_arg(&content_type, "contentType")?)
    };
    Ok(cfsign::playlist::served_format(&path, content_type.as_deref()).map(|f| f.as_str().into()))
}

/// The cookie `Path` under which a browser sends cookies for `pattern` (the folder before its
/// first wildcard); `undefined` when the pattern has no domain.
#[wasm_bindgen(js_name = cookiePath)]
pub fn cookie_path(
    #[wasm_bindgen(unchecked_param_type = "string")] pattern: JsValue,
) -> Result<Option<String>, Error> {
    Ok(cfsign::policy::cookie_path(&string_arg(
        &pattern, "pattern",
    )?))
}

/// The policy JSON for `{resource, dateLessThan, dateGreaterThan?, ipAddress?}`, as the AWS CLI
/// writes it: the bytes that would be signed.
#[wasm_bindgen(js_name = buildPolicy)]
pub fn build_policy(
    #[wasm_bindgen(unchecked_param_type = "PolicyInput")] input: JsValue,
) -> Result<String, Error> {
    Ok(from_js::<PolicyInput>(&input)?.policy()?.to_json())
}

/// An IPv4 address or range as a policy takes it (`x.x.x.x/n`); throws `invalid_ip`.
#[wasm_bindgen(js_name = parseIpRange)]
pub fn parse_ip_range(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
) -> Result<String, Error> {
    Ok(IpRange::parse(&string_arg(&text, "ipRange")?)?
        .as_str()
        .into())
}

/// Checks a CloudFront key ID (letters, digits, `-` and `_`); throws `invalid_option`.
#[wasm_bindgen(js_name = checkKeyPairId)]
pub fn check_key_pair_id(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> Result<(), Error> {
    Ok(cfsign::sign::check_key_pair_id(&string_arg(
        &id,
        "keyPairId",
    )?)?)
}

/// `Set-Cookie` values deleting (`Max-Age=0`) every CloudFront cookie with the attributes of
/// `cookieOptions` (Domain, Path, Secure, HttpOnly, SameSite: the core writes them as it writes
/// `signCookies`' lines for the same options): logout, or paths whose cookies must go. Give the
/// options the cookies were set with; another Domain or Path deletes nothing.
#[wasm_bindgen(js_name = clearCookies, unchecked_return_type = "string[]")]
pub fn clear_cookies(
    #[wasm_bindgen(unchecked_param_type = "CookieOptions")] cookie_options: JsValue,
) -> Result<JsValue, Error> {
    to_js(&from_js::<CookieOptions>(&cookie_options)?.clear_headers()?)
}

/// The query parameters CloudFront reads as signing parameters.
#[wasm_bindgen(js_name = signingParameters, unchecked_return_type = "string[]")]
pub fn signing_parameters() -> Result<JsValue, Error> {
    to_js(&cfsign::url::SIGNING_PARAMS)
}

/// The problems CloudFront's reading of a signed URL finds, as the verifier decodes it (the URL
/// as given, never repaired): `[]` when there is none. What a minting service checks of each URL
/// it signed (a URL over CloudFront's 8,192 bytes, ...); for a URL signed here the messages quote
/// nothing of the caller's. `decodeSignedUrl` (cfsign/full) tells everything else a URL carries.
#[wasm_bindgen(js_name = signedUrlProblems, unchecked_return_type = "string[]")]
pub fn signed_url_problems(
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
) -> Result<JsValue, Error> {
    let decoded = cfsign::decode_url(&string_arg(&url, "url")?);
    let problems: Vec<String> = decoded.problems.iter().map(ToString::to_string).collect();
    to_js(&problems)
}

/// Whether a browser sends a cookie with this `Domain` (as `COOKIE_DOMAIN` or a `Set-Cookie` line
/// gives it, a leading dot ignored) to the host of `urlOrHost` (a URL, a resource pattern or a
/// host name): RFC 6265's domain-match (the host itself, or a host name ending in `.` + the
/// domain), and not a public suffix such as `cloudfront.net` unless it is the host itself.
#[wasm_bindgen(js_name = cookieDomainMatches)]
pub fn cookie_domain_matches(
    #[wasm_bindgen(unchecked_param_type = "string")] domain: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] url_or_host: JsValue,
) -> Result<bool, Error> {
    let domain = string_arg(&domain, "domain")?;
    let target = string_arg(&url_or_host, "urlOrHost")?;
    let host = match cfsign::cookie_jar::RequestTarget::of(&target) {
        Some(t) => t.host,
        None => target.to_ascii_lowercase(),
    };
    Ok(cfsign::cookie_jar::domain_covers(&host, &domain))
}

/// Checks `resource` as signing checks a policy's or a cookie's resource (the core's
/// `check_resource`, the AWS CLI's rule); throws `invalid_url` naming the refused character by
/// its position and code point, and how to write it, never the resource itself (it could be a
/// secret given to the wrong option).
#[wasm_bindgen(js_name = checkResource)]
pub fn check_resource(
    #[wasm_bindgen(unchecked_param_type = "string")] resource: JsValue,
) -> Result<(), Error> {
    use super::error::Code::InvalidUrl;
    let resource = &*string_arg(&resource, "resource")?;
    use cfsign::policy::{PolicyError, ResourceProblem};
    match cfsign::policy::check_resource(resource) {
        Ok(()) => check_cookie_resource(resource),
        Err(PolicyError::InvalidResource {
            problem: ResourceProblem::Empty,
            ..
        }) => Err(Error::new(InvalidUrl, "the resource is empty")),
        Err(PolicyError::InvalidResource {
            problem: ResourceProblem::NotHttpUrl,
            ..
        }) => Err(Error::new(
            InvalidUrl,
            "the resource is neither an absolute http:// or https:// URL with a host nor a pattern with a * wildcard",
        )),
        // A problem of one character: the core names it, its position and its encoding.
        _ => match cfsign::policy::RefusedCharacter::in_resource(resource) {
            Some(refused) => Err(Error::new(InvalidUrl, refused)),
            None => Err(Error::new(InvalidUrl, "the resource cannot be signed")),
        },
    }
}

/// The first character of a URL or path to sign, as a client wrote it, that no URL to sign may
/// hold raw (a control character, a space, a `\`, a `#` or a `*`): the core's message, naming its
/// position and how to percent-encode it; `null` when there is none. Never the text around it.
#[wasm_bindgen(js_name = urlCharacterProblem, unchecked_return_type = "string | null")]
pub fn url_character_problem(
    #[wasm_bindgen(unchecked_param_type = "string")] url: JsValue,
) -> Result<JsValue, Error> {
    let url = string_arg(&url, "url")?;
    Ok(
        cfsign::policy::RefusedCharacter::in_request_url(&url).map_or(JsValue::NULL, |refused| {
            JsValue::from_str(&refused.to_string())
        }),
    )
}

/// What signing cookies checks besides the resource's characters: no signing parameters in it,
/// and a custom policy for it (with the largest expiry) within CloudFront's 8,192 bytes.
fn check_cookie_resource(resource: &str) -> Result<(), Error> {
    use super::error::Code::InvalidUrl;
    if cfsign::sign::check_cookie_resource(resource).is_err() {
        return Err(Error::new(
            InvalidUrl,
            "the resource carries CloudFront's signing parameters (Expires, Policy, Signature, Key-Pair-Id, Hash-Algorithm): remove them",
        ));
    }
    let policy = cfsign::Policy::new(resource, cfsign::policy::MAX_EPOCH)
        .map_err(|_| Error::new(InvalidUrl, "the resource cannot be signed"))?;
    if cfsign::sign::check_policy_length(&policy.to_json()).is_err() {
        return Err(Error::new(
            InvalidUrl,
            "a policy for the resource would be over the 8,192 bytes CloudFront accepts: shorten it",
        ));
    }
    Ok(())
}

/// Lambda@Edge's rules at one event type (`Records[0].cf.config.eventType`), from the core:
/// whether minting and the guard are allowed there, and CloudFront's size limits. Throws
/// `invalid_option` for a name that is not a Lambda@Edge event type (never quoting it).
#[wasm_bindgen(js_name = lambdaEdgeRules, unchecked_return_type = "LambdaEdgeRules")]
pub fn lambda_edge_rules(
    #[wasm_bindgen(unchecked_param_type = "string")] event_type: JsValue,
) -> Result<JsValue, Error> {
    use cfsign::lambda_edge::EventType;
    let rules = event_type
        .as_string()
        .as_deref()
        .and_then(EventType::parse)
        .ok_or_else(|| {
            Error::new(
                super::error::Code::InvalidOption,
                "eventType is not a Lambda@Edge event type (viewer-request, origin-request, origin-response, viewer-response)",
            )
        })?
        .rules();
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Rules {
        minting: bool,
        guard: bool,
        max_response_bytes: usize,
        max_body_bytes: usize,
        max_uri_and_query_chars: usize,
        playlists: bool,
    }
    to_js(&Rules {
        minting: rules.minting,
        guard: rules.guard,
        max_response_bytes: rules.max_response_bytes,
        max_body_bytes: rules.max_body_bytes,
        max_uri_and_query_chars: rules.max_uri_and_query_chars,
        playlists: rules.playlists,
    })
}
