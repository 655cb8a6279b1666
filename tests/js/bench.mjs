// Side-by-side benchmark in one Node process (`make bench`): cfsign's WebAssembly package vs
// @aws-sdk/cloudfront-signer, and cfsign's verifier vs a bare crypto.verify. Prints time per
// operation and ratios; each measurement runs for a bounded time.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import * as sdk from "@aws-sdk/cloudfront-signer";

const require = createRequire(import.meta.url);
const cf = require("cfsign"); // the packed tarball, installed by make test-js: its CommonJS entry
const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");
const RSA = key("rsa2048_pkcs1.pem");
const EC = key("ec_p256_pkcs8.pem");
const URL_ = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4";
const EXP = new Date(1893456000 * 1000);
const NOW = new Date(1767225600 * 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 1.5);

async function measure(name, fn) {
  for (let i = 0; i < 5; i++) await fn(); // warm up
  let n = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(Math.round(SECONDS * 1e9));
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 10; i++) await fn();
    n += 10;
    now = process.hrtime.bigint();
  }
  const us = Number(now - start) / 1e3 / n;
  console.log(`${name.padEnd(58)} ${us.toFixed(1).padStart(9)} µs/op ${(1e6 / us).toFixed(0).padStart(8)} op/s`);
  return us;
}

const opts = { url: URL_, dateLessThan: EXP };
const rsaNative = await cf.Signer.create({ keyPairId: "K2JCJMDEHXQW5F", privateKey: RSA });
const ecNative = await cf.Signer.create({ keyPairId: "K4ECDSAKEY", privateKey: EC });
const rsaSync = cf.Signer.createSync({ keyPairId: "K2JCJMDEHXQW5F", privateKey: RSA });
const ecSync = cf.Signer.createSync({ keyPairId: "K4ECDSAKEY", privateKey: EC });
const rsaKeyObject = createPrivateKey(RSA);

console.log(`signed URL, canned policy (Node ${process.version}, cfsign ${cf.version()})`);
const sdkPem = await measure("@aws-sdk/cloudfront-signer getSignedUrl (PEM string)", () => sdk.getSignedUrl({ ...opts, keyPairId: "K", privateKey: RSA }));
const sdkObj = await measure("@aws-sdk/cloudfront-signer getSignedUrl (KeyObject)", () => sdk.getSignedUrl({ ...opts, keyPairId: "K", privateKey: rsaKeyObject }));
const rsaWeb = await measure("cfsign Signer RSA-2048 (WebCrypto)", () => rsaNative.getSignedUrl(opts));
const ecWeb = await measure("cfsign Signer ECDSA P-256 (WebCrypto)", () => ecNative.getSignedUrl(opts));
const rsaRust = await measure("cfsign Signer RSA-2048 sync (Rust in wasm)", () => rsaSync.getSignedUrlSync(opts));
const ecRust = await measure("cfsign Signer ECDSA P-256 sync (Rust in wasm)", () => ecSync.getSignedUrlSync(opts));
const dropIn = await measure("cfsign getSignedUrl drop-in (Rust in wasm, key cached)", () => cf.getSignedUrl({ ...opts, keyPairId: "K", privateKey: RSA }));
const nodeRaw = await measure("node:crypto sign RSA-SHA1 alone (no URL work)", () => nodeSign("sha1", Buffer.from("x".repeat(120)), rsaKeyObject));

console.log("\nratios (SDK PEM time / ours; >1 means cfsign is faster)");
for (const [n, t] of [["Signer RSA WebCrypto", rsaWeb], ["Signer ECDSA WebCrypto", ecWeb], ["Signer RSA sync (Rust)", rsaRust], ["Signer ECDSA sync (Rust)", ecRust], ["drop-in getSignedUrl", dropIn]]) {
  console.log(`  ${n.padEnd(28)} vs SDK PEM ${(sdkPem / t).toFixed(2)}x   vs SDK KeyObject ${(sdkObj / t).toFixed(2)}x`);
}

console.log("\nverification of a whole signed URL");
const group = new cf.KeyGroup();
group.add("K2JCJMDEHXQW5F", key("rsa2048_pub.pem"));
group.add("K4ECDSAKEY", key("ec_p256_pub.pem"));
const rsaUrl = await rsaNative.getSignedUrl(opts);
const ecUrl = await ecNative.getSignedUrl(opts);
const vRsa = await measure("cfsign keyGroup.verify RSA (parse, decode, verify, evaluate)", () => { if (!group.verify(rsaUrl, { now: NOW }).allowed) throw new Error("denied"); });
const vEc = await measure("cfsign keyGroup.verify ECDSA", () => { if (!group.verify(ecUrl, { now: NOW }).allowed) throw new Error("denied"); });
const vRsaAsync = await measure("cfsign keyGroup.verifyAsync RSA (WebCrypto verify)", async () => { if (!(await group.verifyAsync(rsaUrl, { now: NOW })).allowed) throw new Error("denied"); });
const vEcAsync = await measure("cfsign keyGroup.verifyAsync ECDSA (WebCrypto verify)", async () => { if (!(await group.verifyAsync(ecUrl, { now: NOW })).allowed) throw new Error("denied"); });
const pub = createPublicKey(key("rsa2048_pub.pem"));
const policy = Buffer.from(`{"Statement":[{"Resource":"${URL_}","Condition":{"DateLessThan":{"AWS:EpochTime":1893456000}}}]}`);
const sig = nodeSign("sha1", policy, rsaKeyObject);
const vNode = await measure("node:crypto verify RSA-SHA1 alone", () => { if (!nodeVerify("sha1", policy, pub, sig)) throw new Error("bad"); });
console.log(`\n  keyGroup.verify RSA (Rust): ${(vRsa / vNode).toFixed(1)}x crypto.verify's time; keyGroup.verifyAsync RSA: ${(vRsaAsync / vNode).toFixed(1)}x, ECDSA: ${(vEcAsync / vNode).toFixed(1)}x`);
console.log(`  goal, a whole URL verified in under 200 µs: sync ${vRsa < 200 ? "met" : "not met"} (${vRsa.toFixed(0)} µs), async ${vRsaAsync < 200 ? "met" : "not met"} (${vRsaAsync.toFixed(0)} µs)`);
