// The harness of the page's browser tests: the real page (www/) served on 127.0.0.1 and driven in
// headless Chromium (Debian's /usr/bin/chromium through playwright-core); a fresh context per
// test, with every console error, page error and network request after load recorded.
// Screenshots go to target/screenshots/.

import { before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "./serve.mjs";
import { repo } from "./node-signing.mjs";

const SHOTS = path.join(repo, "target", "screenshots");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let browser;
let server;

/** Starts the server and the browser before a test file's tests, and stops them after. `build`:
 * the WebAssembly build the file's tests need in www/pkg ("lite", or "full" for the page's tabs). */
export function useBrowser(build = "lite") {
  before(async () => {
    assert.ok(fs.existsSync(path.join(repo, "www", "pkg", build, "cfsign_bg.wasm")), `www/pkg/${build} is missing: run make package first`);
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });
}

/** The running browser and the page's server, for a test file that opens its own contexts. */
export const running = () => ({ browser, server });

export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/**
 * A fresh browser context on the page, loaded and initialised. `keys`: public keys to seed into
 * local storage before the page runs. Records console errors, page errors and every request made
 * after the page is ready; `done()` asserts there were none and closes the context.
 */
export async function open({ keys = [], viewport = "desktop", scheme = "light", permissions = [] } = {}) {
  const context = await browser.newContext({
    viewport: VIEWPORTS[viewport],
    deviceScaleFactor: 1,
    isMobile: viewport === "phone",
    hasTouch: viewport === "phone",
    colorScheme: scheme,
    timezoneId: "Europe/Berlin", // so that local time and UTC differ
    locale: "en-GB",
    permissions,
  });
  if (keys.length) {
    const seed = JSON.stringify(keys.map((k) => ({ id: k.id, pem: k.pub })));
    await context.addInitScript((s) => {
      if (!sessionStorage.getItem("seeded")) {
        localStorage.setItem("cfsign.publicKeys.v1", s);
        sessionStorage.setItem("seeded", "1");
      }
    }, seed);
  }
  const page = await context.newPage();
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console.${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(server.url);
  await page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 15000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ready), "true", "the wasm module loaded");
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  return {
    page,
    context,
    problems,
    requests,
    async done({ allowProblems = false } = {}) {
      if (!allowProblems) assert.deepEqual(problems, [], "no console errors or page errors");
      assert.deepEqual(requests, [], "no network request after the page loaded");
      await context.close();
    },
  };
}

/** Waits for the page's pending update (it runs on the next animation frame). */
export async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

export async function paste(page, text) {
  await page.fill("#input", text);
  await settle(page);
}

export async function verdict(page) {
  await settle(page);
  return page.evaluate(() => ({
    state: document.getElementById("verdict").className.replace(/.*verdict-/, ""),
    status: document.getElementById("verdict-status").textContent,
    sub: document.getElementById("verdict-sub").textContent,
    reasons: [...document.querySelectorAll("#reasons > li")].map((li) => li.textContent),
    codes: [...document.querySelectorAll("#reasons > li")].map((li) => li.className.replace(/.*reason-/, "")),
    causes: [...document.querySelectorAll("#reasons .reason-cause")].map((p) => p.dataset.cause),
  }));
}

/** The visible message next to a field, or "" when there is none. */
export async function msg(page, id) {
  return page.evaluate((i) => {
    const m = document.getElementById(`${i}-msg`);
    return m && !m.hidden ? m.textContent : "";
  }, id);
}

export async function shot(page, name, viewport = "desktop", scheme = "light") {
  await settle(page);
  await page.screenshot({ path: path.join(SHOTS, `${name}-${viewport}-${scheme}.png`), fullPage: true });
}

/** Adds a public key through the form, as a person would. */
export async function addKeyByHand(page, k) {
  const empty = await page.evaluate(() => {
    const rows = [...document.querySelectorAll("#keys li")];
    const r = rows.find((li) => !li.querySelector("input").value && !li.querySelector("textarea").value);
    return r ? r.dataset.key : null;
  });
  let rowKey = empty;
  if (!rowKey) {
    await page.click("#add-key");
    rowKey = await page.evaluate(() => [...document.querySelectorAll("#keys li")].pop().dataset.key);
  }
  await page.fill(`#key-id-${rowKey}`, k.id);
  await page.fill(`#key-pem-${rowKey}`, k.pub);
  await settle(page);
  return rowKey;
}
