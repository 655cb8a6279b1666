// `make bench` (scripts/bench.sh): CPU time per request inside workerd for the cfsign worker and
// for the same worker signing with @aws-sdk/cloudfront-signer under nodejs_compat, side by side,
// with RSA-2048 and ECDSA P-256 keys; then requests per second on one core under autocannon.
//
// Method. workerd freezes the clock inside a request (Date.now/performance.now only move on
// I/O), so the time is taken from outside: each worker runs in its own workerd process, and the
// CPU time of that process (all its threads, /proc/PID/task/*/schedstat, nanoseconds) is read
// before and after N sequential keep-alive requests from this process. CPU/request = delta / N,
// after a warm-up and once workerd is idle again (V8 tiers the wasm up in background threads);
// five rounds per figure, the two workers taking turns; the median round is reported.
// It includes workerd's HTTP handling; GET /healthz gives that floor. Per signed URL: the
// difference between 50-path and 1-path batches, divided by 49 (the marginal cost of one URL).
// Requests per second: workerd pinned to CPU 1 (taskset), autocannon in this process on CPU 0,
// 10 connections, BENCH_SECONDS (default 6) per run.
//
// Options (env): BENCH_SECONDS, BENCH_SCALE (multiplies the request counts, default 1),
// BENCH_JSON (write the results there).

import autocannon from "autocannon";
import { execFileSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { bundle } from "../scripts/build.mjs";
import { ROOT, startWorker } from "../scripts/workerd.mjs";
import * as cfsign from "cfsign";
import { KEYSETS, batch, settings as env, token as makeToken } from "./settings.mjs";
import { cpuNs, workerdChildren } from "./proc.mjs";
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);

async function start(name, script, bindings, flags) {
  const before = new Set(workerdChildren());
  const w = await startWorker({ script, bindings, compatibilityFlags: flags });
  const pid = workerdChildren().find((p) => !before.has(p));
  if (!pid) throw new Error(`no workerd process found for ${name}`);
  return { name, ...w, pid };
}

const token = await makeToken();
const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };

const scenarios = {
  healthz: { n: 600, req: (w) => fetch(`${w.url}/healthz`) },
  cookies: { n: 400, req: (w) => fetch(`${w.url}/auth/cookies`, { method: "POST", headers: auth }) },
  urls1: { n: 400, req: (w) => fetch(`${w.url}/api/signed-urls`, { method: "POST", headers: auth, body: batch(1) }) },
  urls50: { n: 50, req: (w) => fetch(`${w.url}/api/signed-urls`, { method: "POST", headers: auth, body: batch(50) }) },
};

/** N sequential requests: workerd CPU and wall time per request. */
async function once(w, req, n) {
  const c0 = cpuNs(w.pid);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const r = await req(w);
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${w.name}: status ${r.status}`);
  }
  return { cpu_ms: Number(cpuNs(w.pid) - c0) / n / 1e6, wall_ms: Number(process.hrtime.bigint() - t0) / n / 1e6 };
}

/** Waits until workerd is idle (V8 compiles the wasm module in background threads at first). */
async function settle(w) {
  for (let i = 0; i < 40; i++) {
    const c0 = cpuNs(w.pid);
    await new Promise((r) => setTimeout(r, 150));
    if (Number(cpuNs(w.pid) - c0) < 1.5e6) return;
  }
}

async function warm(w) {
  for (const s of Object.values(scenarios)) await once(w, s.req, Math.max(5, Math.round(s.n / 4)));
  await settle(w);
}

const ROUNDS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const min = (xs) => Math.min(...xs);

/**
 * ROUNDS rounds of N/ROUNDS requests each, the two workers taking turns, so that noise from the
 * rest of the machine (other builds on the same cores) hits both alike. The figure is the median
 * round; the least one and every round are kept in the JSON.
 */
async function compare(workers, req, n) {
  const per = Math.max(5, Math.round((n * SCALE) / ROUNDS));
  const runs = workers.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...workers.keys()].reverse() : [...workers.keys()];
    for (const i of order) runs[i].push(await once(workers[i], req, per));
  }
  return runs.map((r) => ({ cpu_ms: median(r.map((x) => x.cpu_ms)), min_cpu_ms: min(r.map((x) => x.cpu_ms)), wall_ms: median(r.map((x) => x.wall_ms)), n: per * ROUNDS, rounds_cpu_ms: r.map((x) => +x.cpu_ms.toFixed(4)) }));
}

async function rps(w, opts) {
  execFileSync("taskset", ["-a", "-p", "-c", "1", String(w.pid)], { stdio: "ignore" });
  const { path: p, ...rest } = opts;
  const result = await autocannon({ url: w.url + p, connections: 10, duration: SECONDS, ...rest });
  const ok = result["2xx"];
  return { rps: Math.round(ok / SECONDS), non2xx: result.non2xx, errors: result.errors, p50_ms: result.latency.p50, p99_ms: result.latency.p99 };
}

const f = (x, d = 3) => x.toFixed(d);

// This process on CPU 0; each workerd is moved to CPU 1 for the load runs.
try {
  execFileSync("taskset", ["-p", "-c", "0", String(process.pid)], { stdio: "ignore" });
} catch {
  // no taskset: the figures are still taken, unpinned
}

const ours = await bundle("src/index.js", "dist/index.js");
const sdk = await bundle("bench/sdk-worker.js", "dist/sdk-worker.js");
const origin = http.createServer((req, res) => res.end("ok"));
await new Promise((r) => origin.listen(0, "127.0.0.1", r));
const originUrl = `http://127.0.0.1:${origin.address().port}`;

const results = { method: "workerd process CPU (schedstat) over N sequential requests", seconds: SECONDS, cpu: {}, rps: {}, sizes: {} };
const t0 = Date.now();
for (const [kname, k] of Object.entries(KEYSETS)) {
  const a = await start("cfsign", ours, env(k, originUrl), undefined); // wrangler.toml's flags
  const b = await start("aws-sdk", sdk, env(k), ["nodejs_compat"]);
  try {
    const health = await (await fetch(`${a.url}/healthz`)).json();
    if (!health.native_crypto) throw new Error("the cfsign signer is not using WebCrypto");
    await warm(a);
    await warm(b);
    const row = {};
    for (const [sname, s] of Object.entries(scenarios)) {
      const [x, y] = await compare([a, b], s.req, s.n);
      row[sname] = { cfsign: x, sdk: y };
    }
    for (const who of ["cfsign", "sdk"]) {
      const u1 = row.urls1[who].cpu_ms;
      const u50 = row.urls50[who].cpu_ms;
      row.per_url = row.per_url ?? {};
      row.per_url[who] = { cpu_ms: (u50 - u1) / 49, amortized_ms: u50 / 50 };
    }
    // Guard mode (cfsign only): an allowed signed URL (verified, then proxied) and a forged one.
    const good = cfsign.getSignedUrl({ url: `${a.url}/videos/a.mp4`, keyPairId: k.id, privateKey: k.priv, dateLessThan: Date.now() + 3600e3, algorithm: k.hash });
    const forged = good.replace(/Signature=(.)/, (_, c) => `Signature=${c === "A" ? "B" : "A"}`);
    row.guard_allowed = { cfsign: (await compare([a], () => fetch(good), 300))[0] };
    row.guard_forged = { cfsign: (await compare([a], async () => { const r = await fetch(forged); return { status: r.status === 403 ? 200 : r.status, arrayBuffer: () => r.arrayBuffer() }; }, 300))[0] };
    results.cpu[kname] = row;
    // Sizes: what a viewer carries.
    const c = await fetch(`${a.url}/auth/cookies`, { method: "POST", headers: auth });
    const live = c.headers.getSetCookie().filter((l) => !/Max-Age=0/.test(l)).map((l) => l.split(";")[0]);
    const u = await (await fetch(`${a.url}/api/signed-urls`, { method: "POST", headers: auth, body: batch(1) })).json();
    results.sizes[kname] = { cookie_header_bytes: live.join("; ").length, signed_url_bytes: u.urls[0].length, signature_chars: /Signature=([^&]+)/.exec(u.urls[0])[1].length };
    // Load: POST /auth/cookies on one core.
    results.rps[kname] = {
      cookies: {
        cfsign: await rps(a, { method: "POST", path: "/auth/cookies", headers: auth }),
        sdk: await rps(b, { method: "POST", path: "/auth/cookies", headers: auth }),
      },
    };
    if (kname === "rsa") {
      results.rps[kname].urls10 = {
        cfsign: await rps(a, { method: "POST", path: "/api/signed-urls", headers: auth, body: batch(10) }),
        sdk: await rps(b, { method: "POST", path: "/api/signed-urls", headers: auth, body: batch(10) }),
      };
    }
  } finally {
    await a.stop();
    await b.stop();
  }
}
origin.close();
results.elapsed_s = (Date.now() - t0) / 1000;

// Report.
const lines = [];
lines.push(`cfsign worker vs @aws-sdk/cloudfront-signer worker (nodejs_compat), both on workerd; CPU per request`);
lines.push(`(ms: workerd process CPU over N sequential requests, median of 5 rounds; healthz = HTTP + routing floor)`);
lines.push("");
lines.push(`| key | scenario | cfsign CPU ms | SDK CPU ms | SDK / cfsign |`);
lines.push(`|---|---|---:|---:|---:|`);
for (const [kname, row] of Object.entries(results.cpu)) {
  const label = KEYSETS[kname].label;
  for (const s of ["healthz", "cookies", "urls1", "urls50"]) {
    lines.push(`| ${label} | ${s === "cookies" ? "POST /auth/cookies" : s === "healthz" ? "GET /healthz" : `POST /api/signed-urls (${s.slice(4)} path${s === "urls1" ? "" : "s"})`} | ${f(row[s].cfsign.cpu_ms)} | ${f(row[s].sdk.cpu_ms)} | ${f(row[s].sdk.cpu_ms / row[s].cfsign.cpu_ms, 1)}x |`);
  }
  lines.push(`| ${label} | per signed URL (marginal, 50 vs 1) | ${f(row.per_url.cfsign.cpu_ms)} | ${f(row.per_url.sdk.cpu_ms)} | ${f(row.per_url.sdk.cpu_ms / row.per_url.cfsign.cpu_ms, 1)}x |`);
  lines.push(`| ${label} | guard: allowed signed URL, proxied | ${f(row.guard_allowed.cfsign.cpu_ms)} | - | |`);
  lines.push(`| ${label} | guard: forged signature, 403 | ${f(row.guard_forged.cfsign.cpu_ms)} | - | |`);
}
lines.push("");
lines.push(`Requests per second, workerd on one core (taskset), autocannon 10 connections, ${SECONDS} s:`);
lines.push("");
lines.push(`| key | route | cfsign req/s | SDK req/s | cfsign p99 ms | SDK p99 ms |`);
lines.push(`|---|---|---:|---:|---:|---:|`);
for (const [kname, r] of Object.entries(results.rps)) {
  for (const [route, v] of Object.entries(r)) {
    lines.push(`| ${KEYSETS[kname].label} | ${route === "cookies" ? "POST /auth/cookies" : "POST /api/signed-urls (10 paths)"} | ${v.cfsign.rps} | ${v.sdk.rps} | ${v.cfsign.p99_ms} | ${v.sdk.p99_ms} |`);
    if (v.cfsign.non2xx || v.sdk.non2xx || v.cfsign.errors || v.sdk.errors) lines.push(`  (non-2xx or errors: cfsign ${v.cfsign.non2xx}/${v.cfsign.errors}, SDK ${v.sdk.non2xx}/${v.sdk.errors})`);
  }
}
lines.push("");
lines.push(`Sizes: ${Object.entries(results.sizes).map(([k, s]) => `${KEYSETS[k].label}: Cookie header ${s.cookie_header_bytes} B, signed URL ${s.signed_url_bytes} B (signature ${s.signature_chars} chars)`).join("; ")}`);
lines.push(`Bench time: ${f(results.elapsed_s, 1)} s`);
console.log(lines.join("\n"));
const out = process.env.BENCH_JSON ?? path.join(ROOT, "bench/results/latest.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2));
console.log(`(JSON: ${path.relative(process.cwd(), out)})`);
