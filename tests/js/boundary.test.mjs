// The JS boundary under hostile arguments (issue 29's p01, p02, p07; reproducers written before
// their fixes): an exception never unwinds through the WebAssembly (freed objects, Proxies,
// typed arrays that lie), a non-string where a string is expected is refused before anything is
// copied into the WebAssembly memory, and no key text comes back in an error. Run on the packed
// tarball.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as cf from "cfsign";
import * as full from "cfsign/full"; // the on-call tools (decodeSignedUrl, parsePolicy, keyType, ...): full build only

const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");
const RSA = key("rsa2048_pkcs1.pem");
const PUB = key("rsa2048_pub.pem");
const ID = "K2JCJMDEHXQW5F";
const D = "https://d111111abcdef8.cloudfront.net";
const base = { url: `${D}/a.mp4`, keyPairId: ID, privateKey: RSA, dateLessThan: new Date(1893456000000) };
const NOW = { now: new Date(1767225600000) };

/** The instance still signs and verifies, right. */
function stillWorks() {
  const group = new cf.KeyGroup();
  group.add(ID, PUB);
  const url = cf.getSignedUrl(base);
  assert.equal(group.verify(url, NOW).allowed, true);
  const signer = cf.Signer.createSync({ keyPairId: ID, privateKey: RSA });
  assert.equal(group.verify(signer.getSignedUrlSync(base), NOW).allowed, true);
  group.free();
}

/** `f` throws an ordinary Error with a string `code` (never a WebAssembly.RuntimeError). */
function throwsWithCode(f, what) {
  assert.throws(f, (e) => {
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `${what}: ${e}`);
    assert.ok(e instanceof Error, `${what}: ${e}`);
    assert.equal(typeof e.code, "string", `${what}: ${e}`);
    return true;
  }, what);
}

test("p01: calls on a freed KeyGroup or Signer throw with a code, a thousand times, and nothing breaks", () => {
  const group = new cf.KeyGroup();
  group.add(ID, PUB);
  group.free();
  const signer = cf.Signer.createSync({ keyPairId: ID, privateKey: RSA });
  signer.free();
  for (let i = 0; i < 1000; i++) {
    throwsWithCode(() => group.verify(`${D}/a.mp4`, NOW), "freed KeyGroup.verify");
    throwsWithCode(() => group.add(ID, PUB), "freed KeyGroup.add");
    throwsWithCode(() => signer.getSignedUrlSync(base), "freed Signer.getSignedUrlSync");
  }
  stillWorks();
});

test("p01: Proxy, subclassed and lying byte arrays as privateKey throw with a code, and nothing breaks", () => {
  const bytes = new TextEncoder().encode(RSA);
  class Lying extends Uint8Array {
    get length() { return 1 << 30; }
  }
  class Throwing extends Uint8Array {
    get length() { throw new Error("length"); }
  }
  const hostile = [
    new Proxy(bytes, {}),
    new Proxy(bytes, { get() { throw new Error("trap"); } }),
    new Proxy(bytes, { getPrototypeOf() { throw new Error("trap"); } }),
    Lying.from(bytes.subarray(0, 10)),
    Throwing.from(bytes.subarray(0, 10)),
  ];
  for (let i = 0; i < 1000; i++) {
    const privateKey = hostile[i % hostile.length];
    throwsWithCode(() => cf.getSignedUrl({ ...base, privateKey }), "getSignedUrl");
    throwsWithCode(() => cf.Signer.createSync({ keyPairId: ID, privateKey }), "Signer.createSync");
  }
  // A subclass that tells the truth is still a key.
  class Honest extends Uint8Array {}
  assert.equal(cf.getSignedUrl({ ...base, privateKey: Honest.from(bytes) }), cf.getSignedUrl(base));
  stillWorks();
});

test("p02: a non-string where a string is expected is refused at once, with nothing allocated", async () => {
  const group = new cf.KeyGroup();
  group.add(ID, PUB);
  // 64 MiB claimed each time: were it reserved in the WebAssembly memory, a hundred calls would
  // exhaust it.
  const big = { length: 64 * 1024 * 1024 };
  const calls = {
    "verify's url": () => group.verify(big, NOW),
    "decodeSignedUrl": () => full.decodeSignedUrl(big),
    "resourceMatches' pattern": () => cf.resourceMatches(big, `${D}/a`),
    "resourceMatches' url": () => cf.resourceMatches(`${D}/*`, big),
    "KeyGroup.add's id": () => group.add(big, PUB),
    "KeyGroup.add's pem": () => group.add(ID, big),
    "KeyGroup.remove": () => group.remove(big),
    "parsePolicy": () => full.parsePolicy(big),
    "parseIpRange": () => cf.parseIpRange(big),
    "publicKeyPem": () => full.publicKeyPem(big),
    "cookiePath": () => cf.cookiePath(big),
    "checkKeyPairId": () => cf.checkKeyPairId(big),
  };
  for (let i = 0; i < 100; i++) {
    for (const [what, call] of Object.entries(calls)) {
      assert.throws(call, (e) => e.code === "invalid_option" && !(e instanceof WebAssembly.RuntimeError), what);
    }
  }
  await assert.rejects(group.verifyAsync(big, NOW), (e) => e.code === "invalid_option");
  assert.equal(group.size, 1);
  stillWorks();
});

/** Pieces of the key's text that must never appear in an error. */
const KEY_PIECES = RSA.split("\n").filter((l) => l.length >= 16).map((l) => l.slice(0, 16));
function noKeyText(f, what) {
  assert.throws(f, (e) => {
    assert.equal(typeof e.code, "string", `${what}: ${e}`);
    assert.ok(!/BEGIN|PRIVATE KEY/.test(e.message), `${what}: ${e.message}`);
    for (const piece of KEY_PIECES) assert.ok(!e.message.includes(piece), `${what}: ${e.message}`);
    return true;
  }, what);
}

test("p07: a private key given to the wrong option never comes back in an error", async () => {
  const dateLessThan = base.dateLessThan;
  noKeyText(() => cf.buildPolicy({ resource: RSA, dateLessThan }), "buildPolicy resource");
  noKeyText(() => cf.buildPolicy({ resource: `${D}/*`, dateLessThan, ipAddress: RSA }), "buildPolicy ipAddress");
  noKeyText(() => cf.buildPolicy({ resource: `${D}/*`, dateLessThan, ipAddress: "1.2.3.4/8\n" + RSA }), "buildPolicy ipAddress, short first line");
  noKeyText(() => cf.parseIpRange(RSA), "parseIpRange");
  noKeyText(() => cf.Signer.createSync({ keyPairId: ID, privateKey: RSA, algorithm: RSA }), "Signer algorithm");
  const signer = cf.Signer.createSync({ keyPairId: ID, privateKey: RSA });
  noKeyText(() => signer.signCookiesSync({ resource: RSA, dateLessThan }), "signCookies resource");
  noKeyText(() => signer.signCookiesSync({ resource: `${D}/*`, dateLessThan }, { domain: RSA }), "cookie domain");
  noKeyText(() => signer.signCookiesSync({ resource: `${D}/*`, dateLessThan }, { path: RSA }), "cookie path");
  noKeyText(() => cf.clearCookies({ domain: RSA }), "clearCookies domain");
  const group = new cf.KeyGroup();
  noKeyText(() => group.verify(`${D}/a`, { clientIp: RSA }), "verify clientIp");
  noKeyText(() => group.add(RSA, RSA), "KeyGroup.add a private key as public");
  noKeyText(() => cf.checkKeyPairId(RSA), "checkKeyPairId");
  await assert.rejects(signer.signCookies({ resource: RSA, dateLessThan }), (e) => !/BEGIN/.test(e.message) && typeof e.code === "string");
});

test("p07: Signer.create refuses a keyPairId that is not a key ID, before anything is signed", async () => {
  for (const keyPairId of [RSA, "K1; Domain=evil.example", "K1\r\nSet-Cookie: x=1", "K 1", "K1,K2", "K".repeat(129)]) {
    assert.throws(() => cf.Signer.createSync({ keyPairId, privateKey: RSA }), (e) => {
      assert.equal(e.code, "invalid_option", e.message);
      assert.ok(!/BEGIN|evil|Set-Cookie/.test(e.message), e.message);
      return true;
    });
    await assert.rejects(cf.Signer.create({ keyPairId, privateKey: RSA }), (e) => e.code === "invalid_option");
  }
  // IDs CloudFront issues, new and legacy, are taken.
  for (const keyPairId of ["K2JCJMDEHXQW5F", "APKAEIBAERJR2EXAMPLE"]) {
    assert.equal(cf.Signer.createSync({ keyPairId, privateKey: RSA }).keyPairId, keyPairId);
  }
});
