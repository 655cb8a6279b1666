// The WebAssembly package against the real @aws-sdk/cloudfront-signer, in Node: the same inputs
// through both, compared byte for byte (RSA PKCS#1 v1.5 is deterministic). Run by `make test`
// on the packed tarball (make test-js installs it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createPublicKey, verify as nodeVerify } from "node:crypto";
import * as sdk from "@aws-sdk/cloudfront-signer";

const require = createRequire(import.meta.url);
const cf = require("cfsign"); // the packed tarball, installed by make test-js: its CommonJS entry
const full = require("cfsign/full"); // the on-call tools (decodeSignedUrl, ...): full build only
const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");

const RSA = key("rsa2048_pkcs1.pem");
const RSA8 = key("rsa2048_pkcs8.pem");
const EC = key("ec_p256_pkcs8.pem");
const D = "https://d111111abcdef8.cloudfront.net";
const EXP = new Date(1767290400 * 1000);
const base = { keyPairId: "K2JCJMDEHXQW5F", privateKey: RSA, dateLessThan: EXP };

/** Inputs both packages accept; each must give byte-identical output. */
const urlCases = {
  canned: { url: `${D}/image.jpg` },
  pkcs8: { url: `${D}/image.jpg`, privateKey: RSA8 },
  buffer: { url: `${D}/image.jpg`, privateKey: Buffer.from(RSA) },
  query: { url: `${D}/image.jpg?size=large&v=2` },
  sha256: { url: `${D}/image.jpg`, algorithm: "SHA256" },
  "lowercase sha256 means SHA-1": { url: `${D}/image.jpg`, algorithm: "sha256" },
  start: { url: `${D}/video.mp4`, dateGreaterThan: new Date(1767200000 * 1000) },
  "start epoch 0 is ignored": { url: `${D}/video.mp4`, dateGreaterThan: 0 },
  ip: { url: `${D}/doc.pdf`, ipAddress: "192.0.2.0/24" },
  "bare ip": { url: `${D}/doc.pdf`, ipAddress: "203.0.113.7" },
  "ip with leading zero": { url: `${D}/doc.pdf`, ipAddress: "010.0.0.1/8" },
  "start and ip": { url: `${D}/v.mp4`, dateGreaterThan: new Date(1767200000 * 1000), ipAddress: "192.0.2.0/24", algorithm: "SHA256" },
  wildcard: { url: `${D}/videos/*` },
  spaces: { url: `${D}/my file.mp4` },
  unicode: { url: `${D}/café/naïve.mp4` },
  "encoded slash": { url: `${D}/a%2Fb.mp4` },
  plus: { url: `${D}/a+b.mp4?q=a+b` },
  "key without value": { url: `${D}/f.mp4?download&a=1` },
  "trailing ?": { url: `${D}/f.mp4?` },
  "quotes and brackets": { url: `${D}/f.mp4?a=it's(1)*!&b=%20x` },
  "bad escape": { url: `${D}/100%/x.mp4` },
  "no path": { url: "https://d111111abcdef8.cloudfront.net" },
  "string date": { url: `${D}/f.mp4`, dateLessThan: "2026-01-01T18:00:00Z" },
  "number date (ms)": { url: `${D}/f.mp4`, dateLessThan: 1767290400000 },
  "fractional seconds round": { url: `${D}/f.mp4`, dateLessThan: new Date(1767290400600) },
  // After 2038 (the pre-2023 guide's limit; the current guide takes 64-bit integers): as the SDK.
  "expiry in 2100": { url: `${D}/f.mp4`, dateLessThan: new Date(4102444800000) },
  "expiry just after 2038": { url: `${D}/f.mp4`, dateLessThan: "2038-01-19T03:14:08Z" },
  "expiry at the end of JS dates": { url: `${D}/f.mp4`, dateLessThan: 8.64e15 },
  "start and expiry after 2038": { url: `${D}/v/*`, dateLessThan: new Date(4102444800000), dateGreaterThan: new Date(4000000000000), ipAddress: "192.0.2.0/24" },
  "key id needing encoding": { url: `${D}/f.mp4`, keyPairId: "K2(x)!" },
  "policy string": { url: `${D}/videos/intro.mp4`, policy: JSON.stringify({ Statement: [{ Resource: `${D}/videos/*`, Condition: { DateLessThan: { "AWS:EpochTime": 1767290400 } } }] }) },
  "pretty policy": { url: `${D}/videos/intro.mp4`, policy: JSON.stringify({ Statement: [{ Resource: `${D}/videos/*`, Condition: { DateLessThan: { "AWS:EpochTime": 1767290400 } } }] }, null, 2) },
  "policy without url": { policy: JSON.stringify({ Statement: [{ Resource: `*://d111111abcdef8.cloudfront.net/videos/*`, Condition: { DateLessThan: { "AWS:EpochTime": 1767290400 } } }] }) },
};

for (const [name, input] of Object.entries(urlCases)) {
  test(`getSignedUrl: ${name}`, () => {
    const options = { ...base, ...input };
    assert.equal(cf.getSignedUrl(options), sdk.getSignedUrl(options));
  });
}

const cookieCases = {
  canned: { url: `${D}/videos/intro.mp4` },
  "canned, expiry in 2100": { url: `${D}/videos/intro.mp4`, dateLessThan: new Date(4102444800000) },
  "wildcard (canned in the SDK)": { url: `${D}/videos/*` },
  custom: { url: `${D}/videos/*`, ipAddress: "192.0.2.0/24", dateGreaterThan: new Date(1767200000 * 1000) },
  sha256: { url: `${D}/videos/*`, ipAddress: "192.0.2.0/24", algorithm: "SHA256" },
  policy: { policy: JSON.stringify({ Statement: [{ Resource: `${D}/videos/*`, Condition: { DateLessThan: { "AWS:EpochTime": 1767290400 } } }] }) },
};

for (const [name, input] of Object.entries(cookieCases)) {
  test(`getSignedCookies: ${name}`, () => {
    const options = { ...base, ...input };
    const ours = cf.getSignedCookies(options);
    const theirs = sdk.getSignedCookies(options);
    assert.deepEqual(ours, theirs);
    assert.deepEqual(Object.keys(ours), Object.keys(theirs), "key order");
  });
}

/** Where the SDK throws, we throw too, with a code. */
const throwCases = {
  "no url or policy": { url: undefined },
  "invalid date": { url: `${D}/f`, dateLessThan: "not a date" },
  "missing date": { url: `${D}/f`, dateLessThan: undefined },
  "ipv6 range": { url: `${D}/f`, ipAddress: "2001:db8::/32" },
  "bad ip": { url: `${D}/f`, ipAddress: "300.0.0.1" },
  "bad scheme": { url: "ftp://d111111abcdef8.cloudfront.net/f" },
};
for (const [name, input] of Object.entries(throwCases)) {
  test(`both throw: ${name}`, () => {
    const options = { ...base, ...input };
    assert.throws(() => sdk.getSignedUrl(options));
    assert.throws(() => cf.getSignedUrl(options), (e) => typeof e.code === "string" && e.message.length > 0);
  });
}

/**
 * `ipAddress` as the SDK reads it: each octet and the mask through `Number()`, then
 * `Number.isInteger` and the range. Either both sign the same bytes or both refuse, with the SDK's
 * message (which ours leaves out for long values, or anything that looks like a key).
 */
function sameIpVerdict(ip) {
  const options = { ...base, url: `${D}/f`, ipAddress: ip };
  let theirs;
  try {
    theirs = sdk.getSignedUrl(options);
  } catch (e) {
    assert.throws(() => cf.getSignedUrl(options), (ours) => {
      assert.equal(ours.code, "invalid_ip", `${JSON.stringify(ip)}: ${ours.message}`);
      if (Buffer.byteLength(ip) <= 64 && !ip.includes("-----")) assert.equal(ours.message, e.message);
      return true;
    }, `${JSON.stringify(ip)}: the SDK refuses (${e.message})`);
    return false;
  }
  assert.equal(cf.getSignedUrl(options), theirs, JSON.stringify(ip));
  return true;
}

// 2^-k as the k digits after the point, and 1 - 2^-k likewise.
const halfPow = (k) => (5n ** BigInt(k)).toString().padStart(k, "0");
const oneMinusHalfPow = (k) => (10n ** BigInt(k) - 5n ** BigInt(k)).toString();

const trickyIps = [
  "255.00000000000001.0.0.1/8", "0x+5.0.0.1", "0x-5.0.0.1", "\u0085 5.0.0.1", "\u00855.0.0.1", "5\u0085.0.0.1",
  "\u0085.0.0.1", "1e-400.0.0.1/0x20", "-0.0.0.1", "-1e-400.0.0.1", "-1.0.0.1", "+5.0.0.1", "1e2.0.0.1",
  "1E+2.0.0.1", "25500e-2.0.0.1", "25500000000000001e-14.0.0.1", "25499999999999999e-14.0.0.1", "2555e-1.0.0.1",
  "0xFF.0.0.1", "0xff.0X1f.0b1.0B0", "0x100.0.0.1", "0b11111111.0.0.1", "0b2.0.0.1", "0o377.0.0.1",
  "0O400.0.0.1", "0o8.0.0.1", "0x.0.0.1", "0b.0.0.1", "-0x5.0.0.1", "+0x5.0.0.1", "00x5.0.0.1",
  "0x5 .0.0.1", `0x${"0".repeat(100)}ff.0.0.1`, `0b${"0".repeat(100)}1.0.0.1`, "0x1e2.0.0.1",
  "Infinity.0.0.1", "+Infinity.0.0.1", "-Infinity.0.0.1", "infinity.0.0.1", "inf.0.0.1", "NaN.0.0.1",
  "1e400.0.0.1", "1e-99999999999999999999.0.0.1", "1e99999999999999999999.0.0.1", "0e99999999999999999999.0.0.1",
  "1_0.0.0.1", "1e.0.0.1", "1e+.0.0.1", "1e-.0.0.1", "e5.0.0.1", "--1.0.0.1", "+-1.0.0.1", "+ 1.0.0.1",
  "1 2.0.0.1", "1,5.0.0.1", "\uff11.0.0.1", "\ufeff5.0.0.1", "\u30005\u2029.0.0.1", "\u180e5.0.0.1",
  "\u200b5.0.0.1", " .0.0.1", "\t\n\v\f\r \u00a0\u1680\u2000\u200a\u2028\u202f\u205f\u3000\ufeff.0.0.1",
  "010.0.0.1", " 7.0.0.1", "7 .0.0.1", "1e-324.0.0.1", "3e-324.0.0.1", "24703282292062327e-340.0.0.1",
  "24703282292062328e-340.0.0.1", `1${"0".repeat(400)}e-400.0.0.1`, `${"0".repeat(400)}7.0.0.1`,
  "10.0.0.0/32.000000000000001", "10.0.0.0/32.000000000000004", "10.0.0.0/32.999999999999999",
  "10.0.0.0/31.9999999999999982236431605997495353221893310546875",
  "10.0.0.0/31.999999999999996447286321199499070644378662109375",
  "10.0.0.0/32.0000000000000035527136788005009293556213378906250",
  "10.0.0.0/32.0000000000000035527136788005009293556213378906251",
  "10.0.0.0/0.99999999999999999", "10.0.0.0/0.99999999999999994", "10.0.0.0/0.99999999999999995",
  "10.0.0.0/0.999999999999999944488848768742172978818416595458984375",
  "10.0.0.0/0.99999999999999994448884876874217297881841659545898437",
  "10.0.0.0/2.4703282292062328e-324", "10.0.0.0/2.4703282292062327e-324", "10.0.0.0/7.99999999999999999",
  "10.0.0.0/8.0", "10.0.0.0/8.", "10.0.0.0/.5", "10.0.0.0/.", "10.0.0.0/1.e1", "10.0.0.0/.32e2",
  "10.0.0.0/3.2e1", "10.0.0.0/0x20", "10.0.0.0/0x21", "10.0.0.0/-0", "10.0.0.0/-0.0", "10.0.0.0/-1e-400",
  "10.0.0.0/1e-400", "10.0.0.0/0x+5", "10.0.0.0/\u0085 8", "10.0.0.0/ 8 ", "10.0.0.0/\ufeff8", "10.0.0.0/ ",
  "10.0.0.0/1.0000000000000002", "10.0.0.0/1.0000000000000001", "10.0.0.0/-0.4",
  `10.0.0.0/0.${"0".repeat(400)}1`, `10.0.0.0/8.${"9".repeat(400)}`, `10.0.0.0/8.${"0".repeat(400)}1`,
  `10.0.0.0/0.${halfPow(1075)}`, `10.0.0.0/0.${halfPow(1075)}1`, `10.0.0.0/-0.${halfPow(1075)}`,
  `10.0.0.0/0.${oneMinusHalfPow(54)}`, `10.0.0.0/0.${oneMinusHalfPow(54).slice(0, -1)}4`,
];
for (const ip of trickyIps) {
  const shown = (ip.length > 60 ? `${ip.slice(0, 40)}…` : ip).replace(/[^\x20-\x7e…]/gu, (c) => `\\u{${c.codePointAt(0).toString(16)}}`);
  test(`ipAddress "${shown}": same verdict as the SDK`, () => {
    sameIpVerdict(ip);
  });
}

test("ipAddress: every octet and mask a hair from an integer, as the SDK rounds it", () => {
  let signed = 0;
  for (let n = 0; n <= 256; n++) {
    // f64 spacing in [n, n + 1) is 2^(e-52), e = floor(log2 n): ties at n + 2^(e-53) and
    // n + 1 - 2^(e-53) go to the integer; below 1, 1 - 2^-54.
    const k = n === 0 ? 54 : 53 - Math.floor(Math.log2(n));
    const [low, high] = [halfPow(k), oneMinusHalfPow(k)];
    const values = [`${n}${low}e-${k}`, `${n}${low}1e-${k + 1}`, `${n}${high}e-${k}`, `${n}${high.slice(0, -1)}4e-${k}`];
    for (const v of values) {
      if (sameIpVerdict(`${v}.0.0.1`)) signed++;
      if (n <= 33 && sameIpVerdict(`10.0.0.0/${n}.${v.slice(String(n).length).replace(/e.*/, "")}`)) signed++;
    }
  }
  assert.ok(signed > 500, `${signed} signed`);
});

test("errors carry codes and never echo the key", () => {
  const cases = [
    [{ ...base, url: `${D}/f`, privateKey: "garbage" }, "invalid_key"],
    [{ ...base, url: `${D}/f`, privateKey: key("bad_rsa1024.pem") }, "unsupported_key"],
    [{ ...base, url: `${D}/f`, privateKey: key("bad_rsa_encrypted_pkcs1.pem") }, "encrypted_key"],
    [{ ...base, url: `${D}/f`, keyPairId: undefined }, "invalid_option"],
    [{ ...base, url: `${D}/f`, dateLessThan: new Date(-2000) }, "invalid_date"],
    [{ ...base, url: `${D}/f`, ipAddress: "1.2.3" }, "invalid_ip"],
    [{ ...base, policy: "{not json" }, "invalid_policy"],
  ];
  for (const [options, code] of cases) {
    assert.throws(() => cf.getSignedUrl(options), (e) => {
      assert.equal(e.code, code, e.message);
      assert.ok(e instanceof Error);
      assert.ok(!e.message.includes("PRIVATE KEY"), e.message);
      return true;
    });
  }
});

test("ECDSA keys: the SDK signs ECDSA-SHA1 via createSign; ours verifies the same way", () => {
  const pub = createPublicKey(key("ec_p256_pub.pem"));
  for (const algorithm of [undefined, "SHA256"]) {
    const options = { ...base, privateKey: EC, url: `${D}/v.mp4`, algorithm };
    const ours = new URL(cf.getSignedUrl(options));
    const theirs = new URL(sdk.getSignedUrl(options));
    // Everything but the randomized signature is identical.
    for (const p of ["Expires", "Key-Pair-Id", "Hash-Algorithm"]) assert.equal(ours.searchParams.get(p), theirs.searchParams.get(p));
    const policy = `{"Statement":[{"Resource":"${D}/v.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}`;
    const sig = Buffer.from(ours.searchParams.get("Signature").replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64");
    assert.ok(nodeVerify(algorithm === "SHA256" ? "sha256" : "sha1", Buffer.from(policy), pub, sig));
  }
});

test("Signer (node:crypto in Node) gives the drop-in's bytes for RSA, and valid DER ECDSA", async () => {
  const signer = await cf.Signer.create({ keyPairId: "K2JCJMDEHXQW5F", privateKey: RSA });
  assert.equal(signer.native, true);
  assert.equal(signer.algorithm, "SHA1");
  for (const input of Object.values(urlCases).slice(0, 12)) {
    if (input.privateKey || input.keyPairId || input.algorithm) continue;
    const options = { ...base, ...input };
    assert.equal(await signer.getSignedUrl(options), sdk.getSignedUrl(options));
    assert.equal(signer.getSignedUrlSync(options), sdk.getSignedUrl(options));
  }
  assert.deepEqual(await signer.getSignedCookies({ url: `${D}/videos/*`, dateLessThan: EXP, ipAddress: "192.0.2.0/24" }),
    sdk.getSignedCookies({ ...base, url: `${D}/videos/*`, ipAddress: "192.0.2.0/24" }));
  const ec = await cf.Signer.create({ keyPairId: "K4ECDSAKEY", privateKey: key("ec_p256_sec1.pem") });
  assert.equal(ec.native, true);
  assert.equal(ec.algorithm, "SHA256");
  const url = await ec.getSignedUrl({ url: `${D}/v.mp4`, dateLessThan: EXP });
  const group = new cf.KeyGroup();
  group.add("K4ECDSAKEY", key("ec_p256_pub.pem"));
  const verdict = group.verify(url, { now: new Date(1767225600000) });
  assert.equal(verdict.allowed, true, JSON.stringify(verdict.reasons));
  // In Node the synchronous signer signs with node:crypto too (Rust's arithmetic is only in
  // cfsign/full, for hosts without synchronous crypto: tests/package runs it).
  const rustOnly = cf.Signer.createSync({ keyPairId: "K4ECDSAKEY", privateKey: key("ec_p256_sec1.pem") });
  assert.equal(rustOnly.native, true);
  assert.equal(group.verify(rustOnly.getSignedUrlSync({ url: `${D}/v.mp4`, dateLessThan: EXP }), { now: new Date(1767225600000) }).allowed, true);
});

test("keyGroup.verify: reasons with codes, rotation, cookies", () => {
  const group = new cf.KeyGroup();
  group.add("K2JCJMDEHXQW5F", key("rsa2048_pub.pem"));
  group.add("K3ROTATEDKEY2", key("rsa2048_b_pub.pem"));
  assert.deepEqual(group.ids, ["K2JCJMDEHXQW5F", "K3ROTATEDKEY2"]);
  const now = new Date(1767225600000);
  const url = sdk.getSignedUrl({ ...base, url: `${D}/v.mp4` });
  assert.equal(group.verify(url, { now }).allowed, true);
  const late = group.verify(url, { now: new Date(1767290400000) });
  assert.equal(late.allowed, false);
  assert.equal(late.reasons[0].code, "expired");
  assert.equal(late.reasons[0].expires, 1767290400);
  const old = sdk.getSignedUrl({ ...base, keyPairId: "K3ROTATEDKEY2", privateKey: key("rsa2048_b_pkcs1.pem"), url: `${D}/v.mp4` });
  assert.equal(group.verify(old, { now }).allowed, true);
  assert.equal(group.remove("K3ROTATEDKEY2"), true);
  const rotated = group.verify(old, { now });
  assert.equal(rotated.reasons[0].code, "unknown_key");
  assert.equal(rotated.reasons[0].cloudfrontError, "InvalidKey");
  const cookies = sdk.getSignedCookies({ ...base, url: `${D}/videos/*`, ipAddress: "192.0.2.0/24" });
  const header = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join("; ");
  assert.equal(group.verify(`${D}/videos/a.mp4`, { now, cookies: header, clientIp: "192.0.2.9" }).allowed, true);
  const denied = group.verify(`${D}/videos/a.mp4`, { now, cookies: header, clientIp: "198.51.100.1" });
  assert.deepEqual(denied.reasons.map((r) => r.code), ["ip_denied"]);
  assert.throws(() => group.verify(url, { now: "not a date" }), (e) => e.code === "invalid_date");
  assert.throws(() => group.verify(url, { clientIp: 7 }), (e) => e.code === "invalid_option");
  assert.throws(() => group.add("K", "not a key"), (e) => e.code === "invalid_key");
  const decoded = full.decodeSignedUrl(url);
  assert.equal(decoded.policyType, "canned");
  assert.equal(decoded.keyPairId, "K2JCJMDEHXQW5F");
});

test("bad input never traps: garbage through every export", () => {
  const junk = ["", "\u0000", "%", "?Policy=%%%", "https://x/?Expires=99999999999999999999", "a".repeat(20000), "Cookie: CloudFront-Policy=!!"];
  const group = new cf.KeyGroup();
  for (const j of junk) {
    full.decodeSignedUrl(j);
    group.verify(j, { cookies: j });
    for (const options of [{ ...base, url: j }, { ...base, url: `${D}/x`, ipAddress: j }, { ...base, policy: j }, { ...base, url: `${D}/x`, dateLessThan: j }]) {
      try { cf.getSignedUrl(options); } catch (e) { assert.ok(typeof e.code === "string", String(e)); }
      try { cf.getSignedCookies(options); } catch (e) { assert.ok(typeof e.code === "string", String(e)); }
    }
  }
  // Still alive after all that.
  assert.equal(typeof cf.getSignedUrl({ ...base, url: `${D}/ok` }), "string");
});

test("keyGroup.verifyAsync (WebCrypto) gives the same verdicts as keyGroup.verify", async () => {
  const group = new cf.KeyGroup();
  group.add("K2JCJMDEHXQW5F", key("rsa2048_pub.pem"));
  group.add("K4ECDSAKEY", key("ec_p256_pub.pem"));
  const now = new Date(1767225600000);
  const rsa = sdk.getSignedUrl({ ...base, url: `${D}/v.mp4` });
  const rsa256 = sdk.getSignedUrl({ ...base, url: `${D}/v.mp4`, algorithm: "SHA256" });
  const ec = await (await cf.Signer.create({ keyPairId: "K4ECDSAKEY", privateKey: EC })).getSignedUrl({ url: `${D}/v.mp4`, dateLessThan: EXP });
  const ecSha1 = await (await cf.Signer.create({ keyPairId: "K4ECDSAKEY", privateKey: EC, algorithm: "SHA1" })).getSignedUrl({ url: `${D}/v.mp4`, dateLessThan: EXP });
  const flip = (u) => u.replace(/Signature=(.)/, (m, c) => `Signature=${c === "A" ? "B" : "A"}`);
  const cases = [rsa, rsa256, ec, ecSha1, flip(rsa), flip(ec), rsa.replace("v.mp4", "w.mp4"), rsa.replace("K2JCJMDEHXQW5F", "KNOPE"), `${D}/v.mp4`];
  let allowed = 0;
  for (const url of cases) {
    for (const t of [now, new Date(1767290400000)]) {
      const sync = group.verify(url, { now: t });
      const native = await group.verifyAsync(url, { now: t });
      assert.deepEqual(native, sync, url);
      if (native.allowed) allowed++;
    }
  }
  assert.equal(allowed, 4, "the four valid URLs before expiry");
});
