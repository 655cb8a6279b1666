// cfsign edge worker (Cloudflare Workers module format, runs on workerd).
//
//   GET  /healthz              status (500 with the setting named when the config is bad)
//   POST /auth/cookies         identity token -> CloudFront signed cookies (Set-Cookie)
//   GET  /auth/cookies         the same for a browser; ?return_to=... redirects back (302)
//   POST /api/signed-urls      {"paths": [...]} -> {"urls": [...]}
//   GET  GUARD_PREFIX...       verified like CloudFront, then proxied to ORIGIN_URL (or 403)
//   anything else              the static page (ASSETS binding), else 404 JSON
//
// Configuration: env only (see config.js and README.md). Keys are imported once per isolate.

import { version } from "cfsign";
import { ConfigError } from "./config.js";
import { getState, stats } from "./state.js";
import { error, json, log, methodNotAllowed } from "./http.js";
import { handleCookies, handleSignedUrls } from "./mint.js";
import { handleGuard } from "./guard.js";

// The package's workerd entry instantiates its WebAssembly at import (no randomness needed, so
// allowed at global scope).
const VERSION = version();

const loggedWarnings = new WeakSet();

/** 500 on every request while the config is bad, and a log line naming the setting. */
function configFailure(e) {
  if (e instanceof ConfigError) {
    log("error", "config_error", { setting: e.setting, problem: e.problem });
    return error(500, "configuration_error", `configuration setting ${e.setting} ${e.problem}`, { setting: e.setting });
  }
  // Not expected: say what kind of failure, never its message or stack (it could quote a value).
  log("error", "config_error", { setting: null, problem: `unexpected ${e?.name ?? "error"} while loading the configuration` });
  return error(500, "configuration_error", "the configuration could not be loaded", { setting: null });
}

function health(state) {
  const { signer, config } = state;
  return json(200, {
    status: "ok",
    version: VERSION,
    key_pair_id: signer.keyPairId,
    active_key: config.keys.active,
    key_type: signer.keyType,
    hash_algorithm: signer.algorithm,
    native_crypto: signer.native,
    tiers: [...config.tiers.keys()],
    max_batch: config.maxBatch,
    guard_prefix: config.guard?.prefix ?? null,
    client_ip_header: config.guard?.clientIpHeader ?? null,
    trusted_keys: config.guard ? config.guard.keys.map(([id]) => id) : [],
    isolate: { ...stats },
  });
}

async function route(request, env, state) {
  const url = new URL(request.url);
  const path = url.pathname;
  const method = request.method;
  if (path === "/healthz") {
    if (method !== "GET" && method !== "HEAD") return methodNotAllowed(["GET", "HEAD"]);
    return health(state);
  }
  if (path === "/auth/cookies") {
    if (method !== "GET" && method !== "POST") return methodNotAllowed(["GET", "POST"]);
    return handleCookies(request, state);
  }
  if (path === "/api/signed-urls") {
    if (method !== "POST") return methodNotAllowed(["POST"]);
    return handleSignedUrls(request, state);
  }
  const guard = state.config.guard;
  if (guard && path.startsWith(guard.prefix)) {
    if (method !== "GET" && method !== "HEAD") return methodNotAllowed(["GET", "HEAD"]);
    return handleGuard(request, state);
  }
  if (env.ASSETS && (method === "GET" || method === "HEAD")) {
    const asset = await env.ASSETS.fetch(request);
    if (asset.status !== 404) return asset;
  }
  return error(404, "not_found", `no route for ${path}`);
}

export default {
  async fetch(request, env) {
    stats.requests += 1;
    let state;
    try {
      state = await getState(env);
    } catch (e) {
      return configFailure(e);
    }
    if (state.warnings.length && !loggedWarnings.has(env)) {
      loggedWarnings.add(env);
      for (const w of state.warnings) log("warn", "config_warning", { problem: w });
    }
    try {
      return await route(request, env, state);
    } catch (e) {
      // A bug or a wasm error: a JSON 500 with the error's code, never its message or stack.
      const code = typeof e?.code === "string" ? e.code : undefined;
      log("error", "internal_error", { name: e?.name ?? "Error", code, path: new URL(request.url).pathname });
      return error(500, "internal_error", "the worker failed on this request", code ? { code } : undefined);
    }
  },
};
