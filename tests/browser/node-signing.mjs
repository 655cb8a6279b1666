// CloudFront signing in Node, for the page's browser tests: signed URLs and cookies made with
// Node's own crypto (OpenSSL), so the page is tested against an implementation of CloudFront's
// signing scheme other than its own; the test keys of tests/keys/.

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const key = (f) => fs.readFileSync(path.join(repo, "tests", "keys", f), "utf8");
export const KEYS = {
  rsa: { id: "K2RSATESTKEY01", priv: key("rsa2048_pkcs1.pem"), pub: key("rsa2048_pub.pem") },
  ec: { id: "K3ECTESTKEY002", priv: key("ec_p256_sec1.pem"), pub: key("ec_p256_pub.pem") },
  rsaB: { id: "K4ROTATEDKEY03", priv: key("rsa2048_b_pkcs1.pem"), pub: key("rsa2048_b_pub.pem") },
};
export const HOST = "https://d111111abcdef8.cloudfront.net";
export const now = () => Math.floor(Date.now() / 1000);

const cfBase64 = (buf) => Buffer.from(buf).toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");

export function policyJson({ resource, expires, starts, ip }) {
  const cond = { DateLessThan: { "AWS:EpochTime": expires } };
  if (starts !== undefined) cond.DateGreaterThan = { "AWS:EpochTime": starts };
  if (ip !== undefined) cond.IpAddress = { "AWS:SourceIp": ip };
  return JSON.stringify({ Statement: [{ Resource: resource, Condition: cond }] });
}

function signBytes(k, text, sha256) {
  const alg = sha256 || k === KEYS.ec ? "sha256" : "sha1";
  return cfBase64(crypto.sign(alg, Buffer.from(text), { key: k.priv, dsaEncoding: "der" }));
}

/** A signed URL: canned unless `resource`, `starts` or `ip` is given. */
export function signUrl({ k = KEYS.rsa, url, expires, resource, starts, ip, id = k.id }) {
  const sha256 = k === KEYS.ec;
  const sep = url.includes("?") ? "&" : "?";
  const hashParam = sha256 ? "&Hash-Algorithm=SHA256" : "";
  if (resource === undefined && starts === undefined && ip === undefined) {
    const sig = signBytes(k, policyJson({ resource: url, expires }), sha256);
    return `${url}${sep}Expires=${expires}&Signature=${sig}&Key-Pair-Id=${id}${hashParam}`;
  }
  const pol = policyJson({ resource: resource ?? url, expires, starts, ip });
  return `${url}${sep}Policy=${cfBase64(pol)}&Signature=${signBytes(k, pol, sha256)}&Key-Pair-Id=${id}${hashParam}`;
}

/** Signed cookies as { name: value }: a custom policy for `resource`, or canned for `url`. */
export function signCookies({ k = KEYS.rsa, resource, url, expires }) {
  if (url) {
    return {
      "CloudFront-Expires": String(expires),
      "CloudFront-Signature": signBytes(k, policyJson({ resource: url, expires })),
      "CloudFront-Key-Pair-Id": k.id,
    };
  }
  const pol = policyJson({ resource, expires });
  return {
    "CloudFront-Policy": cfBase64(pol),
    "CloudFront-Signature": signBytes(k, pol),
    "CloudFront-Key-Pair-Id": k.id,
  };
}
export const cookieHeader = (c) => `Cookie: ${Object.entries(c).map(([n, v]) => `${n}=${v}`).join("; ")}`;
export const setCookieLines = (c) => Object.entries(c)
  .map(([n, v]) => `Set-Cookie: ${n}=${v}; Domain=d111111abcdef8.cloudfront.net; Path=/; Secure; HttpOnly`).join("\n");

/** The URL with one character of its signature changed. */
export function tamper(url) {
  return url.replace(/Signature=([^&]{10})(.)/, (_, head, c) => `Signature=${head}${c === "A" ? "B" : "A"}`);
}
