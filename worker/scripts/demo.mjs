// `make demo`: the edge worker on workerd at http://127.0.0.1:8787, with the browser page from
// www/ at the same address, a demo origin behind guard mode, and ready-to-run curl commands.
//
// Configuration: worker/.dev.vars (wrangler's KEY=VALUE file for local secrets) if it exists,
// else environment variables of the same names, else a demo key pair and JWT secret generated
// once into worker/.demo/ (git-ignored). Options: --port N (default 8787, or $PORT), --check
// (start, run the printed flow once, stop: used by the tests).

import { createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { SignJWT } from "jose";
import { ROOT, startWorker } from "./workerd.mjs";

const args = process.argv.slice(2);
const check = args.includes("--check");
const portArg = args.indexOf("--port");
const port = Number(portArg >= 0 ? args[portArg + 1] : process.env.PORT ?? 8787);
const host = "127.0.0.1";
const base = `http://${host}:${port}`;
const demoDir = path.join(ROOT, ".demo");

/** KEY=VALUE lines (values may be "quoted" with \n escapes), as wrangler reads .dev.vars. */
function readDevVars(file) {
  const vars = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*)\s*$/.exec(line);
    if (!m) continue;
    let v = m[2];
    if (/^".*"$/.test(v)) v = v.slice(1, -1).replace(/\\n/g, "\n");
    vars[m[1]] = v;
  }
  return vars;
}

/** The demo's keys and secret: configured ones, else generated once into .demo/. */
function secrets() {
  const devVars = path.join(ROOT, ".dev.vars");
  const given = existsSync(devVars) ? readDevVars(devVars) : process.env;
  if (given.CLOUDFRONT_KEY_PAIR_ID && given.CLOUDFRONT_PRIVATE_KEY && given.JWT_SECRET) {
    const pub = createPublicKey(given.CLOUDFRONT_PRIVATE_KEY.replace(/\\n/g, "\n")).export({ type: "spki", format: "pem" });
    return { source: existsSync(devVars) ? ".dev.vars" : "environment", id: given.CLOUDFRONT_KEY_PAIR_ID, priv: given.CLOUDFRONT_PRIVATE_KEY, pub, jwtSecret: given.JWT_SECRET };
  }
  mkdirSync(demoDir, { recursive: true, mode: 0o700 });
  const file = path.join(demoDir, "secrets.json");
  if (!existsSync(file)) {
    // ECDSA P-256: the key type this README recommends at the edge (see "Which key type").
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    writeFileSync(
      file,
      JSON.stringify({
        id: `KDEMO${randomBytes(5).toString("hex").toUpperCase()}`,
        priv: privateKey.export({ type: "pkcs8", format: "pem" }),
        pub: publicKey.export({ type: "spki", format: "pem" }),
        jwtSecret: randomBytes(32).toString("base64url"),
      }),
      { mode: 0o600 },
    );
    writeFileSync(path.join(demoDir, "public_key.pem"), JSON.parse(readFileSync(file, "utf8")).pub);
  }
  return { source: "generated in worker/.demo/", ...JSON.parse(readFileSync(file, "utf8")) };
}

/** The demo origin: what guard mode proxies allowed requests to. */
async function startOrigin() {
  const server = http.createServer((req, res) => {
    const body = `demo origin: you may read ${req.url}\n`;
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise((r) => server.listen(0, host, r));
  return { url: `http://${host}:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

const s = secrets();
const issuer = "https://login.demo.invalid";
const audience = "cfsign-demo";
const origin = await startOrigin();
const bindings = {
  CLOUDFRONT_KEY_PAIR_ID: s.id,
  CLOUDFRONT_PRIVATE_KEY: s.priv,
  COOKIE_PATH: "/",
  COOKIE_TTL_SECONDS: "3600",
  TIERS: JSON.stringify({ premium: [`${base}/videos/*`], free: [`${base}/videos/free/*`] }),
  JWT_ALGORITHMS: "HS256",
  JWT_SECRET: s.jwtSecret,
  JWT_ISSUER: issuer,
  JWT_AUDIENCE: audience,
  SESSION_COOKIE: "session",
  ALLOWED_RETURN_HOSTS: `${host}:${port}`,
  MAX_BATCH: "50",
  GUARD_PREFIX: "/videos/",
  // Off Cloudflare's edge nothing sets CF-Connecting-IP: any client could send one (SECURITY.md).
  CLIENT_IP_HEADER: "none",
  ORIGIN_URL: origin.url,
  TRUSTED_KEYS: JSON.stringify({ [s.id]: s.pub }),
};
let worker;
try {
  worker = await startWorker({ bindings, port, host, assets: true, onLog: (line) => console.log(`[worker] ${line}`) });
} catch (e) {
  console.error(`demo: could not start the worker on ${base}: ${e.message}`);
  await origin.close();
  process.exit(1);
}

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  await worker.stop().catch(() => {});
  await origin.close().catch(() => {});
  process.exit(code);
}
// Ctrl-C: miniflare's own exit hook (registered first) kills workerd and exits with 130; this
// one runs before it, says so, and exits 0, which runs the same hook on "exit".
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.prependListener(sig, () => {
    console.log("\ncfsign demo: stopping the worker");
    process.exit(0);
  });
}

const token = (tier) =>
  new SignJWT({ sub: `demo-${tier}-user`, tier })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime("12h")
    .sign(new TextEncoder().encode(s.jwtSecret));
const premium = await token("premium");
const free = await token("free");

// One signed URL from the running worker itself, for the page.
const minted = await fetch(`${base}/api/signed-urls`, {
  method: "POST",
  headers: { authorization: `Bearer ${premium}`, "content-type": "application/json" },
  body: JSON.stringify({ paths: ["/videos/intro.mp4"] }),
});
if (minted.status !== 200) {
  console.error(`demo: the worker answered ${minted.status}: ${await minted.text()}`);
  await stop(1);
}
const signedUrl = (await minted.json()).urls[0];

if (check) {
  // The printed flow, run once: cookies -> guard allowed; no cookies -> 403; batch of URLs.
  const c = await fetch(`${base}/auth/cookies`, { method: "POST", headers: { authorization: `Bearer ${premium}` } });
  const cookie = c.headers.getSetCookie().filter((l) => !/Max-Age=0/.test(l)).map((l) => l.split(";")[0]).join("; ");
  const allowed = await fetch(`${base}/videos/intro.mp4`, { headers: { cookie } });
  const denied = await fetch(`${base}/videos/intro.mp4`);
  const viaUrl = await fetch(signedUrl);
  const page = await fetch(`${base}/`);
  const results = { cookies: c.status, guardAllowed: allowed.status, guardDenied: denied.status, reason: denied.headers.get("x-cfsign-reason"), signedUrl: viaUrl.status, page: page.status };
  console.log(JSON.stringify(results));
  const ok = c.status === 200 && allowed.status === 200 && denied.status === 403 && viaUrl.status === 200 && page.status === 200;
  await stop(ok ? 0 : 1);
}

const jar = path.join(demoDir, "cookies.txt");
mkdirSync(demoDir, { recursive: true });
// The settings as a shell file, for running the same handler under Deno, Bun or Node.
const shellQuote = (v) => `'${String(v).replace(/'/g, "'\\''")}'`;
writeFileSync(path.join(demoDir, "settings.env"), Object.entries(bindings).map(([k, v]) => `${k}=${shellQuote(v)}\n`).join(""), { mode: 0o600 });
console.log(`
cfsign edge worker on workerd: ${base}   (the page from www/: ${base}/)
  signing key ${s.id} (${s.source}), guard mode on ${base}/videos/ -> demo origin ${origin.url}

Demo identity tokens (HS256, 12 h):
  export TOKEN='${premium}'
  export FREE_TOKEN='${free}'

1. Signed cookies for the premium tier (saved in a cookie jar):
  curl -si -c ${jar} -X POST -H "Authorization: Bearer $TOKEN" ${base}/auth/cookies

2. A protected path in guard mode, with the cookies (200 from the origin) and without (403):
  curl -si -b ${jar} ${base}/videos/intro.mp4
  curl -si ${base}/videos/intro.mp4

3. A batch of signed URLs (the free tier may not read /videos/intro.mp4: try FREE_TOKEN -> 403):
  curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'content-type: application/json' \\
       -d '{"paths": ["/videos/intro.mp4", "/videos/free/trailer.mp4"]}' ${base}/api/signed-urls

4. A signed URL to paste into the page (${base}/), with the public key below in its key list:
  ${signedUrl}
  curl -si '${signedUrl}'

Public key ${s.id} (TRUSTED_KEYS):
${s.pub.trim()}

The same handler (cfsign/edge) on other hosts, with the same settings in the environment (the
demo's are in ${path.join(demoDir, "settings.env")}), from npm/examples/:
  set -a; . ${path.join(demoDir, "settings.env")}; set +a; export PORT=8788
  ../../node_modules/.bin/deno run --allow-env --allow-net deno.mjs     # Deno.serve
  ../../node_modules/.bin/bun bun.mjs                                   # Bun.serve
  node node-hono.mjs                                                    # Hono on Node

Ctrl-C stops the worker.`);
