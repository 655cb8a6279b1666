// The page's Distribution tab in headless Chromium: the AWS CLI's real output (tests/fixtures/aws,
// from moto's server) pasted or dropped, the behaviors with the matched one highlighted, the
// audit's findings, the diagnosis of signed URLs made here with Node's own crypto. Screenshots,
// desktop and phone, go to target/screenshots/.

import { test } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { running, useBrowser, VIEWPORTS } from "./page-harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const SHOTS = path.join(repo, "target", "screenshots");
const fixture = (f) => fs.readFileSync(path.join(repo, "tests", "fixtures", "aws", f), "utf8");
const key = (f) => fs.readFileSync(path.join(repo, "tests", "keys", f), "utf8");

const DIST = fixture("get-distribution.json");
const GROUPS = fixture("list-key-groups.json");
const KEYS = fixture("list-public-keys.json");
const keyId = (name) => JSON.parse(KEYS).PublicKeyList.Items.find((k) => k.Name === name).Id;
const HOST = "https://media.example.com";
const now = () => Math.floor(Date.now() / 1000);

const cfBase64 = (buf) => Buffer.from(buf).toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");

/** A canned signed URL: RSA with SHA-1, ECDSA with SHA-256 (and Hash-Algorithm). */
function signUrl(url, { pem, id, ec = false }) {
  const expires = now() + 3600;
  const policy = JSON.stringify({ Statement: [{ Resource: url, Condition: { DateLessThan: { "AWS:EpochTime": expires } } }] });
  const sig = cfBase64(crypto.sign(ec ? "sha256" : "sha1", Buffer.from(policy), { key: pem, dsaEncoding: "der" }));
  return `${url}?Expires=${expires}&Signature=${sig}&Key-Pair-Id=${id}${ec ? "&Hash-Algorithm=SHA256" : ""}`;
}

useBrowser("full");

async function open(viewport = "desktop") {
  const { browser, server } = running();
  const context = await browser.newContext({ viewport: VIEWPORTS[viewport], isMobile: viewport === "phone", hasTouch: viewport === "phone" });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${server.url}#dist`);
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), "true");
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  return {
    page,
    async done() {
      assert.deepEqual(problems, [], "no console errors or page errors");
      assert.deepEqual(requests, [], "no network request after the page loaded");
      await context.close();
    },
  };
}

/** Fills the boxes and waits for the panel to redraw. */
async function fill(page, { dist = DIST, groups = GROUPS, keys = KEYS, url = "" } = {}) {
  await page.fill("#dist-groups", groups);
  await page.fill("#dist-keys", keys);
  await page.fill("#dist-url", url);
  await page.fill("#dist-json", dist);
  await page.waitForFunction(() => !/^Paste/.test(document.getElementById("dist-status").textContent));
  await page.waitForTimeout(400);
  return page.evaluate(() => ({
    status: document.getElementById("dist-status").textContent,
    behaviors: [...document.querySelectorAll("#dist-behaviors > li")].map((li) => li.dataset.name),
    matched: [...document.querySelectorAll("#dist-behaviors > li[aria-current=true]")].map((li) => li.dataset.name),
    codes: [...document.querySelectorAll("#dist-findings > li")].map((li) => li.dataset.code),
    message: document.getElementById("dist-json-msg").hidden ? "" : document.getElementById("dist-json-msg").textContent,
  }));
}

test("the audit: every behavior in CloudFront's order and the findings", async () => {
  const s = await open();
  assert.equal(await s.page.isVisible("#panel-dist"), true);
  const r = await fill(s.page);
  assert.equal(r.behaviors.length, 9);
  assert.equal(r.behaviors[0], "#1 /videos/*.mp4");
  assert.equal(r.behaviors[8], "default (*)");
  assert.deepEqual(r.matched, []);
  assert.equal(r.codes[0], "shadowed_by_unrestricted");
  for (const code of ["unreachable_behavior", "legacy_trusted_signers", "unsupported_public_key", "origin_not_locked"]) {
    assert.ok(r.codes.includes(code), `${code} in ${r.codes}`);
  }
  assert.match(r.status, /9 behaviors; 3 error\(s\)/);
  await s.done();
});

test("a URL: the behavior it reaches is highlighted, with the diagnosis", async () => {
  const s = await open();
  const rsa = signUrl(`${HOST}/videos/a.webm`, { pem: key("rsa2048_pkcs1.pem"), id: keyId("rsa2048") });
  let r = await fill(s.page, { url: rsa });
  assert.deepEqual(r.matched, ["#2 /videos/*"]);
  assert.match(r.status, /^Served: \/videos\/a\.webm reaches #2 \/videos\/\*/);
  const ec = signUrl(`${HOST}/videos/a.webm`, { pem: key("ec_p256_pkcs8.pem"), id: keyId("ec-p256"), ec: true });
  r = await fill(s.page, { url: ec });
  assert.match(r.status, /^403: .* unknown_key/);
  assert.equal(r.codes[0], "key_not_trusted_by_behavior");
  const text = await s.page.textContent("#dist-findings");
  assert.ok(text.includes(`Signed by ${keyId("ec-p256")}, which is in key group`), text);
  assert.ok(text.includes("trusted by #3 /downloads/*, not by #2 /videos/* that matched"), text);
  // The same key where its group is trusted: WebCrypto checks the ECDSA signature.
  r = await fill(s.page, { url: signUrl(`${HOST}/downloads/a.zip`, { pem: key("ec_p256_pkcs8.pem"), id: keyId("ec-p256"), ec: true }) });
  assert.deepEqual(r.matched, ["#3 /downloads/*"]);
  assert.match(r.status, /^Served/);
  r = await fill(s.page, { url: `${HOST}/videos/a.mp4` });
  assert.deepEqual(r.matched, ["#1 /videos/*.mp4"]);
  assert.equal(r.codes[0], "shadowed_by_unrestricted");
  await s.done();
});

test("wrong or broken input is named next to the box, never a page error", async () => {
  const s = await open();
  let r = await fill(s.page, { dist: GROUPS });
  assert.match(r.message, /holds key groups; expected the output of `aws cloudfront get-distribution`/);
  assert.deepEqual(r.behaviors, []);
  r = await fill(s.page, { dist: DIST.slice(0, 500) });
  assert.match(r.message, /truncated JSON/);
  r = await fill(s.page, { dist: DIST, keys: "not json" });
  assert.match(r.message, /publicKeys\[0\]: not JSON/);
  await s.done();
});

test("a file dropped on the distribution box is read locally", async () => {
  const s = await open();
  await s.page.fill("#dist-groups", GROUPS);
  await s.page.fill("#dist-keys", KEYS);
  const dt = await s.page.evaluateHandle((text) => {
    const d = new DataTransfer();
    d.items.add(new File([text], "get-distribution.json", { type: "application/json" }));
    return d;
  }, DIST);
  await s.page.dispatchEvent("#dist-json", "drop", { dataTransfer: dt });
  await s.page.waitForFunction(() => document.querySelectorAll("#dist-behaviors > li").length === 9);
  await s.done();
});

test("screenshots: desktop and phone, no horizontal overflow", async () => {
  const url = signUrl(`${HOST}/videos/a.webm`, { pem: key("ec_p256_pkcs8.pem"), id: keyId("ec-p256"), ec: true });
  for (const viewport of ["desktop", "phone"]) {
    for (const [name, u] of [["audit", ""], ["diagnosis", url]]) {
      const s = await open(viewport);
      await fill(s.page, { url: u });
      const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} ${viewport}: ${overflow}px of horizontal overflow`);
      await s.page.screenshot({ path: path.join(SHOTS, `distribution-${name}-${viewport}.png`), fullPage: true });
      await s.done();
    }
  }
});
