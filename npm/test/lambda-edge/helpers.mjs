// Shared helpers of the cfsign/lambda-edge suite: keys, tokens, settings, events made from the
// Developer Guide's published examples (fixtures/), and a console recorder for the log lines.

import { readFileSync } from "node:fs";
import { SignJWT } from "jose";

const KEYS = new URL("../../../tests/keys/", import.meta.url);
export const key = (name) => readFileSync(new URL(name, KEYS), "utf8");
export const RSA = { id: "KRSACURRENT01", priv: key("rsa2048_pkcs1.pem"), pub: key("rsa2048_pub.pem") };

export const DOMAIN = "d111111abcdef8.cloudfront.net";
export const ISSUER = "https://login.example.com";
export const AUDIENCE = "cfsign-lambda-edge";
export const JWT_SECRET = "lambda-edge-test-secret-at-least-32-bytes!";
export const RESOURCE = `https://${DOMAIN}/private/*`;

/** Settings that mint and guard under /private/ on the distribution's domain. */
export function settings(extra = {}) {
  return {
    CLOUDFRONT_KEY_PAIR_ID: RSA.id,
    CLOUDFRONT_PRIVATE_KEY: RSA.priv,
    TIERS: JSON.stringify({ premium: [RESOURCE] }),
    JWT_ALGORITHMS: "HS256",
    JWT_SECRET,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    URL_BASE: `https://${DOMAIN}`,
    GUARD_PREFIX: "/private/",
    TRUSTED_KEYS: JSON.stringify({ [RSA.id]: RSA.pub }),
    ...extra,
  };
}

/** An HS256 identity token. */
export function token(claims = { tier: "premium" }, secret = JWT_SECRET) {
  return new SignJWT({ sub: "user-1", ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(secret));
}

const fixture = (name) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8"));

/**
 * A copy of the guide's example event of `type` ("viewer-request" or "origin-request"), with
 * `change(request, config)` applied to the copy.
 */
export function event(type = "viewer-request", change = () => {}) {
  const e = fixture(type === "origin-request" ? "origin-request" : "viewer-request");
  e.Records[0].cf.config.eventType = type;
  change(e.Records[0].cf.request, e.Records[0].cf.config);
  return e;
}

/** Adds a header instance to an event's request (`key` in its wire casing). */
export function addHeader(request, key, value) {
  (request.headers[key.toLowerCase()] ??= []).push({ key, value });
}

/** The Set-Cookie values of a generated response. */
export const setCookies = (result) => (result.headers["set-cookie"] ?? []).map((h) => h.value);

/** `name=value` pairs of Set-Cookie values, without attributes, for a Cookie header. */
export const cookieHeader = (lines) =>
  lines.map((l) => l.split(";")[0]).filter((p) => !p.endsWith("=")).join("; ");

/** The JSON body of a generated response. */
export const body = (result) => JSON.parse(result.bodyEncoding === "base64" ? Buffer.from(result.body, "base64").toString() : result.body);

/** Records console output while `fn` runs; returns { value, lines } (every line logged). */
export async function recordLogs(fn) {
  const lines = [];
  const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info };
  for (const m of Object.keys(saved)) console[m] = (...args) => lines.push(args.map(String).join(" "));
  try {
    return { value: await fn(), lines };
  } finally {
    Object.assign(console, saved);
  }
}
