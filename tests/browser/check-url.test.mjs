// The page's check tab in headless Chromium (see page-harness.mjs), given signed URLs made with
// Node's own crypto (node-signing.mjs): allowed, tampered, expired, checked at another moment,
// IP ranges, wildcards, unknown and rotated keys, and a bad signature's likely cause.

import { test } from "node:test";
import assert from "node:assert/strict";
import { KEYS, HOST, now, signUrl, tamper } from "./node-signing.mjs";
import { useBrowser, open, settle, paste, verdict, msg, shot, addKeyByHand } from "./page-harness.mjs";

useBrowser();

test("a valid signed URL with its public key added by hand is allowed; the key is remembered", async () => {
  const s = await open();
  const { page } = s;
  const expires = now() + 3 * 3600 + 12 * 60 + 30;
  const url = signUrl({ url: `${HOST}/videos/intro.mp4`, expires });

  await paste(page, url);
  let v = await verdict(page);
  assert.equal(v.state, "denied", "no key yet");
  assert.deepEqual(v.codes, ["unknown_key"]);
  assert.match(v.reasons[0], /You have not added any public key yet/);
  // decoded at once, before any key
  const facts = await page.textContent("#facts");
  assert.match(facts, /Signed URL/);
  assert.match(facts, /Canned policy/);
  assert.match(facts, new RegExp(KEYS.rsa.id));
  assert.match(facts, /not in your keys/);
  assert.match(facts, /https:\/\/d111111abcdef8\.cloudfront\.net\/videos\/intro\.mp4/);

  await addKeyByHand(page, KEYS.rsa);
  v = await verdict(page);
  assert.equal(v.state, "allowed", JSON.stringify(v));
  assert.equal(v.status, "Allowed");
  assert.match(await page.textContent("#facts"), /in your keys/);
  assert.match(await page.textContent(".key-status"), /Trusted · RSA 2048/);

  // the validity window: relative, UTC and local (Berlin) times
  const tl = await page.textContent("#timeline");
  assert.match(tl, /Valid now: expires in 3 h 12 min/);
  const times = await page.textContent("#times");
  const utc = new Date(expires * 1000).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
  assert.ok(times.includes(utc), times);
  assert.match(times, /CES?T|GMT\+[12]/, "local time, with its zone");
  assert.match(times, /at once \(no start time\)/);
  // the policy JSON, pretty-printed
  const pol = await page.textContent("#policy-json");
  assert.match(pol, /\{\n {2}"Statement": \[/);
  assert.match(pol, /"AWS:EpochTime": \d+ {2}← /);
  await shot(page, "allowed-url");

  // public keys (only) are remembered
  const stored = await page.evaluate(() => localStorage.getItem("cfsign.publicKeys.v1"));
  assert.deepEqual(JSON.parse(stored), [{ id: KEYS.rsa.id, pem: KEYS.rsa.pub.trim() }]);
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  s.requests.length = 0; // the reload itself
  assert.equal(await page.inputValue("#keys li input"), KEYS.rsa.id);
  await paste(page, url);
  assert.equal((await verdict(page)).state, "allowed");
  await s.done();
});

test("one character of the signature changed: denied, signature does not match", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const url = signUrl({ url: `${HOST}/videos/intro.mp4`, expires: now() + 3600 });
  const bad = tamper(url);
  assert.notEqual(bad, url);
  await paste(s.page, bad);
  const v = await verdict(s.page);
  assert.equal(v.state, "denied");
  assert.deepEqual(v.codes, ["bad_signature"]);
  assert.match(v.status, /Denied: signature does not match/);
  assert.match(v.reasons[0], /signature does not match/);
  assert.match(v.reasons[0], /Fix: Sign the exact URL/);
  assert.match(v.sub, /403/);
  await shot(s.page, "denied-bad-signature");
  await s.done();
});

test("expired: denied, with the expiry time and how long ago", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const expires = now() - 2 * 86400 - 600;
  await paste(s.page, signUrl({ url: `${HOST}/videos/intro.mp4`, expires }));
  const v = await verdict(s.page);
  assert.equal(v.state, "denied");
  assert.deepEqual(v.codes, ["expired"]);
  const utc = new Date(expires * 1000).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
  assert.ok(v.reasons[0].includes(`Expired ${utc}`), v.reasons[0]);
  assert.match(v.reasons[0], /2 days ago/);
  assert.match(await s.page.textContent("#timeline"), /Expired 2 days ago/);
  await shot(s.page, "denied-expired");
  await s.done();
});

test("a valid URL checked at a later moment is expired; back to now it is allowed", async () => {
  const s = await open({ keys: [KEYS.ec] });
  const { page } = s;
  await paste(page, signUrl({ k: KEYS.ec, url: `${HOST}/a.mp4`, expires: now() + 3600 }));
  assert.equal((await verdict(page)).state, "allowed");
  assert.match(await page.textContent("#facts"), /SHA-256/);
  await page.uncheck("#now-live");
  await page.click("#now-plus-day");
  let v = await verdict(page);
  assert.deepEqual(v.codes, ["expired"]);
  assert.match(await page.textContent("#times"), /Tested at.*from now/s);
  // an incomplete date is reported next to the field
  await page.fill("#now-at", "");
  await settle(page);
  assert.match(await msg(page, "now-at"), /complete date and time/);
  await page.check("#now-live");
  v = await verdict(page);
  assert.equal(v.state, "allowed");
  assert.equal(await msg(page, "now-at"), "");
  await s.done();
});

test("IP range: outside is denied, inside allowed, a bad address is flagged next to the field", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const { page } = s;
  await paste(page, signUrl({ url: `${HOST}/videos/intro.mp4`, expires: now() + 3600, ip: "192.0.2.0/24" }));
  assert.match(await page.textContent("#facts"), /Custom policy/);
  assert.match(await page.textContent("#facts"), /192\.0\.2\.0\/24/);
  await page.fill("#client-ip", "198.51.100.7");
  let v = await verdict(page);
  assert.deepEqual(v.codes, ["ip_denied"]);
  assert.match(v.reasons[0], /client 198\.51\.100\.7 is outside 192\.0\.2\.0\/24/);
  assert.match(v.reasons[0], /Viewer 198\.51\.100\.7; allowed range 192\.0\.2\.0\/24/);
  await shot(page, "denied-ip");
  await page.fill("#client-ip", "192.0.2.77");
  v = await verdict(page);
  assert.equal(v.state, "allowed");
  await page.fill("#client-ip", "999.1");
  v = await verdict(page);
  assert.equal(v.state, "pending");
  assert.match(await msg(page, "client-ip"), /Not an IP address/);
  assert.equal(await page.getAttribute("#client-ip", "aria-invalid"), "true");
  await s.done();
});

test("a canned URL with a query is not labelled a wildcard (issue 21)", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const { page } = s;
  await paste(page, signUrl({ url: `${HOST}/image.jpg?size=large`, expires: now() + 3600 }));
  assert.equal((await verdict(page)).state, "allowed");
  assert.match(await page.textContent("#facts"), /Canned policy/);
  assert.doesNotMatch(await page.textContent("#facts"), /wildcard/);
});

test("wildcard policy: another path under it is allowed, a path outside it denied", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const { page } = s;
  const url = signUrl({ url: `${HOST}/videos/intro.mp4`, expires: now() + 3600, resource: `${HOST}/videos/*` });
  await paste(page, url);
  assert.equal((await verdict(page)).state, "allowed");
  assert.match(await page.textContent("#facts"), /wildcard/);
  await page.fill("#req-url", `${HOST}/videos/2024/finale.mp4`);
  assert.equal((await verdict(page)).state, "allowed");
  await page.fill("#req-url", `${HOST}/private/payroll.pdf`);
  const v = await verdict(page);
  assert.deepEqual(v.codes, ["resource_mismatch"]);
  assert.match(v.reasons[0], /does not match the policy resource https:\/\/d111111abcdef8\.cloudfront\.net\/videos\/\*/);
  await shot(page, "denied-wildcard-path");
  await page.fill("#req-url", "not a url");
  await settle(page);
  assert.match(await msg(page, "req-url"), /Not a URL/);
  await s.done();
});

test("unknown key ID is denied; a second key (rotation) is trusted too", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const { page } = s;
  const url = signUrl({ k: KEYS.rsaB, url: `${HOST}/videos/intro.mp4`, expires: now() + 3600 });
  await paste(page, url);
  let v = await verdict(page);
  assert.deepEqual(v.codes, ["unknown_key"]);
  assert.match(v.reasons[0], new RegExp(`key ${KEYS.rsaB.id} is not trusted`));
  assert.match(v.reasons[0], new RegExp(`Your keys: ${KEYS.rsa.id}`));
  await shot(page, "denied-unknown-key");
  // the button in the reason opens a row for that ID
  await page.click(`text=Add the public key of ${KEYS.rsaB.id}`);
  const rowKey = await page.evaluate(() => document.activeElement.id.replace("key-pem-", ""));
  assert.equal(await page.inputValue(`#key-id-${rowKey}`), KEYS.rsaB.id);
  await page.fill(`#key-pem-${rowKey}`, KEYS.rsaB.pub);
  v = await verdict(page);
  assert.equal(v.state, "allowed");
  // the old key still works
  await paste(page, signUrl({ url: `${HOST}/videos/intro.mp4`, expires: now() + 3600 }));
  assert.equal((await verdict(page)).state, "allowed");
  assert.equal(await page.locator(".key-status:visible").count(), 2);
  await s.done();
});

test("a key with the wrong key pair ID in the URL does not match its signature", async () => {
  const s = await open({ keys: [KEYS.rsa, KEYS.rsaB] });
  // signed with key B but naming key A
  await paste(s.page, signUrl({ k: KEYS.rsaB, id: KEYS.rsa.id, url: `${HOST}/x.mp4`, expires: now() + 3600 }));
  const v = await verdict(s.page);
  assert.deepEqual(v.codes, ["bad_signature"]);
  // The diagnosis (WebCrypto, one check after another) names the key that does verify it.
  assert.deepEqual(v.causes, ["signed_by_other_key"]);
  assert.match(v.reasons[0], new RegExp(`Likely cause: Signed with the private key of ${KEYS.rsaB.id}`));
  await s.done();
});

test("a bad signature names its likely cause: an appended parameter, a reordered query, none for a changed path", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const url = signUrl({ url: `${HOST}/videos/intro.mp4?b=2&a=1`, expires: now() + 3600 });
  await paste(s.page, `${url}&utm_source=mail`);
  let v = await verdict(s.page);
  assert.deepEqual(v.causes, ["query_added"]);
  assert.match(v.reasons[0], /Evidence: added after signing: utm_source/);
  await shot(s.page, "denied-bad-signature-likely-cause");
  await paste(s.page, url.replace("b=2&a=1", "a=1&b=2"));
  assert.deepEqual((await verdict(s.page)).causes, ["query_reordered"]);
  await paste(s.page, url.replace("intro", "outro"));
  v = await verdict(s.page);
  assert.deepEqual(v.causes, ["none"]);
  assert.match(v.reasons[0], /ruled out: signed_by_other_key/);
  await s.done();
});
