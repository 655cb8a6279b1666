// Drives the real page (www/) in headless Chromium: Debian's /usr/bin/chromium through playwright-core.
// Signed URLs and cookies for the checks are made here with Node's own crypto (OpenSSL), so the page
// is tested against an implementation of CloudFront's signing scheme other than its own.
// Screenshots go to target/screenshots/.
//
//   cd tests/browser && npm ci && node --test        (or ./run.sh)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const SHOTS = path.join(repo, "target", "screenshots");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const key = (f) => fs.readFileSync(path.join(repo, "tests", "keys", f), "utf8");
const KEYS = {
  rsa: { id: "K2RSATESTKEY01", priv: key("rsa2048_pkcs1.pem"), pub: key("rsa2048_pub.pem") },
  ec: { id: "K3ECTESTKEY002", priv: key("ec_p256_sec1.pem"), pub: key("ec_p256_pub.pem") },
  rsaB: { id: "K4ROTATEDKEY03", priv: key("rsa2048_b_pkcs1.pem"), pub: key("rsa2048_b_pub.pem") },
};
const HOST = "https://d111111abcdef8.cloudfront.net";
const now = () => Math.floor(Date.now() / 1000);

/* ------------------------------------------------ CloudFront signing, in Node */

const cfBase64 = (buf) => Buffer.from(buf).toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");

function policyJson({ resource, expires, starts, ip }) {
  const cond = { DateLessThan: { "AWS:EpochTime": expires } };
  if (starts !== undefined) cond.DateGreaterThan = { "AWS:EpochTime": starts };
  if (ip !== undefined) cond.IpAddress = { "AWS:SourceIp": ip };
  return JSON.stringify({ Statement: [{ Resource: resource, Condition: cond }] });
}

function signBytes(k, text, sha256) {
  const alg = sha256 || k === KEYS.ec ? "sha256" : "sha1";
  return cfBase64(crypto.sign(alg, Buffer.from(text), { key: k.priv, dsaEncoding: "der" }));
}

/** A signed URL: canned unless `resource`, `starts` or `ip` is given. */
function signUrl({ k = KEYS.rsa, url, expires, resource, starts, ip, id = k.id }) {
  const sha256 = k === KEYS.ec;
  const sep = url.includes("?") ? "&" : "?";
  const hashParam = sha256 ? "&Hash-Algorithm=SHA256" : "";
  if (resource === undefined && starts === undefined && ip === undefined) {
    const sig = signBytes(k, policyJson({ resource: url, expires }), sha256);
    return `${url}${sep}Expires=${expires}&Signature=${sig}&Key-Pair-Id=${id}${hashParam}`;
  }
  const pol = policyJson({ resource: resource ?? url, expires, starts, ip });
  return `${url}${sep}Policy=${cfBase64(pol)}&Signature=${signBytes(k, pol, sha256)}&Key-Pair-Id=${id}${hashParam}`;
}

/** Signed cookies as { name: value }: a custom policy for `resource`, or canned for `url`. */
function signCookies({ k = KEYS.rsa, resource, url, expires }) {
  if (url) {
    return {
      "CloudFront-Expires": String(expires),
      "CloudFront-Signature": signBytes(k, policyJson({ resource: url, expires })),
      "CloudFront-Key-Pair-Id": k.id,
    };
  }
  const pol = policyJson({ resource, expires });
  return {
    "CloudFront-Policy": cfBase64(pol),
    "CloudFront-Signature": signBytes(k, pol),
    "CloudFront-Key-Pair-Id": k.id,
  };
}
const cookieHeader = (c) => `Cookie: ${Object.entries(c).map(([n, v]) => `${n}=${v}`).join("; ")}`;
const setCookieLines = (c) => Object.entries(c)
  .map(([n, v]) => `Set-Cookie: ${n}=${v}; Domain=d111111abcdef8.cloudfront.net; Path=/; Secure; HttpOnly`).join("\n");

/** The URL with one character of its signature changed. */
function tamper(url) {
  return url.replace(/Signature=([^&]{10})(.)/, (_, head, c) => `Signature=${head}${c === "A" ? "B" : "A"}`);
}

/* ---------------------------------------------------------------- harness */

let browser;
let server;

before(async () => {
  assert.ok(fs.existsSync(path.join(repo, "www", "pkg", "lite", "cfsign_bg.wasm")), "www/pkg is missing: run make wasm first");
  server = await startServer();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/**
 * A fresh browser context on the page, loaded and initialised. `keys`: public keys to seed into
 * local storage before the page runs. Records console errors, page errors and every request made
 * after the page is ready; `done()` asserts there were none and closes the context.
 */
async function open({ keys = [], viewport = "desktop", scheme = "light", permissions = [] } = {}) {
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
async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function paste(page, text) {
  await page.fill("#input", text);
  await settle(page);
}

async function verdict(page) {
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
async function msg(page, id) {
  return page.evaluate((i) => {
    const m = document.getElementById(`${i}-msg`);
    return m && !m.hidden ? m.textContent : "";
  }, id);
}

async function shot(page, name, viewport = "desktop", scheme = "light") {
  await settle(page);
  await page.screenshot({ path: path.join(SHOTS, `${name}-${viewport}-${scheme}.png`), fullPage: true });
}

/** Adds a public key through the form, as a person would. */
async function addKeyByHand(page, k) {
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

/* ------------------------------------------------------------------ tests */

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

test("damaged pastes are repaired and the verdict says so; a URL cut at & gets the hint", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const { page } = s;
  const url = signUrl({ url: `${HOST}/videos/intro.mp4`, expires: now() + 3600 });
  for (const [pasted, code] of [[url.replaceAll("&", "&amp;"), "html_escaped"], [encodeURIComponent(url), "percent_encoded"],
    [`"${url.slice(0, 80)}\n${url.slice(80)}"`, "wrapped"]]) {
    await paste(page, pasted);
    const v = await verdict(page);
    assert.equal(v.state, "allowed", `${code}: ${JSON.stringify(v)}`);
    assert.equal(await page.isVisible("#repaired"), true);
    assert.match(await page.textContent("#repaired"), new RegExp(`Repaired paste: .*${code}`));
    assert.notEqual(await msg(page, "input"), "");
  }
  await shot(page, "repaired-paste");
  await paste(page, url);
  assert.equal(await page.isVisible("#repaired"), false);
  assert.match(await page.textContent("#facts"), /RSA key/);
  assert.match(await page.textContent("#facts"), /valid for another/);
  await paste(page, url.split("&")[0]);
  assert.match(await msg(page, "input"), /Quote the URL in your shell/);
  assert.deepEqual((await verdict(page)).codes, ["missing_signature"]);
  await s.done();
});

test("garbage input, unsigned and damaged URLs: messages next to the field, never an error", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const { page } = s;
  for (const junk of ["garbage", "%%%\u0000\u{1F600}<script>alert(1)</script>", "https://", "Cookie:", "Set-Cookie: =;;;", "?Signature=&Expires=&Key-Pair-Id=", "x".repeat(20000)]) {
    await paste(page, junk);
    const v = await verdict(page);
    assert.ok(["unreadable", "denied", "pending"].includes(v.state), `${junk.slice(0, 30)}: ${v.state}`);
    assert.notEqual(await msg(page, "input"), "", `a message for ${JSON.stringify(junk.slice(0, 30))}`);
  }
  await paste(page, "garbage");
  assert.match(await msg(page, "input"), /neither a URL nor cookies/);
  assert.equal((await verdict(page)).status, "Can't read this input");
  assert.equal(await page.getAttribute("#input", "aria-invalid"), "true");
  assert.equal(await page.locator("script:not([src])").count(), 0, "no injected markup");
  await shot(page, "garbage");

  await paste(page, `${HOST}/videos/intro.mp4`);
  assert.match(await msg(page, "input"), /This URL is not signed: it has no Expires or Policy, no Signature, no Key-Pair-Id/);
  let v = await verdict(page);
  assert.deepEqual(v.codes, ["missing_signature"]);
  assert.match(v.reasons[0], /Missing: Expires or Policy, Signature, Key-Pair-Id/);
  await shot(page, "unsigned-url");

  await paste(page, `${HOST}/a.mp4?Expires=abc&Signature=x&Key-Pair-Id=K2RSATESTKEY01`);
  assert.match(await msg(page, "input"), /Expires "abc" is not a whole number/);
  v = await verdict(page);
  assert.ok(v.codes.includes("malformed"), v.codes.join());

  await paste(page, "");
  assert.equal((await verdict(page)).state, "idle");
  assert.equal(await msg(page, "input"), "");
  await s.done();
});

test("public keys: bad PEM and private keys are refused next to the field and never stored", async () => {
  const s = await open();
  const { page } = s;
  const rowKey = await page.evaluate(() => document.querySelector("#keys li").dataset.key);
  await page.fill(`#key-id-${rowKey}`, "KBAD");
  await page.fill(`#key-pem-${rowKey}`, "hello");
  await settle(page);
  assert.match(await msg(page, `key-pem-${rowKey}`), /Not a PEM public key/);
  await page.fill(`#key-pem-${rowKey}`, KEYS.rsa.priv);
  await settle(page);
  assert.match(await msg(page, `key-pem-${rowKey}`), /This is a private key: it was not used and not saved/);
  // `openssl rsa|ec -text -pubout` output: a public key block after the private key's fields.
  for (const text of ["bad_rsa_text_pubout.txt", "bad_ec_text_pubout.txt"]) {
    await page.fill(`#key-pem-${rowKey}`, key(text));
    await settle(page);
    assert.match(await msg(page, `key-pem-${rowKey}`), /This is a private key: it was not used and not saved/, text);
  }
  await page.fill(`#key-pem-${rowKey}`, key("bad_rsa1024.pem"));
  await settle(page);
  assert.notEqual(await msg(page, `key-pem-${rowKey}`), "");
  const stored = await page.evaluate(() => localStorage.getItem("cfsign.publicKeys.v1"));
  assert.equal(stored, "[]");
  // A public key pasted with text around it is stored as the bare key, re-encoded.
  await page.fill(`#key-pem-${rowKey}`, `my key, made on Monday:\n${KEYS.ec.pub}\nComment: x`);
  await settle(page);
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem("cfsign.publicKeys.v1")));
  assert.equal(saved.length, 1);
  assert.equal(saved[0].pem.trim(), KEYS.ec.pub.trim());
  await page.fill(`#key-id-${rowKey}`, "");
  await page.fill(`#key-pem-${rowKey}`, KEYS.ec.pub);
  await settle(page);
  assert.match(await msg(page, `key-id-${rowKey}`), /Enter the key ID/);
  await s.done();
});

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

test("access logs: a dropped multi-member .gz log is analysed in a worker; the report and its chart", async () => {
  // Logs whose signatures are botocore's and @aws-sdk/cloudfront-signer's (tests/logs/generate.py).
  const dir = fs.mkdtempSync(path.join(repo, "target", "page-logs-"));
  execFileSync("python3", [path.join(repo, "tests", "logs", "generate.py"), dir]);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8")).standard;
  const keys = Object.entries({ K2JCJMDEHXQW5F: "rsa2048_pub.pem", K3NEWKEYROTATE: "rsa2048_b_pub.pem" })
    .map(([id, f]) => ({ id, pub: key(f) }));
  const s = await open({ keys });
  const { page } = s;
  await page.click("#tab-logs");
  assert.equal(await page.isVisible("#panel-logs"), true);
  await page.setInputFiles("#logs-file", path.join(dir, "multi.log.gz"));
  await page.waitForSelector("#logs-result:not([hidden])", { timeout: 30000 });
  assert.match(await page.textContent("#logs-status"), /Done: 37 requests/);
  assert.equal(await page.evaluate(() => document.querySelector("#logs-progress").value), 1);
  const verdicts = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#logs-verdicts li")]
    .map((li) => [li.dataset.code, Number(li.textContent.split(" ").pop())])));
  assert.deepEqual(verdicts, expected.verdicts);
  const rotation = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#logs-keys li")]
    .map((li) => [li.dataset.keyId, li.dataset.rotation])));
  assert.deepEqual(rotation, expected.rotation);
  // The chart: bars per hour, allowed and denied among them.
  assert.ok(await page.locator("#logs-chart rect.bar-allowed").count() > 0);
  assert.ok(await page.locator("#logs-chart rect.bar-denied").count() > 0);
  assert.match(await page.textContent("#logs-mismatch"), /public hole/);
  assert.match(await page.textContent("#logs-top"), /\/office\/report\.pdf/);
  await shot(page, "logs-report");
  fs.rmSync(dir, { recursive: true, force: true });
  await s.done();
});

test("access logs: a gzip header's bytes inside a member's data do not split it (no false 'damaged')", async () => {
  // Stored (level 0) deflate blocks carry the text as it is: a line holding 1f 8b 08 00 puts a
  // header-like run inside the member, which the worker takes for a member start. The piece cut
  // there fails to decompress; merged with the next one it is whole.
  const dir = fs.mkdtempSync(path.join(repo, "target", "page-logs-"));
  execFileSync("python3", [path.join(repo, "tests", "logs", "generate.py"), dir]);
  const text = zlib.gunzipSync(fs.readFileSync(path.join(dir, "multi.log.gz")));
  const inner = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03]);
  const cut = text.lastIndexOf("\n", text.length >> 1) + 1;
  const [first, second] = [text.subarray(0, cut), text.subarray(cut)];
  const file = path.join(dir, "split.log.gz");
  fs.writeFileSync(file, Buffer.concat([zlib.gzipSync(Buffer.concat([first, Buffer.from("#"), inner, Buffer.from("\n")]), { level: 0 }), zlib.gzipSync(second, { level: 0 })]));
  const keys = Object.entries({ K2JCJMDEHXQW5F: "rsa2048_pub.pem", K3NEWKEYROTATE: "rsa2048_b_pub.pem" })
    .map(([id, f]) => ({ id, pub: key(f) }));
  const s = await open({ keys });
  await s.page.click("#tab-logs");
  await s.page.setInputFiles("#logs-file", file);
  await s.page.waitForSelector("#logs-result:not([hidden])", { timeout: 30000 });
  assert.match(await s.page.textContent("#logs-status"), /Done: 37 requests/);
  fs.rmSync(dir, { recursive: true, force: true });
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
