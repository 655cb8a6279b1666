// The function zip itself (`make lambda-edge`, built by run.sh with the suite's settings):
// exactly index.mjs, the lite wasm and settings.json; within Lambda@Edge's 1 MB; unzipped into a
// scratch folder and imported by a fresh `node`, which is fed the guide's example events.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { getSignedCookies } from "@aws-sdk/cloudfront-signer";
import { RSA, addHeader, body, cookieHeader, event, setCookies, token } from "./helpers.mjs";

const ZIP = process.env.CFSIGN_LAMBDA_ZIP;

/** Unzips the zip into a fresh folder (Python's zipfile); returns the folder. */
function unzip() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "cfsign-zip-test-"));
  execFileSync("python3", ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", ZIP, dir]);
  return dir;
}

/** A fresh node importing `dir`/index.mjs and calling its handler on each event in turn. */
function runEvents(dir, events) {
  const file = path.join(dir, "..", `${path.basename(dir)}-events.json`);
  writeFileSync(file, JSON.stringify(events));
  const script = `
    const events = JSON.parse(await (await import("node:fs/promises")).readFile(${JSON.stringify(file)}, "utf8"));
    const { handler } = await import(${JSON.stringify(path.join(dir, "index.mjs"))});
    const out = [];
    for (const e of events) out.push(await handler(e, {}));
    process.stdout.write(JSON.stringify(out));`;
  return JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: os.tmpdir(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }));
}

test("the zip holds index.mjs, the lite wasm and settings.json, nothing else, within 1 MB", { skip: !ZIP && "CFSIGN_LAMBDA_ZIP not set (run.sh builds it)" }, () => {
  assert.ok(statSync(ZIP).size <= 1024 * 1024, `${statSync(ZIP).size} bytes`);
  const dir = unzip();
  assert.deepEqual(readdirSync(dir).sort(), ["cfsign_bg.wasm", "index.mjs", "settings.json"]);
  const index = readFileSync(path.join(dir, "index.mjs"), "utf8");
  // The AWS SDK is the runtime's: imported by name, never bundled.
  assert.match(index, /import\("@aws-sdk\/client-secrets-manager"\)/);
  assert.match(index, /import\("@aws-sdk\/client-ssm"\)/);
  assert.doesNotMatch(index, /class SecretsManagerClient|GetSecretValueCommand_base|smithy/i);
  // The wasm is the file, not a base64 copy inside the bundle.
  assert.ok(index.length < 200_000, `index.mjs is ${index.length} bytes`);
  const wasm = readFileSync(path.join(dir, "cfsign_bg.wasm"));
  assert.equal(wasm.subarray(0, 4).toString("hex"), "0061736d");
});

test("a fresh node imports the unzipped function: the guide's events, the cookie flow, the guard, origin-request refusals", { skip: !ZIP && "CFSIGN_LAMBDA_ZIP not set" }, async () => {
  const dir = unzip();
  const jwt = await token();
  const [root, health, minted, originMint] = runEvents(dir, [
    event("viewer-request"),
    event("viewer-request", (r) => { r.uri = "/healthz"; }),
    event("viewer-request", (r) => {
      r.uri = "/auth/cookies";
      r.method = "POST";
      addHeader(r, "Authorization", `Bearer ${jwt}`);
    }),
    event("origin-request", (r) => {
      r.uri = "/auth/cookies";
      r.method = "POST";
      addHeader(r, "Authorization", `Bearer ${jwt}`);
    }),
  ]);
  assert.deepEqual(root, event("viewer-request").Records[0].cf.request);
  assert.equal(health.status, "200");
  assert.equal(minted.status, "200", JSON.stringify(minted).slice(0, 300));
  assert.equal(originMint.status, "500");
  assert.equal(body(originMint).error, "wrong_event_type");

  // The minted cookies are the AWS SDK's for the same policy, and the guard passes them on.
  const lines = setCookies(minted);
  const pairs = Object.fromEntries(lines.map((l) => l.split(";")[0].split(/=(.*)/s).slice(0, 2)).filter(([, v]) => v));
  const policy = Buffer.from(pairs["CloudFront-Policy"].replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64").toString();
  assert.equal(getSignedCookies({ keyPairId: RSA.id, privateKey: RSA.priv, policy })["CloudFront-Signature"], pairs["CloudFront-Signature"]);
  const guarded = event("viewer-request", (r) => {
    r.uri = "/private/segment-1.ts";
    addHeader(r, "Cookie", cookieHeader(lines));
  });
  const tampered = event("viewer-request", (r) => {
    r.uri = "/private/segment-1.ts";
    addHeader(r, "Cookie", cookieHeader(lines).replace(/CloudFront-Key-Pair-Id=[^;]+/, "CloudFront-Key-Pair-Id=KUNKNOWN99"));
  });
  const atOrigin = event("origin-request", (r) => {
    r.uri = "/private/segment-1.ts";
    addHeader(r, "Cookie", cookieHeader(lines));
  });
  const [passed, denied, refused] = runEvents(dir, [guarded, tampered, atOrigin]);
  // Let through, without the CloudFront-* cookies; refused at origin-request (a cache miss only).
  const expected = guarded.Records[0].cf.request;
  delete expected.headers.cookie;
  assert.deepEqual(passed, expected);
  assert.equal(refused.status, "500");
  assert.equal(body(refused).error, "wrong_event_type");
  assert.equal(denied.status, "403");
});
