// cfsign/lambda-edge: cfsign/edge's routes inside CloudFront itself, as a Lambda@Edge function.
//
//   import { createLambdaEdgeHandler } from "cfsign/lambda-edge";
//   export const handler = createLambdaEdgeHandler(settings | () => Promise<settings>, options?);
//
// The same routes and settings names as createHandler (cfsign/edge): /auth/cookies,
// /api/signed-urls, /healthz and the guard under GUARD_PREFIX. The CloudFront event becomes a
// Fetch Request (lambda-edge/event.mjs), createHandler answers it, and its Response becomes a
// generated response. A request the guard allows, or that no route takes, is returned as it came:
// CloudFront goes on to its cache or the origin (ORIGIN_URL is not needed). The viewer's IP is the
// event's `clientIp` (never X-Forwarded-For or another client-set header).
//
// The event rules and limits are the core's (lambdaEdgeRules, from the wasm): at viewer-request
// every route; at origin-request the guard only (a response generated there is cached and
// replayed to other viewers: minting is refused with a 500 and a log line); other events refused.
// A generated response over the limit (40 KB at viewer-request, 1 MB at origin-request) becomes a
// small 413 saying how many paths would fit, never a 502 from CloudFront.
//
// Settings: a plain object or a function returning one (a JSON file bundled with the function),
// with secrets as references resolved at cold start and cached (lambda-edge/settings.mjs). Bad
// input (a malformed event, a missing secret, a wrong event type) gets a status "500" (or the
// 4xx that fits) and a log line naming the problem, never a value; nothing throws out of the
// handler.

import { lambdaEdgeRules } from "cfsign";
import { createHandler } from "./edge/index.mjs";
import { ConfigError } from "./edge/setting.mjs";
import { error, log } from "./edge/http.mjs";
import { EventError, jsonResult, recordOf, resultBytes, toRequest, toResult } from "./lambda-edge/event.mjs";
import { DEFAULT_TTL_SECONDS, settingsLoader } from "./lambda-edge/settings.mjs";

export { ConfigError } from "./edge/setting.mjs";

const ROUTE_PURPOSE = {
  cookies: "minting signed cookies",
  signedUrls: "minting signed URLs",
  health: "the status route",
};

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
  // Per request: the viewer's IP and the event type (the Request object is the key).
  const viewerIp = new WeakMap();
  const eventTypes = new WeakMap();
  // The answer meaning "return the request to CloudFront".
  const passed = new WeakSet();
  const forward = () => {
    const marker = new Response(null, { status: 204 });
    passed.add(marker);
    return marker;
  };
  const refuse = (route, request) => {
    const eventType = eventTypes.get(request);
    log("error", "wrong_event_type", { event_type: eventType, route });
    const why = route === "health" ? "only the guard runs there" : "a response generated there is cached and replayed to other viewers";
    return error(500, "wrong_event_type", `${ROUTE_PURPOSE[route] ?? route} is refused at ${eventType}: ${why}; attach the function to viewer-request for it`);
  };
  // One cfsign/edge handler per settings object and event rules (the settings object changes only
  // when a refreshed secret changed).
  const handlers = new WeakMap();
  const handlerFor = (resolved, minting) => {
    let pair = handlers.get(resolved);
    if (!pair) {
      pair = {};
      handlers.set(resolved, pair);
    }
    const kind = minting ? "all" : "guard";
    pair[kind] ??= createHandler(resolved, {
      forward,
      clientIp: (request) => viewerIp.get(request),
      routes: minting ? undefined : ["guard"],
      refuse,
    });
    return pair[kind];
  };

  return async function handler(event, _context) {
    let cf;
    let rules;
    try {
      cf = recordOf(event);
      rules = rulesOf(cf.config.eventType);
      if (!rules.guard) {
        log("error", "wrong_event_type", { event_type: cf.config.eventType, route: null });
        return jsonResult(500, { error: "wrong_event_type", message: "cfsign answers viewer-request and origin-request events only" });
      }
      let resolved;
      try {
        resolved = await load();
      } catch (e) {
        return configFailure(e);
      }
      const request = toRequest(cf, rules);
      viewerIp.set(request, cf.request.clientIp);
      eventTypes.set(request, cf.config.eventType);
      const answer = await handlerFor(resolved, rules.minting)(request);
      if (passed.has(answer)) return cf.request;
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
