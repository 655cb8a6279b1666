// Issue 29, e05 and e06: POST /api/signed-urls with a body that ends early answers 4xx, never a
// 5xx; and it never hands out a signed URL over CloudFront's 8,192 bytes (percent-encoding
// inflates non-ASCII paths): that entry is `400 bad_paths`.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { baseEnv, cfsign, hsToken, RSA_A, worker } from "./helpers.mjs";

let w;
before(async () => {
  w = await worker((base) => baseEnv(base, { MAX_BATCH: "20" }));
});
after(async () => {
  await w?.stop();
});

/** Writes `head` and `body` on a raw socket, half-closes it, and reads whatever comes back. */
function truncated(base, head, body) {
  const u = new URL(base);
  return new Promise((resolve) => {
    const s = net.connect(Number(u.port), u.hostname, () => {
      s.write(head);
      s.end(body); // the body ends here, before what the headers promised
    });
    const chunks = [];
    s.on("data", (c) => chunks.push(c));
    const done = () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text });
    };
    s.on("close", done);
    s.on("error", () => {});
    s.setTimeout(5000, () => s.destroy());
  });
}

test("e05: a body that ends early gives a 4xx (or no answer), never a 5xx", async () => {
  const token = await hsToken({ tier: "premium" });
  const host = new URL(w.base).host;
  const json = '{"paths": ["/videos/a.mp4", "/videos/b.mp4"]}';
  const cases = [
    ["content-length larger than the body", `content-length: ${json.length + 50}\r\n`, json],
    ["content-length, half of the body", `content-length: ${json.length}\r\n`, json.slice(0, 10)],
    ["chunked, cut inside a chunk", "transfer-encoding: chunked\r\n", `${json.length.toString(16)}\r\n${json.slice(0, 12)}`],
    ["chunked, no last chunk", "transfer-encoding: chunked\r\n", `${json.length.toString(16)}\r\n${json}\r\n`],
  ];
  for (const [what, framing, body] of cases) {
    const head = `POST /api/signed-urls HTTP/1.1\r\nhost: ${host}\r\nauthorization: Bearer ${token}\r\ncontent-type: application/json\r\n${framing}\r\n`;
    const r = await truncated(w.base, head, body);
    assert.ok(r.status === null || (r.status >= 400 && r.status < 500), `${what}: ${r.status} ${r.text.slice(0, 300)}`);
  }
  // The handler never failed on them (a 500 it answered would be logged as internal_error).
  await new Promise((res) => setTimeout(res, 200));
  assert.ok(!w.logs.some((l) => l.includes("internal_error")), w.logs.filter((l) => l.includes("internal_error")).join("\n"));
  // And the worker still answers.
  const ok = await w.fetch("/api/signed-urls", { method: "POST", headers: { authorization: `Bearer ${token}` }, body: json });
  assert.equal(ok.status, 200);
});

const mint = async (paths) => {
  const r = await w.fetch("/api/signed-urls", {
    method: "POST",
    headers: { authorization: `Bearer ${await hsToken({ tier: "premium" })}`, "content-type": "application/json" },
    body: JSON.stringify({ paths }),
  });
  return { status: r.status, body: await r.json() };
};
const bytes = (s) => new TextEncoder().encode(s).length;

test("e06: no signed URL over 8,192 bytes: the entry that would be is 400 bad_paths", async () => {
  // Each "€" becomes %E2%82%AC (9 bytes); each emoji (2 UTF-16 units) %F0%9F%8E%AC (12).
  const long = [`/videos/${"€".repeat(1000)}.mp4`, `/videos/${"🎬".repeat(700)}.mp4`, `/videos/${"é".repeat(1400)}?q=${"ü".repeat(300)}`];
  for (const entry of long) {
    assert.ok(entry.length <= 2048, "within the entry limit: only the signed URL is too long");
    const r = await mint(["/videos/short.mp4", entry]);
    assert.equal(r.status, 400, JSON.stringify(r.body).slice(0, 300));
    assert.equal(r.body.error, "bad_paths");
    assert.deepEqual(r.body.paths.map((p) => p.index), [1]);
    assert.equal(typeof r.body.paths[0].problem, "string");
  }
  // Around the limit: whatever is handed out is at most 8,192 bytes, and verifies.
  let allowed = 0;
  for (let n = 700; n <= 1000; n += 20) {
    const r = await mint([`/videos/${"€".repeat(n)}`]);
    if (r.status === 200) {
      allowed++;
      for (const u of r.body.urls) {
        assert.ok(bytes(u) <= 8192, `${n}: a URL of ${bytes(u)} bytes`);
        const kg = new cfsign.KeyGroup();
        kg.add(RSA_A.id, RSA_A.pub);
        assert.equal((await kg.verifyAsync(u, { now: new Date() })).allowed, true, `${n}: the URL handed out does not verify`);
      }
    } else {
      assert.equal(r.status, 400);
      assert.equal(r.body.error, "bad_paths");
    }
  }
  assert.ok(allowed > 0, "some URLs near the limit are handed out");
});
