// The page's Playlist tab in headless Chromium: a playlist from tests/fixtures/playlists and a
// URL signed here with Node's own crypto (a custom policy for the stream's prefix); each entry
// listed as covered or as one that would 403, with the reason; the rewritten playlist's covered
// URIs verify with the page's own verifier (the Check tab); a canned URL and broken input are
// named next to their box. Screenshots, desktop and phone, go to target/screenshots/.

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
const fixture = (f) => fs.readFileSync(path.join(repo, "tests", "fixtures", "playlists", f), "utf8");
const key = (f) => fs.readFileSync(path.join(repo, "tests", "keys", f), "utf8");
const D = "https://d111111abcdef8.cloudfront.net";
const cfBase64 = (buf) => Buffer.from(buf).toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");

/** `url` signed with a custom policy for `resource` (RSA, SHA-1), or a canned one. */
function signUrl(url, resource, canned = false) {
  const expires = Math.floor(Date.now() / 1000) + 3600;
  const policy = JSON.stringify({ Statement: [{ Resource: canned ? url : resource, Condition: { DateLessThan: { "AWS:EpochTime": expires } } }] });
  const sig = cfBase64(crypto.sign("sha1", Buffer.from(policy), key("rsa2048_pkcs1.pem")));
  const params = canned ? `Expires=${expires}` : `Policy=${cfBase64(policy)}`;
  return `${url}?${params}&Signature=${sig}&Key-Pair-Id=K2JCJMDEHXQW5F`;
}

useBrowser("full");

async function open(viewport = "desktop") {
  const { browser, server } = running();
  const context = await browser.newContext({ viewport: VIEWPORTS[viewport], isMobile: viewport === "phone", hasTouch: viewport === "phone" });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${server.url}#play`);
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

/** Fills the two boxes and waits for the panel to redraw. */
async function fill(page, { url, text }) {
  await page.fill("#play-text", text);
  await page.fill("#play-url", url);
  await page.waitForFunction(() => !/^Paste/.test(document.getElementById("play-status").textContent));
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const msg = (id) => (document.getElementById(id).hidden ? "" : document.getElementById(id).textContent);
    return {
      status: document.getElementById("play-status").textContent,
      entries: [...document.querySelectorAll("#play-entries > li")].map((li) => ({ status: li.dataset.status, line: Number(li.dataset.line), text: li.textContent })),
      signed: document.getElementById("play-signed").textContent,
      urlMessage: msg("play-url-msg"),
      textMessage: msg("play-text-msg"),
    };
  });
}

test("HLS: covered entries and the ones that would 403, with the reason", async () => {
  const s = await open();
  assert.equal(await s.page.isVisible("#panel-play"), true);
  const url = signUrl(`${D}/videos/1/media.m3u8`, `${D}/videos/1/*`);
  const r = await fill(s.page, { url, text: fixture("edge-cases.m3u8") });
  const by = (status) => r.entries.filter((e) => e.status === status);
  assert.equal(by("signed").length, 11);
  assert.deepEqual(by("outside_resource").map((e) => e.line), [26, 30, 35]);
  assert.ok(by("outside_resource")[0].text.includes("would 403"));
  assert.ok(by("outside_resource")[0].text.includes("https://ads.example.com/ad1.ts"));
  assert.ok(by("outside_resource")[0].text.includes("CloudFront answers 403"));
  assert.deepEqual(by("not_http").map((e) => e.line), [24]);
  assert.deepEqual(by("already_signed").map((e) => e.line), [32]);
  assert.match(r.status, /^HLS: 11 of 16 entries covered by https:\/\/d111111abcdef8\.cloudfront\.net\/videos\/1\/\*; 3 would 403; valid until /);
  assert.match(r.status, /line 36 bad_attribute_list/);
  // The rewritten playlist: each covered URI, resolved, is allowed by the page's own verifier.
  const query = new URL(url).search.slice(1);
  assert.equal(r.signed.split(query).length - 1, 11);
  const allowed = await s.page.evaluate(async ({ signed, query, pub }) => {
    const cf = await import("./pkg/browser.mjs");
    const group = new cf.KeyGroup();
    group.add("K2JCJMDEHXQW5F", pub);
    const out = [];
    for (const line of signed.split(/\r?\n/)) {
      const m = line.startsWith("#") ? /URI="([^"]*)"/.exec(line) : [null, line.trim()];
      if (!m || !m[1].includes(query)) continue;
      const u = new URL(m[1], "https://d111111abcdef8.cloudfront.net/videos/1/media.m3u8");
      u.hash = "";
      out.push((await group.verifyAsync(u.href)).allowed);
    }
    return out;
  }, { signed: r.signed, query, pub: key("rsa2048_pub.pem") });
  assert.equal(allowed.length, 11);
  assert.ok(allowed.every(Boolean), JSON.stringify(allowed));
  await s.done();
});

test("DASH: BaseURLs nest; the other host's segments would 403", async () => {
  const s = await open();
  const url = signUrl(`${D}/videos/1/manifest.mpd`, `${D}/videos/1/*`);
  const r = await fill(s.page, { url, text: fixture("edge-cases.mpd") });
  assert.match(r.status, /^DASH: 5 of 10 entries covered/);
  assert.deepEqual(r.entries.filter((e) => e.status === "outside_resource").map((e) => e.line), [25, 26, 27, 36]);
  assert.ok(r.signed.includes("&amp;Signature="));
  await s.done();
});

test("a canned URL, a bad playlist and a bad URL are named next to their box", async () => {
  const s = await open();
  let r = await fill(s.page, { url: signUrl(`${D}/videos/1/media.m3u8`, null, true), text: fixture("edge-cases.m3u8") });
  assert.match(r.urlMessage, /canned policy \(Expires\), which covers this one URL: every entry .* 403/);
  assert.deepEqual(r.entries, []);
  const url = signUrl(`${D}/videos/1/media.m3u8`, `${D}/videos/1/*`);
  r = await fill(s.page, { url, text: "<html><body>not a playlist</body></html>" });
  assert.match(r.textMessage, /\(unknown_format\)$/);
  r = await fill(s.page, { url, text: "<MPD><Period></MPD>" });
  assert.match(r.textMessage, /\(bad_xml\)$/);
  r = await fill(s.page, { url: `${D}/videos/1/media.m3u8`, text: "#EXTM3U\na.ts\n" });
  assert.match(r.urlMessage, /\(bad_signed_query\)$/);
  await s.done();
});

test("screenshots: desktop and phone, no horizontal overflow", async () => {
  const url = signUrl(`${D}/videos/1/media.m3u8`, `${D}/videos/1/*`);
  for (const viewport of ["desktop", "phone"]) {
    const s = await open(viewport);
    await fill(s.page, { url, text: fixture("edge-cases.m3u8") });
    const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${viewport}: ${overflow}px of horizontal overflow`);
    await s.page.screenshot({ path: path.join(SHOTS, `playlist-${viewport}.png`), fullPage: true });
    await s.done();
  }
});
