// `make bench`'s playlist step: the CPU time inside workerd (miniflare) of rewriting a
// 10,000-segment HLS playlist with cfsign/full's signPlaylist, one signature for the playlist
// (goal: under 20 ms), next to the alternative, signing each segment URL with
// @aws-sdk/cloudfront-signer in the same workerd (nodejs_compat), measured on 100 segments and
// scaled to 10,000. Same method as bench.mjs: workerd freezes its clock inside a request, so the
// CPU of the workerd process is read from /proc before and after N sequential requests, the
// request floor (GET /floor) subtracted; five rounds, the median reported.
//   Options (env): BENCH_JSON (write the results there).

import { writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import path from "node:path";
import { bundle } from "../scripts/build.mjs";
import { ROOT, startWorker } from "../scripts/workerd.mjs";
import * as cfsign from "cfsign";
import { cpuNs, workerdChildren } from "./proc.mjs";

const PRIVATE_KEY = readFileSync(path.join(ROOT, "..", "tests", "keys", "rsa2048_pkcs1.pem"), "utf8");
// One signed query for the stream: a custom policy for its prefix, signed once here.
const signed = cfsign.getSignedUrl({
  url: "https://d111111abcdef8.cloudfront.net/videos/123/index.m3u8",
  keyPairId: "K2JCJMDEHXQW5F",
  privateKey: PRIVATE_KEY,
  policy: JSON.stringify({ Statement: [{ Resource: "https://d111111abcdef8.cloudfront.net/videos/123/*", Condition: { DateLessThan: { "AWS:EpochTime": 1893456000 } } }] }),
});
const QUERY = new URL(signed).search.slice(1);

const script = await bundle("bench/playlist-worker.js", "dist/playlist-worker.js");
const before = new Set(workerdChildren());
const w = await startWorker({ script, bindings: { QUERY, PRIVATE_KEY }, compatibilityFlags: ["nodejs_compat"] });
const pid = workerdChildren().find((p) => !before.has(p));
if (!pid) throw new Error("no workerd process found");

async function cpuPerRequest(p, n) {
  const c0 = cpuNs(pid);
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${w.url}${p}`);
    const body = await r.text();
    if (r.status !== 200) throw new Error(`${p}: ${r.status} ${body}`);
  }
  return Number(cpuNs(pid) - c0) / n / 1e6;
}

async function settle() {
  for (let i = 0; i < 40; i++) {
    const c0 = cpuNs(pid);
    await new Promise((r) => setTimeout(r, 150));
    if (Number(cpuNs(pid) - c0) < 1.5e6) return;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const check = await (await fetch(`${w.url}/rewrite`)).text();
  const [rewritten] = check.split(" ").map(Number);
  if (rewritten !== 10002) throw new Error(`expected 10,002 entries signed, got ${check}`);
  for (const p of ["/floor", "/rewrite", "/sdk-each?n=100"]) await cpuPerRequest(p, 5);
  await settle();
  const rounds = { floor: [], rewrite: [], sdk100: [] };
  for (let round = 0; round < 5; round++) {
    rounds.floor.push(await cpuPerRequest("/floor", 20));
    rounds.rewrite.push(await cpuPerRequest("/rewrite", 10));
    rounds.sdk100.push(await cpuPerRequest("/sdk-each?n=100", 3));
  }
  const floor = median(rounds.floor);
  const rewrite = median(rounds.rewrite) - floor;
  const sdkEach = ((median(rounds.sdk100) - floor) / 100) * 10000;
  const results = {
    method: "workerd process CPU (schedstat) per request, minus GET /floor; median of 5 rounds",
    rewrite_10000_ms: +rewrite.toFixed(2),
    goal_ms: 20,
    sdk_sign_each_10000_ms: +sdkEach.toFixed(0),
    ratio: +(sdkEach / rewrite).toFixed(0),
    rounds_ms: Object.fromEntries(Object.entries(rounds).map(([k, v]) => [k, v.map((x) => +x.toFixed(2))])),
  };
  console.log(`playlist in workerd: rewriting 10,000 segments (one signature) ${results.rewrite_10000_ms} ms CPU (goal < 20 ms); `
    + `@aws-sdk/cloudfront-signer signing each segment: ${results.sdk_sign_each_10000_ms} ms (100 measured, scaled); ratio ${results.ratio}x`);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
} finally {
  await w.stop();
}
