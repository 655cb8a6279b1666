// The comparison worker for `make bench`: the same routes, config, JWT checks and responses as
// src/index.js (it reuses cfsign/edge's config.mjs and mint.mjs), but signing with @aws-sdk/cloudfront-signer
// (node:crypto: workerd's under nodejs_compat in bench.mjs; Node's, Deno's and Bun's in
// host-run.mjs, which calls its fetch in process) instead of the cfsign WebAssembly package.
// Only the signer differs, so the CPU difference is the signer's.

import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { buildPolicy } from "cfsign";
import { readConfig } from "../node_modules/cfsign/dist/edge/config.mjs";
import { handleCookies, handleSignedUrls } from "../node_modules/cfsign/dist/edge/mint.mjs";
import { importJwtKeys } from "../node_modules/cfsign/dist/edge/jwt.mjs";
import { error, json } from "../node_modules/cfsign/dist/edge/http.mjs";

let statePromise = null;

async function buildState(env) {
  const config = readConfig(env);
  const key = config.keys.active === "next" ? config.keys.next : config.keys.current;
  // The SDK signs SHA1 unless told otherwise; the bench sets CLOUDFRONT_HASH_ALGORITHM for both workers.
  const algorithm = config.keys.hash;
  const base = { keyPairId: key.keyPairId, privateKey: key.privateKey, ...(algorithm ? { algorithm } : {}) };
  // Same surface as the cfsign Signer that mint.js calls: the SDK signs the same policy, and the
  // Set-Cookie lines are written here as an SDK user would write them (bench only).
  const signer = {
    keyPairId: key.keyPairId,
    getSignedUrl: async (o) => getSignedUrl({ ...base, ...o }),
    signCookies: async (policy, { domain, path, maxAge }) => {
      const cookies = getSignedCookies({ ...base, policy: buildPolicy(policy) });
      const attributes = `${domain ? `; Domain=${domain}` : ""}; Path=${path}; Max-Age=${maxAge}; Secure; HttpOnly; SameSite=Lax`;
      return { setCookie: Object.entries(cookies).map(([k, v]) => `${k}=${v}${attributes}`), clearStale: [] };
    },
  };
  return { config, signer, jwtKeys: await importJwtKeys(config.jwt) };
}

export default {
  async fetch(request, env) {
    statePromise ??= buildState(env);
    let state;
    try {
      state = await statePromise;
    } catch (e) {
      return error(500, "configuration_error", e.message);
    }
    const path = new URL(request.url).pathname;
    if (path === "/healthz") return json(200, { status: "ok", signer: "@aws-sdk/cloudfront-signer" });
    if (path === "/auth/cookies" && request.method === "POST") return handleCookies(request, state);
    if (path === "/api/signed-urls" && request.method === "POST") return handleSignedUrls(request, state);
    return error(404, "not_found", "no route");
  },
};
