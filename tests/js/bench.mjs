// Side-by-side benchmark in one Node process (`make bench`): the cfsign package (installed from its
// tarball) vs @aws-sdk/cloudfront-signer, the functions users call, interleaved in rounds; ratios
// against the goals. Then verification, and cold start (a new process: import to first URL).
import { execFileSync } from "node:child_process";
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
const SECONDS = Number(process.env.BENCH_SECONDS ?? 0.5);
const ROUNDS = 5;

/** CPU µs per call of `fn` (this process's user + system time, so that other work on the machine
 * counts less than in wall time), run for SECONDS. */
async function time(fn) {
  for (let i = 0; i < 5; i++) await fn();
  let n = 0;
  const start = process.cpuUsage();
  const deadline = process.hrtime.bigint() + BigInt(Math.round(SECONDS * 1e9));
  while (process.hrtime.bigint() < deadline) {
    for (let i = 0; i < 10; i++) await fn();
    n += 10;
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}

/** Each function measured ROUNDS times, taking turns; the median of each. */
async function interleaved(entries) {
  const times = entries.map(() => []);
  for (let r = 0; r < ROUNDS; r++) for (const [i, [, fn]] of entries.entries()) times[i].push(await time(fn));
  return entries.map(([name], i) => {
    const us = times[i].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
    console.log(`  ${name.padEnd(62)} ${us.toFixed(1).padStart(8)} CPU µs/op ${(1e6 / us).toFixed(0).padStart(7)} op/CPU-s`);
    return us;
  });
}

const goal = (label, ratio, target) => console.log(`  ${label.padEnd(62)} ${ratio.toFixed(2)}×  (goal ≥ ${target}×: ${ratio >= target ? "met" : "NOT met"})`);

const opts = { url: URL_, dateLessThan: EXP };
const rsaObject = createPrivateKey(RSA);
const ecObject = createPrivateKey(EC);
const rsaSigner = await cf.Signer.create({ keyPairId: "K2JCJMDEHXQW5F", privateKey: RSA });
const ecSigner = await cf.Signer.create({ keyPairId: "K4ECDSAKEY", privateKey: EC });

console.log(`signed URL, canned policy: Node ${process.version}, cfsign ${cf.version()} (lite build, node:crypto), ${ROUNDS} interleaved rounds`);
const [sdkRsa, dropRsa, sdkRsaObj, signerRsa] = await interleaved([
  ["@aws-sdk/cloudfront-signer getSignedUrl, RSA-2048, PEM per call", () => sdk.getSignedUrl({ ...opts, keyPairId: "K", privateKey: RSA })],
  ["cfsign getSignedUrl (the drop-in), RSA-2048, PEM per call", () => cf.getSignedUrl({ ...opts, keyPairId: "K", privateKey: RSA })],
  ["@aws-sdk/cloudfront-signer getSignedUrl, RSA-2048, KeyObject", () => sdk.getSignedUrl({ ...opts, keyPairId: "K", privateKey: rsaObject })],
  ["cfsign Signer.getSignedUrl, RSA-2048", () => rsaSigner.getSignedUrl(opts)],
]);
const [sdkEc, dropEc, sdkEcObj, signerEc] = await interleaved([
  ["@aws-sdk/cloudfront-signer getSignedUrl, ECDSA P-256, PEM per call", () => sdk.getSignedUrl({ ...opts, keyPairId: "K", privateKey: EC })],
  ["cfsign getSignedUrl (the drop-in), ECDSA P-256, PEM per call", () => cf.getSignedUrl({ ...opts, keyPairId: "K", privateKey: EC })],
  ["@aws-sdk/cloudfront-signer getSignedUrl, ECDSA P-256, KeyObject", () => sdk.getSignedUrl({ ...opts, keyPairId: "K", privateKey: ecObject })],
  ["cfsign Signer.getSignedUrl, ECDSA P-256", () => ecSigner.getSignedUrl(opts)],
]);

// Issue 26: RFC 6979 ECDSA (cfsign/full's Rust P-256, `deterministic: true`) next to the host's
// randomized ECDSA (node:crypto), the same URL work around each.
const full = require("cfsign/full");
const detSigner = full.Signer.createSync({ keyPairId: "K4ECDSAKEY", privateKey: EC, deterministic: true });
console.log("\nECDSA P-256: deterministic (RFC 6979, Rust's P-256, cfsign/full) vs the host's (node:crypto, randomized)");
const [hostEc, detEc] = await interleaved([
  ["cfsign Signer.getSignedUrlSync, ECDSA P-256, node:crypto", () => ecSigner.getSignedUrlSync(opts)],
  ["cfsign/full Signer deterministic: true, ECDSA P-256 (RFC 6979)", () => detSigner.getSignedUrlSync(opts)],
]);
console.log(`  deterministic ECDSA / host ECDSA, time per URL: ${(detEc / hostEc).toFixed(2)}× (no goal: the price of a stable ECDSA URL)`);
const [nodeRsa] = await interleaved([["node:crypto sign RSA-SHA1 alone (no URL work), for scale", () => nodeSign("sha1", Buffer.from("x".repeat(120)), rsaObject)]]);

console.log("\nratios (the SDK's time / cfsign's: > 1 means cfsign is faster)");
goal("drop-in getSignedUrl vs SDK, RSA-2048, PEM per call", sdkRsa / dropRsa, 2);
goal("drop-in getSignedUrl vs SDK, ECDSA P-256, PEM per call", sdkEc / dropEc, 2);
goal("Signer vs SDK given a KeyObject, RSA-2048", sdkRsaObj / signerRsa, 1);
goal("Signer vs SDK given a KeyObject, ECDSA P-256", sdkEcObj / signerEc, 1);
console.log(`  cfsign's work around the signature, RSA drop-in: ${(dropRsa - nodeRsa).toFixed(1)} µs`);

console.log("\nverification of a whole signed URL (parse, decode, evaluate, signature)");
const group = new cf.KeyGroup();
group.add("K2JCJMDEHXQW5F", key("rsa2048_pub.pem"));
group.add("K4ECDSAKEY", key("ec_p256_pub.pem"));
const rsaUrl = await rsaSigner.getSignedUrl(opts);
const ecUrl = await ecSigner.getSignedUrl(opts);
const pub = createPublicKey(key("rsa2048_pub.pem"));
const policy = Buffer.from(`{"Statement":[{"Resource":"${URL_}","Condition":{"DateLessThan":{"AWS:EpochTime":1893456000}}}]}`);
const sig = nodeSign("sha1", policy, rsaObject);
const allowed = (v) => { if (!v.allowed) throw new Error("denied"); };
const [vRsa, , vRsaAsync, , vNode] = await interleaved([
  ["cfsign keyGroup.verify, RSA-2048 (node:crypto)", () => allowed(group.verify(rsaUrl, { now: NOW }))],
  ["cfsign keyGroup.verify, ECDSA P-256 (node:crypto)", () => allowed(group.verify(ecUrl, { now: NOW }))],
  ["cfsign keyGroup.verifyAsync, RSA-2048", async () => allowed(await group.verifyAsync(rsaUrl, { now: NOW }))],
  ["cfsign keyGroup.verifyAsync, ECDSA P-256", async () => allowed(await group.verifyAsync(ecUrl, { now: NOW }))],
  ["node:crypto verify RSA-SHA1 alone, for scale", () => { if (!nodeVerify("sha1", policy, pub, sig)) throw new Error("bad"); }],
]);
console.log(`  goal, a whole RSA URL verified synchronously in under 100 µs: ${vRsa < 100 ? "met" : "NOT met"} (${vRsa.toFixed(0)} µs; verifyAsync ${vRsaAsync.toFixed(0)} µs; crypto.verify alone ${vNode.toFixed(0)} µs)`);

console.log("\ndiagnosis of a bad signature (issue 21; cfsign/full, the diagnosis is in the full build only): keyGroup.verify without it (diagnose: false) and with it");
const fullGroup = new (require("cfsign/full").KeyGroup)();
fullGroup.add("K2JCJMDEHXQW5F", key("rsa2048_pub.pem"));
fullGroup.add("K4ECDSAKEY", key("ec_p256_pub.pem"));
const diagOpts = { url: `${URL_}?b=2&a=1&u=%7Eme+x`, dateLessThan: EXP };
const denied = (v) => { if (v.allowed || !v.reasons.some((r) => r.code === "bad_signature")) throw new Error("not a bad signature"); };
const diagRows = [];
// The last URL gives 31 checks, every family (as benches/sign.rs's none_found_31_checks).
const worstUrl = "https://d111111abcdef8.cloudfront.net/v/caf%C3%A9%20(1)~%2fx+y.mp4?h=8&g=7&f=%2f&e=%7E&d=a+b&c=%20&b=2&a=1";
for (const [name, signer] of [["RSA", rsaSigner], ["ECDSA", ecSigner]]) {
  const signed = await signer.getSignedUrl(diagOpts);
  const most = (await signer.getSignedUrl({ url: worstUrl, dateLessThan: EXP })).replace("/v/", "/w/");
  for (const [kind, broken] of [["utm_source added (found)", `${signed}&utm_source=mail`], ["path changed (none found)", signed.replace("intro", "outro")], ["31 checks (none found)", most]]) {
    diagRows.push([`verify, ${name}, ${kind}, diagnose: false`, () => denied(fullGroup.verify(broken, { now: NOW, diagnose: false }))]);
    diagRows.push([`verify, ${name}, ${kind}, diagnosed`, () => denied(fullGroup.verify(broken, { now: NOW, diagnose: true }))]);
  }
}
const diagTimes = await interleaved(diagRows);
const worst = Math.max(...diagTimes.filter((_, i) => i % 2 === 1));
console.log(`  goal, a bad signature diagnosed in under 20 ms: ${worst < 20_000 ? "met" : "NOT met"} (worst ${(worst / 1000).toFixed(2)} ms)`);

console.log("\ncold start: a new Node process, from import to the first signed URL (median of 5)");
const cold = (module) => {
  const script = `const t0 = performance.now(); const m = require(${JSON.stringify(module)});
    m.getSignedUrl({ url: ${JSON.stringify(URL_)}, keyPairId: "K", privateKey: require("node:fs").readFileSync(${JSON.stringify(new URL("../keys/rsa2048_pkcs1.pem", import.meta.url).pathname)}, "utf8"), dateLessThan: new Date(1893456000000) });
    console.log(performance.now() - t0);`;
  const runs = Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, ["-e", script], { cwd: new URL(".", import.meta.url).pathname }).toString()));
  return runs.sort((a, b) => a - b)[2];
};
const coldSdk = cold("@aws-sdk/cloudfront-signer");
const coldCf = cold("cfsign");
console.log(`  @aws-sdk/cloudfront-signer ${coldSdk.toFixed(1)} ms, cfsign ${coldCf.toFixed(1)} ms (WebAssembly compiled at import)`);
