// checkResource and keyType: the core's resource check and key reading, exported so that the
// edge handler and the page never copy them. checkResource is held against the AWS CLI's
// `_validate_resource` (awscli/customizations/cloudfront/sign.py: `_UNSAFE_POLICY_CHARS`, ASCII
// without spaces, no `#`, an http(s) URL unless wildcarded) and against what signing refuses;
// keyType against node:crypto's reading of the same keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createPrivateKey, createPublicKey, generateKeyPairSync } from "node:crypto";

import * as cf from "cfsign";
import * as full from "cfsign/full"; // the on-call tools (decodeSignedUrl, parsePolicy, keyType, ...): full build only
const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");
const D = "https://d111111abcdef8.cloudfront.net";
const EXP = new Date(1767290400 * 1000);

// [resource, refused (as the AWS CLI's cases in cli/tests/cli/awscli_cases.rs record), the character
// the message names (1-based, in code points), its percent-encoding]
const CASES = [
  [`${D}/videos/*`, false],
  [`${D}/a.mp4`, false],
  ["http*://*.example.com/*", false],
  ["*", false],
  [`${D}:8443/p?q=1`, false],
  // Encoded forms are plain ASCII: signed as written, for CloudFront to compare with the wire.
  [`${D}/a%22b%5Cc%23d%20e/*`, false],
  [`${D}/%2522/%252F/%2e%2e/*`, false],
  ["", true],
  ["ftp://d111111abcdef8.cloudfront.net/a", true],
  ["d111111abcdef8.cloudfront.net/a.mp4", true],
  ["https:///a", true],
  [`${D}/"x"/*`, true, 39, "%22"],
  [`${D}/a\\b/*`, true, 40, "%5C"],
  [`${D}/a\tb`, true, 40, "%09"],
  // Other control characters: refused by cfsign as a tab is (they would need JSON escaping).
  [`${D}/a\nb`, true, 40, "%0A"],
  [`${D}/a\u007fb`, true, 40, "%7F"],
  [`${D}/my videos/*`, true, 41, "%20"],
  [`${D}/vid\u00e9os/*`, true, 42, "%C3%A9"],
  [`${D}/\u{1f3ac}/*`, true, 39, "%F0%9F%8E%AC"],
  [`${D}/videos/*#top`, true, 47, "%23"],
  // The unsafe characters come first, as in the AWS CLI: a `#` before a `"` still names the `"`.
  [`${D}/#/"`, true, 41, "%22"],
];

test("checkResource refuses what the AWS CLI's _validate_resource refuses, with invalid_url", () => {
  for (const [resource, refused, position, encoding] of CASES) {
    const what = JSON.stringify(resource);
    if (!refused) {
      assert.equal(cf.checkResource(resource), undefined, what);
      continue;
    }
    assert.throws(() => cf.checkResource(resource), (e) => {
      assert.ok(e instanceof Error, what);
      assert.equal(e.code, "invalid_url", `${what}: ${e.message}`);
      if (position !== undefined) {
        assert.match(e.message, new RegExp(`^character ${position} \\(U\\+[0-9A-F]{4,}\\): `), `${what}: ${e.message}`);
        assert.ok(e.message.endsWith(`percent-encode it as ${encoding}`), `${what}: ${e.message}`);
      } else {
        assert.doesNotMatch(e.message, /character|percent-encode/, `no one character is wrong in ${what}: ${e.message}`);
      }
      return true;
    });
  }
});

test("checkResource refuses exactly what signing refuses (buildPolicy, signCookies)", () => {
  const signer = cf.Signer.createSync({ keyPairId: "K2JCJMDEHXQW5F", privateKey: key("rsa2048_pkcs1.pem") });
  try {
    for (const [resource] of CASES) {
      const code = (f) => {
        try {
          f();
          return null;
        } catch (e) {
          return e.code;
        }
      };
      const ours = code(() => cf.checkResource(resource));
      const what = JSON.stringify(resource);
      assert.equal(code(() => cf.buildPolicy({ resource, dateLessThan: EXP })), ours, `buildPolicy ${what}`);
      assert.equal(code(() => signer.signCookiesSync({ resource, dateLessThan: EXP })), ours, `signCookies ${what}`);
    }
  } finally {
    signer.free();
  }
});

test("checkResource never echoes the resource (a secret given to the wrong option)", () => {
  const pem = key("rsa2048_pkcs1.pem");
  const secrets = [
    pem,
    `${D}/token=s3cr3t-v4lue/"`,
    `${D}/${"A".repeat(64)}\u00e9`,
    `${D}/hunter2#frag`,
  ];
  for (const resource of secrets) {
    assert.throws(() => cf.checkResource(resource), (e) => {
      for (const bit of [...pem.split("\n").slice(1, 4), "s3cr3t", "A".repeat(16), "hunter2", "cloudfront.net"]) {
        assert.ok(!e.message.includes(bit), `the message quotes the resource: ${e.message}`);
      }
      return e.code === "invalid_url";
    });
  }
});

const NODE_TYPE = { rsa: "RSA", ec: "ECDSA P-256" };

test("keyType reads every public and private form as node:crypto does", async () => {
  const pkcs1Public = createPublicKey(key("rsa2048_pub.pem")).export({ type: "pkcs1", format: "pem" });
  const forms = [
    ["rsa2048_pkcs1.pem", key("rsa2048_pkcs1.pem")],
    ["rsa2048_pkcs8.pem", key("rsa2048_pkcs8.pem")],
    ["rsa2048_pub.pem", key("rsa2048_pub.pem")],
    ["rsa2048 PKCS#1 public", pkcs1Public],
    ["ec_p256_sec1.pem", key("ec_p256_sec1.pem")],
    ["ec_p256_pkcs8.pem", key("ec_p256_pkcs8.pem")],
    ["ec_p256_with_params.pem", key("ec_p256_with_params.pem")],
    ["ec_p256_pub.pem", key("ec_p256_pub.pem")],
  ];
  for (const [name, pem] of forms) {
    const node = /PRIVATE/.test(pem) ? createPrivateKey(pem) : createPublicKey(pem);
    if (node.asymmetricKeyType === "ec") assert.equal(node.asymmetricKeyDetails.namedCurve, "prime256v1");
    assert.equal(full.keyType(pem), NODE_TYPE[node.asymmetricKeyType], name);
  }
  // The same strings as Signer.keyType.
  for (const name of ["rsa2048_pkcs1.pem", "ec_p256_sec1.pem"]) {
    const signer = await cf.Signer.create({ keyPairId: "K2JCJMDEHXQW5F", privateKey: key(name) });
    assert.equal(full.keyType(key(name)), signer.keyType, name);
    signer.free();
  }
  // Fresh keys from node:crypto, so that no key length decides.
  for (const [type, options, expected] of [
    ["rsa", { modulusLength: 2048 }, "RSA"],
    ["ec", { namedCurve: "P-256" }, "ECDSA P-256"],
  ]) {
    const { publicKey, privateKey } = generateKeyPairSync(type, {
      ...options,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    assert.equal(full.keyType(publicKey), expected);
    assert.equal(full.keyType(privateKey), expected);
  }
});

test("keyType refuses what signing and verifying refuse, with a code and no key text", () => {
  const garbageBody = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=";
  for (const [pem, code] of [
    ["garbage", "invalid_key"],
    ["", "invalid_key"],
    [`-----BEGIN PUBLIC KEY-----\n${garbageBody}\n-----END PUBLIC KEY-----\n`, "invalid_key"],
    [`-----BEGIN RSA PRIVATE KEY-----\n${garbageBody}\n-----END RSA PRIVATE KEY-----\n`, "invalid_key"],
    [key("bad_ed25519.pem"), "unsupported_key"],
    [key("bad_rsa1024.pem"), "unsupported_key"],
    [key("bad_rsa3072.pem"), "unsupported_key"],
    [key("bad_ec_p384_pkcs8.pem"), "unsupported_key"],
    [key("bad_ec_p384_sec1.pem"), "unsupported_key"],
    [key("bad_rsa_encrypted_pkcs8.pem"), "encrypted_key"],
  ]) {
    assert.throws(() => full.keyType(pem), (e) => {
      assert.equal(e.code, code, `${pem.slice(0, 40)}: ${e.message}`);
      const body = pem.split("\n").filter((l) => l && !l.startsWith("-----"));
      for (const line of body) assert.ok(!e.message.includes(line), `key text in: ${e.message}`);
      assert.ok(!e.message.includes(garbageBody));
      return true;
    });
  }
});
