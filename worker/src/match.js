// CloudFront's `Resource` matching, the same rules as the crate's `src/policy/resource.rs`
// (and its research notes in docs/research/cloudfront-verification.md), used to decide which
// URLs a tier may have signed. `test/match.test.mjs` checks this port against the crate itself.
//
// - `*` matches zero or more characters and `?` exactly one, each within its section:
//   `[protocol]://[domain]/[path]?[query string]`.
// - The pattern's query section starts at the first `\?`, else at the first `?` after the domain.
// - A trailing `*` in the path also covers the query (`/a*` = `/a*\?*`); a trailing `*` in the
//   domain covers path and query; a pattern may omit the protocol and start with `*`; a lone `*`
//   matches any URL.
// - A pattern without a query section matches only URLs without a query.
// Patterns and URLs are ASCII here (config checks patterns, URLs are WHATWG-serialised), so
// comparing UTF-16 code units is comparing bytes.

/** Whether `url` (without signing parameters) matches the resource `pattern`. */
export function resourceMatches(pattern, url) {
  if (pattern === "*") return true;
  const p = patternSections(pattern);
  if (!p) return glob(pattern, url);
  const u = urlSections(url);
  if (!u) return false;
  return (
    glob(p.protocol, u.protocol) &&
    glob(p.domain, u.domain) &&
    glob(p.path, u.path) &&
    (p.query !== null ? glob(p.query, u.query ?? "") : u.query === null)
  );
}

/** A pattern cut into its four sections, or null when it is not in the guide's shape. */
export function patternSections(pattern) {
  let protocol;
  let rest;
  const i = pattern.indexOf("://");
  if (i >= 0) {
    protocol = pattern.slice(0, i);
    rest = pattern.slice(i + 3);
  } else if (pattern.startsWith("*")) {
    protocol = "*";
    rest = pattern;
  } else {
    return null;
  }
  let domainEnd = rest.search(/[/?\\]/);
  if (domainEnd < 0) domainEnd = rest.length;
  const domain = rest.slice(0, domainEnd);
  rest = rest.slice(domainEnd);
  if (rest === "" && domain.endsWith("*")) {
    return { protocol, domain, path: "/*", query: "*" };
  }
  let path;
  let query;
  const esc = rest.indexOf("\\?");
  if (esc >= 0) {
    path = rest.slice(0, esc);
    query = rest.slice(esc + 2);
  } else {
    const q = rest.indexOf("?");
    path = q >= 0 ? rest.slice(0, q) : rest;
    query = q >= 0 ? rest.slice(q + 1) : null;
  }
  if (path === "") path = "/";
  if (query === null && path.endsWith("*")) query = "*";
  return { protocol, domain, path, query };
}

function urlSections(url) {
  const i = url.indexOf("://");
  if (i < 0) return null;
  const protocol = url.slice(0, i);
  let rest = url.slice(i + 3);
  let domainEnd = rest.search(/[/?]/);
  if (domainEnd < 0) domainEnd = rest.length;
  const domain = rest.slice(0, domainEnd);
  rest = rest.slice(domainEnd);
  const q = rest.indexOf("?");
  let path = q >= 0 ? rest.slice(0, q) : rest;
  const query = q >= 0 ? rest.slice(q + 1) : null;
  if (path === "") path = "/";
  return { protocol, domain, path, query };
}

/** Glob: `*` any run, `?` one character, `\?` a literal `?`. One backtrack point: O(p*t). */
function glob(p, t) {
  let pi = 0;
  let ti = 0;
  let starP = -1;
  let starT = -1;
  while (ti < t.length) {
    const c = p[pi];
    let step = 0;
    if (c === "*") {
      starP = pi + 1;
      starT = ti;
      pi += 1;
      continue;
    } else if (c === "\\" && p[pi + 1] === "?") {
      step = t[ti] === "?" ? 2 : 0;
    } else if (c === "?") {
      step = 1;
    } else if (c !== undefined && c === t[ti]) {
      step = 1;
    }
    if (step) {
      pi += step;
      ti += 1;
    } else if (starP >= 0) {
      pi = starP;
      starT += 1;
      ti = starT;
    } else {
      return false;
    }
  }
  while (p[pi] === "*") pi += 1;
  return pi === p.length;
}

/**
 * The cookie `Path` under which a pattern's cookies are sent: its path up to the last `/` before
 * the first wildcard (`https://media.example.com/videos/*` -> `/videos/`), `/` when the domain
 * has a wildcard or the pattern has no protocol.
 */
export function cookiePathOf(pattern) {
  const s = patternSections(pattern);
  if (!s || /[*?]/.test(s.domain) || /[*?]/.test(s.protocol)) return "/";
  const w = s.path.search(/[*?\\]/);
  const literal = w >= 0 ? s.path.slice(0, w) : s.path;
  const slash = literal.lastIndexOf("/");
  return slash >= 0 ? literal.slice(0, slash + 1) : "/";
}
