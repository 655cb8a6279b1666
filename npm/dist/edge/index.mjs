// cfsign/edge: the edge worker's routes as Fetch-API building blocks, for any host with `Request`
// and `Response` (Cloudflare Workers, Deno, Bun, Node behind a Fetch adapter such as Hono's,
// Vercel's edge runtime and Next.js middleware).
//
//   const handler = createHandler(settings);   // (request) => Promise<Response>
//     GET  /healthz              "ok", or 500 "misconfigured" naming the setting; the detail (key
//                                IDs, tiers, warnings) only with DIAGNOSTICS_TOKEN (diagnostics.mjs)
//     POST /auth/cookies         identity token -> CloudFront signed cookies (Set-Cookie)
//     GET  /auth/cookies         the same for a browser; ?return_to=... redirects back (302)
//     POST /auth/logout          deletes those cookies (same Domain and Paths); ?return_to=... 303.
//                                No token; GET is 405 and a cross-site POST 403 (logout.mjs)
//     POST /api/signed-urls      {"paths": [...]} -> {"urls": [...]}
//     GET  GUARD_PREFIX...       verified like CloudFront, then proxied to ORIGIN_URL (or 403)
//     anything else              options.fallback(request) if given, else 404 JSON
//
//   mintCookies(settings), logout(settings), signUrls(settings), guard(settings), health(settings): one route each,
//   (request) => Promise<Response>, whatever the path, for use inside an existing app.
//
// Settings are a plain object of strings (each platform passes its own env and secrets); they
// are checked once, on the first request (some hosts allow no randomness before one), and every
// handler made from the same object shares the checked state.

import { version } from "cfsign";
import { ConfigError } from "./config.mjs";
import { getState, stats } from "./state.mjs";
import { error, json, log, methodNotAllowed } from "./http.mjs";
import { handleCookies, handleSignedUrls } from "./mint.mjs";
import { handleLogout } from "./logout.mjs";
import { handleGuard } from "./guard.mjs";
import { diagnosticsOrNone, wantsDetail } from "./diagnostics.mjs";
import { forwardProblem, rawEntryPath, requestTarget } from "./paths.mjs";

export { ConfigError } from "./config.mjs";

const loggedWarnings = new WeakSet();

/**
 * 500 while the settings are bad, and a log line naming every bad setting. The problems (which
 * may name a key ID or a tier) only for diagnostics: anonymous callers get the settings' names.
 * Never a value: problems are written without them.
 */
function configFailure(e, detail) {
  const problems = e instanceof ConfigError ? e.problems : [];
  const setting = problems[0]?.setting ?? null;
  const problem = e instanceof ConfigError ? e.problem : `unexpected ${e?.name ?? "error"} while loading the configuration`;
  // Never the error's message or stack: it could quote a value.
  log("error", "config_error", { setting, problem, problems });
  const settings = [...new Set(problems.map((p) => p.setting))];
  const message = !setting
    ? "the configuration could not be loaded"
    : detail
      ? `configuration: ${problems.map((p) => `${p.setting} ${p.problem}`).join("; ")}`
      : `configuration setting${settings.length > 1 ? "s" : ""} ${settings.join(", ")} ${settings.length > 1 ? "are" : "is"} not valid`;
  return error(500, "configuration_error", message, {
    status: "misconfigured",
    setting,
    settings,
    problems: detail ? problems : settings.map((s) => ({ setting: s })),
    ...(detail ? { problem } : {}),
  });
}

/** "ok"; the key, tiers, warnings and counters only for diagnostics. */
async function healthOf(request, state) {
  if (!(await wantsDetail(request, state.diagnostics))) return json(200, { status: "ok" });
  const { signer, config } = state;
  return json(200, {
    status: "ok",
    version: version(),
    key_pair_id: signer.keyPairId,
    active_key: config.keys.active,
    key_type: signer.keyType,
    hash_algorithm: signer.algorithm,
    native_crypto: signer.native,
    tiers: [...config.tiers.keys()],
    max_batch: config.maxBatch,
    guard_prefix: config.guard?.prefix ?? null,
    public_origin: config.guard?.publicOrigin ?? null,
    client_ip_header: config.guard?.clientIpHeader ?? null,
    trusted_keys: config.guard ? config.guard.keys.map(([id]) => id) : [],
    warnings: state.warnings,
    isolate: { ...stats },
  });
}

/**
 * Runs `handle(request, state)` with the checked state of `settings`: bad settings give 500.
 * `host`: createHandler's `forward` and `clientIp` options (what the host does itself).
 */
function withState(settings, handle, host = {}) {
  return async (request) => {
    stats.requests += 1;
    let state;
    try {
      state = await getState(settings, host);
    } catch (e) {
      return configFailure(e, await wantsDetail(request, diagnosticsOrNone(settings)));
    }
    if (state.warnings.length && !loggedWarnings.has(settings)) {
      loggedWarnings.add(settings);
      for (const w of state.warnings) log("warn", "config_warning", { problem: w });
    }
    try {
      return await handle(request, state);
    } catch (e) {
      // A bug or a wasm error: a JSON 500 with the error's code, never its message or stack.
      const code = typeof e?.code === "string" ? e.code : undefined;
      log("error", "internal_error", { name: e?.name ?? "Error", code, path: new URL(request.url).pathname });
      return error(500, "internal_error", "the worker failed on this request", code ? { code } : undefined);
    }
  };
}

/**
 * The routes, once: each one's path (or the guard's prefix, when guard mode is on), the methods it
 * takes and its handler. The one-route exports and createHandler all answer from this table.
 */
const ROUTES = {
  health: { path: "/healthz", methods: ["GET", "HEAD"], handle: (request, state) => healthOf(request, state) },
  cookies: { path: "/auth/cookies", methods: ["GET", "POST"], handle: handleCookies },
  logout: { path: "/auth/logout", methods: ["POST"], handle: handleLogout },
  signedUrls: { path: "/api/signed-urls", methods: ["POST"], handle: handleSignedUrls },
  guard: { prefix: (state) => state.config.guard?.prefix, methods: ["GET", "HEAD"], handle: handleGuard },
};

/** The route's answer, or 405 naming the methods it takes. */
function serve(route, request, state, host) {
  return route.methods.includes(request.method) ? route.handle(request, state, host) : methodNotAllowed(route.methods);
}

/** The name of the route that takes `path`, if any. */
function routeFor(path, state) {
  return Object.keys(ROUTES).find((name) => {
    const r = ROUTES[name];
    if (r.path !== undefined) return r.path === path;
    const prefix = r.prefix(state);
    return prefix !== undefined && path.startsWith(prefix);
  });
}

/** POST (or GET, for a browser, with ?return_to=) an identity token; answers with the cookies. */
export const mintCookies = (settings) => withState(settings, (request, state) => serve(ROUTES.cookies, request, state));

/** POST (no token): deletes the cookies minting set; GET is 405, a cross-site POST 403. */
export const logout = (settings) => withState(settings, (request, state) => serve(ROUTES.logout, request, state));

/** POST {"paths": [...]} with an identity token; answers with the signed URLs. */
export const signUrls = (settings) => withState(settings, (request, state) => serve(ROUTES.signedUrls, request, state));

/** Verifies the request like CloudFront; proxies it to ORIGIN_URL when allowed, else 403. */
export const guard = (settings) =>
  withState(settings, (request, state) => {
    if (!state.config.guard) return error(404, "not_found", "guard mode is off: set GUARD_PREFIX, ORIGIN_URL and TRUSTED_KEYS");
    return serve(ROUTES.guard, request, state);
  });

/** The status: 200 "ok" (the key, tiers and warnings for diagnostics), or 500 naming a bad setting. */
export const health = (settings) => withState(settings, (request, state) => serve(ROUTES.health, request, state));

/**
 * Every route. `options.fallback(request)` answers what no route takes (a Response, or null for
 * 404): Cloudflare's static assets, say.
 *
 * For a host that is itself the CDN in front of the origin (Lambda@Edge, in cfsign/lambda-edge):
 * `options.forward(request, { path, source, cookie })` answers a request the guard allows (instead
 * of a fetch to ORIGIN_URL, which is then not needed) and any request no route takes (any method;
 * `path` null), except one whose raw path an origin could decode or merge into the guard's prefix
 * (an encoded '/' or '\', a dot segment, '//', the prefix in another case or encoding: 400
 * bad_path); `options.clientIp(request)` gives the viewer's IP as the host knows it
 * (CLIENT_IP_HEADER is then not read); `options.rawTarget(request)` the request's path and query
 * as the host received them, before `new URL` rewrote them (what the guard checks); `options.routes` lists the routes served ("health", "cookies", "logout",
 * "signedUrls", "guard"; all by default), and `options.refuse(route, request)` answers a request for another.
 *
 * `options.streamPlaylists`: true turns the signing of playlists on (STREAM_PLAYLISTS then picks
 * the rule, "folder" when unset), false turns it off whatever the settings say; by default the
 * STREAM_PLAYLISTS setting alone decides (stream.mjs).
 */
export function createHandler(settings, options = {}) {
  const host = { forward: options.forward, clientIp: options.clientIp, rawTarget: options.rawTarget, streamPlaylists: options.streamPlaylists };
  const served = new Set(options.routes ?? Object.keys(ROUTES));
  return withState(settings, async (request, state) => {
    const path = new URL(request.url).pathname;
    const name = routeFor(path, state);
    if (name && !served.has(name)) {
      return options.refuse ? options.refuse(name, request) : error(404, "not_found", `no route for ${path}`);
    }
    if (name) return serve(ROUTES[name], request, state, host);
    if (options.forward) {
      // The host hands this request back to its CDN, which sends the raw target to the origin:
      // never one an origin could decode or merge into the guard's prefix (the guard never saw it).
      const problem = forwardProblem(rawEntryPath(host.rawTarget?.(request) ?? requestTarget(request.url)), state.config.guard?.prefix);
      if (problem) return error(400, "bad_path", `the request path ${problem}`, { problem });
      return options.forward(request, { path: null, source: null });
    }
    const method = request.method;
    const fallback = options.fallback && (method === "GET" || method === "HEAD") ? await options.fallback(request) : null;
    return fallback ?? error(404, "not_found", `no route for ${path}`);
  }, host);
}
