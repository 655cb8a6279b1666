// Guard mode over real HTTP on workerd, with a real Node origin on 127.0.0.1: allowed requests
// (signed URL, signed cookies; RSA and ECDSA) reach the origin without the signing parameters,
// denied ones get 403 JSON and x-cfsign-reason, one test per reason.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { baseEnv, cfsign, DIAG, cookieHeaders, EC, freePort, hsToken, ON_WORKERD, origin, RSA_A, RSA_B, worker } from "./helpers.mjs";

let w;
let o;
before(async () => {
  o = await origin();
  w = await worker((base) =>
    baseEnv(base, {
      GUARD_PREFIX: "/videos/",
      ORIGIN_URL: `${o.url}/origin-root`,
      TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub, [EC.id]: EC.pub }),
      // As on Cloudflare's edge, which sets the header (test/clientip.test.mjs: the default).
      CLIENT_IP_HEADER: "cf-connecting-ip",
    }),
  );
});
after(async () => {
  await w?.stop();
  await o?.close();
});

const soon = () => Date.now() + 10 * 60 * 1000;
const sign = (k, opts) => cfsign.getSignedUrl({ keyPairId: k.id, privateKey: k.priv, dateLessThan: soon(), ...opts });
const policyFor = (resource, extra = {}) =>
  JSON.stringify({ Statement: [{ Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": Math.floor(soon() / 1000) }, ...extra } }] });

async function expectAllowed(url, init, originPath) {
  const n = o.seen.length;
  const r = await w.fetch(url, init);
  const text = await r.text();
  assert.equal(r.status, 200, `${url}: ${text}`);
  assert.equal(r.headers.get("x-origin"), "yes");
  assert.equal(o.seen.length, n + 1, "the origin got the request");
  const seen = o.seen.at(-1);
  if (originPath !== undefined) assert.equal(seen.url, originPath);
  assert.doesNotMatch(seen.url, /Expires=|Signature=|Key-Pair-Id=|Policy=|Hash-Algorithm=/);
  return { r, seen };
}

async function expectDenied(url, init, code) {
  const n = o.seen.length;
  // The detail (messages, key IDs) is for diagnostics: test/disclosure.test.mjs.
  const r = await w.fetch(url, { ...init, headers: { ...init?.headers, ...DIAG } });
  assert.equal(r.status, 403, `${url}: expected 403 ${code}`);
  const body = await r.json();
  assert.equal(body.error, "access_denied");
  assert.ok(body.reasons.length >= 1);
  assert.equal(body.reasons[0].code, code, JSON.stringify(body.reasons));
  for (const f of ["message", "cloudfront_error", "explanation", "fix"]) assert.equal(typeof body.reasons[0][f], "string", f);
  assert.ok(r.headers.get("x-cfsign-reason").split(",").includes(code));
  assert.equal(r.headers.get("content-type"), "application/json; charset=utf-8");
  assert.equal(o.seen.length, n, "a denied request never reaches the origin");
  return body;
}

test("signed URL (canned, RSA) -> origin, without the signing parameters, other query kept", async () => {
  const url = sign(RSA_A, { url: `${w.base}/videos/a.mp4?lang=en&q=1` });
  const { r, seen } = await expectAllowed(url, {}, "/origin-root/videos/a.mp4?lang=en&q=1");
  assert.equal(r.headers.get("x-cfsign-verified"), "url");
  assert.equal(seen.method, "GET");
});

test("signed URL with a custom wildcard policy, and an ECDSA (SHA256) key", async () => {
  const rsa = sign(RSA_A, { url: `${w.base}/videos/b.mp4`, policy: policyFor(`${w.base}/videos/*`) });
  await expectAllowed(rsa, {}, "/origin-root/videos/b.mp4");
  const ec = sign(EC, { url: `${w.base}/videos/c.mp4`, algorithm: "SHA256" });
  await expectAllowed(sign(EC, { url: `${w.base}/videos/d.mp4` }), {}, "/origin-root/videos/d.mp4");
  assert.match(ec, /Hash-Algorithm=SHA256/);
  await expectAllowed(ec, {}, "/origin-root/videos/c.mp4");
  await expectAllowed(ec, { method: "HEAD" }, "/origin-root/videos/c.mp4");
});

test("cookies minted by the worker open the guard; CloudFront cookies and the session are not forwarded", async () => {
  const token = await hsToken({ tier: "free" });
  const minted = await w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${token}` } });
  assert.equal(minted.status, 200);
  const cf = cookieHeaders(minted.headers.getSetCookie()).get("/");
  const { r, seen } = await expectAllowed("/videos/free/ep1.mp4?t=3", { headers: { cookie: `theme=dark; ${cf}; app_session=${token}` } }, "/origin-root/videos/free/ep1.mp4?t=3");
  assert.equal(r.headers.get("x-cfsign-verified"), "cookies");
  assert.equal(seen.headers.cookie, "theme=dark");
  // The same cookies on a path outside the tier: resource_mismatch.
  await expectDenied("/videos/premium/ep1.mp4", { headers: { cookie: cf } }, "resource_mismatch");
});

test("the origin gets exactly the query that was verified, minus the signing parameters", async () => {
  // A wildcard policy covers any query; the query is put around the signing parameters by hand,
  // since the SDK's encoding would tidy it.
  const signed = new URL(sign(RSA_A, { url: `${w.base}/videos/q.mp4`, policy: policyFor(`${w.base}/videos/*`) }));
  const params = signed.search.slice(1).split("&");
  const cases = [
    [`?&a=&b&&c=%26&${params.join("&")}`, "?&a=&b&&c=%26"],
    [`?a=1&a=2&${params.join("&")}`, "?a=1&a=2"],
    [`?a=&b&${params.join("&")}`, "?a=&b"],
    [`?&${params.join("&")}`, "?"],
    [`?&&${params.join("&")}`, "?&"],
    [`?x=1&${params[0]}&y=%2F&${params.slice(1).join("&")}&z`, "?x=1&y=%2F&z"],
    [`?${params.join("&")}`, ""],
  ];
  for (const [query, forwarded] of cases) {
    // Some hosts' fetch() (Node's undici) sends an empty query as none: the guard asks for
    // "q.mp4?", the origin sees "q.mp4" (WHATWG URL serialisation; nothing else differs).
    if (!ON_WORKERD && forwarded === "?") {
      const { seen } = await expectAllowed(`${w.base}/videos/q.mp4${query}`, {});
      assert.ok(["/origin-root/videos/q.mp4?", "/origin-root/videos/q.mp4"].includes(seen.url), seen.url);
      continue;
    }
    await expectAllowed(`${w.base}/videos/q.mp4${query}`, {}, `/origin-root/videos/q.mp4${forwarded}`);
  }
});

test("denied: missing_signature", async () => {
  const body = await expectDenied("/videos/a.mp4", {}, "missing_signature");
  assert.equal(body.source, "none");
});

test("denied: malformed", async () => {
  await expectDenied("/videos/a.mp4?Expires=soon&Signature=%%%&Key-Pair-Id=" + RSA_A.id, {}, "malformed");
});

test("denied: unknown_key (a key not in TRUSTED_KEYS)", async () => {
  const body = await expectDenied(sign(RSA_B, { url: `${w.base}/videos/a.mp4` }), {}, "unknown_key");
  assert.equal(body.key_pair_id, RSA_B.id);
});

test("denied: bad_signature (tampered signature; canned URL moved to another path)", async () => {
  const url = sign(RSA_A, { url: `${w.base}/videos/a.mp4` });
  await expectDenied(url.replace(/Signature=(.)/, (_, c) => `Signature=${c === "A" ? "B" : "A"}`), {}, "bad_signature");
  await expectDenied(url.replace("/a.mp4", "/b.mp4"), {}, "bad_signature");
});

test("denied: expired", async () => {
  await expectDenied(sign(RSA_A, { url: `${w.base}/videos/a.mp4`, dateLessThan: Date.now() - 60_000 }), {}, "expired");
});

test("denied: not_yet_valid", async () => {
  await expectDenied(sign(RSA_A, { url: `${w.base}/videos/a.mp4`, dateGreaterThan: Date.now() + 300_000 }), {}, "not_yet_valid");
});

test("denied: ip_denied (CF-Connecting-IP outside the policy's range); allowed inside", async () => {
  const url = sign(RSA_A, { url: `${w.base}/videos/a.mp4`, ipAddress: "198.51.100.0/24" });
  const body = await expectDenied(url, { headers: { "cf-connecting-ip": "192.0.2.1" } }, "ip_denied");
  assert.equal(body.reasons[0].client_ip, "192.0.2.1");
  assert.equal(body.reasons[0].range, "198.51.100.0/24");
  await expectAllowed(url, { headers: { "cf-connecting-ip": "198.51.100.7" } }, "/origin-root/videos/a.mp4");
});

test("denied: resource_mismatch (custom policy for another folder)", async () => {
  const url = sign(RSA_A, { url: `${w.base}/videos/free/a.mp4`, policy: policyFor(`${w.base}/videos/free/*`) });
  await expectAllowed(url, {}, "/origin-root/videos/free/a.mp4");
  await expectDenied(url.replace("/videos/free/a.mp4", "/videos/paid/a.mp4"), {}, "resource_mismatch");
});

test("guard: wrong method -> 405; paths outside the prefix are not guarded", async () => {
  const r = await w.fetch("/videos/a.mp4", { method: "POST", body: "x" });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get("allow"), "GET, HEAD");
  const r2 = await w.fetch("/videosX/a.mp4");
  assert.equal(r2.status, 404);
});

test("guard: an origin that does not answer -> 502 JSON", async () => {
  const dead = await freePort();
  const w2 = await worker((base) =>
    baseEnv(base, { GUARD_PREFIX: "/videos/", ORIGIN_URL: `http://127.0.0.1:${dead}`, TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }) }),
  );
  try {
    const r = await w2.fetch(sign(RSA_A, { url: `${w2.base}/videos/a.mp4` }));
    assert.equal(r.status, 502);
    assert.equal((await r.json()).error, "origin_unreachable");
  } finally {
    await w2.stop();
  }
});
