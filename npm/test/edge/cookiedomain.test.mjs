// Issue 21: COOKIE_DOMAIN is checked, by the package's RFC 6265 domain-match, against every
// TIERS pattern's host and the guard's public host; /healthz (with diagnostics) warns when
// browsers would never send the cookies there.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { baseEnv, DIAG, origin, RSA_A, worker } from "./helpers.mjs";

const o = await origin();
const workers = [];
after(async () => {
  for (const w of workers) await w.stop();
  await o.close();
});

async function warnings(extra) {
  const w = await worker((base) => baseEnv(base, extra(base)));
  workers.push(w);
  const health = await (await w.fetch("/healthz", { headers: DIAG })).json();
  assert.equal(health.status, "ok");
  return health.warnings.filter((x) => x.startsWith("COOKIE_DOMAIN"));
}

test("a COOKIE_DOMAIN covering the tiers' host and the guard's: no warning", async () => {
  assert.deepEqual(await warnings(() => ({})), []);
  const guard = { GUARD_PREFIX: "/videos/", ORIGIN_URL: o.url, TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }) };
  assert.deepEqual(await warnings(() => guard), []);
});

test("a COOKIE_DOMAIN elsewhere: warned, for the tiers and for the guard", async () => {
  const found = await warnings(() => ({ COOKIE_DOMAIN: "example.com" }));
  assert.equal(found.length, 1, found.join("\n"));
  assert.match(found[0], /does not cover the host of any TIERS pattern/);
  const guard = await warnings((base) => ({
    COOKIE_DOMAIN: "example.com",
    URL_BASE: base,
    GUARD_PREFIX: "/videos/",
    ORIGIN_URL: o.url,
    TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }),
  }));
  assert.ok(guard.some((x) => /does not cover the guard's public host/.test(x)), guard.join("\n"));
  // Some tiers covered, one not: that one is named.
  const some = await warnings((base) => ({
    COOKIE_DOMAIN: "127.0.0.1",
    TIERS: JSON.stringify({ local: [`${base}/videos/*`], cdn: ["https://media.example.com/videos/*"] }),
  }));
  assert.equal(some.length, 1, some.join("\n"));
  assert.match(some[0], /1 TIERS pattern\(s\) \(https:\/\/media\.example\.com\/videos\/\*\)/);
});
