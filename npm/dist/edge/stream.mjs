// Signed streaming (issue 27): with STREAM_PLAYLISTS, a playlist (HLS .m3u8, DASH .mpd) the guard
// lets through is rewritten on its way to the viewer, so that every variant playlist, segment,
// key and init section it names carries one prefix policy (a custom wildcard policy, signed once
// per bucket of time): the player needs nothing but the one signed playlist URL.
//
//   STREAM_PLAYLISTS           "folder" (the policy covers the playlist's folder: .../videos/123/*)
//                              or "tier" (the narrowest TIERS pattern that covers the playlist)
//   STREAM_BUCKET_SECONDS      the expiry is rounded up to a multiple of this (default 300): every
//                              viewer within a bucket gets the same bytes, so the playlist is
//                              cacheable until the bucket ends (Cache-Control private, max-age;
//                              s-maxage at Lambda@Edge's origin-response)
//   STREAM_MAX_PLAYLIST_BYTES  a bigger playlist is streamed through unchanged (default 2 MiB)
//
// The URLs stay valid at least URL_TTL_SECONDS, and less than one bucket more. The rewriting (in
// the full build, imported on the first playlist: stream-core.mjs), the policy's resource check
// and the signing are the package's (wasm); this file reads the body with
// a cap and picks the resource. A playlist that cannot be rewritten (not text, over the cap, not a
// playlist, a resource the core refuses) goes through unchanged with `x-cfsign-playlist:
// unchanged; reason=...` and a log line, never a 500.

import { checkResource, cookiePath, expiresIn, resourceMatches } from "cfsign";
import { ConfigError, int, str } from "./setting.mjs";
import { log } from "./http.mjs";
import { rewritePlaylist, signedPrefixQuery } from "./stream-core.mjs";

export { isPlaylist } from "./stream-core.mjs";

export const STREAM_DEFAULTS = Object.freeze({ BUCKET_SECONDS: 300, MAX_PLAYLIST_BYTES: 2 * 1024 * 1024 });
export const STREAM_RULES = ["folder", "tier"];
/** The header that says what happened to a playlist. */
export const PLAYLIST_HEADER = "x-cfsign-playlist";

/**
 * The STREAM_* settings: null when STREAM_PLAYLISTS is unset (and `forced` is not true), else the
 * rule, bucket and cap. `forced`: createHandler's `streamPlaylists` option (true: on, "folder"
 * unless STREAM_PLAYLISTS says otherwise; false: off whatever the settings say).
 */
export function readStream(env, c, forced) {
  if (forced === false) return null;
  const rule = c.get(() => {
    const v = str(env, "STREAM_PLAYLISTS");
    if (v === undefined) return forced === true ? "folder" : undefined;
    if (!STREAM_RULES.includes(v)) throw new ConfigError("STREAM_PLAYLISTS", 'must be "folder" or "tier"');
    return v;
  });
  if (rule === undefined) return null;
  const bucket = c.get(() => int(env, "STREAM_BUCKET_SECONDS", STREAM_DEFAULTS.BUCKET_SECONDS, 1, 86400), STREAM_DEFAULTS.BUCKET_SECONDS);
  const maxBytes = c.get(() => int(env, "STREAM_MAX_PLAYLIST_BYTES", STREAM_DEFAULTS.MAX_PLAYLIST_BYTES, 1024, 16 * 1024 * 1024), STREAM_DEFAULTS.MAX_PLAYLIST_BYTES);
  return { rule, bucket, maxBytes };
}

/**
 * The settings' own problems, found once with the others (state.mjs): where the guard is what
 * rewrites (no `forward` host: not Lambda@Edge, whose origin-response trigger does), guard mode.
 */
export function streamProblems(config, host) {
  if (!config.stream) return [];
  // The package's rule for the expiry (a bucket longer than the lifetime is refused, ...), tried
  // once with the settings: here rather than on every playlist.
  if (Number.isInteger(config.urlTtl) && Number.isInteger(config.stream.bucket)) {
    try {
      bucketedExpiry(Math.floor(Date.now() / 1000), config.urlTtl, config.stream.bucket);
    } catch (e) {
      const code = /\b(round_to_exceeds_in|expiry_too_late|zero_duration|invalid_duration)\b/.exec(String(e?.message))?.[1] ?? "invalid_date";
      return [new ConfigError("STREAM_BUCKET_SECONDS", `with URL_TTL_SECONDS gives no expiry the package accepts (${code}): a bucket must not be longer than URL_TTL_SECONDS`)];
    }
  }
  if (host.forward) return [];
  if (!config.guard) return [new ConfigError("STREAM_PLAYLISTS", "needs guard mode (GUARD_PREFIX): only a playlist the guard lets through is rewritten")];
  return [];
}

/**
 * The policy's resource for the playlist at `url` (absolute, no query): its folder, or the
 * narrowest TIERS pattern that covers it (covered by every other that does: the package's
 * matching rule). Checked by the package; null when there is none.
 */
export function resourceFor(url, stream, tiers) {
  let resource = null;
  if (stream.rule === "folder") {
    const folder = url.slice(0, url.lastIndexOf("/") + 1);
    resource = `${folder}*`;
    // A '*' or '?' in the folder would be a wildcard of the policy (covering other folders): the
    // package's reading of a pattern's literal part must be the whole folder.
    if (cookiePath(resource) !== folder.slice(folder.indexOf("/", folder.indexOf("://") + 3))) return null;
  } else {
    const covering = [...new Set([...tiers.values()].flat())].filter((p) => resourceMatches(p, url));
    resource = covering.find((p) => covering.every((q) => resourceMatches(q, p))) ?? null;
  }
  if (resource === null) return null;
  try {
    checkResource(resource);
  } catch {
    return null;
  }
  return resource;
}

/**
 * The bucketed expiry (seconds): the package's `expires: {in: ttl, roundTo: bucket}` rule (the
 * core's `expires_in`: the first multiple of the bucket after `now + ttl`), from `now` (seconds).
 * Throws as the package does.
 */
export function bucketedExpiry(now, ttl, bucket) {
  return expiresIn({ in: `${ttl}s`, roundTo: `${bucket}s`, now: now * 1000 });
}

/**
 * Reads at most `maxBytes` of `body`: `{ bytes }`, or `{ head, reader }` (what was read, and the
 * reader of the rest) once the count passes the cap: the rest is never buffered here.
 */
async function readCapped(body, maxBytes) {
  const reader = body.getReader();
  const head = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    head.push(value);
    total += value.byteLength;
    if (total > maxBytes) return { head, reader };
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of head) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return { bytes };
}

/** The chunks read so far, then the rest of the reader's stream, as one body (streamed). */
function rejoined(head, reader) {
  return new ReadableStream({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

function unchanged(response, body, reason, path) {
  log("warn", "playlist_unchanged", { reason, path });
  const headers = new Headers(response.headers);
  headers.set(PLAYLIST_HEADER, `unchanged; reason=${reason}`);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Cache-Control of a rewritten playlist: the origin's when it forbids sharing, else until the
 * bucket's end, for this viewer only (`private`): the viewer may have come in by cookie with the
 * bare playlist URL, and the playlist's URIs carry a folder-wide policy, so a shared cache (a
 * proxy) must not hand it to viewers without one. `sharedCache` (Lambda@Edge's origin-response,
 * where CloudFront itself caches the answer per bucket, after the viewer's check): `s-maxage` for
 * CloudFront and `max-age=0` for browsers; downstream, the behavior's response headers policy
 * must make it `private` (see the Lambda@Edge docs).
 */
function cacheControl(origin, maxAge, sharedCache) {
  if (origin && /(^|,)\s*(no-store|no-cache|private)\b/i.test(origin)) return origin;
  return sharedCache ? `max-age=0, s-maxage=${maxAge}` : `private, max-age=${maxAge}`;
}

/**
 * The playlist `response` (the origin's, for the public URL `url` without its signing
 * parameters) rewritten with one prefix policy; or the response unchanged (see the top).
 * `state`: the handler's (config, signer). `now` in seconds. `sharedCache`: see cacheControl.
 */
export async function signedPlaylist(response, url, state, now = Math.floor(Date.now() / 1000), { sharedCache = false } = {}) {
  const { stream, tiers, urlTtl } = state.config;
  const path = new URL(url).pathname;
  const declared = Number(response.headers.get("content-length"));
  if (!response.body) return response;
  if (declared > stream.maxBytes) return unchanged(response, response.body, "too_large", path);
  let read;
  try {
    read = await readCapped(response.body, stream.maxBytes);
  } catch {
    return unchanged(response, null, "origin_body_incomplete", path);
  }
  if (read.reader) return unchanged(response, rejoined(read.head, read.reader), "too_large", path);
  const { bytes } = read;
  const resource = resourceFor(url, stream, tiers);
  if (!resource) return unchanged(response, bytes, stream.rule === "tier" ? "no_tier_pattern" : "bad_resource", path);
  const expires = bucketedExpiry(now, urlTtl, stream.bucket);
  let rewritten;
  try {
    const query = await signedPrefixQuery(state, resource, expires);
    rewritten = await rewritePlaylist(bytes, url, query, stream.maxBytes);
  } catch (e) {
    // The package's reason (not_text, not_playlist, ...), never its message.
    const reason = [e?.reason, e?.code].find((r) => typeof r === "string" && /^[a-z_]{1,40}$/.test(r));
    return unchanged(response, bytes, reason ?? "rewrite_failed", path);
  }
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  headers.delete("etag");
  headers.set("cache-control", cacheControl(response.headers.get("cache-control"), Math.max(1, expires - urlTtl - now), sharedCache));
  headers.set(PLAYLIST_HEADER, `signed; expires=${expires}; uncovered=${rewritten.uncovered}`);
  if (rewritten.uncovered > 0) log("warn", "playlist_uncovered", { path, uncovered: rewritten.uncovered });
  return new Response(rewritten.text, { status: response.status, statusText: response.statusText, headers });
}
