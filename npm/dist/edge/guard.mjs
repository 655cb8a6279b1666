// Guard mode: GET/HEAD under GUARD_PREFIX is checked as CloudFront would (signed URL parameters,
// else the CloudFront-* cookies; trusted keys from TRUSTED_KEYS) by the crate's verifier. Allowed
// requests go to ORIGIN_URL without the signing parameters and CloudFront cookies; denied ones
// get 403 JSON naming the reasons, and the reason codes in `x-cfsign-reason`.

import { cookiePairs, error, json } from "./http.mjs";
import { pathProblem, rawEntryPath } from "./paths.mjs";

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
const REASON_FIELDS = [["code", "code"], ["message", "message"], ["cloudfrontError", "cloudfront_error"], ["explanation", "explanation"], ["fix", "fix"], ["range", "range"], ["clientIp", "client_ip"]];

/**
 * The viewer's IP, from the header CLIENT_IP_HEADER names, or undefined (never a header the
 * setting does not name: off Cloudflare's edge any client can send CF-Connecting-IP).
 */
function clientIp(request, guard) {
  if (guard.clientIpHeader === "none") return undefined;
  return request.headers.get(guard.clientIpHeader)?.trim() || undefined;
}

export async function handleGuard(request, state) {
  const { guard, jwt } = state.config;
  // Before verifying: a path an origin could decode or resolve into another one is never checked
  // or sent on. The raw URL as the host gives it, not `new URL()`'s resolved one: the verifier and
  // the origin see the raw one (Deno passes `..` and `%2e%2e` on unresolved; workerd resolves them).
  const problem = pathProblem(rawEntryPath(request.url), { dotSegments: true });
  if (problem) return error(400, "bad_path", `the request path ${problem}`, { problem });
  const cookies = splitCookies(request.headers.get("cookie"), jwt.sessionCookie);
  let verdict;
  try {
    // The crate's verifier; the signature itself is checked by the host's crypto (node:crypto or
    // WebCrypto, the public keys imported once per key group), the rest in wasm.
    verdict = await state.keyGroup.verifyAsync(request.url, {
      now: new Date(),
      clientIp: clientIp(request, guard),
      cookies: cookies.cloudfront,
      skew: guard.skew,
    });
  } catch (e) {
    return error(400, "bad_request", "the request URL cannot be checked", { code: typeof e?.code === "string" ? e.code : undefined });
  }
  if (!verdict.allowed) {
    const reasons = (verdict.reasons ?? []).map((r) => Object.fromEntries(REASON_FIELDS.filter(([f]) => r[f] !== undefined).map(([f, name]) => [name, r[f]])));
    const codes = [...new Set(reasons.map((r) => r.code))];
    return json(
      403,
      {
        error: "access_denied",
        message: reasons[0]?.message ?? "access denied",
        source: verdict.source,
        key_pair_id: verdict.keyPairId ?? null,
        reasons,
      },
      { "x-cfsign-reason": codes.join(",") || "denied" },
    );
  }
  const origin = guard.origin;
  const target = `${origin.origin}${origin.pathname.replace(/\/$/, "")}${forwardedPath(verdict.url)}`;
  const headers = new Headers(request.headers);
  headers.delete("host");
  headers.delete("authorization");
  // A client-set CF-Connecting-IP the guard does not trust is not passed on either: an origin
  // might trust it (workerd drops it by itself; Node, Deno, Bun and others forward it).
  if (guard.clientIpHeader === "none") headers.delete("cf-connecting-ip");
  if (cookies.others) headers.set("cookie", cookies.others);
  else headers.delete("cookie");
  let response;
  try {
    response = await fetch(target, { method: request.method, headers, redirect: "manual" });
  } catch {
    return error(502, "origin_unreachable", "the origin did not answer");
  }
  const out = new Response(response.body, response);
  out.headers.set("x-cfsign-verified", verdict.source);
  return out;
}
