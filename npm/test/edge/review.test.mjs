// What held up in the issue 11 review and must keep holding, over HTTP against the guard on
// workerd: tampered, duplicated and mixed signing parameters are denied and never reach the
// origin. (JWT: jwt.test.mjs; open redirects: flow.test.mjs; encoded paths: paths.test.mjs.)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { baseEnv, cfsign, DIAG, cookieHeaders, hsToken, origin, rawRequest, RSA_A, worker } from "./helpers.mjs";

let w;
let o;
before(async () => {
  o = await origin();
  w = await worker((base) =>
    baseEnv(base, { GUARD_PREFIX: "/videos/", ORIGIN_URL: o.url, TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }) }),
  );
});
after(async () => {
  await w?.stop();
  await o?.close();
});

const soon = () => Date.now() + 600_000;
const sign = (path, opts = {}) => cfsign.getSignedUrl({ url: `${w.base}${path}`, keyPairId: RSA_A.id, privateKey: RSA_A.priv, dateLessThan: soon(), ...opts });
const policyFor = (resource) =>
  JSON.stringify({ Statement: [{ Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": Math.floor(soon() / 1000) } } }] });
const pathAndQuery = (url) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

async function expectDenied(pathQuery, headers, code) {
  const n = o.seen.length;
  const r = await rawRequest(w.base, pathQuery, { headers: { ...headers, ...DIAG } });
  assert.equal(r.status, 403, `${pathQuery}: ${r.body}`);
  const body = JSON.parse(r.body);
  assert.equal(body.error, "access_denied");
  if (code) assert.ok(body.reasons.some((x) => x.code === code), `${pathQuery}: ${JSON.stringify(body.reasons.map((x) => x.code))}`);
  assert.equal(o.seen.length, n, "a denied request never reaches the origin");
  return body;
}

test("the untampered URL is allowed (the baseline of the cases below)", async () => {
  const r = await rawRequest(w.base, pathAndQuery(sign("/videos/a.mp4")));
  assert.equal(r.status, 200, r.body);
});

test("tampered parameters: Expires, Signature, Key-Pair-Id, Policy, path -> denied", async () => {
  const canned = pathAndQuery(sign("/videos/a.mp4"));
  await expectDenied(canned.replace(/Expires=(\d+)/, (_, e) => `Expires=${Number(e) + 3600}`), {}, "bad_signature");
  await expectDenied(canned.replace(/Signature=(.)/, (_, c) => `Signature=${c === "A" ? "B" : "A"}`), {}, "bad_signature");
  await expectDenied(canned.replace(`Key-Pair-Id=${RSA_A.id}`, "Key-Pair-Id=KOTHERKEY01"), {}, "unknown_key");
  await expectDenied(canned.replace("/a.mp4", "/b.mp4"), {}, "bad_signature");
  // A custom policy for /videos/free/* with the signature of a policy for /videos/*.
  const narrow = new URL(sign("/videos/free/a.mp4", { policy: policyFor(`${w.base}/videos/free/*`) }));
  const wide = new URL(sign("/videos/free/a.mp4", { policy: policyFor(`${w.base}/videos/*`) }));
  const swapped = `/videos/premium.mp4?Policy=${wide.searchParams.get("Policy")}&Signature=${narrow.searchParams.get("Signature")}&Key-Pair-Id=${RSA_A.id}`;
  await expectDenied(swapped, {}, "bad_signature");
});

test("duplicate parameters and Expires with Policy -> malformed", async () => {
  const canned = pathAndQuery(sign("/videos/a.mp4"));
  const custom = pathAndQuery(sign("/videos/a.mp4", { policy: policyFor(`${w.base}/videos/*`) }));
  const expires = /Expires=\d+/.exec(canned)[0];
  const policy = /Policy=[^&]+/.exec(custom)[0];
  for (const q of [
    `${canned}&Signature=AAAA`,
    `${canned}&${expires}`,
    `${canned}&Key-Pair-Id=${RSA_A.id}`,
    `${custom}&${policy}`,
    `${canned}&${policy}`,
    `${custom}&${expires}`,
  ]) {
    await expectDenied(q, {}, "malformed");
  }
});

test("mixed cookies and URL parameters: the URL's parameters are read alone, never completed by cookies", async () => {
  const token = await hsToken({ tier: "premium" });
  const minted = await w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${token}` } });
  const cookies = cookieHeaders(minted.headers.getSetCookie()).get("/");
  // Valid cookies alone open the path; with some signing parameters in the URL, the URL decides.
  const r = await rawRequest(w.base, "/videos/a.mp4", { headers: { cookie: cookies } });
  assert.equal(r.status, 200, r.body);
  const url = new URL(sign("/videos/a.mp4"));
  for (const keep of [["Signature"], ["Signature", "Key-Pair-Id"], ["Expires"], ["Key-Pair-Id"]]) {
    const q = keep.map((k) => `${k}=${url.searchParams.get(k)}`).join("&");
    const body = await expectDenied(`/videos/a.mp4?${q}`, { cookie: cookies }, "missing_signature");
    assert.equal(body.source, "url");
  }
  // A URL signature with the cookies' policy: not a valid pair either.
  const cookiePolicy = /CloudFront-Policy=([^;]+)/.exec(cookies)[1];
  await expectDenied(`/videos/a.mp4?Policy=${cookiePolicy}&Signature=${url.searchParams.get("Signature")}&Key-Pair-Id=${RSA_A.id}`, {}, "bad_signature");
  // Cookies of one set with the signature of another: denied.
  const other = cookieHeaders((await w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${await hsToken({ tier: "free" })}` } })).headers.getSetCookie()).get("/");
  const mixed = cookies.replace(/CloudFront-Signature=[^;]+/, /CloudFront-Signature=[^;]+/.exec(other)[0]);
  await expectDenied("/videos/a.mp4", { cookie: mixed }, "bad_signature");
});
