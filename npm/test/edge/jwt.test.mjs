// Identity tokens over real HTTP on workerd: expired, forged, alg none, wrong audience/issuer,
// not yet valid, no exp, malformed -> 401; ES256 and RS256 configs, and algorithm confusion (an
// HS256 token keyed with the public key text) -> 401.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { SignJWT, importPKCS8 } from "jose";
import { AUDIENCE, baseEnv, EC, esToken, hmacTokenWithKey, hsToken, ISSUER, noneToken, worker } from "./helpers.mjs";

let hs;
let es;
let rs;
const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
const rsaPub = rsa.publicKey.export({ type: "spki", format: "pem" });
const rsaPriv = rsa.privateKey.export({ type: "pkcs8", format: "pem" });

before(async () => {
  [hs, es, rs] = await Promise.all([
    worker((base) => baseEnv(base)),
    worker((base) => baseEnv(base, { JWT_ALGORITHMS: "ES256", JWT_SECRET: "", JWT_PUBLIC_KEY: EC.pub })),
    worker((base) => baseEnv(base, { JWT_ALGORITHMS: "RS256", JWT_SECRET: "", JWT_PUBLIC_KEY: rsaPub })),
  ]);
});
after(() => Promise.all([hs, es, rs].map((w) => w?.stop())));

async function cookies(w, token) {
  const r = await w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${token}` } });
  const body = await r.json();
  return { status: r.status, body, setCookies: r.headers.getSetCookie(), www: r.headers.get("www-authenticate") };
}

async function expect401(w, token, reason) {
  const r = await cookies(w, token);
  assert.equal(r.status, 401, `expected 401 (${reason}), got ${r.status} ${JSON.stringify(r.body)}`);
  assert.equal(r.body.error, "invalid_token");
  if (reason) assert.equal(r.body.reason, reason);
  assert.equal(r.setCookies.length, 0);
  assert.match(r.www, /^Bearer realm="cfsign", error="invalid_token"$/);
  // The error never echoes the token.
  assert.ok(!JSON.stringify(r.body).includes(token.split(".")[1] || "\u0000"));
}

test("HS256: a valid token works", async () => {
  const r = await cookies(hs, await hsToken());
  assert.equal(r.status, 200);
});

test("no token -> 401 missing_token", async () => {
  const r = await hs.fetch("/auth/cookies", { method: "POST" });
  assert.equal(r.status, 401);
  assert.equal((await r.json()).error, "missing_token");
  assert.equal(r.headers.get("www-authenticate"), 'Bearer realm="cfsign"');
  const r2 = await hs.fetch("/auth/cookies", { method: "POST", headers: { authorization: "Basic dXNlcjpwYXNz" } });
  assert.equal(r2.status, 401);
});

test("expired -> 401", async () => {
  const now = Math.floor(Date.now() / 1000);
  await expect401(hs, await hsToken({ tier: "premium" }, { exp: now - 3600, iat: now - 7200 }), "token_expired");
});

test("forged (wrong secret, tampered payload) -> 401", async () => {
  await expect401(hs, await hsToken({ tier: "premium" }, { secret: "another-secret-of-at-least-32-bytes!!" }), "bad_signature");
  const good = await hsToken({ tier: "free" });
  const [h, , s] = good.split(".");
  const payload = JSON.parse(Buffer.from(good.split(".")[1], "base64url"));
  const tampered = `${h}.${Buffer.from(JSON.stringify({ ...payload, tier: "premium" })).toString("base64url")}.${s}`;
  await expect401(hs, tampered, "bad_signature");
});

test("alg: none -> 401", async () => {
  await expect401(hs, noneToken(), null);
  await expect401(es, noneToken(), null);
  // Also with a signature part present.
  await expect401(hs, noneToken() + "AAAA", null);
});

test("wrong audience, wrong issuer, not yet valid, no exp -> 401", async () => {
  await expect401(hs, await hsToken({ tier: "premium" }, { aud: "someone-else" }), "bad_aud");
  await expect401(hs, await hsToken({ tier: "premium" }, { iss: "https://evil.example.com" }), "bad_iss");
  await expect401(hs, await hsToken({ tier: "premium" }, { nbf: Math.floor(Date.now() / 1000) + 3600 }), "bad_nbf");
  await expect401(hs, await hsToken({ tier: "premium" }, { exp: null }), "bad_exp");
});

test("malformed tokens -> 401", async () => {
  for (const t of ["abc", "a.b", "a.b.c.d", "%%%.%%%.%%%", "x".repeat(9000)]) {
    await expect401(hs, t, "malformed_token");
  }
});

test("ES256: valid token accepted; HS256 keyed with the public key (algorithm confusion) -> 401", async () => {
  assert.equal((await cookies(es, await esToken())).status, 200);
  await expect401(es, await hmacTokenWithKey(EC.pub), "algorithm_not_allowed");
  await expect401(es, await hmacTokenWithKey(EC.pub.trim()), "algorithm_not_allowed");
  // An HS256 token on the HS256 worker keyed with the ES key text is just a forgery.
  await expect401(hs, await hmacTokenWithKey(EC.pub), "bad_signature");
  // An ES256 token with the wrong audience.
  await expect401(es, await esToken({ tier: "premium" }, { aud: "x" }), "bad_aud");
  // An ES256 token on the HS256 worker: algorithm not allowed.
  await expect401(hs, await esToken(), "algorithm_not_allowed");
});

test("RS256: valid token accepted; confusion with the RSA public key -> 401", async () => {
  const pk = await importPKCS8(rsaPriv, "RS256");
  const good = await new SignJWT({ tier: "free" }).setProtectedHeader({ alg: "RS256" }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime("5m").sign(pk);
  const r = await cookies(rs, good);
  assert.equal(r.status, 200);
  assert.equal(r.body.tier, "free");
  await expect401(rs, await hmacTokenWithKey(rsaPub), "algorithm_not_allowed");
  // PS256 with the same key is not in JWT_ALGORITHMS.
  const ps = await new SignJWT({ tier: "free" }).setProtectedHeader({ alg: "PS256" }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime("5m").sign(await importPKCS8(rsaPriv, "PS256"));
  await expect401(rs, ps, "algorithm_not_allowed");
});

test("the signed-URL API applies the same checks", async () => {
  const r = await hs.fetch("/api/signed-urls", {
    method: "POST",
    headers: { authorization: `Bearer ${noneToken()}` },
    body: JSON.stringify({ paths: ["/videos/a.mp4"] }),
  });
  assert.equal(r.status, 401);
});
