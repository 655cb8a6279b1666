// One host's part of the per-host comparison (bench/hosts.mjs starts it under Node, Deno or Bun,
// once per key type: BENCH_KEY=rsa|ecdsa). In this one process: cfsign's Fetch handler
// (`createHandler` from cfsign/edge) and the SDK worker's (bench/sdk-worker.js, signing with
// @aws-sdk/cloudfront-signer on the host's node:crypto), both given the same settings.
//
// Each handler is called in process with a Request built as a host builds one, and its Response
// body read: CPU per request is the process's CPU time (process.cpuUsage(): all threads, so the
// JIT and GC threads count) across a batch of sequential requests, divided by the batch size.
// No HTTP server: its work is the same for both handlers and would only dilute the difference.
// Rounds, warm-up and checks: bench/rounds.mjs. Prints one line of JSON.

import process from "node:process";
import { createHandler } from "cfsign/edge";
import sdkWorker from "./sdk-worker.js";
import { ROUNDS, check, measure } from "./rounds.mjs";
import { routes } from "./routes.mjs";
import { KEYSETS, settings, token } from "./settings.mjs";

const k = KEYSETS[process.env.BENCH_KEY];
if (!k) throw new Error("BENCH_KEY must be one of " + Object.keys(KEYSETS).join(", "));
const env = settings(k);
const handlers = {
  cfsign: createHandler(env),
  sdk: (request) => sdkWorker.fetch(request, env),
};
const requests = routes(await token());

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** `n` sequential requests: CPU ms per request. */
async function batchCpu(who, route, n) {
  const handle = handlers[who];
  const make = requests[route];
  const c0 = cpuUs();
  for (let i = 0; i < n; i++) {
    const r = await handle(make());
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${who} ${route}: status ${r.status}`);
  }
  return (cpuUs() - c0) / n / 1000;
}

const host = typeof Deno !== "undefined" ? `deno ${Deno.version.deno}` : typeof Bun !== "undefined" ? `bun ${Bun.version}` : `node ${process.versions.node}`;
await check((who, route) => handlers[who](requests[route]()), k);
const out = { host, key: process.env.BENCH_KEY, rounds: ROUNDS, routes: {} };
for (const route of Object.keys(requests)) out.routes[route] = await measure(batchCpu, route, ROUNDS);
console.log(JSON.stringify(out));
