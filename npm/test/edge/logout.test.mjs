// POST /auth/logout over real HTTP on every host: the cookies minting set, held by a real RFC 6265
// cookie jar (tough-cookie), are all gone after the logout's Set-Cookie lines (every cookie Path,
// the mint's Domain); GET changes nothing (405); a browser's cross-site POST is refused (logout
// CSRF); return_to answers 303.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Cookie, CookieJar } from "tough-cookie";
import { baseEnv, cfsign, hsToken, rawRequest, worker } from "./helpers.mjs";

let w;
before(async () => {
  w = await worker((base) => baseEnv(base));
});
after(() => w?.stop());

// The jar reads the lines as a browser on the cookies' own host (COOKIE_DOMAIN is 127.0.0.1).
const PAGE = "https://127.0.0.1/videos/free/a.mp4";
// Live cookies only: a deletion leaves an expired entry (TTL 0) until the jar is next read.
const cloudFront = (jar) => jar.serializeSync().cookies.filter((c) => c.key.startsWith("CloudFront-") && Cookie.fromJSON(c).TTL() > 0);

async function mintInto(jar, tier) {
  const r = await w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${await hsToken({ tier })}` } });
  assert.equal(r.status, 200);
  for (const line of r.headers.getSetCookie()) jar.setCookieSync(line, PAGE);
}

const logout = (headers = {}, query = "") => rawRequest(w.base, `/auth/logout${query}`, { method: "POST", headers: { "content-length": "0", ...headers } });
const setCookies = (r) => [].concat(r.headers["set-cookie"] ?? []);

test("logout deletes every cookie minting set, at every Path, with the mint's Domain", async () => {
  for (const [tier, live] of [["multi", ["/audio/", "/videos/free/"]], ["premium", ["/"]]]) {
    const jar = new CookieJar();
    await mintInto(jar, tier);
    assert.deepEqual([...new Set(cloudFront(jar).map((c) => c.path))].sort(), live, tier);
    assert.equal(cloudFront(jar).length, 3 * live.length, tier);
    const r = await logout({ origin: w.base, "sec-fetch-site": "same-origin" });
    assert.equal(r.status, 200, r.body);
    const body = JSON.parse(r.body);
    assert.equal(body.status, "logged_out");
    assert.deepEqual([...body.paths].sort(), ["/", "/audio/", "/videos/free/"]);
    const lines = setCookies(r);
    // The package's own deletions for the mint's attributes, nothing else.
    assert.deepEqual(lines, body.paths.flatMap((path) => cfsign.clearCookies({ domain: "127.0.0.1", path })));
    for (const line of lines) jar.setCookieSync(line, PAGE);
    assert.deepEqual(cloudFront(jar), [], tier);
    assert.equal(r.headers["cache-control"], "no-store");
  }
});

test("a deletion at another Domain or Path would have left the cookies (what logout avoids)", async () => {
  const jar = new CookieJar();
  await mintInto(jar, "multi");
  const before = cloudFront(jar).length;
  for (const line of cfsign.clearCookies({ path: "/" })) jar.setCookieSync(line, PAGE);
  for (const line of cfsign.clearCookies({ domain: "127.0.0.1", path: "/audio" })) jar.setCookieSync(line, PAGE);
  assert.equal(cloudFront(jar).length, before);
});

test("GET /auth/logout changes nothing (405, Allow: POST)", async () => {
  const r = await rawRequest(w.base, "/auth/logout");
  assert.equal(r.status, 405);
  assert.equal(r.headers.allow, "POST");
  assert.deepEqual(setCookies(r), []);
});

test("a browser's cross-site POST is refused; same-site from another host is too; allowed hosts and non-browser clients are not", async () => {
  for (const headers of [
    { origin: "https://evil.example" },
    { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    { "sec-fetch-site": "cross-site" },
    { origin: "null" },
    { origin: "https://127.0.0.1.evil.example" },
    // A sibling subdomain is same-site, not this host: its Origin is checked as any other.
    { "sec-fetch-site": "same-site", origin: "https://other.127.0.0.1" },
    { "sec-fetch-site": "same-site", origin: "null" },
  ]) {
    const r = await logout(headers);
    assert.equal(r.status, 403, JSON.stringify(headers));
    assert.equal(JSON.parse(r.body).error, "cross_site_request");
    assert.deepEqual(setCookies(r), [], JSON.stringify(headers));
  }
  for (const headers of [
    {},
    { origin: w.base },
    { origin: "https://app.example.com" },
    { "sec-fetch-site": "same-site", origin: "https://app.example.com" },
    { "sec-fetch-site": "same-site" },
    { "sec-fetch-site": "none" },
  ]) {
    const r = await logout(headers);
    assert.equal(r.status, 200, `${JSON.stringify(headers)}: ${r.body}`);
    assert.ok(setCookies(r).length > 0);
  }
});

test("return_to: 303 to an allowed place, 400 elsewhere", async () => {
  let r = await logout({ origin: w.base }, `?return_to=${encodeURIComponent("/signed-out")}`);
  assert.equal(r.status, 303);
  assert.equal(r.headers.location, "/signed-out");
  assert.ok(setCookies(r).some((l) => l.startsWith("CloudFront-Signature=;")));
  r = await logout({ origin: w.base }, `?return_to=${encodeURIComponent("https://evil.example/")}`);
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).error, "bad_return_to");
  assert.deepEqual(setCookies(r), []);
});
