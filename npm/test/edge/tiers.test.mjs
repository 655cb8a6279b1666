// Issue 29 item 4: a TIERS pattern that signing would refuse is refused when the settings are
// read, by the same rule (the package's checkResource, the core's check), naming the tier and
// never the pattern; it is never a healthy /healthz and then a 500 at every mint.

import { test } from "node:test";
import assert from "node:assert/strict";
import { baseEnv, cfsign, hsToken, worker } from "./helpers.mjs";

const bearer = (token) => ({ authorization: `Bearer ${token}` });

// Each refused by the AWS CLI's `_validate_resource` (`_UNSAFE_POLICY_CHARS`, ASCII without
// spaces, no `#`), and so by cfsign's signer.
const refused = [
  ["a double quote", (base) => `${base}/videos/"x"/*`],
  ["a backslash", (base) => `${base}/videos/a\\b/*`],
  ["a fragment", (base) => `${base}/videos/*#top`],
  ["a space", (base) => `${base}/my videos/*`],
  ["a control character", (base) => `${base}/videos/\u0007/*`],
  ["a non-ASCII character", (base) => `${base}/vid\u00e9os/*`],
];

for (const [what, pattern] of refused) {
  test(`a tier pattern with ${what}: refused when the settings are read, naming the tier`, async () => {
    // The package's signer refuses the pattern: this is what every mint would have hit.
    assert.throws(() => cfsign.buildPolicy({ resource: pattern("http://127.0.0.1:1"), dateLessThan: Date.now() + 60_000 }));
    const w = await worker((base) => baseEnv(base, { TIERS: JSON.stringify({ premium: [`${base}/videos/*`], odd_tier: [pattern(base)] }) }));
    try {
      const health = await w.fetch("/healthz");
      const healthText = await health.text();
      assert.equal(health.status, 500, `/healthz: ${healthText}`);
      assert.equal(JSON.parse(healthText).setting, "TIERS", healthText);

      for (const tier of ["premium", "odd_tier"]) {
        const r = await w.fetch("/auth/cookies", { method: "POST", headers: bearer(await hsToken({ tier })) });
        const text = await r.text();
        const body = JSON.parse(text);
        assert.equal(body.error, "configuration_error", `a mint for ${tier}: ${text}`);
        assert.equal(body.setting, "TIERS", text);
      }

      await new Promise((r) => setTimeout(r, 100));
      const log = w.logs.join("\n");
      const line = w.logs.find((l) => l.includes('"config_error"'));
      assert.ok(line, log);
      assert.match(line, /"setting":"TIERS"/, line);
      assert.match(line, /odd_tier/, "the problem names the tier");
      assert.ok(!line.includes(pattern(w.base)), "the problem never quotes the pattern");
      assert.doesNotMatch(log, /internal_error/, "never an internal error");
    } finally {
      await w.stop();
    }
  });
}

// Refused by cookie signing, not by the policy builder: signing parameters in the pattern's query
// (the request would carry them too), a pattern too long for CloudFront's 8,192-byte policy.
const refusedByCookies = [
  ["signing parameters in its query", (base) => `${base}/videos/*?Signature=x`],
  ["a length over CloudFront's policy limit", (base) => `${base}/videos/${"a".repeat(8200)}/*`],
];

for (const [what, pattern] of refusedByCookies) {
  test(`a tier pattern with ${what}: refused when the settings are read, naming the tier`, async () => {
    assert.throws(() => cfsign.checkResource(pattern("http://127.0.0.1:1")), (e) => e.code === "invalid_url");
    const w = await worker((base) => baseEnv(base, { TIERS: JSON.stringify({ premium: [`${base}/videos/*`], odd_tier: [pattern(base)] }) }));
    try {
      const health = await w.fetch("/healthz");
      const text = await health.text();
      assert.equal(health.status, 500, `/healthz: ${text}`);
      assert.equal(JSON.parse(text).setting, "TIERS", text);
      const r = await w.fetch("/auth/cookies", { method: "POST", headers: bearer(await hsToken({ tier: "odd_tier" })) });
      assert.equal(JSON.parse(await r.text()).error, "configuration_error");
    } finally {
      await w.stop();
    }
  });
}

test("a percent-encoded tier pattern is taken, and its cookies are minted", async () => {
  const w = await worker((base) => baseEnv(base, { TIERS: JSON.stringify({ premium: [`${base}/videos/%22x%22/%23/*`] }) }));
  try {
    const health = await w.fetch("/healthz");
    assert.equal(health.status, 200, await health.text());
    const r = await w.fetch("/auth/cookies", { method: "POST", headers: bearer(await hsToken({ tier: "premium" })) });
    assert.equal(r.status, 200, await r.text());
  } finally {
    await w.stop();
  }
});
