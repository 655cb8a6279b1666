// `make bench` (scripts/bench.sh), after bench.mjs: CPU per request of cfsign's Fetch handler
// (cfsign/edge) next to the SDK worker's (bench/sdk-worker.js: @aws-sdk/cloudfront-signer on
// node:crypto, the same routes, settings and JWT checks) on Node, Deno and Bun, with RSA-2048 and
// ECDSA P-256 keys. Each host runs bench/host-run.mjs once per key type, in a fresh process:
// both handlers called in-process, taking turns (method: host-run.mjs). Deno and Bun are the
// npm packages `deno` and `bun` (worker/package.json). Prints the ratios cfsign ÷ SDK (below 1:
// cfsign is cheaper) with the spread of the per-round ratios, and adds workerd's from bench.mjs's
// results when they are there. Writes bench/results/hosts.json (BENCH_HOSTS_JSON).
//
// Options (env): BENCH_SCALE (multiplies the rounds, default 1), BENCH_HOSTS (default
// "node,deno,bun").

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../scripts/workerd.mjs";
import { KEYSETS } from "./settings.mjs";

const BIN = path.join(ROOT, "node_modules", ".bin");
const HOSTS = {
  node: [process.execPath, ["bench/host-run.mjs"]],
  deno: [path.join(BIN, "deno"), ["run", "--allow-read", "--allow-env", "bench/host-run.mjs"]],
  bun: [path.join(BIN, "bun"), ["bench/host-run.mjs"]],
};
const hosts = (process.env.BENCH_HOSTS ?? "node,deno,bun").split(",").map((h) => h.trim()).filter(Boolean);
const TIMEOUT_MS = 90_000;

function runOne(host, key) {
  const [cmd, args] = HOSTS[host] ?? [];
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

const t0 = Date.now();
const results = {
  method: "in-process Fetch handler calls, process.cpuUsage() over rounds of sequential requests, the two handlers taking turns; median round",
  hosts: {},
};
for (const host of hosts) {
  results.hosts[host] = {};
  for (const key of Object.keys(KEYSETS)) {
    const r = await runOne(host, key);
    results.hosts[host].version = r.host;
    results.hosts[host][key] = r;
    process.stderr.write(`  ${r.host} ${key}: ${Object.entries(r.routes).map(([n, v]) => `${n} ${v.ratio.toFixed(2)}`).join(", ")}\n`);
  }
}
results.elapsed_s = (Date.now() - t0) / 1000;

// workerd, from bench.mjs (run just before by scripts/bench.sh): its own method (HTTP, workerd
// process CPU), the same two workers; its ratio is the inverse of the one it prints.
const latest = path.join(ROOT, "bench/results/latest.json");
let workerd = null;
if (existsSync(latest)) {
  const w = JSON.parse(readFileSync(latest, "utf8"));
  if (w.cpu?.rsa && Date.now() - (w.finished_at ?? 0) < 30 * 60e3) workerd = w.cpu;
}

const ROUTES = { cookies: "POST /auth/cookies", urls1: "POST /api/signed-urls (1 path)", urls10: "POST /api/signed-urls (10 paths)" };
const f = (x, d = 3) => x.toFixed(d);
const lines = [];
lines.push("cfsign/edge's handler vs the @aws-sdk/cloudfront-signer worker on each host: CPU per request");
lines.push(`(in-process handler calls, process CPU over rounds of sequential requests, the two handlers taking turns;`);
lines.push(`median of ${Object.values(results.hosts)[0]?.rsa?.rounds ?? "?"} rounds; ratio = cfsign ÷ SDK, below 1 = cfsign cheaper; range = least and greatest per-round ratio)`);
lines.push("");
lines.push("| host | key | route | cfsign ms | SDK ms | cfsign ÷ SDK | range |");
lines.push("|---|---|---|---:|---:|---:|---|");
for (const [host, h] of Object.entries(results.hosts)) {
  for (const key of Object.keys(KEYSETS)) {
    for (const [route, v] of Object.entries(h[key].routes)) {
      lines.push(`| ${h.version} | ${KEYSETS[key].label} | ${ROUTES[route]} | ${f(v.cfsign_ms)} | ${f(v.sdk_ms)} | ${f(v.ratio, 2)} | ${f(v.ratio_min, 2)}–${f(v.ratio_max, 2)} |`);
    }
  }
}
lines.push("");
lines.push("cfsign ÷ SDK, per host (the table above; workerd: bench.mjs's, over HTTP, workerd process CPU):");
lines.push("");
const cols = [...Object.keys(results.hosts), ...(workerd ? ["workerd"] : [])];
lines.push(`| key | route | ${cols.join(" | ")} |`);
lines.push(`|---|---|${cols.map(() => "---:").join("|")}|`);
for (const key of Object.keys(KEYSETS)) {
  for (const route of Object.keys(ROUTES)) {
    const cells = Object.values(results.hosts).map((h) => f(h[key].routes[route].ratio, 2));
    if (workerd) {
      const w = { cookies: "cookies", urls1: "urls1", urls10: null }[route];
      const row = w && workerd[key]?.[w];
      cells.push(row ? f(row.cfsign.cpu_ms / row.sdk.cpu_ms, 2) : "-");
    }
    lines.push(`| ${KEYSETS[key].label} | ${ROUTES[route]} | ${cells.join(" | ")} |`);
  }
}
const worst = Math.max(...Object.values(results.hosts).flatMap((h) => Object.keys(KEYSETS).flatMap((k) => Object.values(h[k].routes).map((v) => v.ratio))));
lines.push("");
lines.push(`Largest ratio on Node/Deno/Bun: ${f(worst, 2)} (${worst <= 1 ? "cfsign ≤ SDK everywhere measured" : "cfsign costs more than the SDK somewhere"}). Bench time: ${f(results.elapsed_s, 1)} s`);
console.log(lines.join("\n"));
const out = process.env.BENCH_HOSTS_JSON ?? path.join(ROOT, "bench/results/hosts.json");
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ ...results, workerd_from_latest: Boolean(workerd) }, null, 2));
console.log(`(JSON: ${path.relative(process.cwd(), out)})`);
