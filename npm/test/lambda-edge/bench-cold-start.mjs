// `make bench-lambda-edge` (part of `make bench`): the Lambda@Edge cold start, measured. Each run
// is a fresh `node` that imports an unzipped function and answers its first event (an identity
// token in, CloudFront signed cookies out as a generated response): cfsign's function zip (made by
// scripts/lambda-edge.mjs, what `make lambda-edge` runs), next to the same job written with
// @aws-sdk/cloudfront-signer (getSignedCookies, custom policy) and jose, bundled by the same
// esbuild with the same settings, in the same harness, runs alternating. Prints each zip's size,
// the medians (process wall time; import; first event) and the ratios. A measurement, not a test.
//   node npm/test/lambda-edge/bench-cold-start.mjs [RUNS]

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { addHeader, event, settings, token } from "./helpers.mjs";

const DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(DIR, "../../..");
const RUNS = Number(process.argv[2] ?? 15);
const work = mkdtempSync(path.join(os.tmpdir(), "cfsign-cold-start-"));

// The same job with the AWS SDK's signer: verify the HS256 token, sign the tier's policy into the
// three cookies, answer with them. What a hand-written Lambda@Edge function would do.
const SDK_HANDLER = `
import { readFileSync } from "node:fs";
import { jwtVerify } from "jose";
import { getSignedCookies } from "@aws-sdk/cloudfront-signer";
const s = JSON.parse(readFileSync(new URL("./settings.json", import.meta.url), "utf8"));
const secret = new TextEncoder().encode(s.JWT_SECRET);
export async function handler(event) {
  const request = event.Records[0].cf.request;
  const auth = request.headers.authorization?.[0]?.value ?? "";
  const { payload } = await jwtVerify(auth.replace(/^Bearer /, ""), secret, { issuer: s.JWT_ISSUER, audience: s.JWT_AUDIENCE, algorithms: ["HS256"] });
  const resource = JSON.parse(s.TIERS)[payload.tier][0];
  const expires = Math.floor(Date.now() / 1000) + 3600;
  const policy = JSON.stringify({ Statement: [{ Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": expires } } }] });
  const cookies = getSignedCookies({ keyPairId: s.CLOUDFRONT_KEY_PAIR_ID, privateKey: s.CLOUDFRONT_PRIVATE_KEY, policy });
  return {
    status: "200",
    statusDescription: "OK",
    headers: { "set-cookie": Object.entries(cookies).map(([k, v]) => ({ key: "Set-Cookie", value: k + "=" + v + "; Path=/; Secure; HttpOnly" })) },
  };
}`;

function unzip(zip, dir) {
  mkdirSync(dir, { recursive: true });
  execFileSync("python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", zip, dir]);
}

function zipDir(dir, zip, names) {
  execFileSync("python3", ["-c", "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as z:\n    [z.write(f'{sys.argv[2]}/{n}', n) for n in sys.argv[3:]]", zip, dir, ...names]);
}

/** One cold start: a fresh node imports `dir`/index.mjs and answers `e`; times in ms. */
function coldStart(dir, eventFile) {
  const script = `
    const t0 = performance.now();
    const { handler } = await import(${JSON.stringify(path.join(dir, "index.mjs"))});
    const t1 = performance.now();
    const e = JSON.parse((await import("node:fs")).readFileSync(${JSON.stringify(eventFile)}, "utf8"));
    const r = await handler(e, {});
    const t2 = performance.now();
    if (r.status !== "200" || !r.headers["set-cookie"]) throw new Error("unexpected answer " + r.status);
    process.stdout.write(JSON.stringify({ boot: t0, imported: t1 - t0, firstEvent: t2 - t1 }));`;
  const start = process.hrtime.bigint();
  const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: work, encoding: "utf8" }));
  return { wall: Number(process.hrtime.bigint() - start) / 1e6, ...out };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  const settingsFile = path.join(work, "settings.json");
  writeFileSync(settingsFile, JSON.stringify(settings()));
  // cfsign's function, as `make lambda-edge` builds it.
  const cfsignZip = path.join(work, "cfsign.zip");
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "lambda-edge.mjs"), "--settings", settingsFile, "--out", cfsignZip], { stdio: "ignore" });
  unzip(cfsignZip, path.join(work, "cfsign"));
  // The AWS SDK's, bundled the same way.
  const sdkSrc = path.join(DIR, ".bench-sdk-handler.mjs");
  writeFileSync(sdkSrc, SDK_HANDLER);
  const sdkDir = path.join(work, "sdk");
  mkdirSync(sdkDir);
  try {
    await esbuild.build({ entryPoints: [sdkSrc], outfile: path.join(sdkDir, "index.mjs"), bundle: true, format: "esm", platform: "node", target: "node22", minify: true, legalComments: "none", logLevel: "warning",
      // The SDK is CommonJS: an ES module bundle of it needs `require` (what any Lambda bundler adds).
      banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' } });
  } finally {
    rmSync(sdkSrc, { force: true });
  }
  writeFileSync(path.join(sdkDir, "settings.json"), JSON.stringify(settings()));
  const sdkZip = path.join(work, "sdk.zip");
  zipDir(sdkDir, sdkZip, ["index.mjs", "settings.json"]);

  const eventFile = path.join(work, "event.json");
  const jwt = await token();
  writeFileSync(eventFile, JSON.stringify(event("viewer-request", (r) => {
    r.uri = "/auth/cookies";
    r.method = "POST";
    addHeader(r, "Authorization", `Bearer ${jwt}`);
  })));

  const runs = { cfsign: [], sdk: [] };
  coldStart(path.join(work, "cfsign"), eventFile); // warm the file cache once each
  coldStart(sdkDir, eventFile);
  for (let i = 0; i < RUNS; i++) {
    runs.cfsign.push(coldStart(path.join(work, "cfsign"), eventFile));
    runs.sdk.push(coldStart(sdkDir, eventFile));
  }
  const row = (name, zip, rs) => ({
    name,
    zip_bytes: statSync(zip).size,
    wall_ms: median(rs.map((r) => r.wall)),
    import_ms: median(rs.map((r) => r.imported)),
    first_event_ms: median(rs.map((r) => r.firstEvent)),
  });
  const a = row("cfsign/lambda-edge (function.zip)", cfsignZip, runs.cfsign);
  const b = row("@aws-sdk/cloudfront-signer + jose", sdkZip, runs.sdk);
  console.log(`Lambda@Edge cold start, ${RUNS} fresh node processes each (node ${process.version}), medians:`);
  for (const r of [a, b]) {
    console.log(`  ${r.name.padEnd(36)} zip ${String(r.zip_bytes).padStart(7)} B   process ${r.wall_ms.toFixed(1).padStart(6)} ms   import ${r.import_ms.toFixed(1).padStart(6)} ms   first event ${r.first_event_ms.toFixed(1).padStart(6)} ms`);
  }
  const ratio = (x, y) => (x / y).toFixed(2);
  console.log(`  ratio cfsign / SDK: process ${ratio(a.wall_ms, b.wall_ms)}x, import + first event ${ratio(a.import_ms + a.first_event_ms, b.import_ms + b.first_event_ms)}x, zip ${ratio(a.zip_bytes, b.zip_bytes)}x`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
