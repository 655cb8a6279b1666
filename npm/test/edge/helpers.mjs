// Shared test helpers: keys, tokens, a worker on workerd with real HTTP, a recording origin.

import { readFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { SignJWT, importPKCS8 } from "jose";
import { startWorker } from "../../../worker/scripts/workerd.mjs";
import { startHost } from "./hosts.mjs";

/** The cfsign package in Node (its `node` entry, signing with node:crypto): the reference. */
import * as cfsign from "cfsign";

export { cfsign };

const KEYS = new URL("../../../tests/keys/", import.meta.url);
export const key = (name) => readFileSync(new URL(name, KEYS), "utf8");
export const RSA_A = { id: "KRSACURRENT01", priv: key("rsa2048_pkcs1.pem"), pub: key("rsa2048_pub.pem") };
export const RSA_B = { id: "KRSANEXT02", priv: key("rsa2048_b_pkcs1.pem"), pub: key("rsa2048_b_pub.pem") };
export const EC = { id: "KECDSA03", priv: key("ec_p256_sec1.pem"), pub: key("ec_p256_pub.pem") };

export const ISSUER = "https://login.example.com";
export const AUDIENCE = "cfsign-edge";
export const JWT_SECRET = "test-secret-for-hs256-at-least-32-bytes-long!";
/** DIAGNOSTICS_TOKEN of baseEnv, and the header that asks for the detail with it. */
export const DIAG_TOKEN = "test-diagnostics-token-0123456789abcdef";
export const DIAG = Object.freeze({ "x-cfsign-diagnostics": DIAG_TOKEN });

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** An HS256 identity token; `claims` and `opts` override the defaults. */
export async function hsToken(claims = { tier: "premium" }, opts = {}) {
  let jwt = new SignJWT({ sub: "user-1", ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(opts.iat)
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE);
  if (opts.exp !== null) jwt = jwt.setExpirationTime(opts.exp ?? "10m");
  if (opts.nbf !== undefined) jwt = jwt.setNotBefore(opts.nbf);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? JWT_SECRET));
}

/** An ES256 identity token signed with the test EC key. */
export async function esToken(claims = { tier: "premium" }, opts = {}) {
  const pk = await importPKCS8(key("ec_p256_pkcs8.pem"), "ES256");
  return new SignJWT({ sub: "user-2", ...claims })
    .setProtectedHeader({ alg: "ES256" })
    .setIssuedAt()
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE)
    .setExpirationTime(opts.exp ?? "10m")
    .sign(pk);
}

const b64url = (v) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");

/** A hand-built unsecured token: {"alg":"none"}, empty signature. */
export function noneToken(claims = { tier: "premium" }) {
  const now = Math.floor(Date.now() / 1000);
  return `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ sub: "x", iss: ISSUER, aud: AUDIENCE, exp: now + 600, ...claims })}.`;
}

/** A hand-built HS256 token whose HMAC key is `secretText` (algorithm confusion: a public key PEM). */
export async function hmacTokenWithKey(secretText, claims = { tier: "premium" }) {
  const { createHmac } = await import("node:crypto");
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ sub: "x", iss: ISSUER, aud: AUDIENCE, exp: now + 600, ...claims })}`;
  return `${input}.${createHmac("sha256", secretText).update(input).digest("base64url")}`;
}

/** The bindings of a working worker on `base` (http://127.0.0.1:PORT). */
export function baseEnv(base, extra = {}) {
  return {
    CLOUDFRONT_KEY_PAIR_ID: RSA_A.id,
    CLOUDFRONT_PRIVATE_KEY: RSA_A.priv,
    COOKIE_DOMAIN: "127.0.0.1",
    COOKIE_PATH: "/",
    COOKIE_TTL_SECONDS: "1800",
    TIERS: JSON.stringify({
      premium: [`${base}/videos/*`],
      free: [`${base}/videos/free/*`],
      multi: [`${base}/videos/free/*`, `${base}/audio/*`],
    }),
    JWT_ALGORITHMS: "HS256",
    JWT_SECRET,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    SESSION_COOKIE: "app_session",
    ALLOWED_RETURN_HOSTS: "app.example.com,127.0.0.1:9999",
    MAX_BATCH: "5",
    DIAGNOSTICS_TOKEN: DIAG_TOKEN,
    ...extra,
  };
}

/**
 * The host the suite runs on: CFSIGN_TEST_HOST=workerd (default: the Cloudflare worker on
 * workerd), node (Hono), deno, bun or edge (Vercel's edge runtime): the same handler, `cfsign/edge`.
 */
export const HOST = process.env.CFSIGN_TEST_HOST ?? "workerd";
/** For tests of what only the Cloudflare worker has (its static assets, wrangler). */
export const ON_WORKERD = HOST === "workerd";

/**
 * Starts the worker at a known port on HOST. `env` is a function of the base URL (the patterns
 * name it). Returns { base, stop, logs, fetch(path, init) }.
 */
export async function worker(env, options = {}) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logs = [];
  const bindings = typeof env === "function" ? env(base) : env;
  const onLog = (line) => logs.push(line);
  const w = ON_WORKERD
    ? await startWorker({ bindings, port, assets: options.assets, onLog })
    : await startHost(HOST, { bindings, port, onLog });
  return {
    base,
    logs,
    stop: w.stop,
    fetch: (p, init) => fetch(p.startsWith("http") ? p : base + p, { redirect: "manual", ...init }),
  };
}

/** A Node HTTP origin on 127.0.0.1 that records what it receives. */
export async function origin() {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(200, { "content-type": "text/plain", "x-origin": "yes" });
    res.end(req.method === "HEAD" ? undefined : `origin saw ${req.url}`);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

/** Set-Cookie lines -> { path -> "name=value; ..." Cookie header of the live cookies at that path }. */
export function cookieHeaders(setCookies) {
  const byPath = new Map();
  for (const line of setCookies) {
    const [pair, ...attrs] = line.split(";").map((s) => s.trim());
    const a = Object.fromEntries(attrs.map((x) => { const [k, ...v] = x.split("="); return [k.toLowerCase(), v.join("=")]; }));
    if (a["max-age"] === "0") continue;
    const path = a.path ?? "/";
    byPath.set(path, [...(byPath.get(path) ?? []), pair]);
  }
  return new Map([...byPath].map(([p, pairs]) => [p, pairs.join("; ")]));
}

/** Parses one Set-Cookie line into { name, value, attrs }. */
export function parseSetCookie(line) {
  const [pair, ...attrs] = line.split(";").map((s) => s.trim());
  const i = pair.indexOf("=");
  return {
    name: pair.slice(0, i),
    value: pair.slice(i + 1),
    attrs: Object.fromEntries(attrs.map((x) => { const [k, ...v] = x.split("="); return [k.toLowerCase(), v.length ? v.join("=") : true]; })),
  };
}

/** A key group for the reference verifier. */
export function keyGroup(...keys) {
  const kg = new cfsign.KeyGroup();
  for (const k of keys) kg.add(k.id, k.pub);
  return kg;
}

/**
 * One HTTP request with the path sent exactly as given (fetch and `new URL` would resolve dot
 * segments first): what a client that writes its own request line sends. Resolves to
 * { status, headers, body }.
 */
export function rawRequest(base, path, { method = "GET", headers = {}, body } = {}) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}
