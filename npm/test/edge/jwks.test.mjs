// Issue 21, item 6: identity tokens verified against a JWK Set, on every host over real HTTP: a
// real JWKS server on 127.0.0.1 (keys made by jose), the key chosen by kid, the set cached, a
// rotation (the server serves a new set; a token with the new kid verifies), a timeout, and a
// local JWK Set given as JSON (JWT_JWKS).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { AUDIENCE, baseEnv, ISSUER, worker } from "./helpers.mjs";

/** A key pair made by jose, its public JWK with a kid. */
async function keyPair(kid, alg = "ES256") {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: "sig" };
  return { kid, alg, privateKey, jwk };
}

const token = (key, claims = { tier: "premium" }) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime("10m")
    .sign(key.privateKey);

/** A JWKS server: serves `state.keys`, counts fetches, and stalls when `state.stall`. */
async function jwksServer(state) {
  const server = http.createServer((req, res) => {
    state.fetches += 1;
    if (state.stall) return; // never answers: the worker's fetch times out
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: state.keys.map((k) => k.jwk) }));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`,
    close: () => new Promise((r) => (server.closeAllConnections(), server.close(r))),
  };
}

let k1;
let k2;
let k3;
let rsa;
const state = { keys: [], fetches: 0, stall: false };
let server;
let remote;
let local;

before(async () => {
  [k1, k2, k3, rsa] = await Promise.all([keyPair("key-1"), keyPair("key-2"), keyPair("key-3"), keyPair("rsa-1", "RS256")]);
  state.keys = [k1, k2, rsa];
  server = await jwksServer(state);
  const jwtBase = { JWT_SECRET: "", JWT_ALGORITHMS: "ES256,RS256" };
  [remote, local] = await Promise.all([
    worker((base) => baseEnv(base, { ...jwtBase, JWT_JWKS_URL: server.url, JWT_JWKS_COOLDOWN_SECONDS: "0", JWT_JWKS_TIMEOUT_MS: "1500" })),
    worker((base) => baseEnv(base, { ...jwtBase, JWT_JWKS: JSON.stringify({ keys: [k1.jwk, rsa.jwk] }) })),
  ]);
});
after(() => Promise.all([remote?.stop(), local?.stop(), server?.close()]));

const mint = (w, jwt) => w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${jwt}` } });

test("JWT_JWKS_URL: the key is chosen by kid (ES256 and RS256 in one set), and the set is fetched once", async () => {
  for (const key of [k1, k2, rsa, k1, k2]) {
    const r = await mint(remote, await token(key));
    assert.equal(r.status, 200, `${key.kid}: ${await r.text()}`);
  }
  assert.equal(state.fetches, 1, "cached: one fetch for five tokens");
  // A token signed by a key the set does not hold, under a kid it does: the signature fails.
  const forged = await token({ ...k3, kid: "key-1" });
  const r = await mint(remote, forged);
  assert.equal(r.status, 401);
  assert.equal((await r.json()).reason, "bad_signature");
});

test("JWT_JWKS_URL: rotation: a token with a new kid refetches the set and verifies; a retired key then fails", async () => {
  const before = state.fetches;
  state.keys = [k2, k3];
  const r = await mint(remote, await token(k3));
  assert.equal(r.status, 200, await r.text());
  assert.equal(state.fetches, before + 1, "one refetch for the unknown kid");
  // key-1 left the set: its tokens now fail (unknown kid, refetched again, still unknown).
  const old = await mint(remote, await token(k1));
  assert.equal(old.status, 401);
  assert.equal((await old.json()).reason, "unknown_key");
});

test("JWT_JWKS_URL: a JWKS server that does not answer gives 503 jwks_unavailable, then recovers", async () => {
  state.stall = true;
  const kid = await keyPair("key-4");
  const r = await mint(remote, await token(kid)); // unknown kid: a refetch, which stalls
  assert.equal(r.status, 503, await r.clone().text());
  const body = await r.json();
  assert.equal(body.error, "jwks_unavailable");
  assert.equal(r.headers.get("retry-after"), "5");
  state.stall = false;
  state.keys = [k2, k3, kid];
  assert.equal((await mint(remote, await token(kid))).status, 200);
});

test("JWT_JWKS (a local JWK Set as JSON): kid selection, and an unknown kid is refused", async () => {
  assert.equal((await mint(local, await token(k1))).status, 200);
  assert.equal((await mint(local, await token(rsa))).status, 200);
  const r = await mint(local, await token(k2));
  assert.equal(r.status, 401);
  assert.equal((await r.json()).reason, "unknown_key");
});

test("JWKS settings are checked: http only on loopback, one key source, no private JWK, all reported at once", async () => {
  const priv = await exportJWK(k1.privateKey);
  const w = await worker((base) =>
    baseEnv(base, {
      JWT_SECRET: "",
      JWT_ALGORITHMS: "ES256",
      JWT_JWKS_URL: "http://login.example.com/jwks.json",
      JWT_JWKS: JSON.stringify({ keys: [{ ...priv, kid: "x" }] }),
      JWT_ISSUER: "",
      COOKIE_TTL_SECONDS: "1h",
    }),
  );
  try {
    const r = await w.fetch("/healthz", { headers: { "x-cfsign-diagnostics": "test-diagnostics-token-0123456789abcdef" } });
    const text = await r.text();
    assert.equal(r.status, 500, text);
    assert.ok(!text.includes(priv.d), "the private key is never echoed");
    const body = JSON.parse(text);
    const settings = body.problems.map((p) => p.setting);
    for (const s of ["JWT_JWKS_URL", "JWT_JWKS", "JWT_ISSUER", "COOKIE_TTL_SECONDS"]) assert.ok(settings.includes(s), `${s} in ${text}`);
    assert.match(body.problems.find((p) => p.setting === "JWT_JWKS").problem, /private/);
  } finally {
    await w.stop();
  }
});
