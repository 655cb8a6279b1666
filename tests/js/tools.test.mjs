// What the package exports so that the worker and the page never copy a core rule: resource
// matching, cookie paths, policies, key IDs, IP ranges, public keys, the signing parameters,
// finished Set-Cookie lines; and the SDK's own error messages. Run after `make wasm`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createPublicKey } from "node:crypto";
import * as sdk from "@aws-sdk/cloudfront-signer";

import * as cf from "cfsign"; // the packed tarball, installed by make test-js: its ES module entry
import * as full from "cfsign/full"; // the on-call tools (decodeSignedUrl, parsePolicy, keyType, ...): full build only
const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");
const D = "https://d111111abcdef8.cloudfront.net";
const EXP = new Date(1767290400 * 1000);
const NOW = new Date(1767225600 * 1000);

test("the SDK's error messages, word for word, with a code", () => {
  const base = { keyPairId: "K2JCJMDEHXQW5F", privateKey: key("rsa2048_pkcs1.pem"), dateLessThan: EXP, url: `${D}/f` };
  const cases = [
    [{ ipAddress: "10.0.0.0/" }, "invalid_ip"],
    [{ ipAddress: "10.0.0.0/33" }, "invalid_ip"],
    [{ ipAddress: "10.0.0.256/8" }, "invalid_ip"],
    [{ ipAddress: "10.0.0/8" }, "invalid_ip"],
    [{ ipAddress: "2001:db8::/32" }, "invalid_ip"],
    [{ dateLessThan: "not a date" }, "invalid_date"],
    [{ dateLessThan: undefined }, "invalid_option"],
    [{ url: undefined }, "invalid_option"],
    [{ url: "ftp://d111111abcdef8.cloudfront.net/f" }, "invalid_url"],
  ];
  for (const [input, code] of cases) {
    const options = { ...base, ...input };
    let theirs;
    try {
      sdk.getSignedUrl(options);
    } catch (e) {
      theirs = e.message;
    }
    assert.ok(theirs, JSON.stringify(input));
    assert.throws(() => cf.getSignedUrl(options), (e) => {
      if ("dateLessThan" in input && input.dateLessThan === undefined) {
        // Issue 21: the SDK's words, then exactly what is missing.
        assert.ok(e.message.startsWith(`${theirs}: dateLessThan is missing`), e.message);
      } else {
        assert.equal(e.message, theirs);
      }
      assert.equal(e.code, code, e.message);
      return true;
    });
  }
  let theirs;
  try {
    sdk.getSignedCookies({ ...base, url: undefined });
  } catch (e) {
    theirs = e.message;
  }
  // The SDK's words, then what to give (issue 21).
  assert.throws(() => cf.getSignedCookies({ ...base, url: undefined }), (e) => e.message.startsWith(`${theirs}: give url`) && e.code === "invalid_option");
});

test("resourceMatches: CloudFront's sections and wildcards", () => {
  assert.equal(cf.resourceMatches(`${D}/videos/*`, `${D}/videos/a/b.mp4`), true);
  assert.equal(cf.resourceMatches(`${D}/videos/*`, `${D}/videos/a.mp4?x=1`), true);
  assert.equal(cf.resourceMatches(`${D}/videos/*`, `${D}/other/a.mp4`), false);
  assert.equal(cf.resourceMatches(`${D}/a.jpg?size=large`, `${D}/a.jpg?size=large`), true);
  assert.equal(cf.resourceMatches(`${D}/a.jpg`, `${D}/a.jpg?size=large`), false);
  assert.equal(cf.resourceMatches("*", "https://anything/at/all"), true);
  assert.equal(cf.resourceMatches("https://*.example.com/*", "https://media.example.com/x"), true);
});

test("cookiePath: the folder before the first wildcard", () => {
  assert.equal(cf.cookiePath("https://media.example.com/videos/free/*"), "/videos/free/");
  assert.equal(cf.cookiePath("https://*.example.com/videos/*"), "/");
  assert.equal(cf.cookiePath("https:///videos/*"), undefined);
});

test("buildPolicy writes the AWS CLI's bytes; parsePolicy reads them back", () => {
  const json = cf.buildPolicy({ resource: `${D}/videos/*`, dateLessThan: EXP, dateGreaterThan: NOW, ipAddress: "192.0.2.0/24" });
  assert.equal(
    json,
    `{"Statement":[{"Resource":"${D}/videos/*","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400},"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateGreaterThan":{"AWS:EpochTime":1767225600}}}]}`,
  );
  const info = full.parsePolicy(json);
  assert.equal(info.resource, `${D}/videos/*`);
  assert.equal(info.dateGreaterThan, 1767225600);
  assert.equal(info.sourceIp, "192.0.2.0/24");
  assert.throws(() => cf.buildPolicy({ resource: `${D}/a b`, dateLessThan: EXP }), (e) => e.code === "invalid_url");
  assert.throws(() => cf.buildPolicy({ resource: `${D}/a`, dateLessThan: "soon" }), (e) => e.code === "invalid_date");
  assert.throws(() => cf.buildPolicy({ resource: `${D}/a`, dateLessThan: EXP, dateGreaterThan: EXP }), (e) => e.code === "invalid_date");
  assert.throws(() => cf.buildPolicy({ resource: `${D}/a`, dateLessThan: EXP, ipAddress: "::1" }), (e) => e.code === "invalid_ip");
  assert.throws(() => cf.buildPolicy({ dateLessThan: EXP }), (e) => e.code === "invalid_option");
});

test("parseIpRange and checkKeyPairId", () => {
  assert.equal(cf.parseIpRange("192.0.2.7"), "192.0.2.7/32");
  assert.equal(cf.parseIpRange("192.0.2.0/24"), "192.0.2.0/24");
  for (const bad of ["192.0.2.0/33", "010.0.0.1", "2001:db8::1", "1.2.3"]) {
    assert.throws(() => cf.parseIpRange(bad), (e) => e.code === "invalid_ip", bad);
  }
  cf.checkKeyPairId("K2JCJMDEHXQW5F");
  for (const bad of ["", "K 2", "K/2", "-----BEGIN PRIVATE KEY-----"]) {
    assert.throws(() => cf.checkKeyPairId(bad), (e) => e.code === "invalid_option" && !e.message.includes("BEGIN"), bad);
  }
});

test("publicKeyPem: the SPKI of a private key, in every private form", () => {
  for (const [priv, pub] of [
    ["rsa2048_pkcs1.pem", "rsa2048_pub.pem"],
    ["rsa2048_pkcs8.pem", "rsa2048_pub.pem"],
    ["ec_p256_sec1.pem", "ec_p256_pub.pem"],
    ["ec_p256_pkcs8.pem", "ec_p256_pub.pem"],
  ]) {
    const ours = full.publicKeyPem(key(priv));
    assert.match(ours, /^-----BEGIN PUBLIC KEY-----\n/);
    const expected = createPublicKey(key(pub)).export({ type: "spki", format: "der" });
    assert.deepEqual(createPublicKey(ours).export({ type: "spki", format: "der" }), expected, priv);
    assert.equal(full.publicKeyPem(key(pub)).trim(), ours.trim());
  }
  assert.throws(() => full.publicKeyPem("garbage"), (e) => e.code === "invalid_key");
});

test("signingParameters is CloudFront's list", () => {
  assert.deepEqual(cf.signingParameters(), ["Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"]);
});

test("signer.signCookies: finished Set-Cookie lines that CloudFront's rules accept", async () => {
  const group = new cf.KeyGroup();
  group.add("K2JCJMDEHXQW5F", key("rsa2048_pub.pem"));
  group.add("K4ECDSAKEY", key("ec_p256_pub.pem"));
  for (const [id, pem] of [["K2JCJMDEHXQW5F", "rsa2048_pkcs1.pem"], ["K4ECDSAKEY", "ec_p256_sec1.pem"]]) {
    const signer = await cf.Signer.create({ keyPairId: id, privateKey: key(pem) });
    const out = await signer.signCookies(
      { resource: `${D}/videos/*`, dateLessThan: EXP },
      { domain: ".example.com", path: "/videos/", maxAge: 3600 },
    );
    assert.equal(out.policy, `{"Statement":[{"Resource":"${D}/videos/*","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}`);
    const attrs = "; Domain=.example.com; Path=/videos/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax";
    const signed = out.setCookie;
    assert.deepEqual(signed.map((l) => l.split("=")[0]), ["CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id", ...(id === "K4ECDSAKEY" ? ["CloudFront-Hash-Algorithm"] : [])]);
    for (const line of signed) assert.ok(line.endsWith(attrs), line);
    // The CloudFront cookies this set does not carry are deleted at the same Domain and Path.
    for (const line of out.clearStale) assert.ok(line.endsWith("; Domain=.example.com; Path=/videos/; Max-Age=0; Secure; HttpOnly; SameSite=Lax"), line);
    const cleared = out.clearStale.map((l) => l.split("=")[0]);
    assert.ok(cleared.includes("CloudFront-Expires"));
    assert.equal(cleared.includes("CloudFront-Hash-Algorithm"), id !== "K4ECDSAKEY");
    assert.equal(out.cookie, signed.map((l) => l.split(";")[0]).join("; "));
    const verdict = group.verify(`${D}/videos/a.mp4`, { now: NOW, cookies: out.cookie });
    assert.equal(verdict.allowed, true, JSON.stringify(verdict.reasons));
    const sync = signer.signCookiesSync(out.policy);
    assert.equal(group.verify(`${D}/videos/a.mp4`, { now: NOW, cookies: sync.cookie }).allowed, true);
    signer.free();
  }
  const signer = cf.Signer.createSync({ keyPairId: "K2JCJMDEHXQW5F", privateKey: key("rsa2048_pkcs1.pem") });
  assert.throws(() => signer.signCookiesSync({ resource: `${D}/a`, dateLessThan: EXP }, { path: "/a; b" }), (e) => e.code === "invalid_option");
  assert.throws(() => signer.signCookiesSync('{"Statement":[]}'), (e) => e.code === "invalid_policy");
  // An exact URL and only an expiry: a canned cookie, as the AWS CLI writes it.
  const canned = signer.signCookiesSync({ resource: `${D}/a.mp4`, dateLessThan: EXP });
  assert.ok(canned.setCookie[0].startsWith("CloudFront-Expires=1767290400;"), canned.setCookie[0]);
});

test("keyGroup.verify takes no options, and keys can be replaced", async () => {
  const group = new cf.KeyGroup();
  group.add("K", key("rsa2048_pub.pem"));
  const url = sdk.getSignedUrl({ keyPairId: "K", privateKey: key("rsa2048_pkcs1.pem"), url: `${D}/v.mp4`, dateLessThan: new Date(Date.now() + 3600_000) });
  assert.equal(group.verify(url).allowed, true);
  assert.equal((await group.verifyAsync(url)).allowed, true);
  group.add("K", key("rsa2048_b_pub.pem"));
  assert.deepEqual((await group.verifyAsync(url)).reasons.map((r) => r.code), ["bad_signature"]);
  assert.deepEqual(group.verify(url).reasons.map((r) => r.code), ["bad_signature"]);
});

test("signedUrlProblems: CloudFront's reading of a signed URL, as the edge handler checks each URL it mints (lite build)", () => {
  const D = "https://d111111abcdef8.cloudfront.net";
  const signed = cf.getSignedUrl({ url: `${D}/v.mp4`, keyPairId: "K2JCJMDEHXQW5F", privateKey: key("rsa2048_pkcs1.pem"), dateLessThan: new Date(1893456000000) });
  assert.deepEqual(cf.signedUrlProblems(signed), []);
  // (Signing refuses such a URL itself; this one is as a minting service could have assembled it.)
  const long = `${D}/${"a".repeat(9000)}?Expires=1893456000&Signature=AAAA&Key-Pair-Id=K2JCJMDEHXQW5F`;
  const problems = cf.signedUrlProblems(long);
  assert.equal(problems.length, 1);
  assert.match(problems[0], /8192/);
  assert.ok(!problems[0].includes("aaaa"), problems[0]);
  // The decoder's problems, the same as decodeSignedUrl's (full build) for a URL as given.
  assert.deepEqual(problems, full.decodeSignedUrl(long, { repair: false }).problems);
  assert.throws(() => cf.signedUrlProblems(42), (e) => e.code === "invalid_option");
});
