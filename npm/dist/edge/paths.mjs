// Path checks shared by minting and the guard (issue 11, finding 1).
//
// WHATWG URL parsing (`new URL` here, and workerd for every request URL) resolves `.` and `..`
// segments, literal or percent-encoded (`%2e%2e`, `.%2e`, `%2e.`), but leaves `..%2F`, `..%5C`
// and double encodings (`%252F`) as they are. A pattern such as `https://host/videos/free/*`
// matches `/videos/free/..%2Fpremium.mp4`, and an origin that decodes `%2F` before resolving
// `..` serves `/videos/premium.mp4`. So a path whose percent-decoded form has other segments
// than its raw form is refused: decoded repeatedly until stable (a bounded number of rounds), no
// segment may hold a '/' or '\', nor be '.' or '..' unless it is literally so; nor may a segment
// be '.' or '..' followed by ';' (a path parameter that Tomcat-style servers strip before
// resolving); nor may the raw path hold a '\' (a '/' to WHATWG URL parsing). This is request
// hygiene of the worker, not a CloudFront rule: CloudFront's matching lives in the package
// (`resourceMatches`, the verifier).

/** Levels of percent-encoding undone before giving up (each `%25` adds one). */
const MAX_DECODE_ROUNDS = 4;

export const ENCODED_SEGMENT =
  "has an encoded '/', '\\' or '.' in a path segment (such as ..%2F, %5C, %2e%2e or a double encoding like %252F): an origin that decodes it would read another path";
export const PARAM_DOT_SEGMENT =
  "has a '..;' or '.;' segment: servers that strip ';' path parameters read it as a dot segment";
export const TOO_DEEP = `has more than ${MAX_DECODE_ROUNDS} levels of percent-encoding`;
export const DISGUISED =
  "has an overlong UTF-8 sequence (such as %C0%AE for '.'), an IIS-style %uXXXX escape or an encoded control character such as %00: origins that read them would see '.', '/', '\\' or the end of the path";
export const BACKSLASH =
  "has a '\\' in a path segment, which a browser never sends: origins and fetch read it as '/' (so '..\\' climbs out of the folder)";
export const DOT_SEGMENT =
  "has a '.' or '..' segment, which a browser never sends: the host did not resolve it, and an origin would read another path";

const decodeOnce = (s) => s.replace(/%([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));

/**
 * Escapes no browser writes, which some origins still decode into '.', '/', '\' or a path's end:
 * a byte C0 or C1 (only ever the start of an overlong UTF-8 sequence: %C0%AE is '.'), E0 80-9F
 * and F0 80-8F (overlong 3- and 4-byte forms), IIS's %uXXXX, and an encoded control character
 * (%00 ends the path for an origin written in C). Checked on the escapes at every level of
 * encoding, so real UTF-8 written raw in a `paths` entry ("À") is not mistaken for one.
 */
const DISGUISED_ESCAPE = /%(?:c[01]|e0%[89][0-9a-f]|f0%8[0-9a-f]|[01][0-9a-f]|7f)|%u[0-9a-f]{4}/i;

/**
 * The segment percent-decoded until stable (bytes as code units), `{ disguised: true }` when a
 * level holds one of DISGUISED_ESCAPE, or null past the limit.
 */
function decodeFully(segment) {
  let s = segment;
  for (let round = 0; round <= MAX_DECODE_ROUNDS; round++) {
    if (DISGUISED_ESCAPE.test(s)) return { disguised: true };
    const next = decodeOnce(s);
    if (next === s) return s;
    s = next;
  }
  return null;
}

/**
 * What is wrong with a raw URL path (no query or fragment) whose segments its decoded form would
 * change, or null when there is nothing. Malformed escapes (`%zz`) are left as they are. With
 * `dotSegments`, any '.' or '..' segment, literal or encoded, is refused too (the guard's check of
 * request URLs, which some hosts pass on unresolved).
 */
export function pathProblem(rawPath, { dotSegments = false } = {}) {
  for (const segment of rawPath.split("/")) {
    // The guard sees request URLs as its host gives them: workerd and Node resolve dot segments
    // first, Deno does not. Any left, literal or encoded, is refused there.
    if (dotSegments && (segment === "." || segment === "..")) return DOT_SEGMENT;
    // A raw '\' is a '/' to WHATWG URL parsing (the guard's fetch to the origin, and the origin's
    // own), so it hides segments from the check above; Deno passes it on as sent.
    if (segment.includes("\\")) return BACKSLASH;
    if (!segment.includes("%") && !segment.includes(";")) continue;
    const decoded = decodeFully(segment);
    if (decoded === null) return TOO_DEEP;
    if (decoded.disguised) return DISGUISED;
    if (dotSegments && (decoded === "." || decoded === "..")) return DOT_SEGMENT;
    if (/[/\\]/.test(decoded) || ((decoded === "." || decoded === "..") && decoded !== segment)) return ENCODED_SEGMENT;
    if (/^\.\.?;/.test(decoded)) return PARAM_DOT_SEGMENT;
  }
  return null;
}

export const EMPTY_SEGMENT =
  "has an empty segment ('//'): origins and CDNs that merge slashes would read another path";
export const PREFIX_SPELLING =
  "reaches the guard's prefix in another case or percent-encoding: an origin that decodes it or ignores case would serve a guarded object unchecked";

/**
 * What is wrong with the raw path of a request a host hands on unrouted (createHandler's
 * `forward`: the guard never saw it) when an origin could read it as one under the guard's
 * `prefix`, or null: pathProblem's encoded separators and dot segments, a '//' run, and a path
 * whose percent-decoded form starts with the prefix in any case while the raw path does not.
 */
export function forwardProblem(rawPath, prefix) {
  const problem = pathProblem(rawPath, { dotSegments: true });
  if (problem) return problem;
  if (rawPath.includes("//")) return EMPTY_SEGMENT;
  if (prefix && !rawPath.startsWith(prefix)) {
    // No segment decodes to a separator here (pathProblem), so the whole path decodes safely.
    let decoded = rawPath;
    for (let round = 0; round <= MAX_DECODE_ROUNDS && decoded.includes("%"); round++) decoded = decodeOnce(decoded);
    if (decoded.toLowerCase().startsWith(prefix.toLowerCase())) return PREFIX_SPELLING;
  }
  return null;
}

/**
 * The raw path of a `paths` entry, as the client wrote it (before `new URL` resolves anything):
 * an absolute http(s) URL from its path on, or a "/path"; without query or fragment.
 */
export function rawEntryPath(entry) {
  const authority = /^https?:\/\/[^/?#]*/i.exec(entry);
  const rest = authority ? entry.slice(authority[0].length) : entry;
  return rest.split(/[?#]/, 1)[0];
}

/**
 * The one origin (scheme, host and port, as `URL.origin` writes it) that all `patterns` name, or
 * null when they name several, or one with a wildcard in it.
 */
export function sharedOrigin(patterns) {
  let origin = null;
  for (const p of patterns) {
    const m = /^(https?:\/\/[^/?*\\]+)(?=[/?\\]|$)/.exec(p);
    if (!m || /[*?]/.test(m[1])) return null;
    let o;
    try {
      o = new URL(`${m[1]}/`).origin;
    } catch {
      return null;
    }
    if (origin && origin !== o) return null;
    origin = o;
  }
  return origin;
}

/**
 * The request target of a request URL as the host gives it, from its path on (its scheme and
 * authority removed, whatever they claim): "/" when it has no path.
 */
export function requestTarget(requestUrl) {
  const authority = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(requestUrl);
  const rest = (authority ? requestUrl.slice(authority[0].length) : requestUrl).split("#", 1)[0];
  return rest.startsWith("/") ? rest : `/${rest}`;
}
