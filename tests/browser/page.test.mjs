// Drives the real page (www/) in headless Chromium: Debian's /usr/bin/chromium through playwright-core.
// The page as a whole: it loads with no error and no request leaving the browser, its copy buttons,
// its keyboard use, and screenshots of its main states (target/screenshots/). The tabs have their
// own files: check-url, check-cookies, check-input, sign and logs (.test.mjs).
//
//   cd tests/browser && npm ci && node --test        (or ./run.sh)

import { test } from "node:test";
import assert from "node:assert/strict";
import { KEYS, HOST, now, signUrl, signCookies, setCookieLines } from "./node-signing.mjs";
import { useBrowser, open, settle, paste, verdict, shot } from "./page-harness.mjs";

useBrowser();

test("loads with no error, says nothing leaves the browser, and enforces it", async () => {
  const s = await open();
  const { page } = s;
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
  assert.match(await page.textContent("#privacy"), /Nothing leaves your browser/);
  assert.match(await page.textContent("#privacy"), /no network request/);
  const v = await verdict(page);
  assert.equal(v.state, "idle");
  // After load even this site is out of reach: the page locks connect-src to 'none'.
  const results = await page.evaluate(async () => {
    const out = [];
    for (const u of ["./index.html", "https://example.com/"]) {
      try {
        await fetch(u);
        out.push("fetched");
      } catch {
        out.push("blocked");
      }
    }
    return out;
  });
  assert.deepEqual(results, ["blocked", "blocked"]);
  // (those two attempts were refused before leaving the page, but are seen as requests and CSP errors)
  s.requests.length = 0;
  await s.done({ allowProblems: true });
  assert.ok(s.problems.every((p) => /Content Security Policy|Failed to fetch/.test(p)), s.problems.join("\n"));
});

test("copy buttons copy the outputs", async () => {
  const s = await open({ permissions: ["clipboard-read", "clipboard-write"] });
  const { page } = s;
  await page.click("#tab-sign");
  await page.fill("#priv", KEYS.ec.priv);
  await page.click("#sign-btn");
  await page.waitForSelector("#sign-results:not([hidden])");
  await page.click('button[data-copy="out-url"]');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await page.textContent("#out-url"));
  assert.equal(await page.textContent('button[data-copy="out-url"]'), "Copied");
  await page.click("#check-url");
  await settle(page);
  await page.click('button[data-copy="policy-json"]');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^\{"Statement":\[\{"Resource":"https:\/\/d111111abcdef8\.cloudfront\.net\/videos\/intro\.mp4"/, "the exact signed JSON");
  await s.done();
});

test("keyboard: tabs follow the arrow keys, every control is reachable, focus is visible", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const { page } = s;
  const focused = () => page.evaluate(() => document.activeElement.id || document.activeElement.className);
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "skip-link");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "tab-check");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.equal(outline, "solid", "a visible focus ring");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focused(), "tab-sign");
  assert.equal(await page.isVisible("#panel-sign"), true);
  assert.equal(await page.isVisible("#panel-check"), false);
  await page.keyboard.press("ArrowLeft");
  assert.equal(await focused(), "tab-check");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "input");
  await page.keyboard.type(signUrl({ url: `${HOST}/k.mp4`, expires: now() + 600 }));
  assert.equal((await verdict(page)).state, "allowed");
  // the verdict headline is a live region
  assert.equal(await page.getAttribute("#verdict-status", "aria-live"), "polite");
  // Tab walks on through the result, the request fields and the keys
  const seen = new Set();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press("Tab");
    seen.add(await focused());
  }
  for (const id of ["req-url", "client-ip", "now-live"]) assert.ok(seen.has(id), `${id} reachable: ${[...seen]}`);
  // every form control has a label
  const unlabeled = await page.evaluate(() => [...document.querySelectorAll("input, textarea, select")]
    .filter((el) => !el.labels?.length && !el.getAttribute("aria-label") && !el.classList.contains("offscreen")).map((el) => el.id));
  assert.deepEqual(unlabeled, []);
  await s.done();
});

test("screenshots of the main states: desktop and phone, light and dark", async () => {
  const expires = now() + 3 * 3600 + 12 * 60 + 30;
  const good = signUrl({ url: `${HOST}/videos/intro.mp4`, expires, resource: `${HOST}/videos/*`, starts: now() - 3600 });
  const states = [
    ["empty", async () => {}],
    ["allowed", async (p) => { await paste(p, good); }],
    ["denied", async (p) => {
      await paste(p, signUrl({ url: `${HOST}/videos/intro.mp4`, expires: now() - 2 * 86400 - 60, ip: "192.0.2.0/24" }));
      await p.fill("#client-ip", "198.51.100.7");
    }],
    ["cookies", async (p) => {
      await paste(p, setCookieLines(signCookies({ resource: `${HOST}/videos/*`, expires })));
      await p.fill("#req-url", `${HOST}/videos/intro.mp4`);
    }],
    ["garbage", async (p) => { await paste(p, "not a signed url at all"); }],
    ["sign", async (p) => {
      await p.click("#tab-sign");
      await p.fill("#priv", KEYS.ec.priv);
      await p.fill("#kp-id", KEYS.ec.id);
      await p.fill("#sign-resource", `${HOST}/videos/*`);
      await p.click("#sign-btn");
      await p.waitForSelector("#sign-results:not([hidden])");
    }],
  ];
  for (const viewport of ["desktop", "phone"]) {
    for (const scheme of ["light", "dark"]) {
      for (const [name, act] of states) {
        const s = await open({ keys: [KEYS.rsa, KEYS.ec], viewport, scheme });
        await act(s.page);
        await settle(s.page);
        const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name} ${viewport} ${scheme}: ${overflow}px of horizontal overflow`);
        await shot(s.page, `state-${name}`, viewport, scheme);
        await s.done();
      }
    }
  }
});
