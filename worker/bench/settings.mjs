// What both benches give the handlers: the keys (tests/keys), the settings object (the same for
// cfsign's handler and the SDK worker), a valid identity token and the request bodies. Plain
// JavaScript on node: modules, so that Node, Deno and Bun all run it (bench/host-run.mjs).

import { readFileSync } from "node:fs";
import { SignJWT } from "jose";

export { batch } from "./routes.mjs";

const key = (f) => readFileSync(new URL(`../../tests/keys/${f}`, import.meta.url), "utf8");
const SECRET = "bench-secret-for-hs256-at-least-32-bytes!!";
const ISS = "https://login.example.com";
const AUD = "media.example.com";

export const KEYSETS = {
  rsa: { label: "RSA-2048 (SHA1)", id: "KBENCHRSA", priv: key("rsa2048_pkcs1.pem"), pub: key("rsa2048_pub.pem"), hash: "SHA1" },
  ecdsa: { label: "ECDSA P-256 (SHA256)", id: "KBENCHEC", priv: key("ec_p256_sec1.pem"), pub: key("ec_p256_pub.pem"), hash: "SHA256" },
};

/** The settings (env) for key set `k`; with `originUrl`, guard mode too (cfsign only). */
export function settings(k, originUrl) {
  return {
    CLOUDFRONT_KEY_PAIR_ID: k.id,
    CLOUDFRONT_PRIVATE_KEY: k.priv,
    CLOUDFRONT_HASH_ALGORITHM: k.hash,
    COOKIE_DOMAIN: "example.com",
    TIERS: JSON.stringify({ premium: ["https://media.example.com/videos/*"] }),
    URL_BASE: "https://media.example.com",
    JWT_ALGORITHMS: "HS256",
    JWT_SECRET: SECRET,
    JWT_ISSUER: ISS,
    JWT_AUDIENCE: AUD,
    MAX_BATCH: "100",
    ...(originUrl
      ? { GUARD_PREFIX: "/videos/", ORIGIN_URL: originUrl, TRUSTED_KEYS: JSON.stringify({ [k.id]: k.pub }) }
      : {}),
  };
}

/** A valid identity token for the premium tier (HS256, two hours). */
export function token() {
  return new SignJWT({ sub: "bench", tier: "premium" })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(ISS)
    .setAudience(AUD)
    .setExpirationTime("2h")
    .sign(new TextEncoder().encode(SECRET));
}
