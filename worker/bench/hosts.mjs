// `make bench` (scripts/bench.sh), after bench.mjs: CPU per request of cfsign's Fetch handler
// (cfsign/edge) next to the SDK worker's (bench/sdk-worker.js: @aws-sdk/cloudfront-signer on the
// host's node:crypto, the same routes, settings, JWT checks and responses) on every host where
// the SDK runs: workerd (nodejs_compat), Node, Deno and Bun; RSA-2048 and ECDSA P-256 keys.
//
// Method: both handlers called in process, with Requests built as a host builds them, taking
// turns in rounds (bench/rounds.mjs); no HTTP server in the figure, since its work is the same
// for both and only dilutes the difference.
// - Node, Deno, Bun: bench/host-run.mjs in a fresh process per host and key type, timing with
//   process.cpuUsage() (all the process's threads).
// - workerd, which freezes the clock inside a request: bench/workerd-both.js holds both handlers
//   and runs a batch of calls per HTTP request; this process reads workerd's CPU (schedstat, all
//   threads) around it, so one HTTP exchange is spread over the batch.
// Deno and Bun are the npm packages `deno` and `bun` (worker/package.json), workerd miniflare's.
// Prints cfsign ÷ SDK (below 1: cfsign is cheaper) with the spread of the per-round ratios;
// writes bench/results/hosts.json (or BENCH_HOSTS_JSON). About 90 s on an idle machine.
//
// Options (env): BENCH_SCALE (multiplies the rounds, default 1), BENCH_HOSTS (default
// "workerd,node,deno,bun").

import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bundle } from "../scripts/build.mjs";
import { ROOT, startWorker } from "../scripts/workerd.mjs";
import { cpuNs, workerdChildren } from "./proc.mjs";
import { ROUNDS, check, measure } from "./rounds.mjs";
import { ROUTE_LABELS } from "./routes.mjs";
import { KEYSETS, settings, token } from "./settings.mjs";

const BIN = path.join(ROOT, "..", "node_modules", ".bin");
const PROCESS_HOSTS = {
  node: [process.execPath, ["bench/host-run.mjs"]],
  deno: [path.join(BIN, "deno"), ["run", "--allow-read", "--allow-env", "bench/host-run.mjs"]],
  bun: [path.join(BIN, "bun"), ["bench/host-run.mjs"]],
};
const hosts = (process.env.BENCH_HOSTS ?? "workerd,node,deno,bun").split(",").map((h) => h.trim()).filter(Boolean);
const TIMEOUT_MS = 90_000;

/** Node, Deno or Bun: host-run.mjs in a child process; its one line of JSON. */
function runProcess(host, key) {
  const [cmd, args] = PROCESS_HOSTS[host] ?? [];
  if (!cmd) throw new Error(`unknown host ${host}`);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", BENCH_KEY: key };
  if (process.env.BENCH_SCALE) env.BENCH_SCALE = process.env.BENCH_SCALE;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${host} (${key}): exit ${code ?? signal}\n${err}`));
      try {
        resolve(JSON.parse(out.trim().split("\n").pop()));
      } catch {
        reject(new Error(`${host} (${key}): no result\n${out}\n${err}`));
      }
    });
  });
}

let workerdScript = null;
/** workerd: bench/workerd-both.js on one workerd process, driven over HTTP from here. */
async function runWorkerd(key) {
  workerdScript ??= await bundle("bench/workerd-both.js", "dist/workerd-both.js");
  const k = KEYSETS[key];
  const before = new Set(workerdChildren());
  const w = await startWorker({ script: workerdScript, bindings: { ...settings(k), BENCH_TOKEN: await token() }, compatibilityFlags: ["nodejs_compat"] });
  try {
    const pid = workerdChildren().find((p) => !before.has(p));
    if (!pid) throw new Error("no workerd process found");
    const call = (who, route) => fetch(`${w.url}/?who=${who}&route=${route}&n=1&echo=1`);
    const batchCpu = async (who, route, n) => {
      const c0 = cpuNs(pid);
      const r = await fetch(`${w.url}/?who=${who}&route=${route}&n=${n}`);
      await r.arrayBuffer();
      if (r.status !== 204) throw new Error(`workerd ${who} ${route}: status ${r.status}`);
      return Number(cpuNs(pid) - c0) / n / 1e6;
    };
    // workerd compiles in background threads after a warm-up (V8 tiers the wasm up): rounds
    // start once its CPU is idle again, as in bench.mjs.
    const settle = async () => {
      for (let i = 0; i < 40; i++) {
        const c0 = cpuNs(pid);
        await new Promise((r) => setTimeout(r, 150));
        if (Number(cpuNs(pid) - c0) < 1.5e6) return;
      }
    };
    await check(call, k);
    const out = { host: `workerd ${JSON.parse(readFileSync(path.join(ROOT, "../node_modules/workerd/package.json"), "utf8")).version}`, key, rounds: ROUNDS, routes: {} };
    for (const route of Object.keys(ROUTE_LABELS)) out.routes[route] = await measure(batchCpu, route, ROUNDS, settle);
    return out;
  } finally {
    await w.stop();
  }
}

const t0 = Date.now();
const results = {
  method: "in-process Fetch handler calls, the two handlers taking turns in rounds of sequential requests; process CPU (Node, Deno, Bun: process.cpuUsage(); workerd: schedstat from outside, one HTTP request per batch); median round",
  rounds: ROUNDS,
  hosts: {},
};
for (const host of hosts) {
  results.hosts[host] = {};
  for (const key of Object.keys(KEYSETS)) {
    const r = host === "workerd" ? await runWorkerd(key) : await runProcess(host, key);
    results.hosts[host].version = r.host;
    results.hosts[host][key] = r;
    process.stderr.write(`  ${r.host} ${key}: ${Object.entries(r.routes).map(([n, v]) => `${n} ${v.ratio.toFixed(2)}`).join(", ")}\n`);
  }
}
results.elapsed_s = (Date.now() - t0) / 1000;

const f = (x, d = 3) => x.toFixed(d);
const lines = [];
lines.push("cfsign/edge's handler vs the same handler signing with @aws-sdk/cloudfront-signer, on each host: CPU per request");
lines.push("(handlers called in process, taking turns; process CPU over rounds of sequential requests, median of");
lines.push(`${ROUNDS} rounds; ratio = cfsign ÷ SDK, below 1 = cfsign cheaper; range = least and greatest per-round ratio)`);
lines.push("");
lines.push("| host | key | route | cfsign ms | SDK ms | cfsign ÷ SDK | range |");
lines.push("|---|---|---|---:|---:|---:|---|");
for (const h of Object.values(results.hosts)) {
  for (const key of Object.keys(KEYSETS)) {
    for (const [route, v] of Object.entries(h[key].routes)) {
      lines.push(`| ${h.version} | ${KEYSETS[key].label} | ${ROUTE_LABELS[route]} | ${f(v.cfsign_ms)} | ${f(v.sdk_ms)} | ${f(v.ratio, 2)} | ${f(v.ratio_min, 2)}–${f(v.ratio_max, 2)} |`);
    }
  }
}
lines.push("");
lines.push("cfsign ÷ SDK:");
lines.push("");
const names = Object.keys(results.hosts);
lines.push(`| key | route | ${names.join(" | ")} |`);
lines.push(`|---|---|${names.map(() => "---:").join("|")}|`);
for (const key of Object.keys(KEYSETS)) {
  for (const route of Object.keys(ROUTE_LABELS)) {
    lines.push(`| ${KEYSETS[key].label} | ${ROUTE_LABELS[route]} | ${names.map((h) => f(results.hosts[h][key].routes[route].ratio, 2)).join(" | ")} |`);
  }
}
const all = names.flatMap((h) => Object.keys(KEYSETS).flatMap((k) => Object.entries(results.hosts[h][k].routes).map(([route, v]) => ({ h, k, route, ratio: v.ratio }))));
const over = all.filter((x) => x.ratio > 1);
lines.push("");
lines.push(over.length ? `cfsign costs more than the SDK: ${over.map((x) => `${x.h} ${x.k} ${x.route} ${f(x.ratio, 2)}`).join("; ")}` : `cfsign ≤ SDK everywhere measured (largest ratio ${f(Math.max(...all.map((x) => x.ratio)), 2)}).`);
lines.push(`Bench time: ${f(results.elapsed_s, 1)} s`);
console.log(lines.join("\n"));
const out = process.env.BENCH_HOSTS_JSON ?? path.join(ROOT, "bench/results/hosts.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2));
console.log(`(JSON: ${path.relative(process.cwd(), out)})`);
