// Issue 11, finding 3: the guard took the viewer's IP from the client's CF-Connecting-IP header,
// so off Cloudflare's edge (the demo, `wrangler dev`, self-hosted workerd) one header opened a
// URL restricted to an IP range. CLIENT_IP_HEADER now says whether to trust it
// ("cf-connecting-ip", as on the edge) or not ("none", the default): without a trusted IP the
// verifier has no client IP and an IpAddress condition denies (ip_denied, client_ip null).
// miniflare, which runs these tests, passes a client's CF-Connecting-IP through unchanged and
// gives every request a placeholder `request.cf`: exactly the situation the default is for.

import { test, after } from "node:test";
import assert from "node:assert/strict";
import { baseEnv, cfsign, DIAG, origin, RSA_A, worker } from "./helpers.mjs";

const o = await origin();
const workers = [];
after(async () => {
  for (const w of workers) await w.stop();
  await o.close();
});

async function guardWorker(extra) {
  const w = await worker((base) =>
    baseEnv(base, { GUARD_PREFIX: "/videos/", ORIGIN_URL: o.url, TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }), ...extra }),
  );
  workers.push(w);
  return w;
}

const RANGE = "198.51.100.0/24";
const sign = (w, path, opts = {}) =>
  cfsign.getSignedUrl({ url: `${w.base}${path}`, keyPairId: RSA_A.id, privateKey: RSA_A.priv, dateLessThan: Date.now() + 600_000, ...opts });

async function expectIpDenied(w, url, headers) {
  const n = o.seen.length;
  const r = await w.fetch(url, { headers: { ...headers, ...DIAG } });
  const body = await r.json();
  assert.equal(r.status, 403, JSON.stringify(body));
  assert.equal(r.headers.get("x-cfsign-reason"), "ip_denied");
  assert.equal(body.reasons.length, 1);
  assert.equal(body.reasons[0].code, "ip_denied");
  assert.equal(body.reasons[0].range, RANGE);
  assert.equal(o.seen.length, n, "a denied request never reaches the origin");
  return body.reasons[0];
}

for (const [what, extra] of [["unset (the default)", {}], ["none", { CLIENT_IP_HEADER: "none" }], ["NONE, any case", { CLIENT_IP_HEADER: "NONE" }]]) {
  test(`CLIENT_IP_HEADER ${what}: a spoofed CF-Connecting-IP inside the range does not open an IP-restricted URL`, async () => {
    const w = await guardWorker(extra);
    const health = await (await w.fetch("/healthz", { headers: DIAG })).json();
    assert.equal(health.client_ip_header, "none");
    const url = sign(w, "/videos/a.mp4", { ipAddress: RANGE });
    for (const headers of [{ "cf-connecting-ip": "198.51.100.7" }, { "cf-connecting-ip": "198.51.100.7", "x-forwarded-for": "198.51.100.7", "x-real-ip": "198.51.100.7" }, {}]) {
      const reason = await expectIpDenied(w, url, headers);
      assert.equal(reason.client_ip, null);
      assert.match(reason.message, /client IP is unknown/);
    }
    // URLs and cookies without an IP condition need no client IP.
    const n = o.seen.length;
    const r = await w.fetch(sign(w, "/videos/b.mp4"), { headers: { "cf-connecting-ip": "192.0.2.1" } });
    assert.equal(r.status, 200);
    assert.equal(o.seen.length, n + 1);
    assert.equal(o.seen.at(-1).headers["cf-connecting-ip"], undefined, "the header is not forwarded either");
    if (!extra.CLIENT_IP_HEADER) {
      await new Promise((res) => setTimeout(res, 100));
      assert.ok(w.logs.some((l) => l.includes('"config_warning"') && l.includes("CLIENT_IP_HEADER is not set")), "a warning says the header is ignored");
    }
  });
}

test("CLIENT_IP_HEADER cf-connecting-ip (Cloudflare's edge): the header is the viewer's IP", async () => {
  const w = await guardWorker({ CLIENT_IP_HEADER: "cf-connecting-ip" });
  assert.equal((await (await w.fetch("/healthz", { headers: DIAG })).json()).client_ip_header, "cf-connecting-ip");
  const url = sign(w, "/videos/a.mp4", { ipAddress: RANGE });
  const n = o.seen.length;
  const r = await w.fetch(url, { headers: { "cf-connecting-ip": "198.51.100.7" } });
  assert.equal(r.status, 200);
  assert.equal(o.seen.length, n + 1);
  const reason = await expectIpDenied(w, url, { "cf-connecting-ip": "192.0.2.1" });
  assert.equal(reason.client_ip, "192.0.2.1");
  assert.ok(!w.logs.some((l) => l.includes("CLIENT_IP_HEADER is not set")));
});

// Review of issue 29, item 3. Keys CloudFront's guide does not document are signed (the drop-in
// silently, as the SDK) and verified "on the keys cfsign knows, with a note". Were the guard to act
// on `allowed` alone, an IP condition written with another case (`IPAddress`, `ipAddress`) would
// restrict nothing there, while CloudFront may apply it, refuse the policy or ignore it
// (undocumented). The guard, an enforcement point, fails closed on an `unknown_policy_keys` note.
test("guard: a policy whose IP condition key is misspelled does not open the URL to every viewer", async () => {
  const w = await guardWorker({ CLIENT_IP_HEADER: "cf-connecting-ip" });
  const exp = Math.floor(Date.now() / 1000) + 600;
  for (const key of ["IPAddress", "ipAddress"]) {
    const policy = `{"Statement":[{"Resource":"${w.base}/videos/*","Condition":{"DateLessThan":{"AWS:EpochTime":${exp}},"${key}":{"AWS:SourceIp":"${RANGE}"}}}]}`;
    const url = cfsign.getSignedUrl({ url: `${w.base}/videos/a.mp4`, keyPairId: RSA_A.id, privateKey: RSA_A.priv, policy });
    const n = o.seen.length;
    const r = await w.fetch(url, { headers: { "cf-connecting-ip": "203.0.113.9" } });
    assert.equal(r.status, 403, `${key}: ${await r.text()}`);
    assert.equal(o.seen.length, n, "never reaches the origin");
  }
});
