// The packed cfsign tarball, installed into a scratch project in another folder as a user
// installs it, then run in every runtime: Node (ESM, CommonJS, a Lambda-style esbuild bundle run
// from yet another folder), Bun, Deno, workerd (an esbuild bundle; with and without
// nodejs_compat), Vercel's edge runtime (@edge-runtime/vm; lite and cfsign/full), and Chromium
// (a vite build, an esbuild bundle, a plain <script type="module">). Each signs URLs and cookies
// and verifies them (fixtures/exercise.mjs); the results are compared with
// @aws-sdk/cloudfront-signer's, run here in Node. Where the SDK cannot run (the edge runtime has
// no node:crypto), that is shown too.
//   node run.mjs path/to/cfsign-<version>.tgz

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { EdgeVM } from "@edge-runtime/vm";
import { Miniflare } from "miniflare";
import { chromium } from "playwright-core";
import * as sdk from "@aws-sdk/cloudfront-signer";
import { COOKIE_OPTIONS, URL_OPTIONS } from "./fixtures/exercise.mjs";

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(HERE, "..", "..", "node_modules", ".bin");
const KEYS = path.join(HERE, "..", "keys");
const tgz = path.resolve(process.argv[2] ?? "");

const key = (name) => readFile(path.join(KEYS, name), "utf8");
const keys = { rsa: await key("rsa2048_pkcs1.pem"), ec: await key("ec_p256_sec1.pem"), rsaPub: await key("rsa2048_pub.pem"), ecPub: await key("ec_p256_pub.pem") };

// What the SDK itself gives, in Node: the reference.
const expected = {
  url: sdk.getSignedUrl({ ...URL_OPTIONS, privateKey: keys.rsa }),
  cookies: sdk.getSignedCookies({ ...COOKIE_OPTIONS, privateKey: keys.rsa }),
};

/** Checks one runtime's results; `sync`: whether the synchronous drop-in must work there. */
function check(result, sync) {
  assert.deepEqual(result.verified, [true, true, true, false], "verifyAsync: RSA URL, ECDSA URL, ECDSA cookies, a moved URL");
  assert.equal(result.signerUrl, expected.url, "Signer URL = the SDK's");
  assert.deepEqual(result.signerCookies, expected.cookies, "Signer cookies = the SDK's");
  if (sync) {
    assert.equal(result.url, expected.url, "getSignedUrl = the SDK's");
    assert.deepEqual(result.cookies, expected.cookies, "getSignedCookies = the SDK's");
    assert.equal(result.verifiedSync, true, "keyGroup.verify");
  } else {
    assert.equal(result.syncError, "unsupported", "the sync drop-in says it needs node:crypto or cfsign/full");
  }
}

const results = [];
async function runtime(name, fn) {
  const started = Date.now();
  try {
    const note = await fn();
    results.push({ name, ok: true, note: note ?? "", ms: Date.now() - started });
  } catch (e) {
    results.push({ name, ok: false, note: String(e?.message ?? e).split("\n").slice(0, 6).join(" | "), ms: Date.now() - started });
  }
}

const json = (stdout) => JSON.parse(stdout.trim().split("\n").at(-1));

/** A static server on 127.0.0.1 for `root`. */
async function serve(root) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
  const server = http.createServer(async (req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
    try {
      const body = await readFile(file.endsWith("/") ? path.join(file, "index.html") : file);
      res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

let browser;
async function inChromium(root, page) {
  browser ??= await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const srv = await serve(root);
  const tab = await browser.newPage();
  const errors = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  try {
    await tab.goto(`${srv.url}/${page}`);
    await tab.waitForFunction(() => document.title === "done", null, { timeout: 30_000 });
    const result = await tab.evaluate(() => window.__result);
    if (result.error || errors.length) throw new Error(result.error ?? errors.join("; "));
    return result;
  } finally {
    await tab.close();
    await srv.close();
  }
}

const scratch = await mkdtemp(path.join(tmpdir(), "cfsign-package-"));
const elsewhere = await mkdtemp(path.join(tmpdir(), "cfsign-lambda-"));
try {
  // A new project in another folder: the tarball and the SDK, from npm as users get them.
  await cp(path.join(HERE, "fixtures"), scratch, { recursive: true });
  await writeFile(path.join(scratch, "keys.mjs"), Object.entries(keys).map(([k, v]) => `export const ${k} = ${JSON.stringify(v)};\n`).join(""));
  await writeFile(path.join(scratch, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tgz, "@aws-sdk/cloudfront-signer@3.1166.0"], { cwd: scratch });
  const pkg = JSON.parse(await readFile(path.join(scratch, "node_modules/cfsign/package.json"), "utf8"));
  console.log(`cfsign ${pkg.version} installed from ${path.basename(tgz)} into ${scratch}`);

  await runtime("TypeScript 5.9 (types of every entry; ESM and require)", async () => {
    await run(path.join(BIN, "tsc"), ["--noEmit", "--strict", "--module", "node16", "--moduleResolution", "node16", "--target", "es2022",
      "--lib", "esnext,dom", "--skipLibCheck", "false", "types-esm.ts", "types-cjs.cts"], { cwd: scratch }).catch((e) => {
      throw new Error(e.stdout || e.message);
    });
  });
  await runtime("Node, ES module (import)", async () => check(json((await run(process.execPath, ["node-esm.mjs"], { cwd: scratch })).stdout), true));
  await runtime("Node, CommonJS (require)", async () => check(json((await run(process.execPath, ["node-cjs.cjs"], { cwd: scratch })).stdout), true));
  await runtime("Bun", async () => {
    const { stdout } = await run(path.join(BIN, "bun"), ["node-esm.mjs"], { cwd: scratch });
    check(json(stdout), true);
    return `bun ${(await run(path.join(BIN, "bun"), ["--version"])).stdout.trim()}`;
  });
  await runtime("Deno", async () => {
    const { stdout } = await run(path.join(BIN, "deno"), ["run", "-A", "node-esm.mjs"], { cwd: scratch, env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" } });
    check(json(stdout), true);
  });
  await runtime("Node, esbuild bundle run from another folder (Lambda)", async () => {
    const out = path.join(elsewhere, "index.mjs");
    await run(path.join(BIN, "esbuild"), ["node-esm.mjs", "--bundle", "--platform=node", "--format=esm", `--outfile=${out}`, "--log-level=warning"], { cwd: scratch });
    await rm(path.join(scratch, "node_modules", "cfsign"), { recursive: true, force: false }).catch(() => {});
    try {
      check(json((await run(process.execPath, [out], { cwd: elsewhere })).stdout), true);
    } finally {
      await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", tgz], { cwd: scratch });
    }
    return "package removed from node_modules while it ran";
  });

  // workerd: an esbuild bundle as wrangler makes it (the .wasm a separate CompiledWasm module).
  await run(path.join(BIN, "esbuild"), ["worker.mjs", "--bundle", "--format=esm", "--platform=neutral", "--conditions=workerd,worker,browser",
    "--main-fields=module,main", "--loader:.wasm=copy", "--external:node:*", "--outdir=worker-out", "--log-level=warning"], { cwd: scratch });
  for (const [flags, sync, label] of [[[], false, "without nodejs_compat (WebCrypto)"], [["nodejs_compat"], true, "with nodejs_compat (node:crypto)"]]) {
    await runtime(`workerd, ${label}`, async () => {
      const mf = new Miniflare({
        modules: true,
        scriptPath: path.join(scratch, "worker-out", "worker.js"),
        modulesRoot: path.join(scratch, "worker-out"),
        modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
        compatibilityDate: "2026-07-01",
        compatibilityFlags: flags,
      });
      try {
        const r = await mf.dispatchFetch(`http://localhost/?sync=${sync ? 1 : 0}`);
        const text = await r.text();
        assert.equal(r.status, 200, text);
        const result = JSON.parse(text);
        check(result, sync);
        return `Signer native: ${result.native}`;
      } finally {
        await mf.dispose();
      }
    });
  }

  // Vercel's edge runtime: no node:crypto. The SDK fails there; cfsign signs (lite: Signer and
  // WebCrypto; cfsign/full: the synchronous drop-in too).
  await runtime("edge runtime (@edge-runtime/vm), lite and cfsign/full", async () => {
    const { stdout: code } = await run(path.join(BIN, "esbuild"), ["edge.mjs", "--bundle", "--format=iife", "--platform=neutral",
      "--conditions=edge-light,worker,browser", "--main-fields=module,main", "--log-level=warning"], { cwd: scratch, maxBuffer: 64 << 20 });
    const vm = new EdgeVM();
    vm.evaluate(code);
    const result = JSON.parse(await vm.evaluate("__run()"));
    check(result.lite, false);
    check(result.full, true);
    await writeFile(path.join(scratch, "sdk-edge.mjs"), 'export { getSignedUrl } from "@aws-sdk/cloudfront-signer";\n');
    const { stdout: sdkCode } = await run(path.join(BIN, "esbuild"), ["sdk-edge.mjs", "--bundle", "--format=iife", "--platform=neutral", "--conditions=edge-light,worker,browser",
      "--main-fields=module,main", "--external:node:*", "--log-level=error", "--global-name=SDK"], { cwd: scratch, maxBuffer: 64 << 20 })
      .catch((e) => ({ stdout: `throw new Error(${JSON.stringify(e.message.split("\n")[0])})` }));
    let sdkError = "it ran";
    try {
      const sdkVm = new EdgeVM();
      sdkVm.evaluate(sdkCode);
      sdkVm.context.__options = { ...URL_OPTIONS, privateKey: keys.rsa };
      sdkVm.evaluate("SDK.getSignedUrl(__options)");
    } catch (e) {
      sdkError = String(e?.message ?? e).split("\n")[0];
    }
    assert.notEqual(sdkError, "it ran", "@aws-sdk/cloudfront-signer should not run without node:crypto");
    return `@aws-sdk/cloudfront-signer there: ${sdkError}`;
  });

  await runtime("Chromium, vite build (lite and cfsign/full)", async () => {
    await run(process.execPath, [path.join(HERE, "..", "..", "node_modules/vite/bin/vite.js"), "build", "--outDir", "vite-out", "--logLevel", "warn"], { cwd: scratch });
    const result = await inChromium(path.join(scratch, "vite-out"), "index.html");
    check(result.lite, false);
    check(result.full, true);
  });
  await runtime("Chromium, esbuild bundle with the .wasm copied beside it", async () => {
    await run(path.join(BIN, "esbuild"), ["browser.mjs", "--bundle", "--format=esm", "--platform=browser", "--outdir=esb-out", "--log-level=warning"], { cwd: scratch });
    for (const build of ["lite", "full"]) {
      await mkdir(path.join(scratch, "esb-out", build), { recursive: true });
      await cp(path.join(scratch, "node_modules/cfsign/dist", build, "cfsign_bg.wasm"), path.join(scratch, "esb-out", build, "cfsign_bg.wasm"));
    }
    await writeFile(path.join(scratch, "esb-out", "index.html"), '<!doctype html><script type="module" src="./browser.js"></script>');
    const result = await inChromium(path.join(scratch, "esb-out"), "index.html");
    check(result.lite, false);
    check(result.full, true);
  });
  await runtime("Chromium, plain <script type=\"module\">", async () => {
    check((await inChromium(scratch, "plain.html")).lite, false);
  });
} finally {
  await browser?.close();
  await rm(scratch, { recursive: true, force: true });
  await rm(elsewhere, { recursive: true, force: true });
}

const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name.padEnd(width)}  ${String(r.ms).padStart(6)} ms  ${r.note}`);
const failed = results.filter((r) => !r.ok).length;
console.log(`package: ${results.length - failed} of ${results.length} runtimes passed`);
process.exit(failed ? 1 : 0);
