// The distribution doctor in JavaScript: cfsign/full's diagnose and auditDistribution on the AWS
// CLI's real output (tests/fixtures/aws, from moto's server), camelCase results, stable error
// codes; the main entry (the lite build) leaves them out. Run after `make wasm`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import crypto from "node:crypto";

import * as full from "cfsign/full";
import * as lite from "cfsign";

const fixture = (f) => readFileSync(new URL(`../fixtures/aws/${f}`, import.meta.url), "utf8");
const key = (f) => readFileSync(new URL(`../keys/${f}`, import.meta.url), "utf8");
const DIST = fixture("get-distribution.json");
const GROUPS = fixture("list-key-groups.json");
const KEYS = fixture("list-public-keys.json");
const keyId = (name) => JSON.parse(KEYS).PublicKeyList.Items.find((k) => k.Name === name).Id;
const inputs = { distribution: DIST, keyGroups: [GROUPS], publicKeys: KEYS };
const HOST = "https://media.example.com";

test("auditDistribution: camelCase findings and behaviors, from text or parsed objects", () => {
  const a = full.auditDistribution(inputs);
  assert.equal(a.behaviors.length, 9);
  assert.deepEqual(Object.keys(a.behaviors[0]), ["index", "name", "pathPattern", "restricted", "restriction", "targetOriginId"]);
  assert.deepEqual(Object.keys(a.findings[0]), ["code", "severity", "behaviors", "examplePath", "message", "fix"]);
  assert.equal(a.findings[0].code, "shadowed_by_unrestricted");
  assert.equal(a.findings[0].examplePath, "/videos/x.mp4");
  const parsed = full.auditDistribution({ distribution: JSON.parse(DIST), keyGroups: JSON.parse(GROUPS), publicKeys: [JSON.parse(KEYS)] });
  assert.deepEqual(parsed, a);
  assert.equal(lite.auditDistribution, undefined, "the lite build leaves the doctor out");
  assert.equal(lite.diagnose, undefined);
});

test("diagnose: the behavior, its keys and the verdict against them", async () => {
  const expires = Math.floor(Date.now() / 1000) + 3600;
  const url = `${HOST}/videos/a.webm`;
  const policy = JSON.stringify({ Statement: [{ Resource: url, Condition: { DateLessThan: { "AWS:EpochTime": expires } } }] });
  const b64 = (b) => b.toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");
  const sign = (pem, alg) => b64(crypto.sign(alg, Buffer.from(policy), { key: pem, dsaEncoding: "der" }));
  const rsa = `${url}?Expires=${expires}&Signature=${sign(key("rsa2048_pkcs1.pem"), "sha1")}&Key-Pair-Id=${keyId("rsa2048")}`;
  let d = await full.diagnose(rsa, inputs);
  assert.equal(d.served, true);
  assert.equal(d.behavior.index, 1);
  assert.equal(d.behavior.pathPattern, "/videos/*");
  assert.deepEqual(d.behavior.trustedKeyGroups[0].keyIds, [keyId("rsa2048")]);
  assert.deepEqual(d.notMatched, ["#1 /videos/*.mp4"]);
  assert.equal(d.verdict.allowed, true);
  const ec = `${url}?Expires=${expires}&Signature=${sign(key("ec_p256_pkcs8.pem"), "sha256")}&Key-Pair-Id=${keyId("ec-p256")}&Hash-Algorithm=SHA256`;
  d = await full.diagnose(ec, inputs);
  assert.equal(d.served, false);
  assert.equal(d.verdict.reasons[0].code, "unknown_key");
  assert.equal(d.findings[0].code, "key_not_trusted_by_behavior");
  d = await full.diagnose(`${HOST}/videos/a.mp4`, { ...inputs, now: new Date(), clientIp: "192.0.2.1" });
  assert.equal(d.verdict, null);
  assert.equal(d.findings[0].code, "shadowed_by_unrestricted");
  // Expired at `now`.
  d = await full.diagnose(rsa, { ...inputs, now: (expires + 10) * 1000 });
  assert.equal(d.verdict.reasons[0].code, "expired");
});

test("bad input: stable codes, the input named, nothing quoted", async () => {
  const code = (f) => { try { f(); return null; } catch (e) { return [e.code, e.message]; } };
  let [c, m] = code(() => full.auditDistribution({ distribution: GROUPS }));
  assert.equal(c, "invalid_input");
  assert.match(m, /^distribution: this file holds key groups; expected the output of `aws cloudfront get-distribution`/);
  [c, m] = code(() => full.auditDistribution({ distribution: DIST, publicKeys: ["{\"x\": \"secret-looking\"}"] }));
  assert.equal(c, "invalid_input");
  assert.ok(!m.includes("secret-looking"), m);
  [c] = code(() => full.auditDistribution({}));
  assert.equal(c, "invalid_option");
  [c] = code(() => full.auditDistribution({ distribution: 42 }));
  assert.equal(c, "invalid_option");
  const hostile = new Proxy([], { get() { throw new Error("boom"); } });
  [c] = code(() => full.auditDistribution({ distribution: DIST, keyGroups: hostile }));
  assert.equal(c, "invalid_option");
  const stars = DIST.replace("/videos/*.mp4", "*".repeat(10000));
  [c, m] = code(() => full.auditDistribution({ distribution: stars }));
  assert.equal(c, "invalid_input");
  assert.match(m, /over 255 characters/);
  await assert.rejects(full.diagnose(42, inputs), (e) => e.code === "invalid_option");
});
