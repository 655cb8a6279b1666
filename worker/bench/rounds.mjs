// How the per-host comparison (bench/hosts.mjs) checks and times the two handlers, whatever
// runs them: `call(who, route)` answers one request (a Response), `batchCpu(who, route, n)` the
// CPU ms per request over `n` sequential requests. Only the packages decide what is valid: the
// answers are checked with cfsign's own verifier; no CloudFront rule is written here.

import process from "node:process";
import { KeyGroup } from "cfsign";

export const WHO = ["cfsign", "sdk"];
/** Rounds per figure: 9, times BENCH_SCALE. */
export const ROUNDS = Math.max(3, Math.round(9 * Number(process.env.BENCH_SCALE ?? 1)));
const ROUND_MS = 130;
/** Warm-up CPU per handler: the first route of a process tiers up the shared code (JavaScriptCore
 * takes 1-1.5 s of calls to settle the WebAssembly in Bun), the others need less. */
const WARM_FIRST_MS = 1500;
const WARM_MS = 300;
let warmed = false;

/** Both handlers' answers are valid before anything is timed, and carry the same cookies. */
export async function check(call, k) {
  const kg = new KeyGroup();
  kg.add(k.id, k.pub);
  const target = "https://media.example.com/videos/ep0.mp4";
  const names = {};
  for (const who of WHO) {
    const c = await call(who, "cookies");
    if (c.status !== 200) throw new Error(`${who}: POST /auth/cookies: ${c.status} ${await c.text()}`);
    // The live cookies (cfsign also clears, with Max-Age=0, the stale ones the SDK never sets).
    const lines = c.headers.getSetCookie().filter((l) => !/;\s*Max-Age=0/i.test(l));
    names[who] = lines.map((l) => l.split("=")[0]).sort().join(",");
    const byCookie = kg.verify(target, { cookies: lines.map((l) => l.split(";")[0]).join("; ") });
    if (!byCookie.allowed) throw new Error(`${who}: cookies refused: ${JSON.stringify(byCookie.reasons)}`);
    const u = await call(who, "urls1");
    if (u.status !== 200) throw new Error(`${who}: POST /api/signed-urls: ${u.status} ${await u.text()}`);
    const byUrl = kg.verify((await u.json()).urls[0]);
    if (!byUrl.allowed) throw new Error(`${who}: signed URL refused: ${JSON.stringify(byUrl.reasons)}`);
  }
  if (names.cfsign !== names.sdk) throw new Error(`different cookies: cfsign ${names.cfsign}, SDK ${names.sdk}`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const r4 = (x) => +x.toFixed(4);

/**
 * Warm-up (each handler until it has used WARM_FIRST_MS or WARM_MS of CPU on the route, in
 * batches of up to ~50 ms; its last batch sizes the rounds), then `rounds` rounds of about
 * ROUND_MS (after `settle()`), the same request count for both handlers, taking turns, the
 * order flipped every round, so that noise from the rest of the machine hits both alike. The
 * figures are the medians; the per-round ratios give the spread.
 */
export async function measure(batchCpu, route, rounds, settle = async () => {}) {
  const warm = warmed ? WARM_MS : WARM_FIRST_MS;
  warmed = true;
  const cost = {};
  for (const who of WHO) {
    let used = 0;
    for (let n = 5, i = 0; used < warm && i < 100; i++) {
      cost[who] = await batchCpu(who, route, n);
      used += cost[who] * n;
      n = Math.max(5, Math.min(n * 2, Math.round(50 / Math.max(cost[who], 0.001))));
    }
  }
  await settle();
  const n = Math.max(5, Math.round(ROUND_MS / Math.max(cost.cfsign, cost.sdk, 0.001)));
  const ms = { cfsign: [], sdk: [] };
  for (let i = 0; i < rounds; i++) {
    for (const who of i % 2 ? [...WHO].reverse() : WHO) ms[who].push(await batchCpu(who, route, n));
  }
  const ratios = ms.cfsign.map((c, i) => c / ms.sdk[i]);
  return {
    n_per_round: n,
    cfsign_ms: r4(median(ms.cfsign)),
    sdk_ms: r4(median(ms.sdk)),
    ratio: r4(median(ratios)),
    ratio_min: r4(Math.min(...ratios)),
    ratio_max: r4(Math.max(...ratios)),
    rounds_cfsign_ms: ms.cfsign.map(r4),
    rounds_sdk_ms: ms.sdk.map(r4),
  };
}
