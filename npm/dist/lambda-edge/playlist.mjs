// The origin-response trigger of cfsign/lambda-edge (issue 27): with STREAM_PLAYLISTS, an origin's
// playlist (.m3u8, .mpd, by extension or Content-Type) is replaced by its signed rewrite, the same
// as cfsign/edge's guard gives (edge/stream.mjs), and CloudFront caches that answer like the
// origin's. Lambda@Edge does not show the origin's body to this trigger, so the playlist is
// fetched from the origin again: ORIGIN_URL when set (with GUARD_PREFIX), else the event's custom origin
// (`request.origin.custom`: protocol, domain, port, path, and its custom headers), at the event's
// path (refused, `bad_path`, with any dot segment or encoded separator) without the signing
// parameters in the query. The viewer was checked before the cache
// (the guard at viewer-request, or the behavior's trusted key groups): a request reaches the
// origin, and this trigger, only once allowed. Anything else (another status or type, HEAD, an
// S3 origin without ORIGIN_URL, a playlist that cannot be rewritten, an answer over the event's
// size limit) leaves CloudFront's response as it is, with `x-cfsign-playlist: unchanged;
// reason=...` and a log line.

import { signingParameters } from "cfsign";
import { log } from "../edge/http.mjs";
import { pathProblem } from "../edge/paths.mjs";
import { isPlaylist, PLAYLIST_HEADER, signedPlaylist } from "../edge/stream.mjs";
import { resultBytes } from "./event.mjs";

/** The first value of an event header (`headers[name][0].value`), if any. */
const headerOf = (headers, name) => (Array.isArray(headers?.[name]) && typeof headers[name][0]?.value === "string" ? headers[name][0].value : undefined);

function setHeader(headers, name, key, value) {
  headers[name] = [{ key, value }];
}

/** CloudFront's response, unchanged but for the warning header. */
function unchanged(response, reason, uri) {
  log("warn", "playlist_unchanged", { reason, path: uri, event_type: "origin-response" });
  response.headers ??= {};
  setHeader(response.headers, PLAYLIST_HEADER, "X-Cfsign-Playlist", `unchanged; reason=${reason}`);
  return response;
}

/** Where the playlist is fetched again: ORIGIN_URL, else the event's custom origin; null for none. */
function originBase(config, request) {
  const set = config.guard?.origin;
  if (set) return `${set.origin}${set.pathname.replace(/\/$/, "")}`;
  const custom = request.origin?.custom;
  if (!custom || typeof custom.domainName !== "string" || !/^[a-z0-9.-]+$/i.test(custom.domainName)) return null;
  const protocol = custom.protocol === "http" ? "http" : "https";
  const port = Number.isInteger(custom.port) ? `:${custom.port}` : "";
  const path = typeof custom.path === "string" ? custom.path.replace(/\/$/, "") : "";
  return `${protocol}://${custom.domainName}${port}${path}`;
}

/**
 * The event's custom origin's custom headers (`request.origin.custom.customHeaders`, the
 * distribution's origin settings: often a shared secret the origin checks), as fetch takes them;
 * none for ORIGIN_URL, which may be another host.
 */
function originHeaders(config, request) {
  const custom = request.origin?.custom?.customHeaders;
  if (config.guard?.origin || !custom || typeof custom !== "object") return [];
  const out = [];
  for (const list of Object.values(custom)) {
    if (!Array.isArray(list)) continue;
    for (const h of list) if (typeof h?.key === "string" && typeof h?.value === "string") out.push([h.key, h.value]);
  }
  return out;
}

/**
 * The viewer's query string without the signing parameters (the package's list: Policy, Signature,
 * Key-Pair-Id, Expires, Hash-Algorithm; a name compared percent-decoded, in any case): the origin
 * has no use for them, and must not see (or log) a bearer credential. The other pairs are kept as
 * CloudFront gave them.
 */
function originQuery(querystring) {
  if (typeof querystring !== "string" || !querystring) return "";
  const signing = new Set(signingParameters().map((n) => n.toLowerCase()));
  const kept = querystring.split("&").filter((pair) => {
    const raw = pair.split("=", 1)[0];
    let name = raw;
    try {
      name = decodeURIComponent(raw.replace(/\+/g, " "));
    } catch {}
    return pair !== "" && !signing.has(name.toLowerCase());
  });
  return kept.length ? `?${kept.join("&")}` : "";
}

/**
 * The origin-response event's answer: `cf.response`, rewritten or as it was. `state`: the
 * handler's checked state (STREAM_PLAYLISTS on); `rules`: the core's rules for origin-response
 * (the size limit).
 */
export async function originResponse(cf, state, rules) {
  const { request, response } = cf;
  const uri = typeof request.uri === "string" ? request.uri : "/";
  if (request.method !== "GET" || String(response.status) !== "200") return response;
  let playlist;
  try {
    playlist = await isPlaylist(uri, headerOf(response.headers, "content-type"));
  } catch {
    return unchanged(response, "rewriter_unavailable", uri);
  }
  if (!playlist) return response;
  const base = originBase(state.config, request);
  if (!base) return unchanged(response, "no_origin_url", uri);
  // The raw URI is CloudFront's, as the viewer sent it: WHATWG URL parsing (fetch) resolves
  // '%2e%2e' and '\\' segments, which would fetch (and sign) a playlist outside this path. The
  // guard's check of request paths first; then the URL fetched must have this very path.
  if (!uri.startsWith("/") || pathProblem(uri, { dotSegments: true })) return unchanged(response, "bad_path", uri);
  let target;
  try {
    target = new URL(`${base}${uri}${originQuery(request.querystring)}`);
  } catch {
    return unchanged(response, "bad_path", uri);
  }
  if (target.pathname !== `${new URL(base).pathname.replace(/\/$/, "")}${uri}`) return unchanged(response, "bad_path", uri);
  let fetched;
  try {
    fetched = await fetch(target, { redirect: "manual", headers: originHeaders(state.config, request) });
  } catch {
    return unchanged(response, "origin_unreachable", uri);
  }
  if (fetched.status !== 200) {
    await fetched.body?.cancel().catch(() => {});
    return unchanged(response, "origin_status", uri);
  }
  // The public origin viewers' URLs name: the guard's (URL_BASE, else the tiers'), else URL_BASE,
  // else the distribution's domain.
  const domain = typeof cf.config.distributionDomainName === "string" && /^[a-z0-9.-]+$/i.test(cf.config.distributionDomainName) ? cf.config.distributionDomainName : null;
  const publicOrigin = state.config.guard?.publicOrigin ?? state.config.urlBase?.origin ?? (domain && `https://${domain}`);
  if (!publicOrigin) return unchanged(response, "no_public_origin", uri);
  const signed = await signedPlaylist(fetched, `${publicOrigin}${uri}`, state, undefined, { sharedCache: true });
  const verdict = signed.headers.get(PLAYLIST_HEADER) ?? "";
  if (!verdict.startsWith("signed")) {
    await signed.body?.cancel().catch(() => {});
    return unchanged(response, /reason=([a-z_]+)/.exec(verdict)?.[1] ?? "rewrite_failed", uri);
  }
  const text = await signed.text();
  const headers = { ...response.headers };
  for (const name of ["content-length", "etag", "content-encoding", "transfer-encoding"]) delete headers[name];
  setHeader(headers, "cache-control", "Cache-Control", signed.headers.get("cache-control"));
  setHeader(headers, PLAYLIST_HEADER, "X-Cfsign-Playlist", verdict);
  const result = { ...response, headers, body: text, bodyEncoding: "text" };
  if (resultBytes(result) > rules.maxResponseBytes) return unchanged(response, "too_large_for_lambda_edge", uri);
  return result;
}
