// One host's part of `make bench`'s per-host comparison (bench/hosts.mjs starts it under Node,
// Deno or Bun, once per key type; BENCH_KEY=rsa|ecdsa). In this one process: cfsign's Fetch
// handler (`createHandler` from cfsign/edge) and the SDK worker's (bench/sdk-worker.js, signing
// with @aws-sdk/cloudfront-signer on the host's node:crypto), both given the same settings.
//
// Each handler is called in-process with a Request built as a host builds one, and its Response
// body read: CPU per request is the process's CPU time (process.cpuUsage(): all threads, so the
// JIT and GC threads are counted) across a batch of sequential requests, divided by the batch
// size. No HTTP server: its work is the same for both handlers and would only dilute the ratio.
// After a warm-up, ROUNDS rounds of about ROUND_MS each, the two handlers taking turns (the order
// flipped every round), so that noise from the rest of the machine hits both alike.
// Prints one line of JSON. Only the packages are called: no CloudFront rule is written here.

import process from "node:process";
import { KeyGroup } from "cfsign";
import { createHandler } from "cfsign/edge";
import sdkWorker from "./sdk-worker.js";
import { KEYSETS, batch, settings, token } from "./settings.mjs";

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const ROUNDS = Math.max(3, Math.round(11 * SCALE));
const ROUND_MS = 150;
const WARM_MS = 300;

const k = KEYSETS[process.env.BENCH_KEY];
if (!k) throw new Error("BENCH_KEY must be one of " + Object.keys(KEYSETS).join(", "));
const env = settings(k);
const handlers = {
  cfsign: createHandler(env),
  sdk: (request) => sdkWorker.fetch(request, env),
};

const auth = { authorization: `Bearer ${await token()}`, "content-type": "application/json" };
const BASE = "https://edge.example.com";
const bodies = { 1: batch(1), 10: batch(10) };
const routes = {
  cookies: () => new Request(`${BASE}/auth/cookies`, { method: "POST", headers: auth }),
  urls1: () => new Request(`${BASE}/api/signed-urls`, { method: "POST", headers: auth, body: bodies[1] }),
  urls10: () => new Request(`${BASE}/api/signed-urls`, { method: "POST", headers: auth, body: bodies[10] }),
};

/** Both handlers' answers are valid before anything is timed: cfsign's verifier allows them. */
async function check() {
  const kg = new KeyGroup();
  kg.add(k.id, k.pub);
  const target = "https://media.example.com/videos/ep0.mp4";
  const names = {};
  for (const [who, handle] of Object.entries(handlers)) {
    const c = await handle(routes.cookies());
    if (c.status !== 200) throw new Error(`${who}: POST /auth/cookies: ${c.status} ${await c.text()}`);
    // The live cookies (cfsign also clears, with Max-Age=0, the stale ones the SDK never sets).
    const lines = c.headers.getSetCookie().filter((l) => !/;\s*Max-Age=0/i.test(l));
    names[who] = lines.map((l) => l.split("=")[0]).sort().join(",");
    const byCookie = kg.verify(target, { cookies: lines.map((l) => l.split(";")[0]).join("; ") });
    if (!byCookie.allowed) throw new Error(`${who}: cookies refused: ${JSON.stringify(byCookie.reasons)}`);
    const u = await handle(routes.urls1());
    if (u.status !== 200) throw new Error(`${who}: POST /api/signed-urls: ${u.status} ${await u.text()}`);
    const byUrl = kg.verify((await u.json()).urls[0]);
    if (!byUrl.allowed) throw new Error(`${who}: signed URL refused: ${JSON.stringify(byUrl.reasons)}`);
  }
  if (names.cfsign !== names.sdk) throw new Error(`different cookies: cfsign ${names.cfsign}, SDK ${names.sdk}`);
}

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** `n` sequential requests: CPU ms per request. */
async function batchCpu(handle, make, n) {
  const c0 = cpuUs();
  for (let i = 0; i < n; i++) {
    const r = await handle(make());
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`status ${r.status}`);
  }
  return (cpuUs() - c0) / n / 1000;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r4 = (x) => +x.toFixed(4);

async function measure(make) {
  // Warm-up: each handler until it has used WARM_MS of CPU on this route; the last batch gives
  // the cost that sizes the rounds (the same request count for both).
  const cost = {};
  for (const [who, handle] of Object.entries(handlers)) {
    let used = 0;
    let n = 5;
    while (used < WARM_MS) {
      cost[who] = await batchCpu(handle, make, n);
      used += cost[who] * n;
      n = Math.min(n * 2, 400);
    }
  }
  const n = Math.max(5, Math.round(ROUND_MS / Math.max(cost.cfsign, cost.sdk, 0.001)));
  const rounds = { cfsign: [], sdk: [] };
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 ? ["sdk", "cfsign"] : ["cfsign", "sdk"];
    for (const who of order) rounds[who].push(await batchCpu(handlers[who], make, n));
  }
  const ratios = rounds.cfsign.map((c, i) => c / rounds.sdk[i]);
  return {
    n_per_round: n,
    cfsign_ms: r4(median(rounds.cfsign)),
    sdk_ms: r4(median(rounds.sdk)),
    ratio: r4(median(ratios)),
    ratio_min: r4(Math.min(...ratios)),
    ratio_max: r4(Math.max(...ratios)),
    rounds_cfsign_ms: rounds.cfsign.map(r4),
    rounds_sdk_ms: rounds.sdk.map(r4),
  };
}

const host = typeof Deno !== "undefined" ? `deno ${Deno.version.deno}` : typeof Bun !== "undefined" ? `bun ${Bun.version}` : `node ${process.versions.node}`;
await check();
const out = { host, key: process.env.BENCH_KEY, rounds: ROUNDS, round_ms: ROUND_MS, routes: {} };
for (const [name, make] of Object.entries(routes)) out.routes[name] = await measure(make);
console.log(JSON.stringify(out));
