// What `make load` (bench/load.mjs) serves and sends, made once before the runs: the handler's
// settings, a local origin that counts what reaches it, and the tokens, cookies and URLs of the
// mix (bench/load-mix.mjs), good and hostile.

import http from "node:http";
import { gzipSync } from "node:zlib";
import { baseEnv, cfsign, cookieHeaders, EC, hmacTokenWithKey, hsToken, noneToken, RSA_A, RSA_B } from "../../npm/test/edge/helpers.mjs";

export const PUBLIC = "https://media.example.com";
const OTHER = "https://downloads.example.com";

/** The handler's settings: minting for four tiers, and the guard on /videos/ for PUBLIC. */
export function settings(base, originUrl) {
  return baseEnv(base, {
    COOKIE_DOMAIN: "media.example.com",
    TIERS: JSON.stringify({
      premium: [`${PUBLIC}/videos/*`],
      free: [`${PUBLIC}/videos/free/*`],
      multi: [`${PUBLIC}/videos/free/*`, `${PUBLIC}/audio/*`],
      // Another host a trusted key also signs for (issue 29, e01): never opens the guard.
      downloads: [`${OTHER}/*`],
    }),
    URL_BASE: PUBLIC,
    GUARD_PREFIX: "/videos/",
    ORIGIN_URL: originUrl,
    TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub, [EC.id]: EC.pub }),
    MAX_BATCH: "5",
    // Off Cloudflare's edge: no client IP header is trusted (IpAddress conditions deny).
    CLIENT_IP_HEADER: "none",
  });
}

const GZ = gzipSync("gzip body ".repeat(500));

/**
 * The origin on 127.0.0.1: small answers, gzipped ones under /videos/gz/. `leaks` counts what must
 * never reach it: a path under /videos/deny- (a request the guard must refuse), signing
 * parameters, CloudFront cookies, the identity token.
 */
export async function startOrigin() {
  const stats = { requests: 0, leaks: 0, leaked: [] };
  const server = http.createServer((req, res) => {
    stats.requests++;
    const h = req.headers;
    if (/deny-|[?&](Signature|Key-Pair-Id|Policy|Expires)=/.test(req.url) || /CloudFront-|app_session/.test(h.cookie ?? "") || h.authorization) {
      stats.leaks++;
      if (stats.leaked.length < 10) stats.leaked.push(req.url.slice(0, 200));
    }
    if (req.url.startsWith("/videos/gz/")) {
      res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip", "content-length": GZ.length });
      res.end(req.method === "HEAD" ? undefined : GZ);
      return;
    }
    const body = `origin ${req.url}`;
    res.writeHead(200, { "content-type": "text/plain", "content-length": Buffer.byteLength(body) });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

const pathAndQuery = (url) => {
  const u = new URL(url);
  return u.pathname + u.search;
};
const HOUR = 3600_000;
const sign = (k, url, opts = {}) =>
  cfsign.getSignedUrl({ url, keyPairId: k.id, privateKey: k.priv, dateLessThan: Date.now() + HOUR, ...(k === EC ? { algorithm: "SHA256" } : {}), ...opts });
const policy = (resource, extra = {}) =>
  JSON.stringify({ Statement: [{ Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": Math.floor((Date.now() + HOUR) / 1000) }, ...extra } }] });
const b64 = (s) => Buffer.from(s).toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");

/** The context of the mix: `fetch(path, init)` reaches the handler (for the cookies it mints). */
export async function prepare(fetchHandler) {
  const token = (claims, opts) => hsToken(claims, { exp: "1h", ...opts });
  const tokens = {
    premium: await token({ tier: "premium" }),
    free: await token({ tier: "free" }),
    good: [await token({ tier: "premium" }), await token({ tier: "free" }), await token({ tier: "multi" })],
    bad: [
      [noneToken(), [401]],
      [await token({ tier: "premium" }, { secret: "another-secret-of-at-least-32-bytes-long!" }), [401]],
      [await token({ tier: "premium" }, { exp: Math.floor(Date.now() / 1000) - 600 }), [401]],
      [await token({ tier: "premium" }, { iss: "https://evil.example.com" }), [401]],
      [await hmacTokenWithKey(RSA_A.pub), [401]],
      ["x.y.z", [401]],
      ["eyJhbGciOiJIUzI1NiJ9.%%%.AAAA", [401]],
      ["A".repeat(3000), [401]],
      [await token({ tier: "platinum" }), [403]],
      [await token({}), [403]],
    ],
  };

  const cookiesOf = async (tier) => {
    const r = await fetchHandler("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${await token({ tier })}` } });
    if (r.status !== 200) throw new Error(`minting cookies for ${tier}: ${r.status} ${await r.text()}`);
    return [...cookieHeaders(r.headers.getSetCookie()).values()][0];
  };
  const cookies = { premium: await cookiesOf("premium"), free: await cookiesOf("free"), downloads: await cookiesOf("downloads") };

  // Signed URLs the handler minted, and others signed by the package in Node (RSA and ECDSA,
  // canned and custom policies, with a query).
  const minted = await fetchHandler("/api/signed-urls", {
    method: "POST",
    headers: { authorization: `Bearer ${tokens.premium}`, "content-type": "application/json" },
    body: JSON.stringify({ paths: ["/videos/m1.mp4", "/videos/free/m2.mp4?start=10", `${PUBLIC}/videos/hd/m3.ts`] }),
  });
  if (minted.status !== 200) throw new Error(`minting URLs: ${minted.status} ${await minted.text()}`);
  const goodUrls = [
    ...(await minted.json()).urls.map(pathAndQuery),
    ...Array.from({ length: 8 }, (_, i) => pathAndQuery(sign(RSA_A, `${PUBLIC}/videos/rsa${i}.mp4?lang=en`))),
    ...Array.from({ length: 8 }, (_, i) => pathAndQuery(sign(EC, `${PUBLIC}/videos/ec${i}.mp4`))),
    pathAndQuery(sign(RSA_A, `${PUBLIC}/videos/w/a.mp4`, { policy: policy(`${PUBLIC}/videos/w/*`) })),
    pathAndQuery(sign(EC, `${PUBLIC}/videos/w/b.mp4?x=1`, { policy: policy(`${PUBLIC}/videos/w/*`) })),
  ];
  const gzipUrls = [pathAndQuery(sign(RSA_A, `${PUBLIC}/videos/gz/a.txt`)), pathAndQuery(sign(EC, `${PUBLIC}/videos/gz/b.txt`))];

  const good = sign(RSA_A, `${PUBLIC}/videos/deny-a.mp4`);
  const q = new URL(good).search;
  const sig = new URL(good).searchParams.get("Signature");
  const flipped = sig.replace(/^./, (c) => (c === "A" ? "B" : "A"));
  const deniedTargets = [
    { path: pathAndQuery(sign(RSA_A, `${PUBLIC}/videos/deny-old.mp4`, { dateLessThan: Date.now() - 60_000 })) },
    { path: `/videos/deny-b.mp4${q}` }, // the signature of another path
    { path: pathAndQuery(good).replace(sig, flipped) },
    { path: pathAndQuery(sign(RSA_B, `${PUBLIC}/videos/deny-c.mp4`)) }, // a key not trusted
    { path: pathAndQuery(sign(RSA_A, `http://127.0.0.1/videos/deny-d.mp4`)) }, // another origin
    { path: pathAndQuery(sign(RSA_A, `${OTHER}/videos/deny-e.mp4`)) },
    { path: pathAndQuery(sign(RSA_A, `${PUBLIC}/videos/deny-f.mp4`, { policy: policy(`${PUBLIC}/videos/*`, { IpAddress: { "AWS:SourceIp": "10.0.0.0/8" } }) })) },
    { path: pathAndQuery(sign(RSA_A, `${PUBLIC}/videos/deny-g.mp4`, { policy: policy(`${PUBLIC}/videos/*`, { DateGreaterThan: { "AWS:EpochTime": Math.floor(Date.now() / 1000) + 3000 } }) })) },
    { path: "/videos/deny-none.mp4" },
    { path: "/videos/deny-free.mp4", headers: { cookie: cookies.free } },
    { path: "/videos/deny-dl.mp4", headers: { cookie: cookies.downloads, host: "downloads.example.com" } },
  ];

  const encodedTargets = [
    "/videos/free/..%2Fdeny-enc%2Fa.ts",
    "/videos/free/..%2fdeny-enc/a.ts",
    "/videos/free/..%5Cdeny-enc/a.ts",
    "/videos/free/%2e%2e/deny-enc/a.ts",
    "/videos/free/.%2e/deny-enc/a.ts",
    "/videos/free/%252e%252e/deny-enc/a.ts",
    "/videos/free/..%252Fdeny-enc%252Fa.ts",
    "/videos/free/%25252e%25252e%25252Fdeny-enc/a.ts",
    "/videos/free/..;/deny-enc/a.ts",
    "/videos/free/%2e%2e%3b/deny-enc/a.ts",
  ];

  const hd = pathAndQuery(sign(RSA_A, `${PUBLIC}/videos/hd/abs.mp4`));
  const other = sign(RSA_A, `${OTHER}/videos/deny-abs.mp4`);
  const absoluteTargets = [
    // Another host's cookies and signature, whatever the target and Host claim: refused (e01).
    { path: `http://downloads.example.com/videos/deny-abs.mp4`, headers: { host: "downloads.example.com", cookie: cookies.downloads }, expect: [403] },
    { path: `https://downloads.example.com/videos/deny-abs.mp4`, headers: { host: "127.0.0.1", cookie: cookies.downloads }, expect: [403] },
    { path: other, headers: { host: "downloads.example.com" }, expect: [403] },
    { path: `http://evil.example${pathAndQuery(other)}`, headers: {}, expect: [403] },
    // A signature for the public origin, the target naming another host: checked as a request
    // to the public origin, whatever the target names.
    { path: `http://evil.example${hd}`, headers: { host: "evil.example" }, expect: [200] },
    { path: `${PUBLIC}${hd}`, headers: {}, expect: [200] },
  ];

  const pc = Object.fromEntries(cookies.premium.split("; ").map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]));
  const kp = `CloudFront-Key-Pair-Id=${RSA_A.id}`;
  const badCookies = [
    `CloudFront-Policy=!!!; CloudFront-Signature=abc; ${kp}`,
    `CloudFront-Policy=${pc["CloudFront-Policy"]}; CloudFront-Signature=${"A".repeat(342)}; ${kp}`,
    `CloudFront-Policy="${pc["CloudFront-Policy"]}"; CloudFront-Signature="${pc["CloudFront-Signature"]}"; ${kp}x`,
    `${cookies.premium}; CloudFront-Policy=${b64('{"Statement":[{"Resource":"*"}]}')}`,
    `CloudFront-Policy=${b64("not json")}; CloudFront-Signature=${pc["CloudFront-Signature"]}; ${kp}`,
    `CloudFront-Policy=${"A".repeat(9000)}; CloudFront-Signature=x; ${kp}`,
    `CloudFront-Expires=99999999999; CloudFront-Signature=${pc["CloudFront-Signature"]}; ${kp}`,
    `CloudFront-Policy; CloudFront-Signature; CloudFront-Key-Pair-Id`,
    `CloudFront-Policy=${pc["CloudFront-Policy"]}; CloudFront-Signature=${pc["CloudFront-Signature"]}; CloudFront-Key-Pair-Id=K%0D%0ADomain=evil`,
    `CloudFront-Policy=${pc["CloudFront-Policy"]}; CloudFront-Signature=${pc["CloudFront-Signature"]}; CloudFront-Key-Pair-Id=${RSA_B.id}`,
    `CloudFront-Policy=${pc["CloudFront-Policy"]}; CloudFront-Signature=${pc["CloudFront-Signature"]}; ${kp}; CloudFront-Hash-Algorithm=MD5`,
    cookies.downloads,
    cookies.free,
  ];

  const d = sign(RSA_A, `${PUBLIC}/videos/deny-sig.mp4`);
  const dq = pathAndQuery(d);
  const dsig = new URL(d).searchParams.get("Signature");
  const either = [400, 403];
  const badSignatures = [
    [dq.replace(dsig, "!!!!"), either],
    [dq.replace(dsig, dsig.slice(0, 20)), either],
    [dq.replace(dsig, `${dsig}&Signature=${dsig}`), either],
    [dq.replace(/Expires=\d+/, "Expires=abc"), either],
    [dq.replace(/Expires=\d+/, "Expires=99999999999999999999999"), either],
    [dq.replace(/&Key-Pair-Id=[^&]+/, ""), either],
    [dq.replace(/Key-Pair-Id=[^&]+/, "Key-Pair-Id=K%00%0A%1B%5B1A"), either],
    [`${dq}&Hash-Algorithm=MD5`, either],
    [`/videos/deny-sig.mp4?Policy=${b64("not json")}&Signature=${dsig}&Key-Pair-Id=${RSA_A.id}`, either],
    [`/videos/deny-sig.mp4?Policy=${b64('{"Statement":[{"Resource":"*","Condition":{"DateLessThan":{"AWS:EpochTime":9999999999}}}]}')}&Signature=${dsig}&Key-Pair-Id=${RSA_A.id}`, either],
    [`/videos/deny-sig.mp4?Policy=%%%&Signature=%2B%2F%3D&Key-Pair-Id=${RSA_A.id}`, either],
    [`/videos/deny-sig.mp4?${"Expires=1&".repeat(500)}Signature=x&Key-Pair-Id=K`, either],
  ];

  return { tokens, cookies, goodUrls, gzipUrls, deniedTargets, encodedTargets, absoluteTargets, badCookies, badSignatures };
}
