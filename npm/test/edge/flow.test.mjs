// The full flow over real HTTP against the worker on workerd: identity token -> signed cookies
// -> checked by the crate's verifier (allowed for the tier's paths, denied elsewhere); the
// browser redirect flow; signed URL batches; routes, methods and static assets.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as full from "cfsign/full"; // decodeSignedUrl: the full build only
import { baseEnv, DIAG, cookieHeaders, hsToken, keyGroup, ON_WORKERD, parseSetCookie, rawRequest, RSA_A, worker } from "./helpers.mjs";

let w;
before(async () => {
  w = await worker((base) => baseEnv(base), { assets: true });
});
after(() => w?.stop());

const bearer = (t) => ({ authorization: `Bearer ${t}` });
const verify = (url, cookies) => keyGroup(RSA_A).verify(url, { cookies });

test("healthz reports the active key, imported natively", async () => {
  const r = await w.fetch("/healthz", { headers: DIAG });
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.status, "ok");
  assert.equal(body.key_pair_id, RSA_A.id);
  assert.equal(body.key_type, "RSA");
  assert.equal(body.native_crypto, true);
});

test("token -> cookies: attributes, lifetime, and the crate's verifier allows the tier's paths only", async () => {
  const r = await w.fetch("/auth/cookies", { method: "POST", headers: bearer(await hsToken({ tier: "free" })) });
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.tier, "free");
  assert.equal(body.max_age, 1800);
  const lines = r.headers.getSetCookie();
  const live = lines.map(parseSetCookie).filter((c) => c.attrs["max-age"] !== "0");
  assert.deepEqual(live.map((c) => c.name).sort(), ["CloudFront-Key-Pair-Id", "CloudFront-Policy", "CloudFront-Signature"]);
  for (const c of live) {
    assert.equal(c.attrs.domain, "127.0.0.1");
    assert.equal(c.attrs.path, "/");
    assert.equal(c.attrs.secure, true);
    assert.equal(c.attrs.httponly, true);
    assert.equal(c.attrs.samesite, "Lax");
    // The policy's lifetime (the package's rule): Expires its DateLessThan, Max-Age the seconds left.
    assert.equal(c.attrs.expires, new Date(body.expires * 1000).toUTCString());
    assert.ok(Math.abs(Number(c.attrs["max-age"]) - 1800) <= 5, c.attrs["max-age"]);
  }
  // Max-Age equals the policy's lifetime.
  const cookie = cookieHeaders(lines).get("/");
  const decoded = full.decodeSignedUrl(cookie);
  assert.equal(decoded.source, "cookies");
  assert.equal(decoded.policy.dateLessThan, body.expires);
  const lifetime = body.expires - Math.floor(Date.now() / 1000);
  assert.ok(Math.abs(lifetime - 1800) <= 5, `policy lifetime ${lifetime}`);
  assert.equal(decoded.policy.resource, `${w.base}/videos/free/*`);

  for (const p of ["/videos/free/a.mp4", "/videos/free/sub/b.m3u8?q=1"]) {
    const v = verify(w.base + p, cookie);
    assert.equal(v.allowed, true, `${p}: ${JSON.stringify(v.reasons)}`);
    assert.equal(v.source, "cookies");
  }
  for (const p of ["/videos/premium.mp4", "/audio/x.mp3", "/videos/freebie.mp4"]) {
    const v = verify(w.base + p, cookie);
    assert.equal(v.allowed, false, p);
    assert.deepEqual(v.reasons.map((x) => x.code), ["resource_mismatch"]);
  }
});

test("premium cookies cover all of /videos/", async () => {
  const r = await w.fetch("/auth/cookies", { method: "POST", headers: bearer(await hsToken({ tier: "premium" })) });
  assert.equal(r.status, 200);
  const cookie = cookieHeaders(r.headers.getSetCookie()).get("/");
  assert.equal(verify(`${w.base}/videos/premium.mp4`, cookie).allowed, true);
  assert.equal(verify(`${w.base}/videos/free/a.mp4`, cookie).allowed, true);
  assert.equal(verify(`${w.base}/audio/a.mp3`, cookie).allowed, false);
});

test("a tier with several patterns gets one cookie set per pattern path, and other paths cleared", async () => {
  const r = await w.fetch("/auth/cookies", { method: "POST", headers: bearer(await hsToken({ tier: "multi" })) });
  assert.equal(r.status, 200);
  const lines = r.headers.getSetCookie();
  const sets = cookieHeaders(lines);
  assert.deepEqual([...sets.keys()].sort(), ["/audio/", "/videos/free/"]);
  assert.equal(verify(`${w.base}/audio/song.mp3`, sets.get("/audio/")).allowed, true);
  assert.equal(verify(`${w.base}/videos/free/a.mp4`, sets.get("/videos/free/")).allowed, true);
  assert.equal(verify(`${w.base}/videos/premium.mp4`, sets.get("/videos/free/")).allowed, false);
  // The Path=/ set of another tier is cleared so a browser never sends two policies.
  const cleared = lines.map(parseSetCookie).filter((c) => c.attrs["max-age"] === "0" && c.attrs.path === "/");
  assert.ok(cleared.some((c) => c.name === "CloudFront-Policy"));
});

test("the identity token is read from the session cookie too", async () => {
  const r = await w.fetch("/auth/cookies", { method: "POST", headers: { cookie: `other=1; app_session=${await hsToken({ tier: "premium" })}` } });
  assert.equal(r.status, 200);
  assert.equal((await r.json()).tier, "premium");
});

test("GET /auth/cookies redirects to an allowed return_to, refuses others", async () => {
  const token = await hsToken({ tier: "premium" });
  let r = await w.fetch(`/auth/cookies?return_to=${encodeURIComponent("https://app.example.com/watch?v=1")}`, { headers: { cookie: `app_session=${token}` } });
  assert.equal(r.status, 302);
  assert.equal(r.headers.get("location"), "https://app.example.com/watch?v=1");
  assert.ok(r.headers.getSetCookie().some((l) => l.startsWith("CloudFront-Signature=")));
  r = await w.fetch(`/auth/cookies?return_to=${encodeURIComponent("/index.html")}`, { headers: bearer(token) });
  assert.equal(r.status, 302);
  assert.equal(r.headers.get("location"), "/index.html");
  for (const bad of ["https://evil.example.net/", "//evil.example.net/x", "/.//evil.example.net/x", "/a/..//evil.example.net/x", "/\\evil.example.net", "javascript:alert(1)", "https://app.example.com@evil.example.net/", "/\t/evil.example.net"]) {
    r = await w.fetch(`/auth/cookies?return_to=${encodeURIComponent(bad)}`, { headers: bearer(token) });
    assert.equal(r.status, 400, bad);
    assert.equal((await r.json()).error, "bad_return_to");
    assert.equal(r.headers.getSetCookie().length, 0);
  }
  r = await w.fetch("/auth/cookies", { headers: bearer(token) });
  assert.equal(r.status, 200);
});

// Review of issue 29 (e01's class): a relative return_to was made absolute with the request URL's
// origin, which the client names (Host, an absolute-form target): `Host: evil.example.net` turned
// return_to=/index.html into a redirect to http://evil.example.net/index.html (a cache keyed
// without Host would serve it to others), and behind a TLS-terminating proxy into the internal
// http:// origin. A path stays a path: the browser resolves it against the URL it asked.
test("GET /auth/cookies: a relative return_to never redirects to the host the request names", async () => {
  const token = await hsToken({ tier: "premium" });
  for (const host of ["evil.example.net", "evil.example.net:8443"]) {
    const r = await rawRequest(w.base, `/auth/cookies?return_to=${encodeURIComponent("/index.html?a=1")}`, { headers: { host, authorization: `Bearer ${token}` } });
    if (r.status === 400) continue; // a host that refuses a Host it does not serve
    assert.equal(r.status, 302, r.body);
    assert.doesNotMatch(r.headers.location, /evil/);
    assert.equal(r.headers.location, "/index.html?a=1");
  }
});

test("valid token with an unknown or missing tier -> 403", async () => {
  for (const claims of [{ tier: "platinum" }, {}, { tier: ["premium"] }, { tier: "__proto__" }, { tier: "constructor" }]) {
    const r = await w.fetch("/auth/cookies", { method: "POST", headers: bearer(await hsToken(claims)) });
    assert.equal(r.status, 403, JSON.stringify(claims));
    assert.equal((await r.json()).error, "unknown_tier");
    assert.equal(r.headers.getSetCookie().length, 0);
  }
});

test("signed URLs: a batch, each verified by the crate; relative and absolute paths", async () => {
  const token = await hsToken({ tier: "free" });
  const paths = ["/videos/free/a.mp4", "/videos/free/b%20c.mp4?lang=en", `${w.base}/videos/free/x/y.ts`];
  const r = await w.fetch("/api/signed-urls", { method: "POST", headers: { ...bearer(token), "content-type": "application/json" }, body: JSON.stringify({ paths }) });
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.urls.length, 3);
  for (const url of body.urls) {
    const v = verify(url);
    assert.equal(v.allowed, true, `${url}: ${JSON.stringify(v.reasons)}`);
    assert.equal(v.source, "url");
    assert.equal(v.policyType, "canned");
  }
  assert.ok(body.urls[1].startsWith(`${w.base}/videos/free/b%20c.mp4?lang=en&Expires=`));
  // A signed URL is only good for its own path.
  const other = body.urls[0].replace("/a.mp4", "/other.mp4");
  assert.equal(verify(other).allowed, false);
});

test("signed URLs: batch limit, empty batch, foreign paths, bad paths, bad JSON", async () => {
  const token = await hsToken({ tier: "free" });
  const post = (body) => w.fetch("/api/signed-urls", { method: "POST", headers: bearer(token), body });
  let r = await post(JSON.stringify({ paths: Array.from({ length: 6 }, (_, i) => `/videos/free/${i}.mp4`) }));
  assert.equal(r.status, 400);
  assert.equal((await r.json()).error, "too_many_paths");
  r = await post(JSON.stringify({ paths: Array.from({ length: 5 }, (_, i) => `/videos/free/${i}.mp4`) }));
  assert.equal(r.status, 200);
  r = await post(JSON.stringify({ paths: [] }));
  assert.equal(r.status, 400);
  r = await post(JSON.stringify({ paths: ["/videos/free/ok.mp4", "/videos/premium.mp4", "https://other.example.com/videos/free/a.mp4"] }));
  assert.equal(r.status, 403);
  let body = await r.json();
  assert.equal(body.error, "forbidden_paths");
  assert.deepEqual(body.paths.map((p) => p.index), [1, 2]);
  // Dot segments are resolved before matching: no escape from the tier's folder. Encoded ones
  // are refused as written (test/paths.test.mjs has every form).
  r = await post(JSON.stringify({ paths: ["/videos/free/../premium.mp4"] }));
  assert.equal(r.status, 403);
  r = await post(JSON.stringify({ paths: ["/videos/free/%2e%2e/premium.mp4"] }));
  assert.equal(r.status, 400);
  assert.equal((await r.json()).error, "bad_paths");
  for (const bad of [["videos/free/a.mp4"], ["//evil.example.com/videos/free/a"], [42], ["/videos/free/a*.mp4"], ["/videos/free/a.mp4?Signature=x"], ["/videos/free/a b.mp4"]]) {
    r = await post(JSON.stringify({ paths: bad }));
    assert.equal(r.status, 400, JSON.stringify(bad));
    body = await r.json();
    assert.equal(body.error, "bad_paths");
  }
  for (const bad of ["{not json", "", "[1,2]", '{"paths": "/videos/free/a.mp4"}', "null"]) {
    r = await post(bad);
    assert.equal(r.status, 400, bad);
    assert.match((await r.json()).error, /^bad_(json|request)$/);
  }
  r = await w.fetch("/api/signed-urls", { method: "POST", body: JSON.stringify({ paths: ["/videos/free/a.mp4"] }) });
  assert.equal(r.status, 401);
});

test("routes: 404 JSON for unknown paths, 405 for wrong methods, static page from www/", async () => {
  let r = await w.fetch("/nope");
  assert.equal(r.status, 404);
  assert.equal((await r.json()).error, "not_found");
  r = await w.fetch("/nope", { method: "POST" });
  assert.equal(r.status, 404);
  for (const [path, method, allow] of [["/healthz", "POST", "GET, HEAD"], ["/auth/cookies", "PUT", "GET, POST"], ["/api/signed-urls", "GET", "POST"]]) {
    r = await w.fetch(path, { method });
    assert.equal(r.status, 405, `${method} ${path}`);
    assert.equal(r.headers.get("allow"), allow);
    assert.equal((await r.json()).error, "method_not_allowed");
  }
  // The page is the Cloudflare worker's static assets; other hosts serve only the handler.
  if (!ON_WORKERD) return;
  r = await w.fetch("/pkg/browser.mjs");
  assert.equal(r.status, 200);
  assert.match(await r.text(), /from "\.\/api-lite\.mjs"/);
  r = await w.fetch("/pkg/api-lite.mjs");
  assert.equal(r.status, 200);
  assert.match(await r.text(), /resourceMatches/);
});

test("the private key is imported once per isolate, not per request", async () => {
  const before = (await (await w.fetch("/healthz", { headers: DIAG })).json()).isolate;
  const token = await hsToken({ tier: "premium" });
  for (let i = 0; i < 10; i++) {
    const r = await w.fetch("/auth/cookies", { method: "POST", headers: bearer(token) });
    assert.equal(r.status, 200);
  }
  const afterStats = (await (await w.fetch("/healthz", { headers: DIAG })).json()).isolate;
  assert.equal(afterStats.keyImports, before.keyImports);
  assert.equal(afterStats.configBuilds, 1);
  assert.ok(afterStats.requests >= before.requests + 11);
});

test("nothing about tokens or keys reaches the log", async () => {
  const token = await hsToken({ tier: "premium" });
  await w.fetch("/auth/cookies", { method: "POST", headers: bearer(token) });
  await w.fetch("/auth/cookies", { method: "POST", headers: bearer(token + "x") });
  const all = w.logs.join("\n");
  assert.ok(!all.includes(token.split(".")[1]), "token in log");
  assert.ok(!all.includes("PRIVATE KEY"), "key in log");
  assert.ok(!all.includes("CloudFront-Signature"), "cookie in log");
});
