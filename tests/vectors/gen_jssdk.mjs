// Signs the cases of cases.json with @aws-sdk/cloudfront-signer (getSignedUrl / getSignedCookies).
//
// Usage: node gen_jssdk.mjs OUT.json   (run by generate.sh; the package is loaded from
// .work/node/node_modules, or from the folder named by CFSIGN_VECTORS_NODE_DIR)
//
// * privateKey is the PEM file's text; dates are `new Date(epoch * 1000)` unless the case's
//   js_date_form says "string" (ISO 8601, e.g. "2026-01-01T18:00:00Z") or "number-ms" (a number of
//   milliseconds, which the SDK hands to `new Date`).
// * algorithm is passed only when the case's hash_algorithm is not the default "SHA1", exactly as
//   written there (so "sha256" reaches the SDK in lower case).
// * Custom policies: dateGreaterThan / ipAddress; literal policies: `policy` (a JSON string) with url.
// * The SDK imports `createSign` from node:crypto when it is loaded; it is wrapped before that so
//   that the exact bytes it signs are captured as the case's policy_json.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const KEYS = path.join(HERE, "..", "keys");
const NODE_DIR = process.env.CFSIGN_VECTORS_NODE_DIR ?? path.join(HERE, ".work", "node");
const TOOL = "js-sdk";
const INPUT_FIELDS = [
  "url", "key_pair_id", "key", "date_less_than", "date_greater_than", "ip_address",
  "policy_resource", "policy", "hash_algorithm", "js_date_form",
];

let captured = [];
const realCreateSign = crypto.createSign;
crypto.createSign = function createSign(algorithm, options) {
  const signer = realCreateSign.call(this, algorithm, options);
  const realUpdate = signer.update.bind(signer);
  signer.update = (data, encoding) => {
    captured.push({ algorithm, data: Buffer.isBuffer(data) ? data.toString("utf8") : String(data) });
    return realUpdate(data, encoding);
  };
  return signer;
};

const require = createRequire(path.join(NODE_DIR, "package.json"));
const { getSignedUrl, getSignedCookies } = require("@aws-sdk/cloudfront-signer");
const sdkVersion = JSON.parse(
  fs.readFileSync(path.join(NODE_DIR, "node_modules", "@aws-sdk", "cloudfront-signer", "package.json"), "utf8"),
).version;

function loadCases() {
  const spec = JSON.parse(fs.readFileSync(path.join(HERE, "cases.json"), "utf8"));
  const out = [];
  for (const c of spec.cases) {
    const m = { ...spec.defaults, ...c, ...(c.override?.[TOOL] ?? {}) };
    if (!m.tools.includes(TOOL)) continue;
    const note = [m.note, m.note_js].filter(Boolean).join(" ");
    const input = Object.fromEntries(INPUT_FIELDS.map((f) => [f, m[f]]));
    input.policy_resource = null; // botocore/AWS CLI only
    input.js_date_form = input.js_date_form ?? "date";
    out.push({ name: m.name, kind: m.kind, note, input });
  }
  return out;
}

function jsDate(epoch, form) {
  if (epoch === null) return undefined;
  const ms = Math.round(epoch * 1000);
  switch (form) {
    case "date":
      return new Date(ms);
    case "string":
      return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
    case "number-ms":
      return ms;
    default:
      throw new Error(`unknown js_date_form ${form}`);
  }
}

function runCase(kind, input) {
  const args = {
    url: input.url,
    keyPairId: input.key_pair_id,
    privateKey: fs.readFileSync(path.join(KEYS, input.key), "utf8"),
  };
  if (input.policy !== null) {
    args.policy = input.policy;
  } else {
    args.dateLessThan = jsDate(input.date_less_than, input.js_date_form);
    const start = jsDate(input.date_greater_than, input.js_date_form);
    if (start !== undefined) args.dateGreaterThan = start;
    if (input.ip_address !== null) args.ipAddress = input.ip_address;
  }
  if (input.hash_algorithm !== "SHA1") args.algorithm = input.hash_algorithm;

  captured = [];
  let out;
  try {
    out = kind === "url" ? { url: getSignedUrl(args) } : { cookies: getSignedCookies(args) };
  } catch (e) {
    return { output: { policy_json: null, error: String(e?.message ?? e) }, signedWith: null };
  }
  if (captured.length !== 1) throw new Error(`expected one signature, got ${captured.length}`);
  out.policy_json = captured[0].data;
  out.error = null;
  return { output: out, signedWith: captured[0].algorithm };
}

const cases = [];
for (const { name, kind, note, input } of loadCases()) {
  const { output, signedWith } = runCase(kind, input);
  let fullNote = note;
  if (signedWith) fullNote += ` (The SDK called createSign("${signedWith}").)`;
  if (output.cookies && typeof output.cookies["CloudFront-Expires"] === "number") {
    fullNote += " getSignedCookies returns CloudFront-Expires as a number; it is recorded as a number.";
  }
  cases.push({ id: `${TOOL}/${name}`, tool: TOOL, kind, note: fullNote, input, output });
}

const result = {
  versions: { "@aws-sdk/cloudfront-signer": sdkVersion, node: process.versions.node },
  cases,
};
fs.writeFileSync(process.argv[2], JSON.stringify(result, null, 2) + "\n");
