// cfsign edge worker for Cloudflare Workers: a thin entry over the package's Fetch handler
// (`cfsign/edge`), with the page from www/ as static assets behind it. The routes, the settings
// and what they mean: README.md. Settings come from env (wrangler [vars] and secrets).

import { createHandler } from "cfsign/edge";

/** One handler per env object, so that the settings are checked and keys imported once. */
const handlers = new WeakMap();

function handlerFor(env) {
  let handle = handlers.get(env);
  if (!handle) {
    const assets = env.ASSETS;
    handle = createHandler(env, {
      // What no route takes: the page (run_worker_first, so the guard always sees its prefix).
      fallback: assets ? async (request) => {
        const asset = await assets.fetch(request);
        return asset.status === 404 ? null : asset;
      } : undefined,
    });
    handlers.set(env, handle);
  }
  return handle;
}

export default {
  fetch(request, env) {
    return handlerFor(env)(request);
  },
};
