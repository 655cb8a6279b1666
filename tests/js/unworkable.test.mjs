// Issue 21, item 5: the drop-in (and a Signer) never silently produces a URL that cannot work.
// Where the SDK signs one anyway, cfsign refuses with a code, or (an expiry in the past) warns
// once, since the SDK's own test vectors use dates that are now past. On the packed tarball.
// Its own file: the past-expiry warning is given once per module instance, so this process must
// not have signed a past date before the test that counts the warnings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as sdk from "@aws-sdk/cloudfront-signer";

const require = createRequire(import.meta.url);
const cf = require("cfsign");
const RSA = readFileSync(new URL("../keys/rsa2048_pkcs1.pem", import.meta.url), "utf8");
const PUB = readFileSync(new URL("../keys/rsa2048_pub.pem", import.meta.url), "utf8");
const D = "https://d111111abcdef8.cloudfront.net";
const FUTURE = new Date(Date.now() + 3600_000);
const base = { keyPairId: "K2JCJMDEHXQW5F", privateKey: RSA, dateLessThan: FUTURE };

/** Runs `f` with console.warn captured; returns the warnings. */
function warnings(f) {
  const seen = [];
  const original = console.warn;
  console.warn = (...args) => seen.push(args.join(" "));
  try {
    f();
  } finally {
    console.warn = original;
  }
  return seen;
}

test("an expiry in the past: signed as the SDK signs it, one warning per process, none with allowPast", async () => {
  const past = { ...base, url: `${D}/f.mp4`, dateLessThan: new Date(Date.now() - 7200_000) };
  // allowPast: no warning, and the SDK's bytes.
  assert.deepEqual(warnings(() => assert.equal(cf.getSignedUrl({ ...past, allowPast: true }), sdk.getSignedUrl(past))), []);
  // Without it: the same bytes, and one warning with its code and the fix, for the first only.
  const seen = warnings(() => {
    assert.equal(cf.getSignedUrl(past), sdk.getSignedUrl(past));
    cf.getSignedUrl(past);
    cf.getSignedCookies(past);
  });
  assert.equal(seen.length, 1, seen.join("\n"));
  assert.match(seen[0], /past_expiry/);
  assert.match(seen[0], /expired 7[12]\d\d s ago/);
  assert.match(seen[0], /allowPast: true/);
  // A future expiry never warns.
  assert.deepEqual(warnings(() => cf.getSignedUrl({ ...base, url: `${D}/f.mp4` })), []);
  // A Signer takes allowPast too.
  const signer = await cf.Signer.create({ keyPairId: base.keyPairId, privateKey: RSA });
  assert.equal(signer.getSignedUrlSync({ ...past, allowPast: true }), sdk.getSignedUrl(past));
});

test("seconds given as milliseconds: refused with the fix, for either date, in the drop-in and a Signer", async () => {
  const signer = await cf.Signer.create({ keyPairId: base.keyPairId, privateKey: RSA });
  const url = `${D}/f.mp4`;
  const seconds = Math.floor(FUTURE.getTime() / 1000);
  const cases = [
    { url, dateLessThan: seconds },
    { url, dateLessThan: 1893456000 },
    { url, dateLessThan: new Date(1893456000) },
    { url, dateGreaterThan: 1767200000 },
  ];
  for (const input of cases) {
    // The SDK signs each: a URL valid in January 1970, or a start in January 1970.
    assert.doesNotThrow(() => sdk.getSignedUrl({ ...base, ...input }));
    for (const call of [() => cf.getSignedUrl({ ...base, ...input }), () => cf.getSignedCookies({ ...base, ...input }), () => signer.getSignedUrlSync({ dateLessThan: FUTURE, ...input })]) {
      assert.throws(call, (e) => {
        assert.equal(e.code, "invalid_date", e.message);
        assert.match(e.message, /new Date\(seconds \* 1000\)/);
        assert.match(e.message, input.dateGreaterThan ? /^dateGreaterThan/ : /^dateLessThan/);
        assert.ok(!e.message.includes(String(input.dateLessThan)), "the value is not quoted");
        return true;
      });
    }
  }
  // buildPolicy and signCookies read numbers as milliseconds too.
  assert.throws(() => cf.buildPolicy({ resource: url, dateLessThan: 1893456000 }), { code: "invalid_date" });
  assert.throws(() => signer.signCookiesSync({ resource: url, dateLessThan: 1893456000 }), { code: "invalid_date" });
  // Milliseconds, and 0 for the start (the SDK's "no start"), are fine.
  assert.equal(cf.getSignedUrl({ ...base, url, dateLessThan: seconds * 1000, dateGreaterThan: 0 }), sdk.getSignedUrl({ ...base, url, dateLessThan: seconds * 1000 }));
});

test("a URL carrying signing parameters, or a #fragment: refused with invalid_url", async () => {
  const signer = await cf.Signer.create({ keyPairId: base.keyPairId, privateKey: RSA });
  const cases = [
    [`${D}/f.mp4?Expires=1`, /Expires/],
    [`${D}/f.mp4?a=1&Signature=x`, /Signature/],
    [`${D}/f.mp4?Key-Pair-Id=K`, /Key-Pair-Id/],
    [`${D}/f.mp4?Policy=abc`, /Policy/],
    [`${D}/f.mp4?%45xpires=1`, /Expires/],
    [`${D}/f.mp4#t=10`, /fragment.*%23/],
    [`${D}/f.mp4?a=1#t`, /fragment/],
    [`${D}/a#b.mp4`, /fragment/],
  ];
  for (const [url, message] of cases) {
    for (const call of [() => cf.getSignedUrl({ ...base, url }), () => cf.getSignedCookies({ ...base, url }), () => signer.getSignedUrlSync({ url, dateLessThan: FUTURE })]) {
      assert.throws(call, (e) => {
        assert.equal(e.code, "invalid_url", e.message);
        assert.match(e.message, message);
        if (url.includes("#")) {
          // Named by its position, never quoting the URL (nor a "(not shown)" placeholder).
          assert.match(e.message, new RegExp(`character ${url.indexOf("#") + 1}\\b`));
          assert.doesNotMatch(e.message, /not shown|d111111abcdef8/);
        }
        return true;
      });
    }
  }
  // The SDK signs the fragment into the path: %23t%3D10, a name the origin does not have.
  assert.match(sdk.getSignedUrl({ ...base, url: `${D}/f.mp4#t=10` }), /f\.mp4%23t%3D10\?/);
  // A '#' that is part of the name, encoded, is signed as the SDK signs it.
  assert.equal(cf.getSignedUrl({ ...base, url: `${D}/a%23b.mp4` }), sdk.getSignedUrl({ ...base, url: `${D}/a%23b.mp4` }));
});

test("a missing dateLessThan says exactly that, with a code", () => {
  for (const dateLessThan of [undefined, null, 0, ""]) {
    const options = { ...base, url: `${D}/f.mp4`, dateLessThan };
    assert.throws(() => sdk.getSignedUrl(options), /Invalid policy/);
    for (const call of [() => cf.getSignedUrl(options), () => cf.getSignedCookies(options)]) {
      assert.throws(call, (e) => {
        assert.equal(e.code, "invalid_option");
        assert.match(e.message, /^Invalid policy: dateLessThan is missing/);
        return true;
      });
    }
  }
});

test("KeyGroup.add takes a public key as text, bytes or SPKI DER; anything else throws a coded error", () => {
  const group = new cf.KeyGroup();
  const url = cf.getSignedUrl({ ...base, url: `${D}/f.mp4` });
  const der = Buffer.from(PUB.replace(/-----[^-]+-----|\s/g, ""), "base64");
  for (const key of [PUB, Buffer.from(PUB), new Uint8Array(Buffer.from(PUB)), der, new Uint8Array(der).buffer]) {
    group.add("K2JCJMDEHXQW5F", key);
    assert.equal(group.verify(url).allowed, true);
  }
  for (const bad of [42, {}, null, undefined, Buffer.from("not a key"), [1, 2, 3]]) {
    assert.throws(() => group.add("K1", bad), (e) => {
      assert.equal(typeof e.code, "string", e.message);
      assert.ok(["invalid_key", "invalid_option"].includes(e.code), e.code);
      return true;
    });
  }
});
