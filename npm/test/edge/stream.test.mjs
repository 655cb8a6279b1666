// STREAM_PLAYLISTS (issue 27) on every host of the suite: a playlist the guard lets through (signed
// URL or cookies) comes back with each URI in it signed with one prefix policy (bucketed expiry,
// Cache-Control until the bucket ends), and those URIs pass the guard; bad playlists (binary, over
// the cap, not a playlist) pass unchanged with x-cfsign-playlist and a log line, never a 500; the
// over-cap one streamed through whole.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import * as full from "cfsign/full"; // decodeSignedUrl: the full build only
import { baseEnv, cfsign, cookieHeaders, hsToken, RSA_A, worker } from "./helpers.mjs";

const MASTER = "#EXTM3U\r\n#EXT-X-STREAM-INF:BANDWIDTH=200000\r\nlow/index.m3u8\r\n#EXT-X-STREAM-INF:BANDWIDTH=400000\r\nhigh/index.m3u8\r\n";
const MEDIA = [
  "#EXTM3U",
  "#EXT-X-TARGETDURATION:2",
  '#EXT-X-MAP:URI="init.mp4"',
  '#EXT-X-KEY:METHOD=AES-128,URI="../key.bin",IV=0x000102030405060708090a0b0c0d0e0f',
  "#EXTINF:2.0,",
  "seg_0.m4s",
  "#EXTINF:2.0,",
  "seg_1.m4s?v=2",
  "#EXTINF:2.0,",
  "https://other.example.com/ad.m4s",
  "#EXT-X-ENDLIST",
  "",
].join("\n");
const MPD = `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT4S">
  <Period><AdaptationSet mimeType="video/mp4"><Representation id="v" bandwidth="100000">
    <SegmentTemplate initialization="init_$RepresentationID$.m4s" media="seg_$Number$.m4s" startNumber="1" duration="2" timescale="1"/>
  </Representation></AdaptationSet></Period>
</MPD>
`;
const BIG_LINES = 4000;
const big = () => `#EXTM3U\n${Array.from({ length: BIG_LINES }, (_, i) => `#EXTINF:2.0,\nseg_${i}.ts\n`).join("")}`;
const BINARY = Buffer.from([0x23, 0x45, 0x58, 0x54, 0xff, 0xfe, 0x00, 0x80, 0x0a]);

/** The origin: the playlists above, and 200 "media" for anything else under /videos/. */
async function mediaOrigin() {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url);
    const path = req.url.split("?")[0];
    const send = (type, body, extra = {}) => {
      res.writeHead(200, { "content-type": type, ...extra });
      res.end(body);
    };
    if (path === "/videos/show/master.m3u8") return send("application/vnd.apple.mpegurl", MASTER);
    if (path === "/videos/show/low/index.m3u8" || path === "/videos/show/high/index.m3u8") return send("application/vnd.apple.mpegurl", MEDIA, { etag: '"abc"', "cache-control": "max-age=86400" });
    if (path === "/videos/show/private.m3u8") return send("application/vnd.apple.mpegurl", MEDIA, { "cache-control": "private, max-age=10" });
    // DASH known by its Content-Type only.
    if (path === "/videos/show/manifest") return send("application/dash+xml", MPD);
    if (path === "/videos/show/binary.m3u8") return send("application/vnd.apple.mpegurl", BINARY);
    if (path === "/videos/show/text.m3u8") return send("text/plain", "this is not a playlist\n");
    if (path === "/videos/show/big.m3u8") {
      // Chunked, no Content-Length: the cap is found by counting.
      res.writeHead(200, { "content-type": "application/vnd.apple.mpegurl" });
      const body = big();
      for (let i = 0; i < body.length; i += 4096) res.write(body.slice(i, i + 4096));
      return res.end();
    }
    if (path === "/videos/show/big-declared.m3u8") return send("application/vnd.apple.mpegurl", big(), { "content-length": String(Buffer.byteLength(big())) });
    if (path.startsWith("/videos/")) return send("video/mp4", `media ${path}`);
    res.writeHead(404);
    res.end();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

let o;
let w;
let t;
const BUCKET = 600;
before(async () => {
  o = await mediaOrigin();
  const env = (extra) => (base) =>
    baseEnv(base, {
      GUARD_PREFIX: "/videos/",
      ORIGIN_URL: o.url,
      TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }),
      CLIENT_IP_HEADER: "none",
      STREAM_BUCKET_SECONDS: String(BUCKET),
      STREAM_MAX_PLAYLIST_BYTES: "4096",
      ...extra,
    });
  w = await worker(env({ STREAM_PLAYLISTS: "folder" }));
  t = await worker(env({ STREAM_PLAYLISTS: "tier" }));
});
after(async () => {
  await w?.stop();
  await t?.stop();
  await o?.close();
});

const sign = (url) => cfsign.getSignedUrl({ url, keyPairId: RSA_A.id, privateKey: RSA_A.priv, dateLessThan: Date.now() + 10 * 60 * 1000 });

/** The URI lines and URI="..." attributes of an HLS playlist. */
function hlsUris(text) {
  const out = [];
  for (const line of text.split(/\r?\n/)) {
    if (line && !line.startsWith("#")) out.push(line);
    for (const m of line.matchAll(/URI="([^"]*)"/g)) out.push(m[1]);
  }
  return out;
}

/** The resource and expiry of a signed URL's policy (decoded by the package). */
const policyOf = (url) => full.decodeSignedUrl(url).policy;

test("folder: a signed master playlist comes back with every URI signed by one folder policy, and they pass the guard", async () => {
  const r = await w.fetch(sign(`${w.base}/videos/show/master.m3u8`));
  const text = await r.text();
  assert.equal(r.status, 200, text);
  assert.match(r.headers.get("x-cfsign-playlist"), /^signed; expires=\d+; uncovered=0$/);
  const expires = Number(/expires=(\d+)/.exec(r.headers.get("x-cfsign-playlist"))[1]);
  const now = Math.floor(Date.now() / 1000);
  assert.equal(expires % BUCKET, 0, "the expiry is bucketed");
  assert.ok(expires >= now + 1800 && expires < now + 1800 + BUCKET + 5, `${expires - now} s: URL_TTL_SECONDS (COOKIE_TTL 1800) and less than one bucket more`);
  // private: the viewer may have been let in by cookie, and the playlist's URIs carry a folder-wide
  // policy; a shared cache must not hand them to anyone else.
  const maxAge = Number(/^private, max-age=(\d+)$/.exec(r.headers.get("cache-control"))?.[1]);
  assert.ok(maxAge >= 1 && maxAge <= BUCKET, `cache-control ${r.headers.get("cache-control")}`);
  assert.ok(text.includes("\r\n"), "CRLF kept");
  const uris = hlsUris(text);
  assert.equal(uris.length, 2);
  const queries = new Set(uris.map((u) => u.slice(u.indexOf("?"))));
  assert.equal(queries.size, 1, "one policy for every URI");
  for (const u of uris) {
    const abs = new URL(u, `${w.base}/videos/show/master.m3u8`).href;
    assert.deepEqual([policyOf(abs).resource, policyOf(abs).dateLessThan, policyOf(abs).wildcard], [`${w.base}/videos/show/*`, expires, true]);
    // The variant playlist: allowed, and itself rewritten.
    const v = await w.fetch(abs);
    assert.equal(v.status, 200, u);
    assert.match(v.headers.get("x-cfsign-playlist"), /^signed/);
  }
  // The same bucket gives the same bytes (cacheable).
  const again = await (await w.fetch(sign(`${w.base}/videos/show/master.m3u8`))).text();
  assert.equal(again, text);
});

test("folder: the media playlist's segments, init section and key resolve; a key outside the folder is left and counted", async () => {
  const r = await w.fetch(sign(`${w.base}/videos/show/low/index.m3u8`));
  const text = await r.text();
  assert.equal(r.status, 200, text);
  assert.equal(r.headers.get("etag"), null, "the origin's ETag named other bytes");
  assert.notEqual(r.headers.get("cache-control"), "max-age=86400");
  const uris = hlsUris(text);
  const base = `${w.base}/videos/show/low/index.m3u8`;
  const signedUris = uris.filter((u) => /[?&]Signature=/.test(u));
  assert.ok(signedUris.some((u) => u.startsWith("init.mp4?") || u.includes("/init.mp4?")), text);
  assert.ok(signedUris.some((u) => /seg_1\.m4s\?v=2&Policy=/.test(u)), "an existing query is kept, the parameters appended");
  for (const u of signedUris) assert.equal((await w.fetch(new URL(u, base).href)).status, 200, u);
  // ../key.bin is outside .../low/*, the other host's segment too: left as they were.
  assert.ok(uris.includes("../key.bin"), text);
  assert.ok(uris.includes("https://other.example.com/ad.m4s"), text);
  assert.match(r.headers.get("x-cfsign-playlist"), /uncovered=2$/);
  assert.equal((await w.fetch(`${w.base}/videos/show/key.bin`)).status, 403, "unsigned: still refused");
});

test("tier: the narrowest TIERS pattern covering the playlist is the policy, so ../key.bin is covered", async () => {
  const r = await t.fetch(sign(`${t.base}/videos/show/low/index.m3u8`));
  const text = await r.text();
  assert.equal(r.status, 200, text);
  const key = hlsUris(text).find((u) => u.startsWith("../key.bin"));
  assert.match(key, /^\.\.\/key\.bin\?Policy=/);
  const abs = new URL(key, `${t.base}/videos/show/low/index.m3u8`).href;
  // premium is /videos/*, free /videos/free/*: /videos/show/ is only under premium's.
  assert.equal(policyOf(abs).resource, `${t.base}/videos/*`);
  assert.equal((await t.fetch(abs)).status, 200);
  assert.match(r.headers.get("x-cfsign-playlist"), /uncovered=1$/, "only the other host's segment");
});

test("cookies: a playlist allowed by the CloudFront cookies is rewritten the same way", async () => {
  const mint = await w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${await hsToken()}` } });
  assert.equal(mint.status, 200);
  const cookie = cookieHeaders(mint.headers.getSetCookie()).get("/");
  const r = await w.fetch("/videos/show/master.m3u8", { headers: { cookie } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get("x-cfsign-playlist"), /^signed/);
  assert.ok(hlsUris(await r.text()).every((u) => /Policy=.*Signature=.*Key-Pair-Id=/.test(u)));
});

test("DASH known by Content-Type: SegmentTemplate's media and initialization get the policy", async () => {
  const r = await w.fetch(sign(`${w.base}/videos/show/manifest`));
  const text = await r.text();
  assert.equal(r.status, 200, text);
  assert.match(r.headers.get("x-cfsign-playlist"), /^signed/);
  assert.match(text, /initialization="init_\$RepresentationID\$\.m4s\?Policy=[^"]+&amp;Signature=|initialization="init_\$RepresentationID\$\.m4s\?Policy=[^"]+&Signature=/);
  assert.match(text, /media="seg_\$Number\$\.m4s\?Policy=/);
});

test("an origin's private or no-store Cache-Control is kept", async () => {
  const r = await w.fetch(sign(`${w.base}/videos/show/private.m3u8`));
  await r.text();
  assert.equal(r.headers.get("cache-control"), "private, max-age=10");
});

test("bad playlists pass through unchanged with a warning header and a log line, never a 500", async () => {
  const cases = [
    ["binary.m3u8", "not_text", BINARY],
    ["big.m3u8", "too_large", Buffer.from(big())],
    ["big-declared.m3u8", "too_large", Buffer.from(big())],
  ];
  for (const [name, reason, bytes] of cases) {
    const r = await w.fetch(sign(`${w.base}/videos/show/${name}`));
    const body = Buffer.from(await r.arrayBuffer());
    assert.equal(r.status, 200, name);
    assert.equal(r.headers.get("x-cfsign-playlist"), `unchanged; reason=${reason}`, name);
    assert.ok(body.equals(bytes), `${name}: the origin's bytes, whole (${body.length} of ${bytes.length})`);
  }
  // Not a playlist, though named .m3u8: the rewriter refuses it.
  const r = await w.fetch(sign(`${w.base}/videos/show/text.m3u8`));
  assert.equal(r.status, 200);
  assert.equal(await r.text(), "this is not a playlist\n");
  assert.match(r.headers.get("x-cfsign-playlist"), /^unchanged; reason=/);
  await new Promise((res) => setTimeout(res, 200));
  for (const reason of ["not_text", "too_large"]) {
    assert.ok(w.logs.some((l) => l.includes('"event":"playlist_unchanged"') && l.includes(`"reason":"${reason}"`)), `log line for ${reason}: ${w.logs.join("\n")}`);
  }
});

test("an unsigned or tampered playlist request is refused before the origin, as any other", async () => {
  const n = o.seen.length;
  assert.equal((await w.fetch("/videos/show/master.m3u8")).status, 403);
  const tampered = sign(`${w.base}/videos/show/master.m3u8`).replace("master", "other");
  assert.equal((await w.fetch(tampered)).status, 403);
  assert.equal(o.seen.length, n);
});

test("a HEAD of a playlist is not rewritten (no body)", async () => {
  const r = await w.fetch(sign(`${w.base}/videos/show/master.m3u8`), { method: "HEAD" });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get("x-cfsign-playlist"), null);
});

test("bad STREAM_* settings are named by /healthz, never quoted", async () => {
  for (const [extra, setting] of [
    [{ STREAM_PLAYLISTS: "everything-secret" }, "STREAM_PLAYLISTS"],
    [{ STREAM_PLAYLISTS: "folder", STREAM_BUCKET_SECONDS: "0" }, "STREAM_BUCKET_SECONDS"],
    // Longer than URL_TTL_SECONDS: the package's expiry rule refuses it (round_to_exceeds_in).
    [{ STREAM_PLAYLISTS: "folder", STREAM_BUCKET_SECONDS: "7200", URL_TTL_SECONDS: "600" }, "STREAM_BUCKET_SECONDS"],
    [{ STREAM_PLAYLISTS: "folder", STREAM_MAX_PLAYLIST_BYTES: "huge" }, "STREAM_MAX_PLAYLIST_BYTES"],
  ]) {
    const bad = await worker((base) => baseEnv(base, { GUARD_PREFIX: "/videos/", ORIGIN_URL: o.url, TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }), ...extra }));
    try {
      const r = await bad.fetch("/healthz");
      const text = await r.text();
      assert.equal(r.status, 500, text);
      assert.ok(JSON.parse(text).settings.includes(setting), text);
      assert.ok(!text.includes("everything-secret"));
    } finally {
      await bad.stop();
    }
  }
  // Without guard mode there is nothing to rewrite: said at once.
  const noGuard = await worker((base) => baseEnv(base, { STREAM_PLAYLISTS: "folder" }));
  try {
    const r = await noGuard.fetch("/healthz");
    assert.equal(r.status, 500);
    assert.deepEqual(JSON.parse(await r.text()).settings, ["STREAM_PLAYLISTS"]);
  } finally {
    await noGuard.stop();
  }
});

test("createHandler's streamPlaylists option: true turns it on (folder), false off whatever the settings say", async () => {
  const { createHandler } = await import("cfsign/edge");
  const base = "https://media.example.com";
  const env = (extra) => baseEnv(base, { GUARD_PREFIX: "/videos/", ORIGIN_URL: o.url, TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }), CLIENT_IP_HEADER: "none", ...extra });
  const url = sign(`${base}/videos/show/master.m3u8`);
  const on = await createHandler(env({}), { streamPlaylists: true })(new Request(url));
  assert.equal(on.status, 200);
  assert.match(on.headers.get("x-cfsign-playlist"), /^signed; /);
  assert.ok(hlsUris(await on.text()).every((u) => full.decodeSignedUrl(new URL(u, url).href).policy.resource === `${base}/videos/show/*`));
  const off = await createHandler(env({ STREAM_PLAYLISTS: "tier" }), { streamPlaylists: false })(new Request(url));
  assert.equal(off.status, 200);
  assert.equal(off.headers.get("x-cfsign-playlist"), null);
  assert.equal(await off.text(), MASTER);
});

test("the bucketed expiry is the package's `expires` rule, the same as getSignedUrl's (an exact multiple gives the next bucket)", async () => {
  // now + URL_TTL_SECONDS on a bucket boundary: the rule wants more than the TTL, so the next one.
  const now = (1800000000 - 1800) * 1000;
  const expires = { in: "1800s", roundTo: `${BUCKET}s`, now };
  assert.equal(full.expiresIn(expires), 1800000000 + BUCKET);
  const url = await full.getSignedUrl({ url: "https://d111111abcdef8.cloudfront.net/a.m3u8", keyPairId: RSA_A.id, privateKey: RSA_A.priv, expires });
  assert.equal(full.decodeSignedUrl(url).policy.dateLessThan, full.expiresIn(expires));
  assert.throws(() => full.expiresIn({ in: "600s", roundTo: "7200s", now }), (e) => e.code === "invalid_date" && /round_to_exceeds_in/.test(e.message));
});
