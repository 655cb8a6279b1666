// Minting: POST/GET /auth/cookies (the CloudFront cookies as Set-Cookie headers) and
// POST /api/signed-urls (one signed URL per path). Both prove the user with the identity token
// (jwt.js) and read the tier claim to find the resource patterns the user may read.

import { clearCookies, resourceMatches, signedUrlProblems, signingParameters, urlCharacterProblem } from "cfsign";
import { AuthError, findToken, verifyToken } from "./jwt.mjs";
import { error, json } from "./http.mjs";
import { pathProblem, rawEntryPath, sharedOrigin } from "./paths.mjs";
import { readTextLimited } from "./body.mjs";

const MAX_BODY_BYTES = 64 * 1024;
const MAX_ENTRY_BYTES = 2048;

/** 401 for no or bad token; the tier and its cookie sets otherwise (403 if the tier is unknown). */
async function authenticate(request, state) {
  const { jwt } = state.config;
  let token;
  try {
    token = findToken(request, jwt);
    if (!token) {
      const where = jwt.sessionCookie ? ` or in the ${jwt.sessionCookie} cookie` : "";
      throw new AuthError("missing_token", `send the identity token as "Authorization: Bearer <token>"${where}`);
    }
    const payload = await verifyToken(token, jwt, state.jwtKeys);
    const tier = payload[jwt.claim];
    if (typeof tier !== "string" || !state.config.tiers.has(tier)) {
      return {
        response: error(403, "unknown_tier", `the token is valid but its "${jwt.claim}" claim names no configured tier`),
      };
    }
    return { tier, patterns: state.config.tiers.get(tier), sets: state.config.sets.get(tier) };
  } catch (e) {
    if (!(e instanceof AuthError)) throw e;
    // The identity provider's keys cannot be had: not the token's fault, and worth a retry.
    if (e.status === 503) return { response: error(503, "jwks_unavailable", e.message, { reason: e.reason }, { "retry-after": "5" }) };
    const param = e.reason === "missing_token" ? 'Bearer realm="cfsign"' : 'Bearer realm="cfsign", error="invalid_token"';
    return {
      response: error(401, e.reason === "missing_token" ? "missing_token" : "invalid_token", e.message, { reason: e.reason }, {
        "www-authenticate": param,
      }),
    };
  }
}

/**
 * The attributes of the CloudFront cookies at `path`: the ones minting sets them with and logout
 * (logout.mjs) clears them with. The package writes both lines from the same options, and the
 * lifetime of a set is the policy's (Expires and Max-Age, the package's rule).
 */
export function cookieAttributes(config, path) {
  return { domain: config.cookie.domain ?? null, path };
}

/** Signs the tier's cookie sets; returns the Set-Cookie lines (the package writes them). */
async function signCookies(state, sets, now) {
  const { config, signer } = state;
  const expires = now + config.cookie.ttl;
  const attributes = (path) => cookieAttributes(config, path);
  const signed = await Promise.all(
    sets.map((s) => signer.signCookies({ resource: s.pattern, dateLessThan: expires * 1000 }, attributes(s.path))),
  );
  // Each set also deletes the CloudFront cookies it does not carry at its path (a Hash-Algorithm
  // left by an earlier SHA256 key would break it).
  const lines = signed.flatMap((c) => [...c.setCookie, ...c.clearStale]);
  // Cookie sets at paths this tier does not use are cleared: one URL must never see two sets.
  const used = new Set(sets.map((s) => s.path));
  for (const path of config.cookie.allPaths) {
    if (!used.has(path)) lines.push(...clearCookies(attributes(path)));
  }
  return { lines, expires };
}

/** Where GET /auth/cookies may send the browser back to: same origin, or an allowed host. */
export function checkReturnTo(value, hosts) {
  if (value.length > 2048 || /[\x00-\x20\x7f\\]/.test(value)) return null;
  if (value.startsWith("/") && !value.startsWith("//")) {
    // A path stays a path, for the browser to resolve against the URL it asked: never made
    // absolute with the request URL's origin, whose host the client names (Host, an absolute-form
    // target) and which behind a TLS-terminating proxy is the internal one. Resolved (dot
    // segments, escapes) against a placeholder; one that resolves to "//..." would be read as
    // another host.
    const u = new URL(value, "https://return-to.invalid");
    const path = `${u.pathname}${u.search}${u.hash}`;
    return u.origin === "https://return-to.invalid" && !path.startsWith("//") ? path : null;
  }
  let u;
  try {
    u = new URL(value);
  } catch {
    return null;
  }
  if ((u.protocol !== "https:" && u.protocol !== "http:") || u.username || u.password) return null;
  return hosts.includes(u.host.toLowerCase()) ? u.href : null;
}

export async function handleCookies(request, state) {
  let returnTo = null;
  if (request.method === "GET") {
    const rt = new URL(request.url).searchParams.get("return_to");
    if (rt !== null) {
      returnTo = checkReturnTo(rt, state.config.returnHosts);
      if (!returnTo) {
        return error(400, "bad_return_to", "return_to must be a path on this site or a URL on a host in ALLOWED_RETURN_HOSTS");
      }
    }
  }
  const auth = await authenticate(request, state);
  if (auth.response) return auth.response;
  const now = Math.floor(Date.now() / 1000);
  const { lines, expires } = await signCookies(state, auth.sets, now);
  const headers = new Headers();
  for (const line of lines) headers.append("set-cookie", line);
  if (returnTo) {
    headers.set("location", returnTo);
    headers.set("cache-control", "no-store");
    return new Response(null, { status: 302, headers });
  }
  return json(
    200,
    {
      tier: auth.tier,
      resources: auth.sets.map((s) => ({ pattern: s.pattern, path: s.path })),
      expires,
      expires_utc: new Date(expires * 1000).toISOString(),
      max_age: state.config.cookie.ttl,
      key_pair_id: state.signer.keyPairId,
    },
    headers,
  );
}

/** The origin that relative paths are resolved against: URL_BASE, else the tier's one origin. */
function baseFor(config, patterns) {
  if (config.urlBase) return config.urlBase;
  const origin = sharedOrigin(patterns);
  return origin ? new URL(`${origin}/`) : null;
}

async function readJsonBody(request) {
  const { text, tooLarge, incomplete } = await readTextLimited(request, MAX_BODY_BYTES);
  if (tooLarge) return { error: error(413, "body_too_large", `the body is larger than ${MAX_BODY_BYTES} bytes`) };
  if (incomplete) return { error: error(400, "body_incomplete", "the body ended before its end (the connection closed, or a broken chunked encoding)") };
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { error: error(400, "bad_json", "the body is not valid JSON") };
  }
}

/** Resolves one requested path to the URL that will be signed, or an error string. */
function resolveEntry(entry, base) {
  if (typeof entry !== "string" || entry.length === 0 || entry.length > MAX_ENTRY_BYTES) return { problem: "not a non-empty string of at most 2048 characters" };
  // The package names the character, its position and how to percent-encode it.
  const character = urlCharacterProblem(entry);
  if (character) return { problem: character };
  // As written, before `new URL` resolves the dot segments it knows (%2e%2e) and keeps the others.
  const encoded = pathProblem(rawEntryPath(entry));
  if (encoded) return { problem: encoded };
  let u;
  try {
    if (/^https?:\/\//i.test(entry)) {
      u = new URL(entry);
    } else if (entry.startsWith("/") && !entry.startsWith("//")) {
      if (!base) return { problem: "is a path, but no URL_BASE is configured and the tier's patterns have no single origin" };
      u = new URL(base.pathname.replace(/\/$/, "") + entry, base);
    } else {
      return { problem: 'must be a path starting with "/" or an http(s) URL' };
    }
  } catch {
    // A host that is not one ("http://[::1/", "http://%zz/"), a port over 65535, ...
    return { problem: "is not a valid URL (its host or port cannot be parsed)" };
  }
  if (u.username || u.password) return { problem: "must not carry credentials" };
  const resolved = pathProblem(u.pathname);
  if (resolved) return { problem: resolved };
  const signing = signingParameters();
  for (const name of u.searchParams.keys()) {
    if (signing.includes(name)) return { problem: `already carries the signing parameter ${name}` };
  }
  return { url: u.href };
}

/**
 * Signs each URL; an entry the package refuses to sign (a coded `invalid_*` error), or whose
 * signed URL the package's own decoder refuses (over CloudFront's URL length limit: issue 29,
 * e06; percent-encoding inflates non-ASCII paths), is the client's: `{ index, problem }`. The
 * rule is the package's; nothing here knows the limit.
 */
async function signEach(signer, urls, expires) {
  const results = await Promise.all(
    urls.map(({ index, url }) =>
      signer.getSignedUrl({ url, dateLessThan: expires * 1000 }).then(
        (signed) => ({ index, signed }),
        (e) => {
          if (typeof e?.code === "string" && e.code.startsWith("invalid_")) return { index, problem: `cannot be signed (${e.code})` };
          throw e;
        },
      ),
    ),
  );
  const signed = [];
  const unsignable = [];
  for (const r of results) {
    const refused = r.problem ?? signedUrlProblem(r.signed);
    if (refused) unsignable.push({ index: r.index, problem: refused });
    else signed.push(r.signed);
  }
  return { signed, unsignable };
}

/**
 * Why CloudFront would refuse a URL the package signed (its decoder's problems, which for a URL
 * signed here quote nothing of the caller's: "URL of 9050 bytes is over the 8192-byte limit"), or
 * null.
 */
function signedUrlProblem(url) {
  // As signed, never as a paste repaired: CloudFront reads the URL as it is.
  const problems = signedUrlProblems(url);
  if (!Array.isArray(problems) || problems.length === 0) return null;
  return `signs into a URL that CloudFront refuses: ${problems.map(String).join("; ")}`;
}

export async function handleSignedUrls(request, state) {
  const auth = await authenticate(request, state);
  if (auth.response) return auth.response;
  const { config, signer } = state;
  const { body, error: bodyError } = await readJsonBody(request);
  if (bodyError) return bodyError;
  if (!body || typeof body !== "object" || Array.isArray(body) || !Array.isArray(body.paths)) {
    return error(400, "bad_request", 'the body must be a JSON object {"paths": ["/path", ...]}');
  }
  const { paths } = body;
  if (paths.length === 0) return error(400, "bad_request", "paths is empty");
  if (paths.length > config.maxBatch) {
    return error(400, "too_many_paths", `at most ${config.maxBatch} paths per request`, { max: config.maxBatch, got: paths.length });
  }
  const base = baseFor(config, auth.patterns);
  const urls = [];
  const bad = [];
  const forbidden = [];
  paths.forEach((entry, index) => {
    const r = resolveEntry(entry, base);
    if (r.problem) bad.push({ index, problem: r.problem });
    else if (!auth.patterns.some((p) => resourceMatches(p, r.url))) forbidden.push({ index, path: entry, url: r.url });
    else urls.push({ index, url: r.url });
  });
  if (bad.length) return error(400, "bad_paths", "some paths are not valid", { paths: bad });
  if (forbidden.length) {
    return error(403, "forbidden_paths", `some paths are outside what tier "${auth.tier}" may read`, { paths: forbidden });
  }
  const expires = Math.floor(Date.now() / 1000) + config.urlTtl;
  const { signed, unsignable } = await signEach(signer, urls, expires);
  if (unsignable.length) return error(400, "bad_paths", "some paths cannot be signed", { paths: unsignable });
  return json(200, { urls: signed, expires, expires_utc: new Date(expires * 1000).toISOString(), key_pair_id: signer.keyPairId });
}
