// `make lambda-edge LAMBDA_SETTINGS=file.json`: the Lambda@Edge function's zip,
// target/lambda-edge/function.zip, holding exactly
//   index.mjs        deploy/lambda-edge/index.mjs bundled by esbuild (cfsign/lambda-edge from the
//                    packed tarball, jose), exporting `handler`;
//   cfsign_bg.wasm   the package's lite WebAssembly, read by index.mjs at cold start;
//   settings.json    the settings file given (secrets as references, never values);
//   cfsign_full_bg.wasm  only when the settings set STREAM_PLAYLISTS: the full WebAssembly, whose
//                    playlist rewriter the origin-response trigger imports on its first playlist
//                    (never at cold start). Without it, cfsign/full is a stub that throws.
// @aws-sdk/* stays external: the Lambda Node.js runtime carries the SDK v3 (and, from Node.js 18,
// resolves ES module imports through NODE_PATH to it). Fails over Lambda@Edge's 1 MB limit on a
// viewer-event function's compressed size (CloudFront Developer Guide, "Quotas on Lambda@Edge").
// Without STREAM_PLAYLISTS, cfsign/full stays out too: the edge guard imports it only to diagnose a bad signature for the
// diagnostics token's holder, and its build would triple the zip; on Lambda@Edge that import fails
// and the guard answers the verdict undiagnosed (the reasons, without `likely_cause`).
//
//   node scripts/lambda-edge.mjs --settings file.json [--out target/lambda-edge/function.zip]

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const MAX_ZIP_BYTES = 1024 * 1024;

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const settingsFile = arg("settings");
const out = path.resolve(arg("out", path.join(ROOT, "target", "lambda-edge", "function.zip")));
if (!settingsFile) {
  console.error("usage: make lambda-edge LAMBDA_SETTINGS=file.json (the settings of cfsign/edge; secrets as references)");
  process.exit(2);
}

// The settings: a JSON object (checked fully at cold start, with the same errors as cfsign/edge).
let settings;
try {
  settings = JSON.parse(readFileSync(settingsFile, "utf8"));
} catch (e) {
  console.error(`lambda-edge: ${settingsFile} is not a readable JSON file (${e.name})`);
  process.exit(1);
}
if (settings === null || typeof settings !== "object" || Array.isArray(settings)) {
  console.error(`lambda-edge: ${settingsFile} must hold a JSON object of settings`);
  process.exit(1);
}

const entry = path.join(ROOT, "deploy", "lambda-edge", "index.mjs");
const pkgDir = path.join(ROOT, "deploy", "lambda-edge", "node_modules", "cfsign");
const stage = mkdtempSync(path.join(os.tmpdir(), "cfsign-lambda-edge-"));
try {
  // The package's inline WebAssembly (base64 in a module) becomes the .wasm file beside index.mjs.
  const stream = settings.STREAM_PLAYLISTS !== undefined;
  const wasmFromFile = {
    name: "wasm-from-file",
    setup(build) {
      build.onResolve({ filter: /\/wasm-inline\.mjs$/ }, (args) => ({ path: /(^|\/)full\//.test(args.path) ? "full" : "lite", namespace: "cfsign-wasm" }));
      build.onLoad({ filter: /.*/, namespace: "cfsign-wasm" }, (args) => ({
        contents:
          args.path === "lite"
            ? 'import { readFileSync } from "node:fs";\nexport const wasm = readFileSync(new URL("./cfsign_bg.wasm", import.meta.url));\n'
            : stream
              ? 'import { readFileSync } from "node:fs";\nexport const wasm = readFileSync(new URL("./cfsign_full_bg.wasm", import.meta.url));\n'
              : 'throw new Error("cfsign/full is not in this zip: set STREAM_PLAYLISTS in the settings file to include it");\nexport const wasm = null;\n',
        loader: "js",
      }));
    },
  };
  await esbuild.build({
    entryPoints: [entry],
    outfile: path.join(stage, "index.mjs"),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node22",
    minify: true,
    legalComments: "none",
    // With STREAM_PLAYLISTS, cfsign/full is bundled (its .wasm read from cfsign_full_bg.wasm), so the
    // origin-response trigger can load the rewriter; without it, it stays out (see the top).
    external: stream ? ["@aws-sdk/*"] : ["@aws-sdk/*", "cfsign/full"],
    plugins: [wasmFromFile],
    logLevel: "warning",
  });
  copyFileSync(path.join(pkgDir, "dist", "lite", "cfsign_bg.wasm"), path.join(stage, "cfsign_bg.wasm"));
  if (stream) copyFileSync(path.join(pkgDir, "dist", "full", "cfsign_bg.wasm"), path.join(stage, "cfsign_full_bg.wasm"));
  writeFileSync(path.join(stage, "settings.json"), `${JSON.stringify(settings, null, 2)}\n`);

  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(out, { force: true });
  // Python's zipfile (deflate, fixed timestamps: the same inputs give the same zip).
  execFileSync("python3", ["-c", `
import sys, zipfile
out, stage, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for name in names:
        info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        z.writestr(info, open(f"{stage}/{name}", "rb").read())
`, out, stage, "index.mjs", "cfsign_bg.wasm", "settings.json", ...(stream ? ["cfsign_full_bg.wasm"] : [])]);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

const size = statSync(out).size;
console.log(`lambda-edge: ${path.relative(ROOT, out)}: ${size} bytes compressed (limit ${MAX_ZIP_BYTES})`);
if (size > MAX_ZIP_BYTES) {
  console.error(`lambda-edge: the zip is over Lambda@Edge's 1 MB for viewer events`);
  process.exit(1);
}
