// STREAM_PLAYLISTS at origin-response (issue 27): the guide's origin-response event, pointed at a
// real HTTP origin on 127.0.0.1 (its custom origin), comes back with the playlist's body replaced
// by its signed rewrite (one prefix policy, bucketed expiry, Cache-Control until the bucket ends),
// which the package's verifier allows for every entry; anything else leaves CloudFront's response
// as it was (with x-cfsign-playlist and a log line when a playlist could not be rewritten).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createLambdaEdgeHandler } from "cfsign/lambda-edge";
import { KeyGroup } from "cfsign";
import { DOMAIN, RSA, recordLogs, settings } from "./helpers.mjs";

const MEDIA = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXT-X-KEY:METHOD=AES-128,URI=\"key.bin\"\n#EXTINF:2.0,\nseg_0.m4s\n#EXTINF:2.0,\nseg_1.m4s\n#EXT-X-ENDLIST\n";
// Over the 1 MB an origin event's response may be, once signed (each entry gets ~600 bytes).
const HUGE = `#EXTM3U\n${Array.from({ length: 2500 }, (_, i) => `#EXTINF:2.0,\nseg_${i}.ts\n`).join("")}`;

let origin;
/** Every request URL the origin was asked for. */
const asked = [];
const seenHeaders = [];
before(async () => {
  const server = http.createServer((req, res) => {
    asked.push(req.url);
    seenHeaders.push(req.headers);
    const path = req.url.split("?")[0];
    const body = { "/private/show/index.m3u8": MEDIA, "/private/show/huge.m3u8": HUGE, "/private/show/binary.m3u8": Buffer.from([0xff, 0xfe, 0, 1]) }[path];
    if (body === undefined) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { "content-type": "application/vnd.apple.mpegurl" });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = { port: server.address().port, close: () => new Promise((r) => server.close(r)) };
});
after(() => origin?.close());

const fixture = JSON.parse(readFileSync(new URL("./fixtures/origin-response.json", import.meta.url), "utf8"));

/** The guide's origin-response event for `uri`, its custom origin our server, the response `type`. */
function event(uri, { type = "application/vnd.apple.mpegurl", status = "200", s3 = false, querystring } = {}) {
  const e = structuredClone(fixture);
  const { request, response } = e.Records[0].cf;
  request.uri = uri;
  if (querystring !== undefined) request.querystring = querystring;
  if (s3) request.origin = { s3: { domainName: "bucket.s3.amazonaws.com", path: "", authMethod: "origin-access-identity", customHeaders: {} } };
  else Object.assign(request.origin.custom, { domainName: "127.0.0.1", port: origin.port, protocol: "http" });
  response.status = status;
  response.headers["content-type"] = [{ key: "Content-Type", value: type }];
  response.headers.etag = [{ key: "ETag", value: '"origin"' }];
  return e;
}

const streaming = (extra = {}) => createLambdaEdgeHandler(settings({ STREAM_PLAYLISTS: "folder", STREAM_BUCKET_SECONDS: "300", URL_TTL_SECONDS: "3600", ...extra }));

test("a playlist at origin-response: the body replaced by its signed rewrite, cacheable until its bucket ends", async () => {
  const result = await streaming()(event("/private/show/index.m3u8"));
  assert.equal(result.status, "200");
  assert.equal(result.bodyEncoding, "text");
  assert.match(result.headers["x-cfsign-playlist"][0].value, /^signed; expires=\d+; uncovered=0$/);
  const expires = Number(/expires=(\d+)/.exec(result.headers["x-cfsign-playlist"][0].value)[1]);
  const now = Math.floor(Date.now() / 1000);
  assert.equal(expires % 300, 0);
  assert.ok(expires >= now + 3600 && expires < now + 3600 + 300 + 5);
  // CloudFront keeps it until the bucket ends (s-maxage); a browser does not reuse it (max-age=0).
  const maxAge = Number(/^max-age=0, s-maxage=(\d+)$/.exec(result.headers["cache-control"][0].value)?.[1]);
  assert.ok(maxAge >= 1 && maxAge <= 300, result.headers["cache-control"][0].value);
  assert.equal(result.headers.etag, undefined, "the origin's ETag named other bytes");
  assert.equal(result.headers["content-length"], undefined);
  assert.equal(result.headers["x-frame-options"][0].value, "DENY", "the origin's other headers kept");
  // Every entry, resolved against the public URL, is allowed by the package's verifier.
  const kg = new KeyGroup();
  kg.add(RSA.id, RSA.pub);
  const uris = [...result.body.matchAll(/^([^#\n][^\n]*)$|URI="([^"]+)"/gm)].map((m) => m[1] ?? m[2]);
  assert.equal(uris.length, 4);
  for (const u of uris) {
    const url = new URL(u, `https://${DOMAIN}/private/show/index.m3u8`).href;
    const verdict = await kg.verifyAsync(url, { now: new Date() });
    assert.equal(verdict.allowed, true, `${u}: ${JSON.stringify(verdict.reasons)}`);
  }
  // The same bucket, the same bytes.
  assert.equal((await streaming()(event("/private/show/index.m3u8"))).body, result.body);
});

test("what is not a 200 playlist (a segment, a 404, HEAD) leaves CloudFront's response as it was", async () => {
  const handler = streaming();
  for (const e of [event("/private/show/seg_0.m4s", { type: "video/iso.segment" }), event("/private/show/index.m3u8", { status: "404" })]) {
    const before = structuredClone(e.Records[0].cf.response);
    assert.deepEqual(await handler(e), before);
  }
  const head = event("/private/show/index.m3u8");
  head.Records[0].cf.request.method = "HEAD";
  assert.equal((await handler(head)).body, undefined);
});

test("a playlist that cannot be rewritten stays the origin's, with the warning header and a log line", async () => {
  const handler = streaming({ STREAM_MAX_PLAYLIST_BYTES: String(16 * 1024 * 1024) });
  for (const [uri, opts, reason] of [
    ["/private/show/binary.m3u8", {}, "not_text"],
    ["/private/show/huge.m3u8", {}, "too_large_for_lambda_edge"],
    ["/private/show/index.m3u8", { s3: true }, "no_origin_url"],
    ["/private/show/gone.m3u8", {}, "origin_status"],
  ]) {
    const { value, lines } = await recordLogs(() => handler(event(uri, opts)));
    assert.equal(value.status, "200", uri);
    assert.equal(value.body, undefined, `${uri}: CloudFront sends the origin's body`);
    assert.equal(value.headers["x-cfsign-playlist"][0].value, `unchanged; reason=${reason}`, uri);
    assert.ok(lines.some((l) => l.includes('"event":"playlist_unchanged"') && l.includes(reason)), lines.join("\n"));
  }
});

test("without STREAM_PLAYLISTS, origin-response is still refused", async () => {
  const result = await createLambdaEdgeHandler(settings())(event("/private/show/index.m3u8"));
  assert.equal(result.status, "500");
  assert.equal(JSON.parse(result.body).error, "wrong_event_type");
});

test("the function zip with STREAM_PLAYLISTS carries the full .wasm, and a fresh node signs a playlist at origin-response", async () => {
  const root = new URL("../../../", import.meta.url).pathname;
  const dir = mkdtempSync(path.join(os.tmpdir(), "cfsign-zip-stream-"));
  writeFileSync(path.join(dir, "settings.json"), JSON.stringify(settings({ STREAM_PLAYLISTS: "folder" })));
  const zip = path.join(dir, "function.zip");
  execFileSync(process.execPath, [path.join(root, "scripts", "lambda-edge.mjs"), "--settings", path.join(dir, "settings.json"), "--out", zip], { stdio: "ignore" });
  const unzipped = path.join(dir, "fn");
  execFileSync("python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", zip, unzipped]);
  assert.deepEqual(readdirSync(unzipped).sort(), ["cfsign_bg.wasm", "cfsign_full_bg.wasm", "index.mjs", "settings.json"]);
  writeFileSync(path.join(dir, "event.json"), JSON.stringify(event("/private/show/index.m3u8")));
  const script = `
    const e = JSON.parse(await (await import("node:fs/promises")).readFile(${JSON.stringify(path.join(dir, "event.json"))}, "utf8"));
    const { handler } = await import(${JSON.stringify(path.join(unzipped, "index.mjs"))});
    process.stdout.write(JSON.stringify(await handler(e, {})));`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], { cwd: os.tmpdir(), encoding: "utf8" });
  const result = JSON.parse(stdout);
  assert.match(result.headers["x-cfsign-playlist"][0].value, /^signed; /);
  assert.match(result.body, /\nseg_0\.m4s\?Policy=[^\n]+&Signature=[^\n]+&Key-Pair-Id=KRSACURRENT01\n/);
});

test("a path with dot segments, encoded or with '\\', is never fetched again: the response stays CloudFront's (bad_path)", async () => {
  for (const uri of [
    "/private/other/%2e%2e/show/index.m3u8",
    "/private/other/%2E%2E/show/index.m3u8",
    "/private/other/%252e%252e/show/index.m3u8",
    "/private/other/..%5Cshow/index.m3u8",
    "/private/other/..\\show/index.m3u8",
    "/private/other/../show/index.m3u8",
    "/private/other/%2e%2e%2fshow/index.m3u8",
  ]) {
    asked.length = 0;
    const e = event(uri);
    const { lines, value } = await recordLogs(() => streaming()(e));
    assert.equal(value.headers["x-cfsign-playlist"]?.[0].value, "unchanged; reason=bad_path", uri);
    assert.equal(value.body, undefined, uri);
    assert.deepEqual(asked, [], `${uri}: the origin was asked for ${asked.join(", ")}`);
    assert.ok(lines.some((l) => l.includes('"event":"playlist_unchanged"') && l.includes("bad_path")), lines.join("\n"));
  }
});

test("the signing parameters are not passed on to the origin; the other parameters are", async () => {
  asked.length = 0;
  const querystring = "Policy=abc&Signature=def&Key-Pair-Id=K2JCJMDEHXQW5F&Expires=2000000000&Hash-Algorithm=SHA256&lang=en";
  const result = await streaming()(event("/private/show/index.m3u8", { querystring }));
  assert.match(result.headers["x-cfsign-playlist"][0].value, /^signed/);
  assert.deepEqual(asked, ["/private/show/index.m3u8?lang=en"]);
  asked.length = 0;
  await streaming()(event("/private/show/index.m3u8", { querystring: "Policy=abc&Signature=def&Key-Pair-Id=K" }));
  assert.deepEqual(asked, ["/private/show/index.m3u8"]);
});

test("the custom origin's custom headers go with the fetch again (a secret the origin checks)", async () => {
  seenHeaders.length = 0;
  const e = event("/private/show/index.m3u8");
  e.Records[0].cf.request.origin.custom.customHeaders = { "x-origin-secret": [{ key: "X-Origin-Secret", value: "s3cr3t" }] };
  const result = await streaming()(e);
  assert.match(result.headers["x-cfsign-playlist"][0].value, /^signed/);
  assert.equal(seenHeaders.length, 1);
  assert.equal(seenHeaders[0]["x-origin-secret"], "s3cr3t");
});
