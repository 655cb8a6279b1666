// The requests of `make load` (bench/load.mjs): a weighted mix of minting, signed URLs, guard
// hits and hostile requests, each with the statuses it may get. The mix is drawn from a seeded
// generator, so two runs with the same seed send the same requests in the same order.
//
// A request is { kind, method, path, headers, body, expect } sent by the pool (load-client.mjs),
// or { kind, raw, expect } written on its own connection (half-closed when `halfClose` is not false:
// bodies that end early, headers over Node's limit; hop-by-hop framing Node's client refuses); `expect` lists the statuses it may get (null: the server closed the
// connection without an answer, allowed only where a server may do so). Guard requests that must
// be refused name a path under /videos/deny-: the origin counts any that reach it (bench/load.mjs).

import { DIAG_TOKEN } from "../../npm/test/edge/helpers.mjs";

/** Deterministic 32-bit generator (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r, xs) => xs[Math.floor(r() * xs.length)];
const pathAndQuery = (url) => {
  const u = new URL(url);
  return u.pathname + u.search;
};
const json = (token) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });
const DENIED = [403];

/**
 * The kinds of request, each `weight` out of the total, built from `ctx` (tokens, cookies and
 * signed URLs made once by load.mjs) and the generator `r`.
 */
export const KINDS = {
  // ---- minting
  mint_cookies: {
    weight: 10,
    make: (ctx, r) => ({ method: "POST", path: "/auth/cookies", headers: { authorization: `Bearer ${pick(r, ctx.tokens.good)}` }, expect: [200] }),
  },
  mint_cookies_redirect: {
    weight: 3,
    make: (ctx, r) => ({
      method: "GET",
      path: `/auth/cookies?return_to=${encodeURIComponent(pick(r, ["/player", "https://app.example.com/after?x=1"]))}`,
      headers: { cookie: `theme=dark; app_session=${pick(r, ctx.tokens.good)}` },
      expect: [302],
    }),
  },
  signed_urls: {
    weight: 10,
    make: (ctx, r) => {
      const n = 1 + Math.floor(r() * 5);
      const paths = Array.from({ length: n }, (_, i) => (i % 2 ? `https://media.example.com/videos/ep${i}.mp4?q=${i}` : `/videos/free/ep${i}.m3u8`));
      return { method: "POST", path: "/api/signed-urls", headers: json(ctx.tokens.premium), body: JSON.stringify({ paths }), expect: [200] };
    },
  },
  // ---- guard hits, allowed (proxied to the origin)
  guard_url: {
    weight: 14,
    make: (ctx, r) => ({ method: r() < 0.15 ? "HEAD" : "GET", path: pick(r, ctx.goodUrls), headers: {}, expect: [200] }),
  },
  guard_cookies: {
    weight: 10,
    make: (ctx, r) => {
      const free = r() < 0.5;
      return {
        method: "GET",
        path: free ? `/videos/free/seg${Math.floor(r() * 1000)}.ts` : `/videos/hd/seg${Math.floor(r() * 1000)}.ts?lang=en`,
        headers: { cookie: `${free ? ctx.cookies.free : ctx.cookies.premium}; theme=dark` },
        expect: [200],
      };
    },
  },
  guard_gzip: {
    weight: 2,
    make: (ctx, r) => ({ method: "GET", path: pick(r, ctx.gzipUrls), headers: { "accept-encoding": "gzip" }, expect: [200] }),
  },
  // ---- guard hits, denied
  guard_denied: {
    weight: 8,
    make: (ctx, r) => {
      const c = pick(r, ctx.deniedTargets);
      return { method: "GET", path: c.path, headers: c.headers ?? {}, expect: DENIED };
    },
  },
  // ---- hostile
  bad_token: {
    weight: 6,
    make: (ctx, r) => {
      const [token, expect] = pick(r, ctx.tokens.bad);
      return r() < 0.5
        ? { method: "POST", path: "/auth/cookies", headers: { authorization: `Bearer ${token}` }, expect }
        : { method: "POST", path: "/api/signed-urls", headers: json(token), body: '{"paths":["/videos/a.mp4"]}', expect };
    },
  },
  bad_body: {
    weight: 7,
    make: (ctx, r) => {
      const [body, expect] = pick(r, BAD_BODIES);
      return { method: "POST", path: "/api/signed-urls", headers: json(ctx.tokens.free), body: typeof body === "function" ? body() : body, expect };
    },
  },
  truncated_body: {
    weight: 3,
    make: (ctx, r) => {
      const full = '{"paths": ["/videos/a.mp4", "/videos/b.mp4"]}';
      const [framing, body] = pick(r, [
        [`content-length: ${full.length + 50}\r\n`, full],
        [`content-length: ${full.length}\r\n`, full.slice(0, 10)],
        ["transfer-encoding: chunked\r\n", `${full.length.toString(16)}\r\n${full.slice(0, 12)}`],
        ["transfer-encoding: chunked\r\n", `${full.length.toString(16)}\r\n${full}\r\n`],
        ["transfer-encoding: chunked\r\n", `zz\r\n${full}\r\n0\r\n\r\n`],
      ]);
      const head = `POST /api/signed-urls HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${ctx.tokens.premium}\r\ncontent-type: application/json\r\n${framing}\r\n`;
      return { raw: head + body, expect: [null, 400] };
    },
  },
  huge_headers: {
    weight: 3,
    make: (ctx, r) => {
      const x = r();
      if (x < 0.4) {
        // Under Node's 16 KiB header limit: a 12 KB junk cookie beside valid CloudFront cookies.
        return { method: "GET", path: "/videos/hd/big.ts", headers: { cookie: `junk=${"j".repeat(12_000)}; ${ctx.cookies.premium}` }, expect: [200] };
      }
      if (x < 0.6) {
        const headers = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`x-pad-${i}`, "p".repeat(40)]));
        return { method: "POST", path: "/auth/cookies", headers: { ...headers, authorization: `Bearer ${ctx.tokens.premium}` }, expect: [200] };
      }
      if (x < 0.8) {
        return { method: "POST", path: "/auth/cookies", headers: { authorization: `Bearer ${"A".repeat(14_000)}` }, expect: [401] };
      }
      // Over the limit: Node answers 431 (or closes the connection while the rest is still sent).
      return { raw: `GET /videos/deny-huge.ts HTTP/1.1\r\nhost: 127.0.0.1\r\ncookie: ${"c".repeat(40_000)}\r\n\r\n`, expect: [null, 431] };
    },
  },
  encoded_path: {
    weight: 6,
    make: (ctx, r) => {
      // 400 bad_path; or 403 where the host's URL parser has already resolved the dot segment
      // (Node, like workerd, turns /free/%2e%2e/deny-enc/ into /deny-enc/: outside the cookies).
      if (r() < 0.6) return { method: "GET", path: pick(r, ctx.encodedTargets), headers: { cookie: ctx.cookies.free }, expect: [400, 403] };
      const entry = pick(r, ENCODED_ENTRIES);
      return { method: "POST", path: "/api/signed-urls", headers: json(ctx.tokens.free), body: JSON.stringify({ paths: [entry] }), expect: [400] };
    },
  },
  absolute_form: {
    weight: 4,
    make: (ctx, r) => {
      const c = pick(r, ctx.absoluteTargets);
      return { method: "GET", path: c.path, headers: c.headers, expect: c.expect };
    },
  },
  hop_by_hop: {
    weight: 5,
    make: (ctx, r) => {
      const path = pick(r, ctx.goodUrls);
      if (r() < 0.3) {
        // What Node's client refuses to send: written by hand, on its own connection.
        const extra = pick(r, [
          "transfer-encoding: chunked\r\ntrailer: x-foo\r\n\r\n0\r\nx-foo: 1\r\n\r\n",
          "connection: upgrade\r\nupgrade: h2c\r\nhttp2-settings: AAMAAABkAARAAAAA\r\n\r\n",
          "connection: upgrade, keep-alive\r\nupgrade: websocket\r\nsec-websocket-key: dGhlIHNhbXBsZSBub25jZQ==\r\nsec-websocket-version: 13\r\n\r\n",
          "transfer-encoding: chunked\r\n\r\n0\r\n\r\n",
        ]);
        return { raw: `GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${extra}`, halfClose: false, expect: [200] };
      }
      return { method: "GET", path, headers: pick(r, HOP_HEADERS), expect: [200] };
    },
  },
  bad_cookie: {
    weight: 4,
    make: (ctx, r) => ({ method: "GET", path: "/videos/deny-cookie.ts", headers: { cookie: pick(r, ctx.badCookies) }, expect: DENIED }),
  },
  bad_signature: {
    weight: 5,
    make: (ctx, r) => {
      const [path, expect] = pick(r, ctx.badSignatures);
      return { method: "GET", path, headers: {}, expect };
    },
  },
  odd_requests: {
    weight: 4,
    make: (ctx, r) => pick(r, oddRequests(ctx)),
  },
  misc: {
    weight: 3,
    make: (ctx, r) =>
      pick(r, [
        { method: "GET", path: "/healthz", headers: {}, expect: [200] },
        { method: "GET", path: "/healthz", headers: { "x-cfsign-diagnostics": "wrong" }, expect: [200] },
        { method: "GET", path: "/healthz", headers: { "x-cfsign-diagnostics": DIAG_TOKEN }, expect: [200] },
        { method: "GET", path: "/nowhere", headers: {}, expect: [404] },
        { method: "DELETE", path: "/api/signed-urls", headers: {}, expect: [405] },
        { method: "POST", path: "/videos/a.mp4", headers: {}, expect: [405] },
      ]),
  },
};

/** Bodies of POST /api/signed-urls that must be refused, and how. */
const BAD_BODIES = [
  ["{not json", [400]],
  ["", [400]],
  ["null", [400]],
  ['{"paths":"x"}', [400]],
  ['{"paths":[]}', [400]],
  [JSON.stringify({ paths: Array(6).fill("/videos/free/a.mp4") }), [400]], // MAX_BATCH 5
  ['{"paths":[{"length":1000000000}]}', [400]],
  ['{"paths":[42, null, true]}', [400]],
  ['{"paths":["videos/free/a.mp4"]}', [400]],
  ['{"paths":["/videos/free/a.mp4?Signature=x"]}', [400]],
  ['{"paths":["/videos/free/a b.mp4"]}', [400]],
  ['{"paths":["/videos/hd/a.mp4"]}', [403]], // outside the free tier
  ['{"paths":["https://downloads.example.com/x"]}', [403]],
  ["[".repeat(5000) + "]".repeat(5000), [400]],
  [() => JSON.stringify({ paths: ["/videos/free/a.mp4"], pad: "x".repeat(70_000) }), [413]],
  [JSON.stringify({ paths: [`/videos/free/${"€".repeat(1000)}.mp4`] }), [400]], // e06: over 8,192 bytes signed
  ["\uFEFF{\"paths\":[\"/videos/free/a.mp4\"]}", [200]], // a UTF-8 BOM: decoded away, as Fetch's text() does
];

/** `paths` entries with encoded path tricks: all 400 bad_paths. */
const ENCODED_ENTRIES = [
  "/videos/free/..%2Fhd%2Fa.mp4",
  "/videos/free/..%5Chd/a.mp4",
  "/videos/free/%2e%2e/hd/a.mp4",
  "/videos/free/%252e%252e/hd/a.mp4",
  "/videos/free/%25252F/a.mp4",
  "/videos/free/..;/hd/a.mp4",
  "https://media.example.com/videos/free/.%2e/hd/a.mp4",
  "/videos/free/%2525252525252e/a.mp4",
];

/** Hop-by-hop and client forwarding headers on a valid signed URL: dropped, still 200 (e03, e04). */
const HOP_HEADERS = [
  { connection: "keep-alive, x-drop-me", "x-drop-me": "1", "keep-alive": "timeout=5, max=100" },
  { te: "trailers", "proxy-authorization": "Basic Zm9vOmJhcg==" },
  { expect: "100-continue" },
  { "proxy-connection": "keep-alive", "x-foo": "1" },
  { "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.9", "true-client-ip": "203.0.113.9", forwarded: "for=203.0.113.9;host=evil.example", "x-forwarded-host": "evil.example" },
  { "cf-connecting-ip": "203.0.113.9", "x-http-method-override": "DELETE", "x-original-url": "/admin" },
];

const b64url = (s) => Buffer.from(s).toString("base64url");
const bytes = (...parts) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));
let odd;

/**
 * Odd bytes and odd request lines: lone surrogates, %00, %zz and invalid UTF-8 in paths and
 * bodies, raw 0xFF bytes in the request line and headers, `OPTIONS *`, `CONNECT`, HTTP/1.0
 * without Host, absolute forms with a bad host, another scheme or credentials, a JWT whose claims
 * have the wrong types. Made once (they depend only on `ctx`).
 */
function oddRequests(ctx) {
  if (odd) return odd;
  const good = ctx.goodUrls[3];
  const q = good.slice(good.indexOf("?"));
  const mint = (paths, expect) => ({ method: "POST", path: "/api/signed-urls", headers: json(ctx.tokens.premium), body: JSON.stringify({ paths }), expect });
  const raw = (head, expect) => ({ raw: head, halfClose: false, expect });
  const weirdJwt = `${b64url('{"alg":"HS256","crit":["x"]}')}.${b64url('{"tier":{"toString":1},"exp":1e308,"aud":[[]],"iss":{}}')}.AAAA`;
  odd = [
    mint(["/videos/\ud800.mp4", "/videos/a\udfff\ud800b.mp4"], [200]),
    mint(["/videos/%00.mp4", "/videos/%zz.mp4", "/videos/%ff%fe.mp4"], [200]),
    mint(["https://media.example.com:99999/videos/a", "https://[::1/videos/a"], [400]),
    mint(["https://médià.example.com/videos/a", "https://[::1]/videos/a"], [403]),
    { method: "POST", path: "/api/signed-urls", headers: json(ctx.tokens.premium), body: bytes('{"paths":["/v', [0xff, 0xfe], '"]}'), expect: [403] },
    raw(`GET /videos/%zz.mp4${q} HTTP/1.1\r\nhost: x\r\n\r\n`, [403]),
    raw(`GET /videos/%ff%00.mp4${q} HTTP/1.1\r\nhost: x\r\n\r\n`, [403]),
    raw(bytes("GET /videos/", [0xff, 0xfe], `.mp4${q} HTTP/1.1\r\nhost: x\r\n\r\n`), [400]),
    raw(bytes(`GET ${good} HTTP/1.1\r\nhost: `, [0xff], "\r\n\r\n"), [400]),
    raw(bytes("GET /videos/deny-ff.mp4 HTTP/1.1\r\nhost: x\r\ncookie: CloudFront-Policy=", [0xff, 0xc3], "; CloudFront-Signature=a; CloudFront-Key-Pair-Id=K\r\n\r\n"), [403]),
    raw(`GET /videos/deny-pct.mp4?Policy=%ff%fe&Signature=%ff&Key-Pair-Id=%ff HTTP/1.1\r\nhost: x\r\n\r\n`, [403]),
    raw("OPTIONS * HTTP/1.1\r\nhost: x\r\n\r\n", [400]),
    raw("CONNECT media.example.com:443 HTTP/1.1\r\nhost: media.example.com:443\r\n\r\n", [null]), // Node closes it: no CONNECT listener
    raw(`GET ${good} HTTP/1.0\r\n\r\n`, [200]),
    raw(`GET ${good} HTTP/1.1\r\nhost: [::1\r\n\r\n`, [400]),
    raw(`GET http://[::1/videos/deny-abs.mp4${q} HTTP/1.1\r\nhost: x\r\n\r\n`, [400]),
    raw(`GET gopher://x/videos/deny-abs.mp4${q} HTTP/1.1\r\nhost: x\r\n\r\n`, [400]),
    raw(`GET http://u:p@x/videos/deny-abs.mp4${q} HTTP/1.1\r\nhost: x\r\n\r\n`, [403]),
    raw(bytes("POST /auth/cookies HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\nauthorization: Bearer ", [0xff, 0xfe, 0x41], "\r\n\r\n"), [401]),
    raw(bytes("GET /healthz HTTP/1.1\r\nhost: x\r\nx-cfsign-diagnostics: ", [0xff, 0xfe, 0x41], "\r\n\r\n"), [200]),
    raw("PROPFIND /api/signed-urls HTTP/1.1\r\nhost: x\r\n\r\n", [405]),
    { method: "GET", path: "/auth/cookies?return_to=%ff%fe", headers: { cookie: `app_session=${ctx.tokens.premium}` }, expect: [400] },
    { method: "GET", path: "/auth/cookies?return_to=http://[::1", headers: { cookie: `app_session=${ctx.tokens.premium}` }, expect: [400] },
    { method: "POST", path: "/auth/cookies", headers: { authorization: `Bearer ${weirdJwt}` }, expect: [401] },
  ];
  return odd;
}
