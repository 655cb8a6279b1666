import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const cf = require("cfsign");
const EC = readFileSync(new URL("../keys/ec_p256_pkcs8.pem", import.meta.url), "utf8");
const opts = { url: "https://d111111abcdef8.cloudfront.net/videos/intro.mp4", dateLessThan: new Date(1893456000 * 1000) };
const signer = cf.Signer.createSync({ keyPairId: "K4ECDSAKEY", privateKey: EC });
for (let i = 0; i < 60000; i++) signer.getSignedUrlSync(opts);
