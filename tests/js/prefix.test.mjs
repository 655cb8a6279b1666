// signPrefix on the packed tarball: one custom policy signed once, `urlFor` for every object it
// covers (each verifies with the package's own verifier), the same Policy and Signature as
// @aws-sdk/cloudfront-signer signs for the same policy bytes, and the refusals, with their codes,
// of what the policy does not cover, in any encoding.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as sdk from "@aws-sdk/cloudfront-signer";

import * as cf from "cfsign/full"; // the packed tarball, installed by make test-js: signPrefix is in the full build only
import * as lite from "cfsign";
const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");
const D = "https://d111111abcdef8.cloudfront.net";
const EXP = new Date(1893456000 * 1000);
const NOW = { now: new Date(1767225600 * 1000) };
const ID = "K2JCJMDEHXQW5F";
const RSA = key("rsa2048_pkcs1.pem");
const EC = key("ec_p256_sec1.pem");
const options = { resource: `${D}/videos/123/*`, dateLessThan: EXP, keyPairId: ID, privateKey: RSA };

const group = (pub) => {
  const g = new cf.KeyGroup();
  g.add(ID, key(pub));
  return g;
};

test("signPrefix signs once; every urlFor verifies", async () => {
  const signer = await cf.Signer.create({ keyPairId: ID, privateKey: EC });
  for (const [prefix, pub] of [
    [cf.signPrefix(options), "rsa2048_pub.pem"],
    [cf.signPrefix({ ...options, algorithm: "SHA256" }), "rsa2048_pub.pem"],
    [cf.signPrefix({ ...options, privateKey: EC }), "ec_p256_pub.pem"],
    [await signer.signPrefix({ resource: `${D}/videos/123/*`, dateLessThan: EXP }), "ec_p256_pub.pem"],
    [signer.signPrefixSync({ resource: `${D}/videos/123/*`, dateLessThan: EXP }), "ec_p256_pub.pem"],
  ]) {
    assert.ok(prefix instanceof cf.SignedPrefix);
    assert.deepEqual(JSON.parse(prefix.policy).Statement[0].Resource, `${D}/videos/123/*`);
    const params = new URLSearchParams(prefix.query);
    assert.deepEqual(Object.keys(prefix.params), [...params.keys()]);
    assert.equal(prefix.params.Policy, params.get("Policy"));
    const keys = group(pub);
    for (const [given, expected] of [
      ["seg-00001.ts", `${D}/videos/123/seg-00001.ts?`],
      ["hd/seg-1.ts?q=1", `${D}/videos/123/hd/seg-1.ts?q=1&`],
      ["../123/seg-2.ts", `${D}/videos/123/seg-2.ts?`],
      ["/videos/123/seg-3.ts", `${D}/videos/123/seg-3.ts?`],
      [`${D}/videos/123/seg-4.ts`, `${D}/videos/123/seg-4.ts?`],
    ]) {
      const url = prefix.urlFor(given);
      assert.equal(url, expected + prefix.query);
      const verdict = keys.verify(url, NOW);
      assert.equal(verdict.allowed, true, `${given}: ${JSON.stringify(verdict.reasons)}`);
    }
  }
});

test("the same Policy and Signature as @aws-sdk/cloudfront-signer for the same policy bytes", () => {
  for (const algorithm of [undefined, "SHA256"]) {
    const prefix = cf.signPrefix({ ...options, algorithm });
    const ours = new URL(prefix.urlFor("a.ts")).searchParams;
    const theirs = new URL(
      sdk.getSignedUrl({ url: `${D}/videos/123/a.ts`, policy: prefix.policy, keyPairId: ID, privateKey: RSA, algorithm }),
    ).searchParams;
    for (const name of ["Policy", "Signature", "Key-Pair-Id"]) assert.equal(ours.get(name), theirs.get(name), name);
  }
});

test("urlFor refuses what the policy does not cover, with a code and without the URL", () => {
  const prefix = cf.signPrefix(options);
  const refused = (given, code) =>
    assert.throws(() => prefix.urlFor(given), (e) => {
      assert.equal(e.code, code, `${given}: ${e.code} ${e.message}`);
      assert.ok(!e.message.includes("/other") && !e.message.includes("evil"), e.message);
      return true;
    });
  for (const given of ["../other/x.ts", "/videos/124/x.ts", "//evil.example/videos/123/x.ts", `${D}/videos/1234/x.ts`])
    refused(given, "not_covered");
  for (const given of ["%2e%2e/other/x.ts", "%252e%252e/other/x.ts", ".%2E/other", "..%2Fother%2Fx.ts", "..%5Cother", "..;/other", `${D}/videos/123/../other/x.ts`])
    refused(given, "unsafe_path");
  refused("a.ts#t=1", "invalid_url");
  refused("a.ts?Signature=other", "invalid_url");
  assert.throws(() => prefix.urlFor(42), { code: "invalid_option" });
  const wildHost = cf.signPrefix({ ...options, resource: "https://*.example.com/media/*" });
  assert.throws(() => wildHost.urlFor("a.jpg"), { code: "invalid_url" });
  assert.match(wildHost.urlFor("https://cdn.example.com/media/a.jpg"), /\?Policy=/);
});

test("signPrefix refuses bad options with codes", () => {
  assert.throws(() => cf.signPrefix({ ...options, resource: undefined }), { code: "invalid_option" });
  assert.throws(() => cf.signPrefix({ ...options, dateLessThan: undefined }), { code: "invalid_option" });
  assert.throws(() => cf.signPrefix({ ...options, ipAddress: "300.1.1.1" }), { code: "invalid_ip" });
  assert.throws(() => cf.signPrefix({ ...options, resource: `${D}/a?Signature=*` }), { code: "invalid_url" });
  assert.throws(() => cf.signPrefix({ ...options, keyPairId: "K1; Domain=x" }), { code: "invalid_option" });
  assert.throws(() => cf.signPrefix({ ...options, privateKey: "nope" }), { code: "invalid_key" });
});

test("expires: {in, roundTo, now} gives a bucketed expiry, as getSignedUrl's", async () => {
  const at = (iso) => ({ in: "1h", roundTo: "5m", now: new Date(iso) });
  const bucketed = { resource: `${D}/videos/123/*`, keyPairId: ID, privateKey: RSA };
  const first = cf.signPrefix({ ...bucketed, expires: at("2026-01-01T10:00:01Z") });
  const policy = JSON.parse(first.policy).Statement[0].Condition.DateLessThan["AWS:EpochTime"];
  assert.equal(policy, 1767265500); // 10:00:01 + 1h, rounded up to 11:05:00
  const url = cf.getSignedUrl({ ...bucketed, url: `${D}/videos/123/a.ts`, expires: at("2026-01-01T10:00:01Z") });
  assert.match(url, /[?&]Expires=1767265500&/);
  // Every call within the bucket signs the same query; the next bucket another.
  assert.equal(cf.signPrefix({ ...bucketed, expires: at("2026-01-01T10:04:59Z") }).query, first.query);
  assert.notEqual(cf.signPrefix({ ...bucketed, expires: at("2026-01-01T10:05:00Z") }).query, first.query);
  // A Signer's signPrefix and signPrefixSync read it too.
  const signer = await cf.Signer.create({ keyPairId: ID, privateKey: RSA });
  const policyInput = { resource: `${D}/videos/123/*`, expires: at("2026-01-01T10:02:00Z") };
  assert.equal((await signer.signPrefix(policyInput)).query, first.query);
  assert.equal(signer.signPrefixSync(policyInput).query, first.query);
  // One expiry at a time; the core's duration rules, with their codes.
  assert.throws(() => cf.signPrefix({ ...bucketed, dateLessThan: EXP, expires: at("2026-01-01T10:00:01Z") }), {
    code: "invalid_option",
  });
  assert.throws(() => cf.signPrefix({ ...bucketed, expires: { in: "5m", roundTo: "1h" } }), (e) => {
    return e.code === "invalid_date" && /round_to_exceeds_in/.test(e.message);
  });
});

test("the lite build leaves signPrefix out (its size: see wasm-pack.toml)", async () => {
  assert.equal(lite.signPrefix, undefined);
  assert.equal(lite.SignedPrefix, undefined);
  const signer = await lite.Signer.create({ keyPairId: ID, privateKey: EC });
  assert.equal(signer.signPrefix, undefined);
  assert.equal(signer.signPrefixSync, undefined);
  assert.equal(typeof cf.signPrefix, "function");
});
