import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createPrivateKey } from "node:crypto";
import * as sdk from "@aws-sdk/cloudfront-signer";
const require = createRequire(import.meta.url);
const cf = require("cfsign");
const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");
const EC = key("ec_p256_pkcs8.pem"), RSA = key("rsa2048_pkcs1.pem");
const opts = { url: "https://d111111abcdef8.cloudfront.net/videos/intro.mp4", dateLessThan: new Date(1893456000 * 1000) };
const which = process.argv[2] ?? "ec";
const pem = which === "ec" ? EC : RSA;
const signer = await cf.Signer.create({ keyPairId: "K4ECDSAKEY", privateKey: pem });
const obj = createPrivateKey(pem);
const N = Number(process.argv[3] ?? 20000);
async function t(name, fn) {
  for (let i = 0; i < 2000; i++) await fn();
  const times = [];
  for (let r = 0; r < 5; r++) {
    const s = process.cpuUsage();
    for (let i = 0; i < N; i++) await fn();
    const u = process.cpuUsage(s);
    times.push((u.user + u.system) / N);
  }
  times.sort((a, b) => a - b);
  console.log(name.padEnd(30), times.map((x) => x.toFixed(1)).join(" "), "median", times[2].toFixed(1));
  return times[2];
}
const mode = process.argv[4] ?? "all";
if (mode === "all" || mode === "sdk") await t("sdk KeyObject", () => sdk.getSignedUrl({ ...opts, keyPairId: "K", privateKey: obj }));
if (mode === "all" || mode === "signer") await t("Signer.getSignedUrl", () => signer.getSignedUrl(opts));
if (mode === "all") await t("Signer.getSignedUrlSync", () => signer.getSignedUrlSync(opts));
