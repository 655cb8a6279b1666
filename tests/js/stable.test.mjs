// Cache-stable URLs across processes and hosts: `expires: {in: "1h", roundTo: "5m", now}` gives
// the same signed URL for every `now` of one bucket, in Node (node:crypto), on workerd (WebCrypto,
// through miniflare) and from the command (`cfsign sign --expires-in 1h --round-to 5m --now`: the
// same expiry and signature, its parameters in the AWS CLI's order where the package keeps the JS
// SDK's),
// for RSA and for ECDSA with `deterministic: true` (RFC 6979; cfsign/full); the next bucket gives
// another URL. The core's rule, computed in three places from the same `now`.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { Miniflare } from "miniflare";

import * as cf from "cfsign"; // the packed tarball, installed by make test-js
import * as full from "cfsign/full";
import { cfsignCli } from "./cli.mjs";

const keyFile = (name) => fileURLToPath(new URL(`../keys/${name}`, import.meta.url));
const RSA = readFileSync(keyFile("rsa2048_pkcs1.pem"), "utf8");
const EC = readFileSync(keyFile("ec_p256_sec1.pem"), "utf8");
const ID = "K2JCJMDEHXQW5F";
const URL_ = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4";
// 2026-01-01T10:00:00Z: a 5-minute boundary. 10:00:00 to 10:04:59 is one bucket.
const T0 = 1767261600;
const BUCKET = [T0, T0 + 1, T0 + 150, T0 + 299];
const NEXT = T0 + 300;
const expires = (t) => ({ in: "1h", roundTo: "5m", now: t * 1000 });

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = path.join(ROOT, "node_modules", ".bin");

function node(t) {
  const rsa = cf.Signer.createSync({ keyPairId: ID, privateKey: RSA });
  const ec = full.Signer.createSync({ keyPairId: ID, privateKey: EC, deterministic: true });
  return {
    rsa: rsa.getSignedUrlSync({ url: URL_, expires: expires(t) }),
    // The drop-in too: the same bytes as a Signer's for RSA and SHA-1.
    dropIn: cf.getSignedUrl({ url: URL_, keyPairId: ID, privateKey: RSA, expires: expires(t) }),
    ecdsa: ec.getSignedUrlSync({ url: URL_, expires: expires(t) }),
  };
}

/**
 * The URL with its query parameters sorted: the command writes them in the AWS CLI's order
 * (Expires, Signature, Key-Pair-Id), the package in the JS SDK's (Expires, Key-Pair-Id, Signature),
 * each byte-compatible with its own SDK. The values (expiry, signature, key ID) must be the same.
 */
function sorted(url) {
  const u = new URL(url);
  u.searchParams.sort();
  return u.href;
}

function cli(t, key) {
  return cfsignCli(["sign", "--url", URL_, "--key-pair-id", ID, "--private-key", keyFile(key), "--expires-in", "1h", "--round-to", "5m", "--now", String(t)]).trim();
}

let mf;
async function workerd(t) {
  if (!mf) {
    const out = path.join(ROOT, "target", "js-stable");
    mkdirSync(out, { recursive: true });
    execFileSync(path.join(BIN, "esbuild"), [fileURLToPath(new URL("stable-worker.mjs", import.meta.url)), "--bundle", "--format=esm", "--platform=neutral",
      "--conditions=workerd,worker,browser", "--main-fields=module,main", "--loader:.wasm=copy", "--external:node:*", `--outdir=${out}`, "--log-level=warning"]);
    mf = new Miniflare({
      modules: true,
      scriptPath: path.join(out, "stable-worker.js"),
      modulesRoot: out,
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: "2026-07-01",
    });
  }
  const r = await mf.dispatchFetch("http://localhost/", { method: "POST", body: JSON.stringify({ url: URL_, now: t * 1000, keyPairId: ID, rsa: RSA, ec: EC }) });
  const text = await r.text();
  assert.equal(r.status, 200, text);
  return JSON.parse(text);
}
after(() => mf?.dispose());

test("one URL per bucket: Node, workerd and the command agree (RSA, and ECDSA with deterministic)", async () => {
  const first = node(T0);
  assert.match(first.rsa, /\?Expires=1767265500&/);
  assert.equal(first.dropIn, first.rsa);
  const fromCli = { rsa: cli(T0, "rsa2048_pkcs1.pem"), ecdsa: cli(T0, "ec_p256_sec1.pem") };
  assert.notEqual(fromCli.rsa, first.rsa, "the parameter orders differ (see sorted)");
  assert.equal(sorted(fromCli.rsa), sorted(first.rsa));
  assert.equal(sorted(fromCli.ecdsa), sorted(first.ecdsa));
  for (const t of BUCKET) {
    const n = node(t);
    assert.deepEqual(n, first, `node at ${t}`);
    const w = await workerd(t);
    assert.equal(w.rsaNative, true, "workerd signs RSA with WebCrypto");
    assert.equal(w.rsa, first.rsa, `workerd RSA at ${t}`);
    assert.equal(w.ecdsa, first.ecdsa, `workerd ECDSA at ${t}`);
    assert.equal(w.liteEcdsa, "unsupported");
    assert.equal(cli(t, "rsa2048_pkcs1.pem"), fromCli.rsa, `cli at ${t}`);
    assert.equal(cli(t, "ec_p256_sec1.pem"), fromCli.ecdsa, `cli ECDSA at ${t}`);
  }
  // The next bucket: another expiry, another URL, everywhere.
  const next = node(NEXT);
  assert.match(next.rsa, /\?Expires=1767265800&/);
  assert.notEqual(next.rsa, first.rsa);
  assert.notEqual(next.ecdsa, first.ecdsa);
  const w = await workerd(NEXT);
  assert.equal(w.rsa, next.rsa);
  assert.equal(w.ecdsa, next.ecdsa);
  assert.equal(sorted(cli(NEXT, "ec_p256_sec1.pem")), sorted(next.ecdsa));
  assert.notEqual(cli(NEXT, "rsa2048_pkcs1.pem"), fromCli.rsa);
});

test("ECDSA: the host's crypto is randomized; deterministic is the full build's", async () => {
  const host = cf.Signer.createSync({ keyPairId: ID, privateKey: EC });
  const a = host.getSignedUrlSync({ url: URL_, expires: expires(T0) });
  const b = host.getSignedUrlSync({ url: URL_, expires: expires(T0) });
  assert.notEqual(a, b, "node:crypto's ECDSA draws a nonce");
  await assert.rejects(cf.Signer.create({ keyPairId: ID, privateKey: EC, deterministic: true }), (e) => e.code === "unsupported" && /cfsign\/full/.test(e.message));
  assert.throws(() => cf.Signer.createSync({ keyPairId: ID, privateKey: EC, deterministic: true }), (e) => e.code === "unsupported");
  // RSA is deterministic in every build: the option is accepted and changes nothing.
  const rsa = cf.Signer.createSync({ keyPairId: ID, privateKey: RSA, deterministic: true });
  assert.equal(rsa.getSignedUrlSync({ url: URL_, expires: expires(T0) }), node(T0).rsa);
  // The signature verifies (the package's own verifier, against the public key).
  const group = new cf.KeyGroup();
  group.add(ID, readFileSync(keyFile("ec_p256_pub.pem"), "utf8"));
  const det = node(T0).ecdsa;
  assert.equal(group.verify(det, { now: new Date((T0 + 10) * 1000) }).allowed, true);
});

test("expires: nonsense is refused with the core's codes", () => {
  const sign = (e, extra = {}) => () => cf.getSignedUrl({ url: URL_, keyPairId: ID, privateKey: RSA, expires: e, ...extra });
  const cases = [
    [{ in: "5m", roundTo: "1h" }, "round_to_exceeds_in"],
    [{ in: "0s" }, "zero_duration"],
    [{ in: "1h", roundTo: "0m" }, "zero_duration"],
    [{ in: "1 fortnight" }, "invalid_duration"],
    [{ in: "500000w" }, "expiry_too_late"],
  ];
  for (const [e, code] of cases) {
    assert.throws(sign(e), (err) => err.code === "invalid_date" && err.message.includes(code) && !err.message.includes("fortnight"), JSON.stringify(e));
  }
  assert.throws(sign({ roundTo: "5m" }), (e) => e.code === "invalid_option" && /expires\.in/.test(e.message));
  assert.throws(sign({ in: 3600 }), (e) => e.code === "invalid_option");
  assert.throws(sign({ in: "1h" }, { dateLessThan: Date.now() + 60_000 }), (e) => e.code === "invalid_option" && /not both|one of them/.test(e.message));
  // signCookies' policy takes it too.
  const signer = cf.Signer.createSync({ keyPairId: ID, privateKey: RSA });
  const { policy } = signer.signCookiesSync({ resource: "https://d111111abcdef8.cloudfront.net/videos/*", expires: expires(T0) });
  assert.equal(JSON.parse(policy).Statement[0].Condition.DateLessThan["AWS:EpochTime"], 1767265500);
});
