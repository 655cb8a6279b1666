import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import crypto from "node:crypto";
const require = createRequire(import.meta.url);
const cf = require("cfsign");
const EC = readFileSync(new URL("../keys/ec_p256_pkcs8.pem", import.meta.url), "utf8");
const URL_ = "https://d111111abcdef8.cloudfront.net/videos/intro.mp4";
const opts = { url: URL_, dateLessThan: new Date(1893456000 * 1000) };
const signer = cf.Signer.createSync({ keyPairId: "K4ECDSAKEY", privateKey: EC });
const N = 20000;
function t(name, fn) { for (let i = 0; i < 2000; i++) fn(); const ts=[]; for (let r=0;r<5;r++){const s = process.cpuUsage(); for (let i = 0; i < N; i++) fn(); const u = process.cpuUsage(s); ts.push((u.user+u.system)/N);} ts.sort((a,b)=>a-b); console.log(name.padEnd(40), ts.map(x=>x.toFixed(2)).join(" ")); }
t("checkKeyPairId (crossing)", () => cf.checkKeyPairId("K4ECDSAKEY"));
t("resourceMatches", () => cf.resourceMatches("https://d111111abcdef8.cloudfront.net/*", URL_));
t("buildPolicy", () => cf.buildPolicy({ resource: URL_, dateLessThan: opts.dateLessThan }));
t("new Date(date)", () => new Date(opts.dateLessThan).getTime());
const k = crypto.createPrivateKey(EC);
t("sign sha256 alone", () => crypto.sign("sha256", Buffer.from("x".repeat(130)), k));
t("Signer.getSignedUrlSync", () => signer.getSignedUrlSync(opts));
