// The page's check tab in headless Chromium (see page-harness.mjs), given signed cookies made with
// Node's own crypto (node-signing.mjs): a Cookie header and Set-Cookie lines, and the cookies a
// browser would not send.

import { test } from "node:test";
import assert from "node:assert/strict";
import { KEYS, HOST, now, signCookies, cookieHeader, setCookieLines } from "./node-signing.mjs";
import { useBrowser, open, paste, verdict, msg, shot } from "./page-harness.mjs";

useBrowser();

test("cookies instead of a URL: Set-Cookie lines and a Cookie header", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const { page } = s;
  const expires = now() + 86400;
  const lines = setCookieLines(signCookies({ resource: `${HOST}/videos/*`, expires }));
  await paste(page, lines);
  let v = await verdict(page);
  assert.equal(v.state, "pending");
  assert.match(v.sub, /Enter the URL requested with these cookies/);
  assert.match(await msg(page, "req-url"), /the policy covers https:\/\/d111111abcdef8\.cloudfront\.net\/videos\/\*/);
  const facts = await page.textContent("#facts");
  assert.match(facts, /Signed cookies/);
  assert.match(facts, /Custom policy/);
  await page.fill("#req-url", `${HOST}/videos/intro.mp4`);
  v = await verdict(page);
  assert.equal(v.state, "allowed", JSON.stringify(v));
  assert.match(v.sub, /with these cookies/);
  await shot(page, "allowed-cookies");
  await page.fill("#req-url", `${HOST}/music/song.mp3`);
  assert.deepEqual((await verdict(page)).codes, ["resource_mismatch"]);

  // a canned Cookie header: the URL is part of the signature
  await page.fill("#req-url", "");
  await paste(page, cookieHeader(signCookies({ url: `${HOST}/videos/intro.mp4`, expires })));
  assert.match(await page.textContent("#facts"), /Canned policy/);
  assert.match(await page.textContent("#facts"), /not in the cookies/);
  assert.equal((await verdict(page)).state, "pending");
  await page.fill("#req-url", `${HOST}/videos/intro.mp4`);
  assert.equal((await verdict(page)).state, "allowed");
  await page.fill("#req-url", `${HOST}/videos/other.mp4`);
  assert.deepEqual((await verdict(page)).codes, ["bad_signature"]);
  // incomplete cookies say what is missing
  await paste(page, "Cookie: CloudFront-Key-Pair-Id=K2RSATESTKEY01");
  assert.match(await msg(page, "input"), /missing Expires or Policy, Signature/);
  await s.done();
});

test("Set-Cookie lines a browser would not send: cookie_not_sent first, with the fix", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const { page } = s;
  const expires = now() + 86400;
  const cookies = signCookies({ resource: `${HOST}/videos/*`, expires });
  const withAttrs = (attrs) => Object.entries(cookies).map(([n, v]) => `Set-Cookie: ${n}=${v}; ${attrs}`).join("\n");
  await page.fill("#req-url", `${HOST}/videos/intro.mp4`);
  for (const [attrs, why] of [["Domain=example.com; Path=/; Secure", /Domain=example\.com does not cover the request host d111111abcdef8\.cloudfront\.net/],
    ["Path=/images/; Secure", /Path=\/images\/ does not cover the request path \/videos\/intro\.mp4/],
    ["Path=/; Max-Age=0", /Max-Age=0 deletes it/]]) {
    await paste(page, withAttrs(attrs));
    const v = await verdict(page);
    assert.equal(v.state, "denied", attrs);
    assert.equal(v.codes[0], "cookie_not_sent", `${attrs}: ${v.codes}`);
    assert.match(v.status, /cookie not sent/);
    assert.match(v.reasons[0], why);
    assert.match(v.reasons[0], /Fix:/);
  }
  await shot(page, "cookie-not-sent");
  // Over http, Secure cookies stay home.
  await paste(page, withAttrs("Path=/; Secure"));
  await page.fill("#req-url", `${HOST.replace("https:", "http:")}/videos/intro.mp4`);
  assert.match((await verdict(page)).reasons[0], /it is Secure, and the request is http/);
  // A stray cookie elsewhere, the set complete: allowed, with a note.
  await page.fill("#req-url", `${HOST}/videos/intro.mp4`);
  await paste(page, `${withAttrs("Path=/; Secure")}\nSet-Cookie: CloudFront-Policy=stale; Domain=example.com`);
  assert.equal((await verdict(page)).state, "allowed");
  assert.match(await page.textContent("#notes"), /CloudFront-Policy \(Set-Cookie line 4\) is not sent/);
  await s.done();
});
