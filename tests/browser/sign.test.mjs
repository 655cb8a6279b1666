// The page's signing tab in headless Chromium (see page-harness.mjs): generated and pasted keys,
// signed URLs and cookies checked in the first tab and by Node's crypto, and bad input shown next
// to each field.

import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { KEYS, HOST, key, policyJson } from "./node-signing.mjs";
import { useBrowser, open, settle, verdict, msg, shot } from "./page-harness.mjs";

useBrowser();

test("signing tab round-trips into the check tab: generated ECDSA key, URL", async () => {
  const s = await open();
  const { page } = s;
  await page.click("#tab-sign");
  assert.match(await page.textContent("#panel-sign .banner-warn"), /Production private keys belong on a server, never in a browser/);
  await page.click("#gen-key");
  await page.waitForFunction(() => document.getElementById("priv").value.includes("BEGIN PRIVATE KEY"));
  await page.fill("#sign-starts", "");
  await page.click("#sign-btn");
  await page.waitForSelector("#sign-results:not([hidden])");
  const signed = await page.textContent("#out-url");
  assert.match(signed, /^https:\/\/d111111abcdef8\.cloudfront\.net\/videos\/intro\.mp4\?Expires=\d+&Key-Pair-Id=K2TESTKEY0001&Signature=[A-Za-z0-9~_-]+&Hash-Algorithm=SHA256$/);
  assert.match(await page.textContent("#out-url-check"), /CloudFront would serve this URL now/);
  assert.match(await page.textContent("#out-cookie-check"), /would serve/);
  assert.match(await page.textContent("#out-pub"), /^-----BEGIN PUBLIC KEY-----\n/);
  assert.match(await page.textContent("#out-setcookie"), /^Set-Cookie: CloudFront-Expires=\d+; Domain=d111111abcdef8\.cloudfront\.net; Path=\/; Expires=\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT; Max-Age=\d+; Secure; HttpOnly$/m); // the cookies live as long as the policy
  await shot(page, "sign-tab");
  await page.click("#check-url");
  assert.equal(await page.getAttribute("#tab-check", "aria-selected"), "true");
  assert.equal(await page.inputValue("#input"), signed);
  const v = await verdict(page);
  assert.equal(v.state, "allowed", JSON.stringify(v));
  assert.equal(await page.inputValue("#keys li input"), "K2TESTKEY0001");
  // the private key was not stored anywhere
  const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.doesNotMatch(storage, /PRIVATE/);
  await s.done();
});

test("signing tab: generated RSA key, wildcard cookies with a start and IP range, checked in the first tab", async () => {
  const s = await open();
  const { page } = s;
  await page.click("#tab-sign");
  await page.selectOption("#gen-type", "rsa");
  await page.click("#gen-key");
  await page.waitForFunction(() => document.getElementById("priv").value.includes("BEGIN PRIVATE KEY"), null, { timeout: 30000 });
  await page.fill("#kp-id", "KROTATION2");
  await page.fill("#sign-resource", `${HOST}/videos/*`);
  await page.fill("#sign-ip", "192.0.2.0/24");
  await page.click('[data-expires="86400"]');
  const start = await page.evaluate(() => {
    const d = new Date(Date.now() - 3600e3);
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  });
  await page.fill("#sign-starts", start);
  await page.click("#sign-btn");
  await page.waitForSelector("#sign-results:not([hidden])");
  assert.match(await page.textContent("#out-url"), /\?Policy=[^&]+&Key-Pair-Id=KROTATION2&Signature=/);
  assert.match(await page.textContent("#sign-status"), /Signed with RSA \(SHA-1\), custom policy/);
  // the self-check runs from an address in the range; so does the round trip
  assert.match(await page.textContent("#out-cookie-check"), /would serve .* from 192\.0\.2\.0 now/);
  await page.click("#check-cookies");
  assert.equal(await page.inputValue("#client-ip"), "192.0.2.0");
  assert.match(await page.inputValue("#input"), /^Set-Cookie: CloudFront-Policy=/);
  assert.equal(await page.inputValue("#req-url"), `${HOST}/videos/intro.mp4`);
  assert.equal((await verdict(page)).state, "allowed");
  assert.match(await page.textContent("#facts"), /192\.0\.2\.0\/24/);
  assert.match(await page.textContent("#times"), /Starts.*1 h ago/s);
  await page.fill("#client-ip", "203.0.113.9");
  assert.deepEqual((await verdict(page)).codes, ["ip_denied"]);
  await page.fill("#client-ip", "192.0.2.1");
  await page.fill("#req-url", `${HOST}/videos/other/clip.mp4`);
  assert.equal((await verdict(page)).state, "allowed");
  await s.done();
});

test("signing tab: a pasted test key gives the same public key as OpenSSL; the page's URLs verify in Node", async () => {
  const s = await open();
  const { page } = s;
  await page.click("#tab-sign");
  for (const k of [KEYS.rsa, KEYS.ec]) {
    await page.fill("#kp-id", k.id);
    await page.fill("#priv", k.priv);
    await page.click("#sign-btn");
    await page.waitForFunction((id) => document.getElementById("out-pub-id").textContent.includes(id), k.id);
    assert.equal((await page.textContent("#out-pub")).trim(), k.pub.trim(), `public key of ${k.id}`);
    // check the signed URL with Node's crypto, independent of the page
    const signed = await page.textContent("#out-url");
    const q = new URLSearchParams(signed.split("?")[1]);
    const expires = Number(q.get("Expires"));
    const resource = signed.split("?")[0];
    const pol = policyJson({ resource, expires });
    const sig = Buffer.from(q.get("Signature").replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");
    const alg = q.get("Hash-Algorithm") === "SHA256" ? "sha256" : "sha1";
    assert.ok(crypto.verify(alg, Buffer.from(pol), { key: k.pub, dsaEncoding: "der" }, sig), `Node verifies ${k.id}`);
  }
  await s.done();
});

test("signing tab: bad input is shown next to each field", async () => {
  const s = await open();
  const { page } = s;
  await page.click("#tab-sign");
  await page.fill("#kp-id", "");
  await page.fill("#sign-url", "ftp:/nope");
  await page.fill("#sign-ip", "300.1.2.3/40");
  await page.click("#sign-btn");
  await settle(page);
  assert.match(await msg(page, "kp-id"), /Enter the key ID/);
  assert.match(await msg(page, "priv"), /Generate a key pair above, or paste/);
  assert.match(await msg(page, "sign-url"), /full URL/);
  assert.match(await msg(page, "sign-ip"), /IPv4 address or range/);
  assert.equal(await page.evaluate(() => document.activeElement.id), "kp-id", "focus on the first bad field");
  await page.fill("#kp-id", "KTEST");
  await page.fill("#sign-url", `${HOST}/a.mp4`);
  await page.fill("#sign-ip", "");
  await page.fill("#priv", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  await page.click("#sign-btn");
  await settle(page);
  assert.notEqual(await msg(page, "priv"), "");
  await page.fill("#priv", key("bad_rsa_encrypted_pkcs8.pem"));
  await page.click("#sign-btn");
  await page.waitForFunction(() => !document.getElementById("priv-msg").hidden);
  assert.match(await msg(page, "priv"), /encrypted/);
  await page.fill("#priv", KEYS.rsa.pub);
  await page.click("#sign-btn");
  await settle(page);
  assert.match(await msg(page, "priv"), /public key/);
  await shot(page, "sign-errors");
  await s.done();
});
