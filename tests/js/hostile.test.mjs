// Options that make JavaScript throw while cfsign reads them (getters, Proxies, BigInt dates,
// objects that cannot become a primitive) must give errors, never break the WebAssembly instance;
// errors never quote a value (it could be a secret given to the wrong option); a policy string is
// checked whatever else is given. From an independent review; run on the packed tarball.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as cf from "cfsign";

const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");
const RSA = key("rsa2048_pkcs1.pem");
const D = "https://d111111abcdef8.cloudfront.net";
const base = { url: `${D}/a.mp4`, keyPairId: "K2JCJMDEHXQW5F", privateKey: RSA, dateLessThan: new Date(1893456000000) };

test("thousands of throwing options leave the instance working", () => {
  const group = new cf.KeyGroup();
  group.add("K2JCJMDEHXQW5F", key("rsa2048_pub.pem"));
  const signer = cf.Signer.createSync({ keyPairId: "K2JCJMDEHXQW5F", privateKey: RSA });
  const hostile = [
    () => cf.getSignedUrl({ ...base, dateLessThan: 10n }),
    () => cf.getSignedUrl({ ...base, dateLessThan: JSON.parse('{"valueOf":0,"toString":0}') }),
    () => cf.getSignedUrl(Object.defineProperty({ ...base }, "url", { get() { throw new Error("getter"); }, enumerable: true })),
    () => cf.getSignedUrl(new Proxy(base, { ownKeys() { throw new Error("proxy"); } })),
    () => signer.getSignedUrlSync({ url: `${D}/a.mp4`, dateLessThan: Symbol("x") }),
    () => group.verify(`${D}/a.mp4`, { now: 10n }),
    () => group.verify(`${D}/a.mp4`, Object.defineProperty({}, "cookies", { get() { throw new Error("getter"); }, enumerable: true })),
    () => cf.buildPolicy({ resource: `${D}/a`, dateLessThan: 10n }),
  ];
  for (let i = 0; i < 3000; i++) {
    try {
      hostile[i % hostile.length]();
    } catch (e) {
      assert.equal(typeof e.code, "string", String(e));
    }
  }
  // Still alive, and still right.
  assert.match(cf.getSignedUrl(base), /Signature=/);
  assert.equal(group.verify(signer.getSignedUrlSync({ url: `${D}/a.mp4`, dateLessThan: base.dateLessThan }), { now: new Date(1767225600000) }).allowed, true);
  assert.ok(new cf.KeyGroup());
});

test("errors never quote an option's value", () => {
  for (const options of [
    { ...base, passphrase: 31415926 },
    { ...base, passphrase: { secret: "hunter2-hunter2" } },
    { ...base, ipAddress: RSA },
    { ...base, keyPairId: 31415926 },
  ]) {
    assert.throws(() => cf.getSignedUrl(options), (e) => {
      assert.ok(!/31415926|hunter2|BEGIN|MII/.test(e.message), e.message);
      return typeof e.code === "string";
    });
  }
  assert.throws(() => cf.Signer.createSync({ keyPairId: "K", privateKey: RSA, passphrase: { secret: "hunter2-hunter2" } }),
    (e) => !/hunter2/.test(e.message) && e.code === "invalid_option");
});

test("a wrong option's error names the option and what it takes, not its value", () => {
  assert.throws(() => cf.getSignedUrl({ ...base, passphrase: 31415926 }),
    (e) => e.code === "invalid_option" && e.message === "options: passphrase has the wrong type: expected a string");
  assert.throws(() => cf.buildPolicy({ dateLessThan: base.dateLessThan }),
    (e) => e.code === "invalid_option" && /resource is required/.test(e.message));
  assert.throws(() => cf.clearCookies({ maxAge: 1.5 }),
    (e) => e.code === "invalid_option" && /maxAge has the wrong type/.test(e.message) && !/1\.5/.test(e.message));
  assert.throws(() => cf.getSignedUrl("https://x/a"), (e) => e.code === "invalid_option" && /must be an object/.test(e.message));
  // Options are read as JavaScript reads them: inherited properties count, as in the SDK.
  const inherited = Object.create({ url: base.url, dateLessThan: base.dateLessThan });
  assert.equal(cf.getSignedUrl(Object.assign(inherited, { keyPairId: base.keyPairId, privateKey: RSA })), cf.getSignedUrl(base));
});

test("a policy string is checked when a URL is given too", () => {
  for (const policy of ["garbage", `{"Statement":[{"Resource":"${D}/*","Condition":{"DateLessThan":{"AWS:EpochTime":9223372036854775808}}}]}`]) {
    assert.throws(() => cf.getSignedUrl({ ...base, policy }), (e) => e.code === "invalid_policy");
  }
});

test("encrypted keys: Rust checks the scheme and its cost before node:crypto decrypts", () => {
  const refused = [
    ["bad_rsa2048_pkcs8_pbkdf2_iter2p31.pem", /too costly/],
    ["bad_rsa2048_legacy_aes256.pem", /openssl pkcs8 -topk8/],
    ["bad_rsa2048_pkcs8_des3.pem", /not supported/],
  ];
  for (const [name, message] of refused) {
    const started = Date.now();
    assert.throws(() => cf.getSignedUrl({ ...base, privateKey: key(name), passphrase: "cfsign-test" }), (e) => {
      assert.match(e.message, message, name);
      return e.code === "encrypted_key";
    });
    assert.ok(Date.now() - started < 2000, `${name} refused at once`);
  }
  assert.match(cf.getSignedUrl({ ...base, privateKey: key("rsa2048_pkcs8_aes256.pem"), passphrase: "cfsign-test" }), /Signature=/);
  // node:crypto decrypts the block Rust checked. Given the text as it came, OpenSSL's PEM reader
  // skipped a block whose BEGIN line does not start the line (Rust reads it) and derived the
  // next block's key: 2^31 PBKDF2 iterations, minutes of CPU.
  const started = Date.now();
  const hidden = "x" + key("rsa2048_pkcs8_aes256.pem") + key("bad_rsa2048_pkcs8_pbkdf2_iter2p31.pem");
  assert.match(cf.getSignedUrl({ ...base, privateKey: hidden, passphrase: "cfsign-test" }), /Signature=/);
  assert.ok(Date.now() - started < 2000, "the checked block decrypted at once");
});

test("the SDK's order of checks: the scheme before the date", () => {
  assert.throws(() => cf.getSignedUrl({ ...base, url: "ftp://h/a", dateLessThan: "not a date" }), (e) => /Invalid URI scheme/.test(e.message));
});
