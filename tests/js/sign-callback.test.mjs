// A `sign` callback instead of a private key (issue 26: keys in KMS or an HSM), on the packed
// tarball. The callback here signs with node:crypto (a real signer), so that its URLs are compared
// byte for byte with the private-key path (RSA PKCS#1 v1.5 is deterministic) and verified by
// cfsign's verifier; then every way a callback can go wrong gives its stable `code`.
// The same callback through AWS KMS (moto's server) is tests/kms/ (make test-kms).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createPrivateKey, createPublicKey, sign as nodeSign } from "node:crypto";

const require = createRequire(import.meta.url);
const cf = require("cfsign");
const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");

const RSA = key("rsa2048_pkcs1.pem");
const EC = key("ec_p256_pkcs8.pem");
const D = "https://d111111abcdef8.cloudfront.net";
const EXP = new Date(1893456000 * 1000);
const NOW = new Date(1767290400 * 1000);
const rsaKey = createPrivateKey(RSA);
const ecKey = createPrivateKey(EC);
/** node:crypto as the signer: PKCS#1 v1.5 for RSA, DER ECDSA. */
const rsaSign = (data) => nodeSign("sha256", data, rsaKey);
const ecSign = (data) => nodeSign("sha256", data, { key: ecKey, dsaEncoding: "der" });
const spki = (pem) => createPublicKey(pem).export({ type: "spki", format: "pem" });
const group = new cf.KeyGroup();
group.add("K2JCJMDEHXQW5F", spki(RSA));
group.add("KEC", spki(EC));

const rejects = async (promise, code, includes) => {
  await assert.rejects(promise, (e) => {
    assert.equal(e.code, code, e.message);
    if (includes) assert.ok(e.message.includes(includes), e.message);
    assert.ok(!e.message.includes("BEGIN"), e.message);
    return true;
  });
};

test("a sync or async callback gives the private key's URL and cookies, byte for byte", async () => {
  const base = { url: `${D}/a.mp4`, keyPairId: "K2JCJMDEHXQW5F", dateLessThan: EXP };
  const expected = cf.getSignedUrl({ ...base, privateKey: RSA, algorithm: "SHA256" });
  const sync = cf.getSignedUrl({ ...base, sign: rsaSign, algorithm: "SHA256" });
  assert.ok(sync instanceof Promise);
  assert.equal(await sync, expected);
  const later = async (data) => rsaSign(data);
  assert.equal(await cf.getSignedUrl({ ...base, sign: later, algorithm: "SHA256", keyType: "RSA" }), expected);
  const cookieBase = { ...base, url: `${D}/v/*` };
  assert.deepEqual(
    await cf.getSignedCookies({ ...cookieBase, sign: later, algorithm: "SHA256" }),
    cf.getSignedCookies({ ...cookieBase, privateKey: RSA, algorithm: "SHA256" }),
  );
  // An ArrayBuffer will do too.
  const buffer = (data) => { const s = rsaSign(data); return s.buffer.slice(s.byteOffset, s.byteOffset + s.length); };
  assert.equal(await cf.getSignedUrl({ ...base, sign: buffer, algorithm: "SHA256" }), expected);
});

test("an ECDSA callback's URL verifies", async () => {
  const url = await cf.getSignedUrl({ url: `${D}/e.mp4`, keyPairId: "KEC", dateLessThan: EXP, sign: ecSign, algorithm: "SHA256" });
  assert.ok(url.includes("Hash-Algorithm=SHA256"));
  const verdict = group.verify(url, { now: NOW });
  assert.equal(verdict.allowed, true, JSON.stringify(verdict));
});

test("a Signer with a callback signs through it; its sync methods refuse", async () => {
  const signer = await cf.Signer.create({ keyPairId: "KEC", sign: ecSign, algorithm: "SHA256", keyType: "ECDSA" });
  assert.equal(signer.keyType, "ECDSA P-256");
  assert.equal(signer.algorithm, "SHA256");
  assert.equal(signer.native, false);
  const url = await signer.getSignedUrl({ url: `${D}/s.mp4`, dateLessThan: EXP });
  assert.equal(group.verify(url, { now: NOW }).allowed, true);
  const cookies = await signer.signCookies({ resource: `${D}/v/*`, dateLessThan: EXP });
  assert.ok(cookies.setCookie.some((c) => c.startsWith("CloudFront-Signature=")));
  assert.throws(() => signer.getSignedUrlSync({ url: `${D}/s.mp4`, dateLessThan: EXP }), { code: "invalid_option" });
  const sync = cf.Signer.createSync({ keyPairId: "K2JCJMDEHXQW5F", sign: rsaSign, algorithm: "SHA1" });
  const expected = cf.getSignedUrl({ url: `${D}/s.mp4`, dateLessThan: EXP, keyPairId: "K2JCJMDEHXQW5F", privateKey: RSA });
  assert.equal(sync.keyType, undefined);
  // node:crypto's SHA-1 signer for a SHA-1 Signer: the same bytes as the key's.
  const sha1 = cf.Signer.createSync({ keyPairId: "K2JCJMDEHXQW5F", sign: (d) => nodeSign("sha1", d, rsaKey), algorithm: "SHA1" });
  assert.equal(await sha1.getSignedUrl({ url: `${D}/s.mp4`, dateLessThan: EXP }), expected);
});

test("a callback that throws or rejects: signer_failed, with its message", async () => {
  const base = { url: `${D}/a.mp4`, keyPairId: "K2JCJMDEHXQW5F", dateLessThan: EXP, algorithm: "SHA256" };
  await rejects(cf.getSignedUrl({ ...base, sign: () => { throw new Error("KMS said no"); } }), "signer_failed", "KMS said no");
  await rejects(cf.getSignedUrl({ ...base, sign: async () => { throw new TypeError("throttled"); } }), "signer_failed", "throttled");
  await rejects(cf.getSignedUrl({ ...base, sign: () => Promise.reject("a string") }), "signer_failed", "a string");
  await rejects(cf.getSignedUrl({ ...base, sign: () => Promise.reject(undefined) }), "signer_failed", "(no message)");
  const long = "x".repeat(5000);
  await rejects(cf.getSignedUrl({ ...base, sign: () => { throw new Error(long); } }), "signer_failed", "…");
  // A getter on the error that throws is not followed.
  const hostile = { get message() { throw new Error("boom"); } };
  await rejects(cf.getSignedCookies({ ...base, sign: () => { throw hostile; } }), "signer_failed", "(no message)");
});

test("junk, a wrong length or a signature that is not DER: invalid_signature", async () => {
  const base = { url: `${D}/a.mp4`, keyPairId: "K2JCJMDEHXQW5F", dateLessThan: EXP, algorithm: "SHA256" };
  const raw = (data) => nodeSign("sha256", data, { key: ecKey, dsaEncoding: "ieee-p1363" });
  const cases = [
    [() => "a string", undefined],
    [() => ({ length: 256 }), undefined],
    [() => undefined, undefined],
    [() => new Uint8Array(255).fill(1), "RSA"],
    [() => new Uint8Array(256), "RSA"],
    [(d) => rsaSign(d).subarray(1), undefined],
    [ecSign, "RSA"],
    [raw, "ECDSA"],
    [raw, undefined],
    [rsaSign, "ECDSA"],
    [() => Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01), "ECDSA"],
  ];
  for (const [sign, keyType] of cases) {
    await rejects(cf.getSignedUrl({ ...base, sign, keyType }), "invalid_signature");
  }
  // r = n (P-256's order) is out of range.
  const n = Buffer.from("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", "hex");
  const der = Buffer.concat([Buffer.from([0x30, 0x45, 0x02, 0x21, 0x00]), n, Buffer.from([0x02, 0x20]), Buffer.alloc(32, 1)]);
  await rejects(cf.getSignedUrl({ ...base, sign: () => der, keyType: "ECDSA" }), "invalid_signature", "group order");
});

test("a callback that never settles: signer_timeout after signTimeout; a settled one leaves no timer", async () => {
  const base = { url: `${D}/a.mp4`, keyPairId: "K2JCJMDEHXQW5F", dateLessThan: EXP, algorithm: "SHA256" };
  const started = Date.now();
  await rejects(cf.getSignedUrl({ ...base, sign: () => new Promise(() => {}), signTimeout: 50 }), "signer_timeout", "50 ms");
  assert.ok(Date.now() - started < 5000);
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
  const before = timers();
  await cf.getSignedUrl({ ...base, sign: rsaSign });
  await rejects(cf.getSignedUrl({ ...base, sign: () => { throw new Error("x"); } }), "signer_failed");
  assert.equal(timers(), before);
});

test("options: algorithm required, privateKey refused with sign, errors as rejections", async () => {
  const base = { url: `${D}/a.mp4`, keyPairId: "K2JCJMDEHXQW5F", dateLessThan: EXP };
  await rejects(cf.getSignedUrl({ ...base, sign: rsaSign }), "invalid_option", "algorithm");
  await rejects(cf.getSignedUrl({ ...base, sign: rsaSign, algorithm: "sha256" }), "invalid_option", "algorithm");
  await rejects(cf.getSignedUrl({ ...base, sign: rsaSign, algorithm: "SHA256", privateKey: RSA }), "invalid_option", "privateKey");
  await rejects(cf.getSignedUrl({ ...base, sign: "not a function", algorithm: "SHA256" }), "invalid_option", "sign");
  await rejects(cf.getSignedUrl({ ...base, sign: rsaSign, algorithm: "SHA256", keyType: "DSA" }), "invalid_option", "keyType");
  for (const signTimeout of [0, -1, NaN, 2 ** 31, "10"]) {
    await rejects(cf.getSignedUrl({ ...base, sign: rsaSign, algorithm: "SHA256", signTimeout }), "invalid_option", "signTimeout");
  }
  await rejects(cf.getSignedUrl({ ...base, url: `${D}/a#b`, sign: rsaSign, algorithm: "SHA256" }), "invalid_url");
  await rejects(cf.getSignedUrl({ ...base, keyPairId: "K1; Domain=x", sign: rsaSign, algorithm: "SHA256" }), "invalid_option");
  await assert.rejects(cf.Signer.create({ keyPairId: "K1", sign: rsaSign }), { code: "invalid_option" });
  // The callback is called with the policy bytes, exactly, once.
  const seen = [];
  await cf.getSignedUrl({ ...base, sign: (d) => { seen.push(Buffer.from(d).toString()); return rsaSign(d); }, algorithm: "SHA256" });
  assert.deepEqual(seen, [`{"Statement":[{"Resource":"${D}/a.mp4","Condition":{"DateLessThan":{"AWS:EpochTime":1893456000}}}]}`]);
});
