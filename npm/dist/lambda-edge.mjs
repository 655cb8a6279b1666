// cfsign/lambda-edge: cfsign/edge's routes inside CloudFront itself, as a Lambda@Edge function.
//
//   import { createLambdaEdgeHandler } from "cfsign/lambda-edge";
//   export const handler = createLambdaEdgeHandler(settings | () => Promise<settings>, options?);
//
// The same routes and settings names as createHandler (cfsign/edge): /auth/cookies,
// /auth/logout, /api/signed-urls, /healthz and the guard under GUARD_PREFIX. The CloudFront event becomes a
// Fetch Request (lambda-edge/event.mjs), createHandler answers it, and its Response becomes a
// generated response. A request the guard allows, or that no route takes, is returned to
// CloudFront, which goes on to its cache or the origin (ORIGIN_URL is not needed): without the
// x-cfsign-diagnostics header, and once allowed by the guard without the CloudFront-* cookies, the
// session cookie and the signing parameters (lambda-edge/forward.mjs). An unrouted path an origin
// could decode or merge into the guard's prefix is refused (createHandler's forward mode). The
// guard checks the raw `uri?querystring` CloudFront gives (what CloudFront itself checks), never
// `new URL`'s rewriting of it. The viewer's IP is the event's `clientIp` (never X-Forwarded-For or
// another client-set header).
//
// The event rules and limits are the core's (lambdaEdgeRules, from the wasm): at viewer-request
// every route; at origin-request nothing (a 500 and a log line): a response generated there is
// cached and replayed to other viewers, and CloudFront runs it only on a cache miss, so a guard
// there would let every later request for a cached object through unchecked. At origin-response,
// with STREAM_PLAYLISTS, an origin's playlist is replaced by its signed rewrite (one prefix
// policy, bucketed expiry: lambda-edge/playlist.mjs). Other events are refused too. A generated response over the 40 KB limit becomes a small 413 saying how many paths
// would fit, never a 502 from CloudFront.
//
// Settings: a plain object or a function returning one (a JSON file bundled with the function),
// with secrets as references resolved at cold start and cached (lambda-edge/settings.mjs). Bad
// input (a malformed event, a missing secret, a wrong event type) gets a status "500" (or the
// 4xx that fits) and a log line naming the problem, never a value; nothing throws out of the
// handler.

import { lambdaEdgeRules } from "cfsign";
import { createHandler } from "./edge/index.mjs";
import { ConfigError } from "./edge/setting.mjs";
import { log } from "./edge/http.mjs";
import { EventError, jsonResult, recordOf, resultBytes, toRequest, toResult } from "./lambda-edge/event.mjs";
import { DEFAULT_TTL_SECONDS, settingsLoader } from "./lambda-edge/settings.mjs";
import { forwardedRequest } from "./lambda-edge/forward.mjs";
import { originResponse } from "./lambda-edge/playlist.mjs";
import { getState } from "./edge/state.mjs";

export { ConfigError } from "./edge/setting.mjs";

/** The 500 for bad settings: the setting's name, never its value (as cfsign/edge answers). */
function configFailure(e) {
  const setting = e instanceof ConfigError ? e.setting : null;
  const problem = e instanceof ConfigError ? e.problem : "unexpected error while loading the settings";
  log("error", "config_error", { setting, problem });
  return jsonResult(500, {
    error: "configuration_error",
    message: setting ? `configuration setting ${setting} is not valid` : "the configuration could not be loaded",
    status: "misconfigured",
    setting,
  });
}

/** The rules of the event's type, from the core; throws EventError for an unknown type. */
function rulesOf(eventType) {
  try {
    return lambdaEdgeRules(eventType);
  } catch {
    throw new EventError("Records[0].cf.config.eventType is not a Lambda@Edge event type");
  }
}

/**
 * `settings`: an object of settings (strings, JSON values, secret references), or a function
 * returning one (or a Promise of one). `options.ttlSeconds`: how long resolved secrets are kept
 * (300 by default).
 */
export function createLambdaEdgeHandler(settings, options = {}) {
  if (settings === null || (typeof settings !== "object" && typeof settings !== "function")) {
    throw new TypeError("createLambdaEdgeHandler takes a settings object or a function returning one");
  }
  const load = settingsLoader(settings, { ttlSeconds: options.ttlSeconds ?? DEFAULT_TTL_SECONDS });
  // Per request: the viewer's IP and the raw target (the Request object is the key).
  const viewerIp = new WeakMap();
  const rawTargets = new WeakMap();
  // The answer meaning "return the request to CloudFront", with what the guard allowed.
  const passed = new WeakMap();
  const forward = (_request, allowed) => {
    const marker = new Response(null, { status: 204 });
    passed.set(marker, allowed);
    return marker;
  };
  // One cfsign/edge handler per settings object (it changes only when a refreshed secret changed).
  const handlers = new WeakMap();
  const handlerFor = (resolved) => {
    if (!handlers.has(resolved)) {
      handlers.set(resolved, createHandler(resolved, {
        forward,
        clientIp: (request) => viewerIp.get(request),
        rawTarget: (request) => rawTargets.get(request),
      }));
    }
    return handlers.get(resolved);
  };

  return async function handler(event, _context) {
    let cf;
    let rules;
    try {
      cf = recordOf(event);
      rules = rulesOf(cf.config.eventType);
      if (rules.playlists) return await playlists(cf, rules, load);
      if (!rules.guard) return wrongEventType(cf.config.eventType);
      let resolved;
      try {
        resolved = await load();
      } catch (e) {
        return configFailure(e);
      }
      const request = toRequest(cf, rules);
      viewerIp.set(request, cf.request.clientIp);
      rawTargets.set(request, `${cf.request.uri}${cf.request.querystring ? `?${cf.request.querystring}` : ""}`);
      const answer = await handlerFor(resolved)(request);
      if (passed.has(answer)) return forwardedRequest(cf.request, passed.get(answer));
      const result = await toResult(answer);
      const bytes = resultBytes(result);
      if (bytes > rules.maxResponseBytes) return tooLarge(result, bytes, rules, cf.config.eventType);
      return result;
    } catch (e) {
      if (e instanceof EventError) {
        log(e.status >= 500 ? "error" : "warn", "bad_event", { problem: e.problem, event_type: typeof cf?.config?.eventType === "string" ? cf.config.eventType : null });
        return jsonResult(e.status, { error: e.code, message: e.problem });
      }
      // A bug: its name only (a message or stack could quote a setting).
      log("error", "internal_error", { name: typeof e?.name === "string" ? e.name : "Error", code: typeof e?.code === "string" ? e.code : undefined });
      return jsonResult(500, { error: "internal_error", message: "the function failed on this request" });
    }
  };
}

/** The host variant of the viewer-request handler's state (createHandler with forward and clientIp). */
const LAMBDA_HOST = { forward: true, clientIp: true };

/**
 * origin-response: with STREAM_PLAYLISTS, the origin's playlist signed (lambda-edge/playlist.mjs);
 * without it, refused as any event cfsign does not answer.
 */
async function playlists(cf, rules, load) {
  let state;
  try {
    state = await getState(await load(), LAMBDA_HOST);
  } catch (e) {
    return configFailure(e);
  }
  if (!state.config.stream) return wrongEventType(cf.config.eventType);
  if (typeof cf.response !== "object" || cf.response === null || Array.isArray(cf.response)) throw new EventError("Records[0].cf.response is not an object");
  return originResponse(cf, state, rules);
}

/**
 * The 500 for an event cfsign does not answer: origin-request (run only on a cache miss, so a
 * guard there would let cached answers through unchecked, and a minted answer would be cached),
 * viewer-response, and origin-response without STREAM_PLAYLISTS.
 */
function wrongEventType(eventType) {
  const fix = "attach the function to viewer-request, where CloudFront runs it for every request, or let the cache behavior's trusted key groups check the requests";
  const why = eventType === "origin-request"
    ? "CloudFront runs origin-request functions only on a cache miss, so a request for a cached object would be served without the guard, and a minted answer would be cached for other viewers"
    : eventType === "origin-response"
      ? "cfsign answers origin-response events only to sign playlists, and STREAM_PLAYLISTS is not set"
      : "cfsign answers viewer-request events (and origin-response with STREAM_PLAYLISTS) only";
  log("error", "wrong_event_type", { event_type: eventType, route: null, problem: why, fix });
  return jsonResult(500, { error: "wrong_event_type", message: `cfsign is refused at ${eventType}: ${why}; ${fix}` });
}

/**
 * A generated response CloudFront would refuse (a 502 for the viewer) becomes a small 413; for
 * signed URLs it says how many paths fit.
 */
function tooLarge(result, bytes, rules, eventType) {
  let maxPaths;
  try {
    const urls = result.bodyEncoding === "text" ? JSON.parse(result.body)?.urls : undefined;
    if (Array.isArray(urls) && urls.length > 0) maxPaths = Math.max(0, Math.floor((urls.length * rules.maxResponseBytes) / bytes) - 1);
  } catch {
    maxPaths = undefined;
  }
  log("warn", "response_too_large", { event_type: eventType, bytes, max_bytes: rules.maxResponseBytes });
  return jsonResult(413, {
    error: "response_too_large",
    message: `the answer would be ${bytes} bytes, over the ${rules.maxResponseBytes} bytes Lambda@Edge allows a response generated at ${eventType}${maxPaths !== undefined ? `; ask for at most ${maxPaths} paths at once` : ""}`,
    bytes,
    max_bytes: rules.maxResponseBytes,
    ...(maxPaths !== undefined ? { max_paths: maxPaths } : {}),
  });
}
