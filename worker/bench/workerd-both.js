// The per-host comparison's workerd part (bench/hosts.mjs): one worker, under nodejs_compat as
// wrangler.toml deploys cfsign's, holding both handlers, cfsign's (`createHandler` from
// cfsign/edge, what src/index.js serves) and the SDK worker's (bench/sdk-worker.js), with the same
// settings (env). GET /?who=cfsign|sdk&route=cookies|urls1|urls10&n=N calls that handler N times
// in this isolate, with Requests built as for the other hosts (bench/routes.mjs), and answers 204;
// with n=1&echo=1 it answers the handler's own Response. workerd freezes the clock inside a
// request, so the CPU is read from outside (the workerd process's, over the whole request): one
// HTTP exchange per N handler calls.

import { createHandler } from "cfsign/edge";
import sdkWorker from "./sdk-worker.js";
import { routes } from "./routes.mjs";

let handlers = null;

export default {
  async fetch(request, env) {
    handlers ??= { cfsign: createHandler(env), sdk: (r) => sdkWorker.fetch(r, env) };
    const q = new URL(request.url).searchParams;
    const handle = handlers[q.get("who")];
    const make = routes(env.BENCH_TOKEN)[q.get("route")];
    const n = Number(q.get("n"));
    if (!handle || !make || !(n >= 1 && n <= 100_000)) return new Response("bad bench request", { status: 400 });
    if (q.get("echo")) return handle(make());
    for (let i = 0; i < n; i++) {
      const r = await handle(make());
      await r.arrayBuffer();
      if (r.status !== 200) return new Response(`status ${r.status}`, { status: 500 });
    }
    return new Response(null, { status: 204 });
  },
};
