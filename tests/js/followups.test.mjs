// Issue 29 follow-ups on the packed tarball: policies with keys CloudFront's guide does not
// document are signed (a `warnings` array on `signCookies` and `parsePolicy`, nothing extra on the
// drop-in, which stays byte-identical to @aws-sdk/cloudfront-signer); the codes of the refusals
// where the SDK would sign what CloudFront refuses; `signCookies` refusing cookies CloudFront
// refuses (p05); no key text echoed by a verdict.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as sdk from "@aws-sdk/cloudfront-signer";

import * as cf from "cfsign"; // the packed tarball, installed by make test-js
import * as full from "cfsign/full"; // the on-call tools (decodeSignedUrl, parsePolicy, keyType, ...): full build only
const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");
const D = "https://d111111abcdef8.cloudfront.net";
const EXP = 1767290400;
const NOW = new Date(1767225600 * 1000);
const ID = "K2JCJMDEHXQW5F";
const PEM = key("rsa2048_pkcs1.pem");

/** A policy with a top-level `Comment` and a `StringLike` condition: botocore and the SDK sign it. */
const withUnknownKeys = (resource = `${D}/videos/*`) =>
  JSON.stringify({
    Comment: "made by hand",
    Statement: [
      {
        Resource: resource,
        Condition: {
          DateLessThan: { "AWS:EpochTime": EXP },
          StringLike: { "aws:Referer": "https://example.com/*" },
        },
      },
    ],
  });

test("the drop-in signs a policy with unknown keys exactly as the SDK does, and adds nothing", () => {
  const policy = withUnknownKeys();
  const options = { keyPairId: ID, privateKey: PEM, policy };
  for (const extra of [{}, { url: `${D}/videos/a.mp4` }]) {
    const ours = cf.getSignedUrl({ ...options, ...extra });
    assert.equal(typeof ours, "string");
    assert.equal(ours, sdk.getSignedUrl({ ...options, ...extra }));
  }
  const cookies = cf.getSignedCookies(options);
  assert.deepEqual(cookies, sdk.getSignedCookies(options));
  assert.deepEqual(Object.keys(cookies), Object.keys(sdk.getSignedCookies(options)));
});

test("Signer.getSignedUrl and getSignedCookies stay the SDK's shapes for such a policy", async () => {
  const policy = withUnknownKeys();
  const signer = await cf.Signer.create({ keyPairId: ID, privateKey: PEM });
  const theirs = sdk.getSignedUrl({ keyPairId: ID, privateKey: PEM, policy });
  assert.equal(await signer.getSignedUrl({ policy }), theirs);
  assert.equal(signer.getSignedUrlSync({ policy }), theirs);
  assert.deepEqual(signer.getSignedCookiesSync({ policy }), sdk.getSignedCookies({ keyPairId: ID, privateKey: PEM, policy }));
});

test("signCookies signs a policy with unknown keys and names them in warnings", async () => {
  const signer = await cf.Signer.create({ keyPairId: ID, privateKey: PEM });
  const policy = withUnknownKeys();
  for (const result of [signer.signCookiesSync(policy), await signer.signCookies(policy)]) {
    assert.equal(result.policy, policy);
    assert.equal(result.warnings.length, 2, result.warnings.join("\n"));
    assert.match(result.warnings[0], /"Comment".*the policy.*undocumented/);
    assert.match(result.warnings[1], /"StringLike".*Condition.*undocumented/);
    // The signature is the SDK's over the same bytes.
    const theirs = sdk.getSignedCookies({ keyPairId: ID, privateKey: PEM, policy });
    assert.ok(result.setCookie.some((line) => line.startsWith(`CloudFront-Signature=${theirs["CloudFront-Signature"]};`)));
  }
  // Always present: empty for a policy without them, built or given.
  const plain = JSON.stringify({ Statement: [{ Resource: `${D}/v/*`, Condition: { DateLessThan: { "AWS:EpochTime": EXP } } }] });
  assert.deepEqual(signer.signCookiesSync(plain).warnings, []);
  assert.deepEqual(signer.signCookiesSync({ resource: `${D}/v/*`, dateLessThan: new Date(EXP * 1000) }).warnings, []);
});

test("parsePolicy names the unknown keys in warnings", () => {
  const info = full.parsePolicy(withUnknownKeys());
  assert.equal(info.resource, `${D}/videos/*`);
  assert.equal(info.warnings.length, 2);
  assert.match(info.warnings[0], /"Comment"/);
  assert.deepEqual(full.parsePolicy(cf.buildPolicy({ resource: `${D}/v`, dateLessThan: new Date(EXP * 1000) })).warnings, []);
});

test("where the SDK signs what CloudFront refuses, the refusal has the code of what is wrong", () => {
  const base = { keyPairId: ID, privateKey: PEM, dateLessThan: new Date(EXP * 1000) };
  const long = `${D}/${"a".repeat(8300)}`;
  const cases = [
    [() => cf.getSignedUrl({ ...base, url: `${D}/f.mp4?Expires=1` }), "invalid_url"],
    [() => cf.getSignedUrl({ ...base, url: `${D}#t=1` }), "invalid_url"],
    [() => cf.getSignedUrl({ ...base, url: long }), "invalid_url"],
    [() => cf.getSignedUrl({ ...base, url: `${D}/other.mp4`, policy: withUnknownKeys() }), "invalid_url"],
    [() => cf.getSignedCookies({ ...base, url: long, dateGreaterThan: new Date((EXP - 60) * 1000) }), "invalid_policy"],
    [() => cf.getSignedCookies({ ...base, url: `${D}/v.mp4?Signature=x` }), "invalid_url"],
  ];
  for (const [call, code] of cases) {
    assert.throws(call, (e) => {
      assert.equal(e.code, code, e.message);
      assert.ok(!e.message.includes("aaaaaaaaaa"), "the URL is not quoted");
      return true;
    });
  }
});

test("signCookies refuses what CloudFront and the verifier refuse (p05)", async () => {
  const signer = await cf.Signer.create({ keyPairId: ID, privateKey: PEM });
  const dateLessThan = new Date(EXP * 1000);
  const long = `${D}/${"a".repeat(8300)}*`;
  const longJson = JSON.stringify({ Statement: [{ Resource: long, Condition: { DateLessThan: { "AWS:EpochTime": EXP } } }] });
  const carrying = `${D}/v.mp4?Signature=abc`;
  const carryingJson = JSON.stringify({ Statement: [{ Resource: carrying, Condition: { DateLessThan: { "AWS:EpochTime": EXP } } }] });
  const cases = [
    [{ resource: long, dateLessThan }, "invalid_policy"],
    [longJson, "invalid_policy"],
    [{ resource: carrying, dateLessThan }, "invalid_url"],
    [{ resource: `${D}/v/*?Key-Pair-Id=K*`, dateLessThan }, "invalid_url"],
    [carryingJson, "invalid_url"],
  ];
  for (const [policy, code] of cases) {
    const check = (e) => {
      assert.equal(e.code, code, e.message);
      return true;
    };
    assert.throws(() => signer.signCookiesSync(policy), check);
    await assert.rejects(signer.signCookies(policy), check);
  }
});

test("a verdict never echoes a Key-Pair-Id that is not a key ID (a PEM, long or odd text)", () => {
  const group = new cf.KeyGroup();
  group.add(ID, key("rsa2048_pub.pem"));
  const signed = sdk.getSignedUrl({ keyPairId: ID, privateKey: PEM, url: `${D}/v.mp4`, dateLessThan: new Date(EXP * 1000) });
  const body = PEM.split("\n").filter((line) => line && !line.startsWith("-----"));
  const odd = ["x".repeat(300), "K1; Domain=evil.example\u001b[1A", "\u202eK1"];
  for (const id of [PEM, ...odd]) {
    const url = signed.replace(`Key-Pair-Id=${ID}`, `Key-Pair-Id=${encodeURIComponent(id)}`);
    const unsigned = `${D}/v.mp4`;
    const cookies = `CloudFront-Expires=${EXP}; CloudFront-Signature=${new URL(signed).searchParams.get("Signature")}; CloudFront-Key-Pair-Id=${encodeURIComponent(id)}`;
    for (const verdict of [group.verify(url, { now: NOW }), group.verify(unsigned, { now: NOW, cookies })]) {
      assert.equal(verdict.allowed, false);
      assert.ok(verdict.reasons.some((r) => r.code === "unknown_key"), JSON.stringify(verdict.reasons));
      const text = JSON.stringify(verdict);
      for (const line of body) assert.ok(!text.includes(line.slice(0, 24)), "no line of the key");
      assert.ok(!text.includes("BEGIN"), text);
      assert.ok(!text.includes("x".repeat(30)), "no long text");
      assert.ok(!text.includes("Domain=evil.example"), text);
      assert.ok(!/[\u0000-\u001f\u202e]/.test(verdict.keyPairId), verdict.keyPairId);
    }
  }
  // A key ID is still shown as it is.
  const other = signed.replace(`Key-Pair-Id=${ID}`, "Key-Pair-Id=K3UNKNOWNKEY");
  assert.equal(group.verify(other, { now: NOW }).keyPairId, "K3UNKNOWNKEY");
});
