// Signed video streaming, proved by real players (issue 27): the stream tests/video/media.sh made
// with Debian's ffmpeg (HLS: a master playlist, two renditions, fMP4 segments with EXT-X-MAP,
// AES-128 keys; DASH: the same stream) sits behind cfsign/edge's guard (npm/examples/node-hono.mjs,
// the packed package) in front of an origin that would serve anyone; the guard refuses anything
// unsigned and, with STREAM_PLAYLISTS, rewrites each playlist it lets through with one prefix
// policy. hls.js and dash.js from npm play in headless Chromium (playwright-core, Debian's
// chromium) from one signed playlist URL, with no cookies: every playlist, segment and key request
// must answer 200 and the video must play past 2 s; a tampered playlist URL gets 403 at once.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { baseEnv, cfsign, freePort, RSA_A } from "../../npm/test/edge/helpers.mjs";
import { startHost } from "../../npm/test/edge/hosts.mjs";
import { mediaOrigin, playerSite } from "./serve.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--autoplay-policy=no-user-gesture-required",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

let media;
let origin;
let site;
let guard;
let browser;
const logs = [];

before(async () => {
  media = execFileSync(path.join(here, "media.sh"), { encoding: "utf8" }).trim();
  origin = await mediaOrigin(media);
  site = await playerSite(() => guard.url);
  // The guard's public origin is the site's: the viewer's URLs name it.
  const base = site.url;
  const port = await freePort();
  guard = await startHost("node", {
    port,
    onLog: (line) => logs.push(line),
    bindings: baseEnv(base, {
      TIERS: JSON.stringify({ viewer: [`${base}/media/*`] }),
      URL_BASE: base,
      GUARD_PREFIX: "/media/",
      ORIGIN_URL: origin.url,
      TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }),
      CLIENT_IP_HEADER: "none",
      STREAM_PLAYLISTS: "tier",
    }),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
  await guard?.stop();
  await site?.close();
  await origin?.close();
});

/** A canned signed URL for exactly `url` (what a backend hands the player: one URL). */
const signed = (url) => cfsign.getSignedUrl({ url, keyPairId: RSA_A.id, privateKey: RSA_A.priv, dateLessThan: Date.now() + 10 * 60 * 1000 });

/**
 * Opens the player on `src` in a fresh context (no cookies); waits for `until(page)`. Returns the
 * guard's answers in order (as the site passed them on), the time played and the player's errors.
 */
async function play(kind, src, { until }) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const first = site.answers.length;
  await page.goto(`${site.url}/player.html?kind=${kind}&src=${encodeURIComponent(src)}`);
  let failure = null;
  try {
    await until(page);
  } catch (e) {
    failure = e;
  }
  const played = await page.evaluate(() => document.getElementById("video").currentTime);
  const errors = await page.evaluate(() => window.playerErrors);
  const cookies = await context.cookies();
  await context.close();
  const answers = site.answers.slice(first);
  if (failure) {
    throw new Error(`${failure.message}; played ${played} s; player errors: ${errors.join("; ")}; answers: ${answers.map((a) => `${a.status} ${a.url.split("?")[0]}`).join(", ")}; guard log: ${logs.slice(-5).join(" ")}`);
  }
  return { answers, played, errors, cookies };
}

const playsPastTwoSeconds = (page) =>
  page.waitForFunction(() => document.getElementById("video").currentTime > 2, null, { timeout: 30_000, polling: 100 });

const pathOf = (u) => new URL(u, "http://site.invalid").pathname;

function assertAllSigned200(answers, expected) {
  assert.ok(answers.length > 0, "the guard was asked");
  for (const a of answers) assert.equal(a.status, 200, `${pathOf(a.url)} answered ${a.status}`);
  for (const a of answers) assert.equal(a.cookie, null, `${pathOf(a.url)} came with no cookie`);
  // Every playlist was signed on its way (none passed unchanged).
  for (const a of answers.filter((x) => /\.(m3u8|mpd)$/.test(pathOf(x.url)))) assert.match(a.playlist ?? "", /^signed; .*uncovered=0$/, pathOf(a.url));
  const paths = answers.map((a) => pathOf(a.url));
  for (const p of expected) assert.ok(paths.some((x) => p instanceof RegExp ? p.test(x) : x === p), `${p} was requested: ${paths.join(" ")}`);
  // After the first (the URL given), each request carries the prefix policy the rewrite added.
  for (const a of answers.slice(1)) assert.match(new URL(a.url, "http://site.invalid").search, /[?&]Policy=[^&]+&Signature=[^&]+&Key-Pair-Id=/, pathOf(a.url));
}

test("hls.js plays the AES-128 fMP4 stream from one signed master playlist URL, no cookies", async () => {
  const r = await play("hls", signed(`${site.url}/media/hls/master.m3u8`), { until: playsPastTwoSeconds });
  assert.ok(r.played > 2, `currentTime ${r.played}; player errors: ${r.errors.join("; ")}`);
  assert.deepEqual(r.cookies, [], "the browser holds no cookie");
  assertAllSigned200(r.answers, ["/media/hls/master.m3u8", /^\/media\/hls\/stream_\d\/playlist\.m3u8$/, /^\/media\/hls\/stream_\d\/init_\d\.mp4$/,
    "/media/hls/key.bin", /^\/media\/hls\/stream_\d\/seg_1\.m4s$/]);
  // The origin never saw a signing parameter, and never a request the guard refused.
  for (const s of origin.seen) assert.doesNotMatch(s.url, /Policy=|Signature=|Key-Pair-Id=|Expires=/);
});

test("dash.js plays the DASH stream from one signed manifest URL, no cookies", async () => {
  const r = await play("dash", signed(`${site.url}/media/dash/manifest.mpd`), { until: playsPastTwoSeconds });
  assert.ok(r.played > 2, `currentTime ${r.played}; player errors: ${r.errors.join("; ")}`);
  assert.deepEqual(r.cookies, [], "the browser holds no cookie");
  assertAllSigned200(r.answers, ["/media/dash/manifest.mpd", /^\/media\/dash\/init_\d\.m4s$/, /^\/media\/dash\/seg_\d_2\.m4s$/]);
});

for (const kind of ["hls", "dash"]) {
  test(`${kind}: a tampered playlist URL gets 403 at the first request, and nothing else is asked`, async () => {
    const url = signed(`${site.url}/media/${kind === "hls" ? "hls/master.m3u8" : "dash/manifest.mpd"}`);
    // One character of the signature changed.
    const tampered = url.replace(/Signature=(.)/, (_, c) => `Signature=${c === "A" ? "B" : "A"}`);
    assert.notEqual(tampered, url);
    const first = (page) => page.waitForFunction(() => window.playerErrors.length > 0, null, { timeout: 20_000 });
    const r = await play(kind, tampered, { until: first });
    assert.ok(r.answers.length >= 1);
    assert.equal(r.answers[0].status, 403);
    assert.equal(pathOf(r.answers[0].url), kind === "hls" ? "/media/hls/master.m3u8" : "/media/dash/manifest.mpd");
    assert.ok(r.answers.every((a) => a.status === 403), "no request got through");
    assert.ok(r.played < 0.1);
  });
}
