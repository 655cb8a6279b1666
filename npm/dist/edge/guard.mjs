// Guard mode: GET/HEAD under GUARD_PREFIX is checked as CloudFront would (signed URL parameters,
// else the CloudFront-* cookies; trusted keys from TRUSTED_KEYS) by the crate's verifier, as a
// request to the guard's one public origin. Allowed requests go to ORIGIN_URL without the signing
// parameters, the CloudFront cookies and the headers a proxy does not pass on; denied ones get
// 403 JSON with the reason codes (and the verifier's detail for diagnostics), and the codes in
// `x-cfsign-reason`.

import { cookiePairs, dropHopByHop, error, json, log } from "./http.mjs";
import { pathProblem, rawEntryPath, requestTarget } from "./paths.mjs";
import { DIAGNOSTICS_HEADER, wantsDetail } from "./diagnostics.mjs";
import { isPlaylist, signedPlaylist } from "./stream.mjs";

/**
 * The path and query the verifier saw, without the signing parameters: the verdict's `url`, the
 * request URL as the package decoded it (other query pieces kept byte for byte, empty ones and
 * their order included), from its path on.
 */
export function forwardedPath(verifiedUrl) {
  const afterScheme = verifiedUrl.indexOf("://");
  const pathStart = verifiedUrl.slice(afterScheme + 3).search(/[/?]/);
  return pathStart < 0 ? "/" : verifiedUrl.slice(afterScheme + 3 + pathStart);
}

/** The CloudFront-* pairs of a Cookie header (what the verifier reads), and the others. */
function splitCookies(header, sessionCookie) {
  const cloudfront = [];
  const others = [];
  for (const [k, v] of cookiePairs(header)) {
    if (k.startsWith("CloudFront-")) cloudfront.push(`${k}=${v}`);
    else if (k !== sessionCookie) others.push(`${k}=${v}`);
  }
  return { cloudfront: cloudfront.join("; "), others: others.join("; ") };
}

// The 403's reasons: the verdict's fields (camelCase, as every JS result) under the HTTP API's
// snake_case names (what the guard has always answered, as the CLI's --json).
const REASON_FIELDS = [["code", "code"], ["message", "message"], ["cloudfrontError", "cloudfront_error"], ["explanation", "explanation"], ["fix", "fix"], ["range", "range"], ["clientIp", "client_ip"], ["likelyCause", "likely_cause"], ["diagnosis", "diagnosis"]];

/** A reason's field as the HTTP answer gives it: snake_case inside the diagnosis too. */
function httpField(name, value) {
  if (name !== "diagnosis" || value === null || typeof value !== "object") return value;
  return { ruled_out: value.ruledOut, checks: value.checks, note: value.note };
}

/**
 * The viewer's IP: the host's own word for it (createHandler's `clientIp` option: Lambda@Edge's
 * `clientIp`), else the header CLIENT_IP_HEADER names, else undefined (never a header the setting
 * does not name: off Cloudflare's edge any client can send CF-Connecting-IP).
 */
function clientIp(request, guard, host) {
  if (host.clientIp) return host.clientIp(request) || undefined;
  if (guard.clientIpHeader === "none") return undefined;
  return request.headers.get(guard.clientIpHeader)?.trim() || undefined;
}

/**
 * Client-set headers that say who the viewer is or which path or method to serve (e04, and the
 * overrides some frameworks honour): an origin behind the guard could trust them, and none of
 * them is the guard's to vouch for. X-Forwarded-For is then set to the viewer's address when the
 * guard knows it (CLIENT_IP_HEADER), as CloudFront appends the address it sees.
 */
const CLIENT_CLAIMS = [
  "forwarded",
  "x-forwarded-for",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
  "x-forwarded-server",
  "x-forwarded-prefix",
  "x-real-ip",
  "true-client-ip",
  "x-client-ip",
  "x-cluster-client-ip",
  "client-ip",
  "fastly-client-ip",
  "x-original-url",
  "x-rewrite-url",
  "x-original-uri",
  "x-http-method-override",
  "x-http-method",
  "x-method-override",
];

/**
 * Headers never passed on. No request body is forwarded, so nothing about one either (a client's
 * `Expect` would make some hosts' fetch fail).
 */
const NOT_FORWARDED = new Set(["host", "authorization", "expect", "content-length", "content-type", DIAGNOSTICS_HEADER, ...CLIENT_CLAIMS]);

/** The request headers the origin gets. */
function originHeaders(request, guard, cookies, ip) {
  const headers = dropHopByHop(new Headers(request.headers));
  for (const [name] of [...headers]) {
    // CGI and WSGI origins read `X_Forwarded_For` as `X-Forwarded-For`: names are compared with
    // `_` read as `-`. Off Cloudflare's edge (CLIENT_IP_HEADER none) every cf-* header is the
    // client's own, and an origin might trust CF-Connecting-IP or CF-IPCountry (workerd drops
    // some; Node, Deno, Bun and others forward them all).
    const canonical = name.toLowerCase().replace(/_/g, "-");
    if (NOT_FORWARDED.has(canonical) || (guard.clientIpHeader === "none" && canonical.startsWith("cf-"))) headers.delete(name);
  }
  if (ip) headers.set("x-forwarded-for", ip);
  if (cookies.others) headers.set("cookie", cookies.others);
  else headers.delete("cookie");
  return headers;
}

/**
 * The origin's answer as the guard sends it on (e02). The host's fetch has decoded a compressed
 * body, so its Content-Encoding and Content-Length no longer describe the bytes: they go, and a
 * strong ETag becomes weak (the bytes differ from the ones it named). Hop-by-hop headers go too.
 */
function clientResponse(response, source) {
  const headers = dropHopByHop(new Headers(response.headers));
  if (headers.has("content-encoding")) {
    headers.delete("content-encoding");
    headers.delete("content-length");
    const etag = headers.get("etag");
    if (etag && !etag.startsWith("W/")) headers.set("etag", `W/${etag}`);
  }
  headers.set("x-cfsign-verified", source);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The 403: codes and CloudFront's error names; the verifier's detail only for diagnostics. */
function denied(verdict, detail) {
  // The verdict is camelCase (the package's JS results); the HTTP answer keeps snake_case.
  const reasons = (verdict.reasons ?? []).map((r) => Object.fromEntries(REASON_FIELDS.filter(([f]) => r[f] !== undefined).map(([f, name]) => [name, httpField(name, r[f])])));
  const codes = [...new Set(reasons.map((r) => r.code))];
  const headers = { "x-cfsign-reason": codes.join(",") || "denied" };
  if (!detail) {
    // What CloudFront tells a viewer, no more: never a key ID (trusted, staged or sent), a tier,
    // a policy's IP range or the verifier's messages (which list the trusted keys).
    const brief = reasons.map((r) => ({ code: r.code, cloudfront_error: r.cloudfront_error }));
    return json(403, { error: "access_denied", message: "access denied", reasons: brief }, headers);
  }
  return json(
    403,
    {
      error: "access_denied",
      message: reasons[0]?.message ?? "access denied",
      source: verdict.source,
      key_pair_id: verdict.keyPairId ?? null,
      reasons,
    },
    headers,
  );
}

/**
 * The verdict again, with its bad signature diagnosed (for a request with the diagnostics token):
 * also tried on the host the request came in on when it is not the guard's public host (a URL
 * minted for the worker's own host or a development server, checked as one for the public host).
 * `null` when it cannot be had.
 */
async function diagnosed(state, publicUrl, options, requestUrl) {
  let expectHost;
  try {
    const host = new URL(requestUrl).host;
    if (host && host !== new URL(publicUrl).host) expectHost = host;
  } catch {
    expectHost = undefined;
  }
  try {
    const keyGroup = await fullKeyGroup(state);
    return keyGroup && (await keyGroup.verifyAsync(publicUrl, { ...options, diagnose: true, expectHost }));
  } catch {
    return null;
  }
}

/** isPlaylist, false when the rule cannot be loaded (the answer then goes on as the origin's). */
async function isPlaylistOrNot(path, response) {
  try {
    return await isPlaylist(path, response.headers.get("content-type"));
  } catch {
    log("warn", "playlist_unchanged", { reason: "rewriter_unavailable", path });
    return false;
  }
}

/**
 * The trusted keys in the full build (cfsign/full): the diagnosis of a bad signature is there
 * only, so the lite module a guard runs on stays small. Loaded on the first diagnosis (a request
 * with the diagnostics token), once per state; null where cfsign/full does not load.
 */
function fullKeyGroup(state) {
  state.fullKeyGroup ??= import("cfsign/full")
    .then(({ KeyGroup }) => {
      const keyGroup = new KeyGroup();
      for (const [id, pem] of state.config.guard.keys) keyGroup.add(id, pem);
      return keyGroup;
    })
    .catch(() => null);
  return state.fullKeyGroup;
}

/**
 * `host` holds createHandler's `forward`, `clientIp` and `rawTarget` options: with `forward`, an
 * allowed request is the host's to carry on (`forward(request, { path, source, cookie })`, `path`
 * the path and query without the signing parameters, `cookie` the Cookie header without the
 * CloudFront-* cookies and the session cookie, "" when none is left) instead of a fetch to
 * ORIGIN_URL.
 */
export async function handleGuard(request, state, host = {}) {
  const { guard, jwt } = state.config;
  // The request as a request to the public origin (e01): its path and query as the host gives
  // them, never the scheme or host it names (an absolute-form target, Host, X-Forwarded-*). A
  // signature or cookie policy for another host then never matches, and behind a TLS-terminating
  // proxy an https:// signature still does.
  // A host that has the raw target itself (Lambda@Edge's `uri?querystring`, which CloudFront
  // checks) gives it (`rawTarget`): `new URL` would have rewritten it (`'` as %27, `..` resolved).
  const target = host.rawTarget?.(request) ?? requestTarget(request.url);
  const publicUrl = `${guard.publicOrigin}${target}`;
  // Before verifying: a path an origin could decode or resolve into another one is never checked
  // or sent on. The raw URL as the host gives it, not `new URL()`'s resolved one: the verifier and
  // the origin see the raw one (Deno passes `..` and `%2e%2e` on unresolved; workerd resolves them).
  const problem = pathProblem(rawEntryPath(target), { dotSegments: true });
  if (problem) return error(400, "bad_path", `the request path ${problem}`, { problem });
  const cookies = splitCookies(request.headers.get("cookie"), jwt.sessionCookie);
  const ip = clientIp(request, guard, host);
  let verdict;
  // Never diagnosed for anonymous viewers: a diagnosis costs up to 64 signature checks.
  const options = { now: new Date(), clientIp: ip, cookies: cookies.cloudfront, skew: guard.skew, diagnose: false };
  try {
    // The crate's verifier; the signature itself is checked by the host's crypto (node:crypto or
    // WebCrypto, the public keys imported once per key group), the rest in wasm.
    verdict = await state.keyGroup.verifyAsync(publicUrl, options);
  } catch (e) {
    return error(400, "bad_request", "the request URL cannot be checked", { code: typeof e?.code === "string" ? e.code : undefined });
  }
  if (!verdict.allowed) {
    const detail = await wantsDetail(request, state.diagnostics);
    if (detail && verdict.reasons.some((r) => r.code === "bad_signature")) {
      verdict = await diagnosed(state, publicUrl, options, request.url) ?? verdict;
    }
    return denied(verdict, detail);
  }
  // An enforcement point fails closed where CloudFront's handling is undocumented: a policy with
  // keys the guide does not document (a misspelt `IpAddress` would otherwise open the URL to
  // every viewer) is refused, though the verifier, which describes, allows it with a note.
  const unknown = (verdict.notes ?? []).find((n) => n.code === "unknown_policy_keys");
  if (unknown) {
    const reason = { code: "unknown_policy_keys", message: unknown.message, cloudfrontError: "AccessDenied" };
    return denied({ ...verdict, allowed: false, reasons: [reason] }, await wantsDetail(request, state.diagnostics));
  }
  if (host.forward) return host.forward(request, { path: forwardedPath(verdict.url), source: verdict.source, cookie: cookies.others });
  const origin = guard.origin;
  const originUrl = `${origin.origin}${origin.pathname.replace(/\/$/, "")}${forwardedPath(verdict.url)}`;
  let response;
  try {
    response = await fetch(originUrl, { method: request.method, headers: originHeaders(request, guard, cookies, ip), redirect: "manual" });
  } catch {
    return error(502, "origin_unreachable", "the origin did not answer");
  }
  const answer = clientResponse(response, verdict.source);
  // STREAM_PLAYLISTS: an allowed playlist goes on with every URI in it signed (stream.mjs).
  const path = forwardedPath(verdict.url).split("?")[0];
  if (state.config.stream && request.method === "GET" && response.status === 200 && (await isPlaylistOrNot(path, response))) {
    return signedPlaylist(answer, `${guard.publicOrigin}${path}`, state);
  }
  return answer;
}
