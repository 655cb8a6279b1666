// The host crypto adapter's `sign` returns the signature's length. Whatever it returns instead
// (a BigInt, a Symbol, an object whose valueOf throws, a string, a length beyond the room) must
// give a `signing_failed` error, never a TypeError thrown through the WebAssembly frames (which
// leaked its stack: after some thousands of calls every call trapped). From an independent
// review; run on the packed tarball, each build in an instance of its own with a hostile adapter.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as crypto from "node:crypto";
import * as sdk from "@aws-sdk/cloudfront-signer";

// The tarball's dist/ (node.mjs is its `node` entry), for its glue and host adapter.
const dist = dirname(realpathSync(fileURLToPath(import.meta.resolve("cfsign"))));
const { nodeHost } = await import(pathToFileURL(`${dist}/host-node.mjs`).href);

const RSA = readFileSync(new URL("../keys/awscli_rsa2048_pkcs1.pem", import.meta.url), "utf8");
const options = {
  url: "https://d111111abcdef8.cloudfront.net/a.mp4",
  keyPairId: "K2JCJMDEHXQW5F",
  privateKey: RSA,
  dateLessThan: "2030-01-01",
};

/** A fresh instance of `build`'s glue (not the entry's), signing through `adapter.sign`. */
async function instance(build, sign) {
  // The query makes a module of its own: its own WebAssembly instance and host adapter.
  const glue = await import(`${pathToFileURL(`${dist}/${build}/cfsign.js`).href}?hostile-adapter`);
  const { wasm } = await import(pathToFileURL(`${dist}/${build}/wasm-inline.mjs`).href);
  glue.initSync({ module: wasm });
  glue.__installHostCrypto({ ...nodeHost(crypto), sign });
  return glue;
}

const bad = {
  bigint: () => 5n,
  symbol: () => Symbol("length"),
  "throwing valueOf": () => ({ valueOf() { throw new Error("valueOf"); } }),
  string: () => "64",
  "beyond the room": () => 1e9,
  negative: () => -1,
  fraction: () => 1.5,
  NaN: () => NaN,
  undefined: () => undefined,
};

for (const build of ["lite", "full"]) {
  test(`${build}: an adapter's sign returning no length gives signing_failed, and thousands leave the instance working`, async () => {
    const good = nodeHost(crypto).sign;
    let mode = "good";
    const glue = await instance(build, (key, hash, message, signature) => {
      if (mode === "good") return good(key, hash, message, signature);
      good(key, hash, message, signature); // the signature is written; the length is not
      return bad[mode]();
    });
    const expected = sdk.getSignedUrl(options);
    assert.equal(glue.getSignedUrl(options), expected);
    for (const name of Object.keys(bad)) {
      mode = name;
      assert.throws(() => glue.getSignedUrl(options), (e) => {
        assert.ok(e instanceof Error, `${name}: ${String(e)}`);
        assert.equal(e.code, "signing_failed", `${name}: ${e.message}`);
        return true;
      });
    }
    const names = Object.keys(bad);
    for (let i = 0; i < 3000; i++) {
      mode = names[i % names.length];
      try {
        glue.getSignedUrl(options);
        assert.fail(`${mode} signed`);
      } catch (e) {
        assert.equal(e.code, "signing_failed", `${mode}: ${String(e)}`);
      }
    }
    mode = "good";
    assert.equal(glue.getSignedUrl(options), expected);
  });
}
