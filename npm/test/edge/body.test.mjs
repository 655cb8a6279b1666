// Issue 11, finding 2: a chunked request body (no content-length) skipped the 64 KiB limit of
// /api/signed-urls: the worker read all of it, then answered 413. It now reads the stream,
// counting bytes, and cancels it with 413 as soon as the count passes 64 KiB. Over real HTTP to
// workerd, with a Node client that writes the body slowly in chunks.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { baseEnv, HOST, hsToken, worker } from "./helpers.mjs";

// edge-runtime's local server (our stand-in for Vercel's edge) reads a whole request body before
// the handler runs, so no handler can answer early there: the early-answer tests are skipped on it.
const EARLY = HOST === "edge" ? "edge-runtime buffers request bodies" : false;

const LIMIT = 64 * 1024;

let w;
let token;
before(async () => {
  w = await worker((base) => baseEnv(base));
  token = await hsToken({ tier: "free" });
});
after(() => w?.stop());

/**
 * POSTs a chunked body to /api/signed-urls: `chunks` pieces from `piece(i)`, `delayMs` apart
 * (at least 1 ms, so that the client reads an early response before its next write; the worker
 * may close the connection after answering), stopping as soon as the response starts. Resolves to { status, body, sent, finished, ms }:
 * the bytes written when the response began, and whether the whole body had been written.
 */
function postChunked(piece, chunks, delayMs) {
  const u = new URL(w.base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let sent = 0;
    let finished = false;
    let answered = false;
    const req = http.request(
      { host: u.hostname, port: u.port, method: "POST", path: "/api/signed-urls", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } },
      (res) => {
        answered = true;
        const at = { sent, finished, ms: Date.now() - started };
        const parts = [];
        res.on("data", (c) => parts.push(c));
        res.on("end", () => {
          req.destroy();
          resolve({ status: res.statusCode, body: Buffer.concat(parts).toString("utf8"), ...at });
        });
      },
    );
    // Once the worker has answered it may close the connection under a write: not a failure.
    req.on("error", (e) => (answered ? undefined : reject(e)));
    assert.equal(req.getHeader("content-length"), undefined);
    (async () => {
      for (let i = 0; i < chunks && !answered && !req.destroyed; i++) {
        const data = piece(i);
        await new Promise((r) => req.write(data, r));
        sent += data.length;
        await new Promise((r) => setTimeout(r, delayMs));
      }
      if (!answered && !req.destroyed) {
        finished = true;
        req.end();
      }
    })().catch(() => {});
  });
}

test("a 10 MB chunked body, sent slowly, gets 413 long before it is all sent", { skip: EARLY }, async () => {
  const chunk = Buffer.alloc(LIMIT, "a"); // 64 KiB of body that is not even JSON
  const total = 160; // 10 MiB
  const r = await postChunked(() => chunk, total, 10);
  assert.equal(r.status, 413, r.body);
  assert.equal(JSON.parse(r.body).error, "body_too_large");
  assert.equal(r.finished, false, "the client had not finished writing");
  // About 128 KiB here; the bound leaves room for a slow, shared machine (the whole body takes
  // at least 1.6 s to write).
  assert.ok(r.sent < 64 * LIMIT, `the 413 came after ${r.sent} bytes`);
  assert.ok(r.ms < 10_000, `the 413 came after ${r.ms} ms`);
});

test("a chunked body just over the limit (in small pieces) -> 413; just under -> read", async () => {
  const over = JSON.stringify({ paths: ["/videos/free/a.mp4"], pad: "x".repeat(LIMIT) });
  const pieces = Math.ceil(over.length / 1000);
  let r = await postChunked((i) => over.slice(i * 1000, (i + 1) * 1000), pieces, 2);
  assert.equal(r.status, 413, r.body);
  const under = JSON.stringify({ paths: ["/videos/free/a.mp4"], pad: "x".repeat(LIMIT - 100) });
  assert.ok(Buffer.byteLength(under) <= LIMIT);
  r = await postChunked((i) => under.slice(i * 1000, (i + 1) * 1000), Math.ceil(under.length / 1000), 2);
  assert.equal(r.status, 200, r.body);
  assert.equal(JSON.parse(r.body).urls.length, 1);
});

test("the limit counts bytes, not characters; content-length over the limit is refused unread", { skip: EARLY }, async () => {
  // 30,000 three-byte characters: 90 KB in UTF-8, 30,000 UTF-16 code units.
  const wide = JSON.stringify({ paths: ["/videos/free/a.mp4"], pad: "€".repeat(30_000) });
  assert.ok(wide.length < LIMIT && Buffer.byteLength(wide) > LIMIT);
  let r = await postChunked((i) => Buffer.from(wide).subarray(i * 4096, (i + 1) * 4096), Math.ceil(Buffer.byteLength(wide) / 4096), 2);
  assert.equal(r.status, 413, r.body);
  r = await w.fetch("/api/signed-urls", { method: "POST", headers: { authorization: `Bearer ${token}` }, body: "x".repeat(LIMIT + 1) });
  assert.equal(r.status, 413);
  // An ordinary body with a content-length still works, including multi-byte characters.
  r = await w.fetch("/api/signed-urls", { method: "POST", headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ paths: ["/videos/free/é.mp4"] }) });
  assert.equal(r.status, 200);
  assert.match((await r.json()).urls[0], /\/videos\/free\/%C3%A9\.mp4\?/);
});

test("a fetch with a ReadableStream body (duplex: half) over the limit -> 413", { skip: EARLY }, async () => {
  let pulled = 0;
  const stream = new ReadableStream({
    async pull(controller) {
      if (pulled >= 160) return controller.close();
      pulled += 1;
      await new Promise((r) => setTimeout(r, 5));
      controller.enqueue(new Uint8Array(LIMIT).fill(0x20));
    },
  });
  const r = await fetch(`${w.base}/api/signed-urls`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: stream, duplex: "half" });
  assert.equal(r.status, 413);
  assert.equal((await r.json()).error, "body_too_large");
  assert.ok(pulled < 160, `the whole stream (${pulled} chunks) was consumed`);
  await stream.cancel().catch(() => {});
});
