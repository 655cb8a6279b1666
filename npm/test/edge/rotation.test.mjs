// Key rotation and key types, on workerd: with two keys, new cookies and URLs use the active one
// and the guard trusts both; ECDSA P-256 signing keys work like RSA ones.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { baseEnv, cfsign, DIAG, cookieHeaders, EC, hsToken, keyGroup, origin, parseSetCookie, RSA_A, RSA_B, worker } from "./helpers.mjs";

let o;
const workers = {};
const rotationEnv = (active) => (base) =>
  baseEnv(base, {
    CLOUDFRONT_KEY_PAIR_ID: RSA_A.id,
    CLOUDFRONT_PRIVATE_KEY: RSA_A.priv,
    CLOUDFRONT_NEXT_KEY_PAIR_ID: RSA_B.id,
    CLOUDFRONT_NEXT_PRIVATE_KEY: RSA_B.priv,
    CLOUDFRONT_ACTIVE_KEY: active,
    GUARD_PREFIX: "/videos/",
    ORIGIN_URL: o.url,
    TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub, [RSA_B.id]: RSA_B.pub }),
  });

before(async () => {
  o = await origin();
  [workers.current, workers.next, workers.ec, workers.rsaToEc] = await Promise.all([
    worker(rotationEnv("current")),
    worker(rotationEnv("next")),
    worker((base) => baseEnv(base, { CLOUDFRONT_KEY_PAIR_ID: EC.id, CLOUDFRONT_PRIVATE_KEY: EC.priv })),
    worker((base) => baseEnv(base, { CLOUDFRONT_NEXT_KEY_PAIR_ID: EC.id, CLOUDFRONT_NEXT_PRIVATE_KEY: EC.priv, CLOUDFRONT_ACTIVE_KEY: "next" })),
  ]);
});
after(async () => {
  await Promise.all(Object.values(workers).map((w) => w.stop()));
  await o.close();
});

async function mint(w, tier = "premium") {
  const token = await hsToken({ tier });
  const c = await w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${token}` } });
  assert.equal(c.status, 200);
  const u = await w.fetch("/api/signed-urls", { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ paths: ["/videos/x.mp4"] }) });
  assert.equal(u.status, 200);
  return { lines: c.headers.getSetCookie(), cookie: cookieHeaders(c.headers.getSetCookie()).get("/"), body: await c.json(), url: (await u.json()).urls[0] };
}

for (const [active, k, other] of [["current", RSA_A, RSA_B], ["next", RSA_B, RSA_A]]) {
  test(`CLOUDFRONT_ACTIVE_KEY=${active}: cookies and URLs are signed with ${k.id}`, async () => {
    const w = workers[active];
    const health = await (await w.fetch("/healthz", { headers: DIAG })).json();
    assert.equal(health.key_pair_id, k.id);
    assert.equal(health.active_key, active);
    assert.deepEqual(health.trusted_keys.sort(), [RSA_A.id, RSA_B.id].sort());
    const m = await mint(w);
    assert.equal(m.body.key_pair_id, k.id);
    assert.match(m.cookie, new RegExp(`CloudFront-Key-Pair-Id=${k.id}`));
    assert.match(m.url, new RegExp(`Key-Pair-Id=${k.id}`));
    const url = `${w.base}/videos/x.mp4`;
    assert.equal(keyGroup(k).verify(url, { cookies: m.cookie }).allowed, true);
    assert.equal(keyGroup(k).verify(m.url).allowed, true);
    // A key group with only the other key does not accept them.
    assert.deepEqual(keyGroup(other).verify(m.url).reasons.map((r) => r.code), ["unknown_key"]);
  });

  test(`CLOUDFRONT_ACTIVE_KEY=${active}: the guard trusts both keys, and no other`, async () => {
    const w = workers[active];
    for (const signer of [RSA_A, RSA_B]) {
      const url = cfsign.getSignedUrl({ url: `${w.base}/videos/a.mp4`, keyPairId: signer.id, privateKey: signer.priv, dateLessThan: Date.now() + 60_000 });
      const r = await w.fetch(url);
      assert.equal(r.status, 200, `${signer.id}: ${await r.text()}`);
    }
    const own = await mint(w);
    assert.equal((await w.fetch("/videos/any.mp4", { headers: { cookie: own.cookie } })).status, 200);
    assert.equal((await w.fetch(own.url)).status, 200);
    const stranger = cfsign.getSignedUrl({ url: `${w.base}/videos/a.mp4`, keyPairId: EC.id, privateKey: EC.priv, dateLessThan: Date.now() + 60_000 });
    const r = await w.fetch(stranger);
    assert.equal(r.status, 403);
    assert.equal(r.headers.get("x-cfsign-reason"), "unknown_key");
  });
}

test("an ECDSA P-256 signing key: SHA256 cookies and URLs that the crate verifies", async () => {
  const w = workers.ec;
  const health = await (await w.fetch("/healthz", { headers: DIAG })).json();
  assert.equal(health.key_type, "ECDSA P-256");
  assert.equal(health.hash_algorithm, "SHA256");
  assert.equal(health.native_crypto, true);
  const m = await mint(w);
  assert.match(m.cookie, /CloudFront-Hash-Algorithm=SHA256/);
  assert.match(m.url, /Hash-Algorithm=SHA256/);
  assert.equal(keyGroup(EC).verify(`${w.base}/videos/x.mp4`, { cookies: m.cookie }).allowed, true);
  assert.equal(keyGroup(EC).verify(`${w.base}/audio/x.mp3`, { cookies: m.cookie }).allowed, false);
  assert.equal(keyGroup(EC).verify(m.url).allowed, true);
});

test("rotation between key types: RSA (SHA1) cookies clear a stale Hash-Algorithm cookie", async () => {
  const ec = await mint(workers.rsaToEc);
  assert.match(ec.cookie, /CloudFront-Key-Pair-Id=KECDSA03/);
  assert.match(ec.cookie, /CloudFront-Hash-Algorithm=SHA256/);
  const rsa = await mint(workers.current);
  const cleared = rsa.lines.map(parseSetCookie).find((c) => c.name === "CloudFront-Hash-Algorithm");
  assert.equal(cleared.attrs["max-age"], "0");
  assert.equal(cleared.attrs.path, "/");
});
