// Found reviewing the edge handler for issue 29: encodings of '.', '/' and '\' that the issue 11
// check (paths.mjs) let through, which some origins still read as separators or dot segments:
// overlong UTF-8 (%C0%AE is '.', %C0%AF '/', %C1%9C '\', and their 3- and 4-byte forms), IIS's
// %uXXXX escapes (%u002e, %u2215), and an encoded NUL or other control character (an origin that
// stops at NUL serves /videos/premium.mp4 for /videos/free/x/../../premium.mp4%00 or for
// /videos/premium.mp4%00.txt under a *.txt pattern). Each is refused, in the guard (400 bad_path,
// nothing reaches the origin) and when minting (400 bad_paths), also double-encoded; real UTF-8
// (é, À, अ, an emoji) still signs and passes.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { baseEnv, cookieHeaders, hsToken, origin, rawRequest, RSA_A, worker } from "./helpers.mjs";

let w;
let o;
let token;
let cookies;
before(async () => {
  o = await origin();
  w = await worker((base) =>
    baseEnv(base, { MAX_BATCH: "20", GUARD_PREFIX: "/videos/", ORIGIN_URL: o.url, TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }) }),
  );
  token = await hsToken({ tier: "free" });
  const r = await w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${token}` } });
  cookies = cookieHeaders(r.headers.getSetCookie()).get("/");
});
after(async () => {
  await w?.stop();
  await o?.close();
});

const HOSTILE = [
  "/videos/free/%C0%AE%C0%AE/premium.mp4",
  "/videos/free/%c0%ae%c0%ae%c0%afpremium.mp4",
  "/videos/free/..%C0%AFpremium.mp4",
  "/videos/free/..%C1%9Cpremium.mp4",
  "/videos/free/%E0%80%AE%E0%80%AE/premium.mp4",
  "/videos/free/..%E0%80%AFpremium.mp4",
  "/videos/free/..%F0%80%80%AFpremium.mp4",
  "/videos/free/%25C0%25AE%25C0%25AE/premium.mp4",
  "/videos/free/%u002e%u002e/premium.mp4",
  "/videos/free/..%u2215premium.mp4",
  "/videos/free/..%U002Fpremium.mp4",
  "/videos/free/%25u002e%25u002e/premium.mp4",
  "/videos/free/premium.mp4%00.txt",
  "/videos/free/x%00/premium.mp4",
  "/videos/free/%2500.mp4",
  "/videos/free/a%0D%0ASet-Cookie:%20x=1",
  "/videos/free/a%0a.mp4",
  "/videos/free/a%7f.mp4",
];
const FINE = ["/videos/free/caf%C3%A9.mp4", "/videos/free/%C3%80.mp4", "/videos/free/%E0%A4%85.mp4", "/videos/free/%F0%9F%8E%AC.mp4", "/videos/free/100%25.mp4", "/videos/free/u002e.mp4"];

test("guard: overlong UTF-8, %u escapes and encoded controls -> 400 bad_path, the origin never asked", async () => {
  for (const p of HOSTILE) {
    const n = o.seen.length;
    const r = await rawRequest(w.base, p, { headers: { cookie: cookies } });
    assert.equal(r.status, 400, `${p}: ${r.status} ${r.body}`);
    assert.equal(JSON.parse(r.body).error, "bad_path");
    assert.equal(o.seen.length, n, `${p} reached the origin`);
  }
  for (const p of FINE) {
    const r = await rawRequest(w.base, p, { headers: { cookie: cookies } });
    assert.equal(r.status, 200, `${p}: ${r.body}`);
    assert.equal(o.seen.at(-1).url, p);
  }
});

test("minting: the same paths -> 400 bad_paths naming each; real UTF-8 signs", async () => {
  const r = await w.fetch("/api/signed-urls", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ paths: HOSTILE }),
  });
  const body = await r.json();
  assert.equal(r.status, 400, JSON.stringify(body));
  assert.equal(body.error, "bad_paths");
  assert.deepEqual(body.paths.map((p) => p.index), HOSTILE.map((_, i) => i));
  const ok = await w.fetch("/api/signed-urls", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ paths: FINE }),
  });
  assert.equal(ok.status, 200, await ok.clone().text());
});
