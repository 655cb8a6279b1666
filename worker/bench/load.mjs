// `make load` (scripts/load.sh): a bounded load run of the portable handler, `cfsign/edge`, on
// Node, as users run it: examples/node-hono.mjs with the packed package (`make package`)
// installed from its tarball, started by the tests' own helper (scripts/hosts.mjs), on
// 127.0.0.1, in front of a local origin. A measurement, not part of `make test`.
//
// Two identical runs (same seed, same requests in the same order) of LOAD_REQUESTS (50,000)
// requests at LOAD_CONCURRENCY (64), the mix of bench/load-mix.mjs: minting, signed URLs, guard
// hits (allowed and denied) and hostile requests. The Node process's RSS is read from /proc before
// the first run and after each run, each time after a full GC (bench/load-gc.cjs, preloaded with
// --expose-gc through NODE_OPTIONS: the only addition to the example) and 2 s idle; and its peak
// (VmHWM).
//
// Fails (exit 1) on any 5xx, connection error, status the mix does not expect, request reaching
// the origin that must not (bench/load-setup.mjs), internal_error logged by the handler, the
// handler exiting, RSS growth from the end of run 1 to the end of run 2 over LOAD_RSS_GROWTH_MB
// (30), or a run not done within LOAD_RUN_LIMIT_S (240 s); the whole script is killed after
// 2 x LOAD_RUN_LIMIT_S + 120 s whatever happens.
//
// Options (env): LOAD_REQUESTS, LOAD_CONCURRENCY, LOAD_SEED (29), LOAD_RSS_GROWTH_MB,
// LOAD_RUN_LIMIT_S, LOAD_JSON (default bench/results/load.json).

import { readFileSync, readdirSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../npm/test/edge/helpers.mjs";
import { startHost } from "../../npm/test/edge/hosts.mjs";
import { ROOT } from "../scripts/workerd.mjs";
import { KINDS, rng } from "./load-mix.mjs";
import { runLoad } from "./load-client.mjs";
import { prepare, settings, startOrigin } from "./load-setup.mjs";

const TOTAL = Number(process.env.LOAD_REQUESTS ?? 50_000);
const CONCURRENCY = Number(process.env.LOAD_CONCURRENCY ?? 64);
const SEED = Number(process.env.LOAD_SEED ?? 29);
const RSS_BOUND_MB = Number(process.env.LOAD_RSS_GROWTH_MB ?? 30);
const RUN_LIMIT_S = Number(process.env.LOAD_RUN_LIMIT_S ?? 240);

let host;
let origin;
const watchdog = setTimeout(async () => {
  console.error(`load: FAILED: not done after ${2 * RUN_LIMIT_S + 120} s, stopped`);
  await host?.stop();
  process.exit(1);
}, (2 * RUN_LIMIT_S + 120) * 1000);

/** The pid of the Node process running examples/node-hono.mjs, a child of this one. */
function handlerPid() {
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && readFileSync(`/proc/${d}/cmdline`, "utf8").includes("node-hono.mjs")) return Number(d);
    } catch {
      // gone
    }
  }
  throw new Error("no handler process found");
}

/** The handler's memory once idle: a full GC (bench/load-gc.cjs, on SIGUSR2), then 2 s. */
async function settled(pid) {
  process.kill(pid, "SIGUSR2");
  await sleep(2000);
  return usage(pid);
}

/** RSS and peak RSS (MB), and CPU seconds (user + system) of `pid`. */
function usage(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)[1]);
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").slice(readFileSync(`/proc/${pid}/stat`, "utf8").lastIndexOf(")") + 2).split(" ");
  return { rss_mb: kb("VmRSS") / 1024, hwm_mb: kb("VmHWM") / 1024, cpu_s: (Number(stat[11]) + Number(stat[12])) / 100 };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The i-th request of the mix: a weighted draw from a generator seeded by SEED and i. */
const kinds = Object.entries(KINDS);
const totalWeight = kinds.reduce((s, [, k]) => s + k.weight, 0);
function maker(ctx) {
  return (i) => {
    const r = rng(SEED * 1_000_003 + i);
    let x = r() * totalWeight;
    for (const [name, k] of kinds) {
      x -= k.weight;
      if (x < 0) return { kind: name, ...k.make(ctx, r) };
    }
    throw new Error("unreachable");
  };
}

const f = (x, d = 1) => Number(x).toFixed(d);
const problems = [];
const logs = [];
const t0 = Date.now();
const results = { requests: TOTAL, concurrency: CONCURRENCY, seed: SEED, node: process.version, cpus: os.cpus().length, loadavg_start: os.loadavg(), runs: [] };
try {
  origin = await startOrigin();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The example as users run it, plus a full GC on SIGUSR2 before each RSS reading.
  const gcHook = path.join(ROOT, "bench/load-gc.cjs");
  const bindings = { ...settings(base, origin.url), NODE_OPTIONS: `--expose-gc --require ${JSON.stringify(gcHook)}` };
  host = await startHost("node", { bindings, port, onLog: (l) => logs.push(l) });
  const pid = handlerPid();
  const ctx = await prepare((p, init) => fetch(base + p, { redirect: "manual", ...init }));
  results.before = await settled(pid);
  const make = maker(ctx);
  for (let run = 1; run <= 2; run++) {
    const cpu0 = usage(pid).cpu_s;
    const originBefore = origin.stats.requests;
    const r = await runLoad({ port, total: TOTAL, concurrency: CONCURRENCY, make, deadline: Date.now() + RUN_LIMIT_S * 1000 });
    const after = await settled(pid);
    results.runs.push({ ...r, after, handler_cpu_s: after.cpu_s - cpu0, origin_requests: origin.stats.requests - originBefore });
    if (r.timedOut) problems.push(`run ${run}: not done within ${RUN_LIMIT_S} s (${r.done} of ${TOTAL})`);
    if (r.status5xx) problems.push(`run ${run}: ${r.status5xx} responses 5xx`);
    if (r.connErrors) problems.push(`run ${run}: ${r.connErrors} connection errors`);
    if (r.unexpected) problems.push(`run ${run}: ${r.unexpected} unexpected statuses`);
  }
  if (origin.stats.leaks) problems.push(`${origin.stats.leaks} requests reached the origin that must not: ${origin.stats.leaked.join(", ")}`);
  const internal = logs.filter((l) => l.includes("internal_error"));
  if (internal.length) problems.push(`${internal.length} internal_error lines logged by the handler: ${internal.slice(0, 3).join(" | ")}`);
  const growth = results.runs[1].after.rss_mb - results.runs[0].after.rss_mb;
  results.rss_growth_run2_mb = growth;
  results.rss_bound_mb = RSS_BOUND_MB;
  if (growth > RSS_BOUND_MB) problems.push(`RSS grew by ${f(growth)} MB from run 1 to run 2 (bound ${RSS_BOUND_MB} MB)`);
  const h = await fetch(`${base}/healthz`).catch(() => null);
  if (h?.status !== 200) problems.push("the handler no longer answers /healthz");
} catch (e) {
  problems.push(`load: ${e.stack ?? e}`);
} finally {
  await host?.stop();
  await origin?.close();
  clearTimeout(watchdog);
}
results.elapsed_s = (Date.now() - t0) / 1000;
results.loadavg_end = os.loadavg();
results.handler_log_lines = logs.length;
results.problems = problems;

// ---- report
const lines = [];
lines.push(`cfsign/edge on Node ${process.version} (examples/node-hono.mjs, the packed package), 127.0.0.1, local origin`);
lines.push(`${TOTAL} requests x 2 identical runs, ${CONCURRENCY} concurrent, keep-alive (raw requests on their own connection), seed ${SEED}`);
lines.push("");
if (results.before && results.runs.length) {
  lines.push("| run | requests | 5xx | conn. errors | unexpected | p50 ms | p90 ms | p99 ms | max ms | req/s | handler CPU s | RSS after MB |");
  lines.push("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  lines.push(`| before | | | | | | | | | | | ${f(results.before.rss_mb)} |`);
  results.runs.forEach((r, i) => {
    const l = r.latency_ms;
    lines.push(`| ${i + 1} | ${r.done} | ${r.status5xx} | ${r.connErrors} | ${r.unexpected} | ${f(l.p50)} | ${f(l.p90)} | ${f(l.p99)} | ${f(l.max)} | ${f(r.rps, 0)} | ${f(r.handler_cpu_s)} | ${f(r.after.rss_mb)} |`);
  });
  const last = results.runs.at(-1);
  lines.push("");
  lines.push(`Peak RSS (VmHWM) ${f(last.after.hwm_mb)} MB; RSS growth run 1 -> run 2: ${f(results.rss_growth_run2_mb ?? NaN)} MB (bound ${RSS_BOUND_MB} MB).`);
  lines.push(`Origin: ${origin.stats.requests} requests proxied, ${origin.stats.leaks} that must not have been. Handler log lines: ${logs.length}.`);
  lines.push("");
  lines.push("| kind (run 1) | requests | statuses |");
  lines.push("|---|---:|---|");
  for (const [k, v] of Object.entries(results.runs[0].byKind).sort()) {
    lines.push(`| ${k} | ${v.n} | ${Object.entries(v.statuses).map(([s, n]) => `${s === "null" ? "closed" : s}: ${n}`).join(", ")} |`);
  }
  for (const r of results.runs) for (const x of r.failures.slice(0, 10)) lines.push(`  ${x.what}: ${x.kind} ${x.method ?? "raw"} ${x.path ?? ""} -> ${x.got}`);
}
lines.push("");
lines.push(`Machine: ${results.cpus} CPUs, load average (1 min) ${f(results.loadavg_start[0], 2)} at the start, ${f(results.loadavg_end[0], 2)} at the end (the client, the origin and the handler share them).`);
lines.push(`Elapsed ${f(results.elapsed_s)} s. ${problems.length ? `FAILED:\n  ${problems.join("\n  ")}` : "PASSED: no 5xx, no connection error, RSS within the bound."}`);
console.log(lines.join("\n"));
const out = process.env.LOAD_JSON ?? path.join(ROOT, "bench/results/load.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2));
process.exit(problems.length ? 1 : 0);
