// The package's `resourceMatches`, which the worker uses to decide what a tier may have signed,
// against its verifier: a URL signed with a custom policy for a pattern is allowed iff the URL
// matches the pattern. And `forwardedPath`, what the guard sends on to the origin.

import { test } from "node:test";
import assert from "node:assert/strict";
import { forwardedPath } from "../node_modules/cfsign/dist/edge/guard.mjs";
import { cfsign, RSA_A } from "./helpers.mjs";

const { resourceMatches } = cfsign;

const KG = new cfsign.KeyGroup();
KG.add(RSA_A.id, RSA_A.pub);

/** The crate's verdict: a URL with cookies signed for `pattern` is allowed iff it matches. */
function crateMatches(pattern, url) {
  const policy = JSON.stringify({ Statement: [{ Resource: pattern, Condition: { DateLessThan: { "AWS:EpochTime": 2000000000 } } }] });
  // Signed cookies, not a signed URL: the signer refuses a URL its policy does not cover (issue 29,
  // p05), while cookies name no URL, so the verifier alone decides.
  const signed = cfsign.getSignedCookies({ policy, keyPairId: RSA_A.id, privateKey: RSA_A.priv });
  const v = KG.verify(url, { cookies: Object.entries(signed).map(([k, val]) => `${k}=${val}`).join("; ") });
  // Denied on the section reading: resource_mismatch, or resource_ambiguous where the whole-string
  // reading (the AWS CLI's) would match.
  if (!v.allowed) assert.ok(["resource_mismatch", "resource_ambiguous"].includes(v.reasons.map((r) => r.code).join()), `${pattern} vs ${url}`);
  return v.allowed;
}

const patterns = [
  "https://media.example.com/videos/*",
  "https://media.example.com/videos/free/*",
  "https://media.example.com/videos/*.mp4",
  "https://media.example.com/v?/a.mp4",
  "https://media.example.com/a.jpg?size=large",
  "https://media.example.com/hello*world",
  "https://*.example.com/*",
  "https://media.example.com*",
  "http*://media.example.com/videos/*",
  "*://media.example.com/videos/*",
  "https://media.example.com/videos/*\\?lang=*",
  "https://media.example.com/exact.mp4",
  "https://media.example.com/",
  "*",
];
const urls = [
  "https://media.example.com/videos/a.mp4",
  "https://media.example.com/videos/free/a.mp4",
  "https://media.example.com/videos/a.mp4?x=1",
  "https://media.example.com/videos/a.mp4?lang=en",
  "https://media.example.com/videos/",
  "https://media.example.com/videosX/a.mp4",
  "https://media.example.com/v1/a.mp4",
  "https://media.example.com/v12/a.mp4",
  "https://media.example.com/a.jpg?size=large",
  "https://media.example.com/a.jpg?size=small",
  "https://media.example.com/a.jpg",
  "https://media.example.com/hello-world",
  "https://media.example.com/helloworld",
  "https://cdn.example.com/x",
  "https://example.com/x",
  "http://media.example.com/videos/a.mp4",
  "https://media.example.com/exact.mp4",
  "https://media.example.com/exact.mp4?q",
  "https://media.example.com/",
  "https://media.example.com.evil.net/videos/a.mp4",
];

test("resourceMatches agrees with the crate on every pattern x URL pair", () => {
  let n = 0;
  for (const p of patterns) {
    for (const u of urls) {
      assert.equal(resourceMatches(p, u), crateMatches(p, u), `${p} vs ${u}`);
      n++;
    }
  }
  assert.equal(n, patterns.length * urls.length);
});

test("resourceMatches agrees with the crate on random patterns", () => {
  const alphabet = ["a", "b", "/", "*", "?", ".", "x"];
  let seed = 12345;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const word = (len, chars) => Array.from({ length: len }, () => chars[rnd(chars.length)]).join("");
  for (let i = 0; i < 400; i++) {
    const p = `https://m.example.com/${word(rnd(6), alphabet)}`;
    const u = `https://m.example.com/${word(rnd(6), ["a", "b", "/", ".", "x"])}${rnd(4) === 0 ? "?a=b" : ""}`;
    assert.equal(resourceMatches(p, u), crateMatches(p, u), `${p} vs ${u}`);
  }
});

test("forwardedPath: the verified URL from its path on, byte for byte", () => {
  assert.equal(forwardedPath("https://h.example/a/b.mp4"), "/a/b.mp4");
  assert.equal(forwardedPath("https://h.example"), "/");
  assert.equal(forwardedPath("https://h.example?x=1"), "?x=1");
  assert.equal(forwardedPath("http://127.0.0.1:8787/v/a.mp4?&a=&b&&c=%26"), "/v/a.mp4?&a=&b&&c=%26");
});
