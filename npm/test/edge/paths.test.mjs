// Issue 11, finding 1: encoded '/', '\' and '.' in a path segment. WHATWG URL parsing (the
// worker's `new URL`, and workerd for the request URL) resolves `..`, `%2e%2e`, `.%2e` and `%2e.`,
// but leaves `..%2F`, `..%5C` and double encodings alone; a free-tier pattern `.../videos/free/*`
// matches `/videos/free/..%2Fpremium.mp4`, and an origin that decodes `%2F` before resolving `..`
// (Python's http.server did) serves /videos/premium.mp4. The worker refuses such paths when
// minting (400 bad_paths) and in the guard (400 bad_path, before verifying; nothing reaches the
// origin). Finding 4 too: unparsable absolute URLs in `paths` are 400 bad_paths, not 500.
// Requests to the guard are sent with their raw request line (rawRequest), not through fetch,
// which would resolve dot segments on the client.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import path from "node:path";
import { baseEnv, cfsign, cookieHeaders, DIAG, hsToken, keyGroup, rawRequest, RSA_A, worker } from "./helpers.mjs";
import { forwardProblem, pathProblem } from "../node_modules/cfsign/dist/edge/paths.mjs";

/**
 * An origin that decodes the path before resolving dot segments, as naive file servers do: it
 * answers with the file it would serve. The worker must never let it serve a premium file to a
 * free-tier viewer.
 */
async function decodingOrigin() {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url);
    let file;
    try {
      file = path.posix.normalize(decodeURIComponent(new URL(req.url, "http://o").pathname).replace(/\\/g, "/"));
    } catch {
      file = "(undecodable)";
    }
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`served ${file}`);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

let w;
let o;
let freeToken;
let freeCookies;
before(async () => {
  o = await decodingOrigin();
  w = await worker((base) =>
    baseEnv(base, { MAX_BATCH: "20", GUARD_PREFIX: "/videos/", ORIGIN_URL: o.url, TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub }) }),
  );
  freeToken = await hsToken({ tier: "free" });
  const r = await w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${freeToken}` } });
  assert.equal(r.status, 200);
  freeCookies = cookieHeaders(r.headers.getSetCookie()).get("/");
});
after(async () => {
  await w?.stop();
  await o?.close();
});

const mint = (paths, token = freeToken) =>
  w.fetch("/api/signed-urls", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify({ paths }) });

const ENCODED_PROBLEM = /encoded '\/', '\\' or '\.' in a path segment/;

// Paths that decode into other segments than they show. Each escapes /videos/free/ once an
// origin decodes it (or names a file with a separator in it).
const ENCODED = [
  "/videos/free/..%2Fpremium.mp4",
  "/videos/free/..%2fpremium.mp4",
  "/videos/free/..%5Cpremium.mp4",
  "/videos/free/..%5cpremium.mp4",
  "/videos/free/a%2Fb.mp4",
  "/videos/free/a%5cb.mp4",
  "/videos/free/%2e%2e/premium.mp4",
  "/videos/free/%2E%2e/premium.mp4",
  "/videos/free/.%2e/premium.mp4",
  "/videos/free/%2e./premium.mp4",
  "/videos/free/%2E/a.mp4",
  "/videos/free/%252F..%252Fpremium.mp4",
  "/videos/free/..%252Fpremium.mp4",
  "/videos/free/%252e%252e%252fpremium.mp4",
  "/videos/free/%252E%252e/premium.mp4",
  "/videos/free/%25252e%25252e%25252Fpremium.mp4",
  "/videos/free/.%2E%5c..%2Fpremium.mp4",
  "/videos/free/x/..%2F..%2F..%2Fpremium.mp4",
  "/videos/free/..%2Fpremium.mp4?lang=en",
  "/videos/free/%2e%2e%2fpremium.mp4?a=%2F",
];
// A '..' or '.' segment with a ';' path parameter: Tomcat-style origins strip it and resolve '..'.
const PARAM_DOTS = ["/videos/free/..;/premium.mp4", "/videos/free/..;x=1/premium.mp4", "/videos/free/%2e%2e;/premium.mp4"];
// Encodings that keep the segments as they are.
const LEGIT = [
  "/videos/free/a%20b.mp4",
  "/videos/free/caf%C3%A9.mp4",
  "/videos/free/a%2Bb.mp4",
  "/videos/free/a%2eb.mp4",
  "/videos/free/..a.mp4",
  "/videos/free/.../a.mp4",
  "/videos/free/x%2520y.mp4",
  "/videos/free/100%25.mp4",
  "/videos/free/a.mp4?next=..%2Fb&c=%5C",
];

test("pathProblem: encoded separators and dot segments, any depth; legitimate encodings pass", () => {
  for (const p of ENCODED) assert.match(pathProblem(p.split("?")[0]) ?? "", ENCODED_PROBLEM, p);
  for (const p of PARAM_DOTS) assert.match(pathProblem(p) ?? "", /'\.\.;'/, p);
  for (const p of LEGIT) assert.equal(pathProblem(p.split("?")[0]), null, p);
  for (const p of ["/", "", "/videos/free/a.mp4", "/a//b", "/%zz/%4", "/%"]) assert.equal(pathProblem(p), null, p);
  // More levels of encoding than anyone uses: refused without decoding on and on.
  assert.match(pathProblem(`/videos/free/%${"25".repeat(1000)}2F`), /levels of percent-encoding/);
  assert.match(pathProblem("/videos/free/%25252525252F"), /levels of percent-encoding/);
});

test("minting: every encoded form is 400 bad_paths, relative or absolute, and nothing is signed", async () => {
  for (const p of [...ENCODED, ...PARAM_DOTS]) {
    for (const entry of [p, `${w.base}${p}`]) {
      const r = await mint([entry]);
      const body = await r.json();
      assert.equal(r.status, 400, `${entry}: ${JSON.stringify(body)}`);
      assert.equal(body.error, "bad_paths");
      assert.equal(body.urls, undefined);
      assert.deepEqual(body.paths.map((x) => x.index), [0]);
      assert.match(body.paths[0].problem, PARAM_DOTS.includes(p) ? /'\.\.;'/ : ENCODED_PROBLEM, entry);
    }
  }
  // The premium tier (whose pattern covers the target) is refused too: the shape is the problem.
  const r = await mint(["/videos/free/..%2Fpremium.mp4"], await hsToken({ tier: "premium" }));
  assert.equal(r.status, 400);
  // In a batch, the bad entry is named by its index and nothing is signed.
  const batch = await mint(["/videos/free/ok.mp4", "/videos/free/..%2Fpremium.mp4", "/videos/free/ok2.mp4"]);
  assert.equal(batch.status, 400);
  assert.deepEqual((await batch.json()).paths.map((x) => x.index), [1]);
});

test("minting: literal '..' is still resolved before the tier check (403, not signed)", async () => {
  for (const p of ["/videos/free/../premium.mp4", "/videos/free/x/../../premium.mp4"]) {
    const r = await mint([p]);
    assert.equal(r.status, 403, p);
    assert.equal((await r.json()).error, "forbidden_paths");
  }
});

test("minting: legitimate encodings (%20, %C3%A9, %2B, %2e inside a name, %25) are signed and verify", async () => {
  const r = await mint(LEGIT);
  const body = await r.json();
  assert.equal(r.status, 200, JSON.stringify(body));
  assert.equal(body.urls.length, LEGIT.length);
  const kg = keyGroup(RSA_A);
  body.urls.forEach((url, i) => {
    assert.equal(kg.verify(url).allowed, true, url);
    assert.equal(decodeURIComponent(new URL(url).pathname), decodeURIComponent(LEGIT[i].split("?")[0]), url);
  });
});

test("finding 4: unparsable absolute URLs are 400 bad_paths, not 500", async () => {
  for (const p of ["http://[::1/", "http://%zz/", "http://127.0.0.1:99999/videos/free/a.mp4", "https://", "http://a b/"]) {
    const r = await mint([p]);
    const body = await r.json();
    assert.equal(r.status, 400, `${p}: ${JSON.stringify(body)}`);
    assert.equal(body.error, "bad_paths");
    assert.equal(typeof body.paths[0].problem, "string");
  }
  assert.ok(!w.logs.some((l) => l.includes("internal_error")), "no internal error was logged");
});

/** What the origin answered, or null when the request never reached it. */
async function guardGet(rawPath, headers) {
  const n = o.seen.length;
  const r = await rawRequest(w.base, rawPath, { headers: { ...headers, ...DIAG } });
  return { ...r, reached: o.seen.length > n ? o.seen.at(-1) : null };
}

// The encoded forms that reach the worker as sent: workerd resolves the others (below).
const ARRIVE_AS_SENT = ENCODED.filter((p) => !/\/(%2e%2e|%2E%2e|\.%2e|%2e\.|%2E)\//.test(p));

test("guard: encoded separators with free-tier cookies -> 400 bad_path, the origin is never asked", async () => {
  assert.ok(ARRIVE_AS_SENT.length >= 14);
  for (const p of [...ARRIVE_AS_SENT, ...PARAM_DOTS]) {
    const r = await guardGet(p, { cookie: freeCookies });
    assert.equal(r.status, 400, `${p}: ${r.body}`);
    const body = JSON.parse(r.body);
    assert.equal(body.error, "bad_path");
    // Where the host leaves dot segments unresolved (Deno), a literal one may be named first.
    assert.match(body.problem, p.includes(";") ? /'\.\.;'/ : new RegExp(`${ENCODED_PROBLEM.source}|'\\.' or '\\.\\.' segment`));
    assert.equal(r.reached, null, `${p} reached the origin`);
    assert.doesNotMatch(r.body, /premium/);
  }
});

// Review of issue 29: a raw '\' in the request path. Deno hands the guard the request target as
// sent ("/videos/free/..\premium.mp4"): the verifier matched it against `/videos/free/*`, and the
// origin fetch (WHATWG URL: '\' is '/' in an http(s) path, then '..' is resolved) asked for
// /videos/premium.mp4. workerd, Node (Hono) and Bun resolve it first (then 403).
const BACKSLASHED = ["/videos/free/..\\premium.mp4", "/videos/free/.\\..\\premium.mp4", "/videos/free\\..\\..\\videos\\premium.mp4", "/videos/free/a\\..\\..\\premium.mp4"];

test("pathProblem: a raw backslash in a path is refused (origins and fetch read it as '/')", () => {
  for (const p of [...BACKSLASHED, "/videos/free/a\\b.mp4"]) {
    assert.match(pathProblem(p) ?? "", /'\\'/, p);
    assert.match(pathProblem(p, { dotSegments: true }) ?? "", /'\\'/, p);
  }
});

test("guard: a raw backslash never takes free-tier cookies to another folder", async () => {
  for (const p of BACKSLASHED) {
    const r = await guardGet(p, { cookie: freeCookies });
    assert.ok(r.status === 400 || r.status === 403, `${p}: ${r.status} ${r.body}`);
    assert.equal(r.reached, null, `${p} reached the origin: ${r.body}`);
    assert.doesNotMatch(r.body, /served/);
  }
});

test("guard: dot segments, literal or encoded, never take free-tier cookies to another folder", async () => {
  // workerd (and Node) apply WHATWG parsing to the request URL: /videos/free/%2e%2e/premium.mp4
  // arrives as /videos/premium.mp4, which free-tier cookies do not cover (403). Deno passes it on
  // as sent, and the guard refuses it (400). Either way the origin is never asked.
  for (const p of ["/videos/free/%2e%2e/premium.mp4", "/videos/free/%2E%2e/premium.mp4", "/videos/free/.%2e/premium.mp4", "/videos/free/%2e./premium.mp4", "/videos/free/../premium.mp4", "/videos/free/./../premium.mp4"]) {
    const r = await guardGet(p, { cookie: freeCookies });
    const body = JSON.parse(r.body);
    if (r.status === 400) {
      assert.equal(body.error, "bad_path", `${p}: ${r.body}`);
    } else {
      assert.equal(r.status, 403, `${p}: ${r.body}`);
      assert.equal(body.reasons[0].code, "resource_mismatch");
      assert.match(body.message, /\/videos\/premium\.mp4 does not match/);
    }
    assert.equal(r.reached, null, `${p} reached the origin`);
  }
  // A single encoded '.' segment: resolved away (workerd), or refused where it arrives as sent.
  const r = await guardGet("/videos/free/%2E/a.mp4", { cookie: freeCookies });
  if (r.status === 200) assert.equal(r.reached, "/videos/free/a.mp4");
  else assert.equal(JSON.parse(r.body).error, "bad_path");
});

test("guard: signed URLs for encoded paths (canned or wildcard policy) -> 400 before verifying", async () => {
  const soon = Date.now() + 600_000;
  const policy = JSON.stringify({ Statement: [{ Resource: `${w.base}/videos/free/*`, Condition: { DateLessThan: { "AWS:EpochTime": Math.floor(soon / 1000) } } }] });
  for (const p of ["/videos/free/..%2Fpremium.mp4", "/videos/free/..%5Cpremium.mp4", "/videos/free/%252e%252e%252fpremium.mp4"]) {
    for (const opts of [{}, { policy }]) {
      const signed = cfsign.getSignedUrl({ url: `${w.base}${p}?lang=en`, keyPairId: RSA_A.id, privateKey: RSA_A.priv, dateLessThan: soon, ...opts });
      const u = new URL(signed);
      // The reference verifier would allow it: the worker's refusal is what protects the origin.
      assert.equal(keyGroup(RSA_A).verify(signed).allowed, true);
      const r = await guardGet(u.pathname + u.search);
      assert.equal(r.status, 400, `${signed}: ${r.body}`);
      assert.equal(JSON.parse(r.body).error, "bad_path");
      assert.equal(r.reached, null);
    }
  }
});

test("guard: legitimate encodings are verified and forwarded byte for byte", async () => {
  for (const p of LEGIT) {
    const r = await guardGet(p, { cookie: freeCookies });
    assert.equal(r.status, 200, `${p}: ${r.body}`);
    assert.equal(r.reached, p);
    assert.match(r.body, /^served \/videos\/free\//);
  }
});

test("forwardProblem (createHandler's forward mode): unrouted paths an origin could read under the guard's prefix are refused", () => {
  for (const p of ["/private%2Fsecret.mp4", "/private%252Fsecret.mp4", "/private%5Csecret", "//private/secret.mp4", "/a//b", "/PRIVATE/x", "/Private/x", "/%70rivate/x", "/%2570rivate/x", "/%2e/private/x", "/public/../private/x", "/public/./x"]) {
    assert.ok(forwardProblem(p, "/private/"), p);
  }
  for (const p of ["/", "/public/a.mp4", "/public/b%20c.mp4", "/privately/x", "/private", "/%C3%A9t%C3%A9/x"]) assert.equal(forwardProblem(p, "/private/"), null, p);
  // Without a guard prefix, still no encoded separator, dot segment or '//'.
  assert.ok(forwardProblem("/a%2Fb", undefined));
  assert.equal(forwardProblem("/PRIVATE/x", undefined), null);
});
