// Missing or invalid configuration: 500 JSON naming the setting on every request, a log line
// naming it, and never a secret value or a stack trace (on workerd, over real HTTP).

import { test } from "node:test";
import assert from "node:assert/strict";
import { baseEnv, DIAG, DIAG_TOKEN, EC, JWT_SECRET, key, RSA_A, RSA_B, worker } from "./helpers.mjs";

const secretBits = [RSA_A.priv.split("\n")[3], RSA_B.priv.split("\n")[3], JWT_SECRET, "-----BEGIN"];

const cases = [
  ["CLOUDFRONT_PRIVATE_KEY", "not set", { CLOUDFRONT_PRIVATE_KEY: undefined }],
  ["CLOUDFRONT_PRIVATE_KEY", "no PEM", { CLOUDFRONT_PRIVATE_KEY: "just-some-text" }],
  ["CLOUDFRONT_PRIVATE_KEY", "garbage PEM body", { CLOUDFRONT_PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n" }],
  ["CLOUDFRONT_PRIVATE_KEY", "Ed25519", { CLOUDFRONT_PRIVATE_KEY: key("bad_ed25519.pem") }],
  ["CLOUDFRONT_PRIVATE_KEY", "RSA-1024", { CLOUDFRONT_PRIVATE_KEY: key("bad_rsa1024.pem") }],
  ["CLOUDFRONT_PRIVATE_KEY", "encrypted", { CLOUDFRONT_PRIVATE_KEY: key("bad_rsa_encrypted_pkcs8.pem") }],
  ["CLOUDFRONT_PRIVATE_KEY", "a public key", { CLOUDFRONT_PRIVATE_KEY: RSA_A.pub }],
  ["CLOUDFRONT_KEY_PAIR_ID", "not set", { CLOUDFRONT_KEY_PAIR_ID: undefined }],
  ["CLOUDFRONT_KEY_PAIR_ID", "bad id", { CLOUDFRONT_KEY_PAIR_ID: "has space" }],
  ["CLOUDFRONT_NEXT_PRIVATE_KEY", "id without key", { CLOUDFRONT_NEXT_KEY_PAIR_ID: "KNEXT" }],
  ["CLOUDFRONT_NEXT_PRIVATE_KEY", "bad next key", { CLOUDFRONT_NEXT_KEY_PAIR_ID: "KNEXT", CLOUDFRONT_NEXT_PRIVATE_KEY: key("bad_ec_p384_sec1.pem") }],
  ["CLOUDFRONT_ACTIVE_KEY", "next without next", { CLOUDFRONT_ACTIVE_KEY: "next" }],
  ["CLOUDFRONT_ACTIVE_KEY", "bad value", { CLOUDFRONT_ACTIVE_KEY: "newest" }],
  ["CLOUDFRONT_HASH_ALGORITHM", "bad value", { CLOUDFRONT_HASH_ALGORITHM: "MD5" }],
  ["TIERS", "not set", { TIERS: undefined }],
  ["TIERS", "bad JSON", { TIERS: "{premium: [" }],
  ["TIERS", "not a map", { TIERS: '["a"]' }],
  ["TIERS", "pattern without protocol", { TIERS: '{"p": ["media.example.com/*"]}' }],
  ["TIERS", "overlapping cookie paths", { TIERS: '{"p": ["https://m.example.com/v/*", "https://m.example.com/v/hd/*"]}' }],
  ["JWT_ALGORITHMS", "not set", { JWT_ALGORITHMS: undefined }],
  ["JWT_ALGORITHMS", "none", { JWT_ALGORITHMS: "none" }],
  ["JWT_ALGORITHMS", "mixed families", { JWT_ALGORITHMS: "HS256,ES256", JWT_PUBLIC_KEY: EC.pub }],
  ["JWT_SECRET", "not set", { JWT_SECRET: undefined }],
  ["JWT_SECRET", "too short", { JWT_SECRET: "short-secret" }],
  ["JWT_PUBLIC_KEY", "not set", { JWT_ALGORITHMS: "ES256" }],
  ["JWT_PUBLIC_KEY", "wrong key type", { JWT_ALGORITHMS: "ES256", JWT_PUBLIC_KEY: RSA_A.pub }],
  ["JWT_ISSUER", "not set", { JWT_ISSUER: undefined }],
  ["JWT_AUDIENCE", "not set", { JWT_AUDIENCE: "" }],
  ["COOKIE_TTL_SECONDS", "not a number", { COOKIE_TTL_SECONDS: "1h" }],
  ["COOKIE_TTL_SECONDS", "too long", { COOKIE_TTL_SECONDS: "99999999" }],
  ["COOKIE_DOMAIN", "bad", { COOKIE_DOMAIN: "a;b" }],
  ["COOKIE_PATH", "bad", { COOKIE_PATH: "videos" }],
  ["MAX_BATCH", "zero", { MAX_BATCH: "0" }],
  ["ALLOWED_RETURN_HOSTS", "bad", { ALLOWED_RETURN_HOSTS: "https://app.example.com/" }],
  ["ORIGIN_URL", "guard without origin", { GUARD_PREFIX: "/videos/", TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }) }],
  ["TRUSTED_KEYS", "guard without keys", { GUARD_PREFIX: "/videos/", ORIGIN_URL: "http://127.0.0.1:9" }],
  ["TRUSTED_KEYS", "bad JSON", { GUARD_PREFIX: "/videos/", ORIGIN_URL: "http://127.0.0.1:9", TRUSTED_KEYS: "{" }],
  ["TRUSTED_KEYS", "bad PEM", { GUARD_PREFIX: "/videos/", ORIGIN_URL: "http://127.0.0.1:9", TRUSTED_KEYS: JSON.stringify({ K1: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" }) }],
  ["CLIENT_IP_HEADER", "another header", { CLIENT_IP_HEADER: "x-forwarded-for" }],
  ["CLIENT_IP_HEADER", "bad value with the guard", { CLIENT_IP_HEADER: "yes", GUARD_PREFIX: "/videos/", ORIGIN_URL: "http://127.0.0.1:9", TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }) }],
  ["GUARD_PREFIX", "bad", { GUARD_PREFIX: "videos", ORIGIN_URL: "http://127.0.0.1:9", TRUSTED_KEYS: "{}" }],
];

for (const [setting, what, change] of cases) {
  test(`${setting} ${what} -> 500 naming ${setting}`, async () => {
    const w = await worker((base) => {
      const env = baseEnv(base, { CLOUDFRONT_NEXT_PRIVATE_KEY: undefined, ...change });
      for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
      return env;
    });
    try {
      for (const [path, method] of [["/healthz", "GET"], ["/auth/cookies", "POST"], ["/api/signed-urls", "POST"], ["/videos/a.mp4", "GET"], ["/anything", "DELETE"]]) {
        const r = await w.fetch(path, { method });
        assert.equal(r.status, 500, `${method} ${path}`);
        assert.equal(r.headers.get("content-type"), "application/json; charset=utf-8");
        const text = await r.text();
        const body = JSON.parse(text);
        assert.equal(body.error, "configuration_error");
        assert.equal(body.setting, setting, text);
        assert.ok(body.message.includes(setting), text);
        for (const bit of secretBits) assert.ok(!text.includes(bit), "a secret in the response");
        assert.doesNotMatch(text, /\bat [\w.]+ \(|\.js:\d+/, "a stack trace in the response");
      }
      // The log names the setting, without values or stack traces.
      await new Promise((r) => setTimeout(r, 100));
      const log = w.logs.join("\n");
      assert.match(log, new RegExp(`"setting":"${setting}"`), log);
      for (const bit of secretBits) assert.ok(!log.includes(bit), "a secret in the log");
      assert.doesNotMatch(log, /\n\s+at /, "a stack trace in the log");
    } finally {
      await w.stop();
    }
  });
}

test("only the required settings: defaults apply (MAX_BATCH by key type)", async () => {
  for (const [k, batch] of [[RSA_A, 10], [EC, 50]]) {
    const w = await worker((base) => ({
      CLOUDFRONT_KEY_PAIR_ID: k.id,
      CLOUDFRONT_PRIVATE_KEY: k.priv.replace(/\n/g, "\\n"), // a one-line secret with \n escapes
      TIERS: JSON.stringify({ premium: [`${base}/videos/*`] }),
      JWT_ALGORITHMS: "HS256",
      JWT_SECRET,
      JWT_ISSUER: "iss",
      JWT_AUDIENCE: "aud",
      DIAGNOSTICS_TOKEN: DIAG_TOKEN,
    }));
    try {
      const r = await w.fetch("/healthz", { headers: DIAG });
      assert.equal(r.status, 200);
      const body = await r.json();
      assert.equal(body.max_batch, batch);
      assert.equal(body.active_key, "current");
      assert.equal(body.guard_prefix, null);
    } finally {
      await w.stop();
    }
  }
});
