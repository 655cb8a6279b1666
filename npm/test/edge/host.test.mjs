// Issue 29, e01: the guard verifies a request against its one public origin (the scheme and host
// of URL_BASE, else the tiers' shared origin), never against the scheme and host the request
// names (an absolute-form request target, the Host header, X-Forwarded-*). Otherwise a tier's
// cookies or signed URL for another host (minted by the handler itself) read any path of the
// guarded origin, and behind a TLS-terminating proxy every https:// signature is denied.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { baseEnv, cfsign, cookieHeaders, hsToken, ON_WORKERD, origin, rawRequest, RSA_A, worker } from "./helpers.mjs";

const PUBLIC = "https://media.example.com";
let w;
let o;
before(async () => {
  o = await origin();
  w = await worker((base) =>
    baseEnv(base, {
      TIERS: JSON.stringify({
        premium: [`${PUBLIC}/videos/*`],
        // Other hosts, which a trusted key also signs for.
        free: ["http://downloads.example.com/*"],
        freetls: ["https://downloads.example.com/*"],
        local: [`${base}/*`],
      }),
      URL_BASE: PUBLIC,
      GUARD_PREFIX: "/videos/",
      ORIGIN_URL: o.url,
      TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }),
    }),
  );
});
after(async () => {
  await w?.stop();
  await o?.close();
});

const soon = () => Date.now() + 600_000;
const sign = (url, opts = {}) => cfsign.getSignedUrl({ url, keyPairId: RSA_A.id, privateKey: RSA_A.priv, dateLessThan: soon(), ...opts });
const pathAndQuery = (url) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

async function cookiesOf(tier) {
  const r = await w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${await hsToken({ tier })}` } });
  assert.equal(r.status, 200);
  return cookieHeaders(r.headers.getSetCookie()).get("/");
}

async function mintUrl(tier, entry) {
  const r = await w.fetch("/api/signed-urls", {
    method: "POST",
    headers: { authorization: `Bearer ${await hsToken({ tier })}`, "content-type": "application/json" },
    body: JSON.stringify({ paths: [entry] }),
  });
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  return body.urls[0];
}

async function expectRefused(target, headers, what) {
  const n = o.seen.length;
  let r;
  try {
    r = await rawRequest(w.base, target, { headers });
  } catch (e) {
    // miniflare's local server (workerd here) cannot take an absolute-form target: it hangs up or
    // answers a plain-text 500 before the handler runs. Cloudflare's edge never passes one on.
    assert.ok(ON_WORKERD && /^[a-z]+:/.test(target), `${what}: ${e.message}`);
    r = { status: 500, body: "" };
  }
  const hostRefused = ON_WORKERD && /^[a-z]+:/.test(target) && r.status === 500 && !r.body.startsWith("{");
  assert.ok((r.status >= 400 && r.status < 500) || hostRefused, `${what}: ${target} answered ${r.status} ${r.body}`);
  assert.equal(o.seen.length, n, `${what}: a request for another host reached the origin`);
}

async function expectAllowed(target, headers, originPath, what) {
  const n = o.seen.length;
  const r = await rawRequest(w.base, target, { headers });
  assert.equal(r.status, 200, `${what}: ${target} answered ${r.status} ${r.body}`);
  assert.equal(o.seen.length, n + 1);
  assert.equal(o.seen.at(-1).url, originPath);
}

test("a free tier's cookies for another host never read the guarded origin, whatever host the request names", async () => {
  for (const tier of ["free", "freetls"]) {
  const free = await cookiesOf(tier);
  for (const host of ["downloads.example.com", "media.example.com", new URL(w.base).host]) {
    for (const scheme of ["http", "https"]) {
      await expectRefused(`${scheme}://downloads.example.com/videos/premium.mp4`, { host, cookie: free }, `absolute-form ${scheme}, Host ${host}`);
    }
    await expectRefused("/videos/premium.mp4", { host, cookie: free }, `Host ${host}`);
    await expectRefused("/videos/premium.mp4", { host, cookie: free, "x-forwarded-host": "downloads.example.com", "x-forwarded-proto": "https" }, `X-Forwarded-*, Host ${host}`);
  }
  }
  // The worker's own test address (the tier "local"): its cookies are for another origin too.
  const local = await cookiesOf("local");
  await expectRefused("/videos/premium.mp4", { cookie: local }, "cookies for the worker's own address");
});

test("a signed URL for another host, minted by the handler itself, never reads the guarded origin", async () => {
  for (const scheme of ["http", "https"]) {
    const url = await mintUrl(scheme === "http" ? "free" : "freetls", `${scheme}://downloads.example.com/videos/premium.mp4`);
    await expectRefused(url, { host: "downloads.example.com" }, `absolute-form ${scheme}`);
    await expectRefused(pathAndQuery(url), { host: "downloads.example.com" }, `Host, ${scheme} signature`);
    await expectRefused(pathAndQuery(url), {}, `the worker's own Host, ${scheme} signature`);
  }
});

test("behind a TLS-terminating proxy, https signatures for the public origin verify (plain HTTP, any Host)", async () => {
  const url = await mintUrl("premium", "/videos/a.mp4?x=1");
  assert.ok(url.startsWith(`${PUBLIC}/videos/a.mp4?x=1&`), url);
  const premium = await cookiesOf("premium");
  for (const headers of [{ host: "media.example.com", "x-forwarded-proto": "https" }, { host: "media.example.com" }, {}]) {
    await expectAllowed(pathAndQuery(url), headers, "/videos/a.mp4?x=1", `signed URL, ${JSON.stringify(headers)}`);
    await expectAllowed("/videos/b.mp4", { ...headers, cookie: premium }, "/videos/b.mp4", `cookies, ${JSON.stringify(headers)}`);
  }
  // An independent signature (the cfsign package in Node) for the public URL verifies the same.
  await expectAllowed(pathAndQuery(sign(`${PUBLIC}/videos/c.mp4`)), { host: "127.0.0.1" }, "/videos/c.mp4", "package signature");
  // A signature for the same path on the worker's own (plain) address does not.
  await expectRefused(pathAndQuery(sign(`${w.base}/videos/c.mp4`)), {}, "signature for http://127.0.0.1");
});

test("guard without URL_BASE and tiers on several origins: the settings are refused, naming URL_BASE", async () => {
  const w2 = await worker((base) =>
    baseEnv(base, {
      TIERS: JSON.stringify({ premium: [`${PUBLIC}/videos/*`], free: ["https://downloads.example.com/*"] }),
      GUARD_PREFIX: "/videos/",
      ORIGIN_URL: o.url,
      TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }),
    }),
  );
  try {
    const r = await w2.fetch("/healthz");
    const body = await r.json();
    assert.equal(r.status, 500);
    assert.equal(body.setting, "URL_BASE");
  } finally {
    await w2.stop();
  }
});
