// `make package`: the npm package cfsign, packed as `npm publish` would upload it.
//
//   1. wasm-pack: both WebAssembly builds of bindings/ (wasm-pack.toml's features), --target web;
//   2. wasm-opt (npm's binaryen) with wasm-pack.toml's flags, the import and export names minified
//      (the glue rewritten to match: withMinifiedNames);
//   3. copy: npm/ (package.json, README.md, dist/: the entries, types, cfsign/edge) and the
//      builds into target/npm/cfsign/, with the parts that stay generated: each build's glue
//      (cfsign.js), its .wasm, its inline module (dist/<build>/wasm-inline.mjs, from
//      npm/templates/wasm-inline.mjs), the lite declarations, and the CommonJS bundle
//      (dist/node.cjs and dist/node-full.cjs, esbuild);
//   4. checks: npm/package.json's version is Cargo.toml's, each build's API is the one its
//      dist/api-<build>.mjs exports, the lite .wasm is within max_lite_gzip_bytes (gzip -9),
//      every file of the exports map is there, and cfsign/edge and cfsign/lambda-edge load;
//   5. npm pack: target/npm/cfsign-<version>.tgz.
//
//   node scripts/package.mjs            # everything
//   node scripts/package.mjs --no-pack  # target/npm/cfsign/ only

import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const BIN = path.join(ROOT, "node_modules", ".bin");
const OUT = path.join(ROOT, "target", "npm", "cfsign");
const PACKAGE = path.join(ROOT, "npm");

const read = (file) => readFileSync(path.join(ROOT, file), "utf8");

/**
 * A setting of wasm-pack.toml: a flat read of one `key = value` line (the file keeps to such
 * lines), a list of strings or a number.
 */
function setting(key) {
  const value = new RegExp(`^${key}\\s*=\\s*(.+)$`, "m").exec(read("wasm-pack.toml"))?.[1];
  if (value === undefined) throw new Error(`wasm-pack.toml: no ${key}`);
  return value.startsWith("[") ? [...value.matchAll(/"([^"]+)"/g)].map((m) => m[1]) : Number(value);
}

function run(cmd, args, options = {}) {
  console.log(`+ ${[cmd, ...args].map((a) => path.relative(ROOT, a) || a).join(" ")}`);
  execFileSync(cmd, args, { stdio: "inherit", cwd: ROOT, ...options });
}

/** Steps 1 and 2 for one build: dist/<build>/cfsign.js and cfsign_bg.wasm; returns the .d.ts text. */
function buildWasm(build) {
  const tmp = path.join(ROOT, "target", "wasm-pack", build);
  rmSync(tmp, { recursive: true, force: true });
  run("wasm-pack", ["build", "--release", "--target", "web", "--no-pack", "--no-opt", "--mode", "no-install",
    "--out-dir", tmp, "--out-name", "cfsign", "bindings",
    "--no-default-features", "--features", setting(`${build}_features`).join(",")],
  { env: { ...process.env, CARGO_PROFILE_RELEASE_OPT_LEVEL: "z", PATH: `${BIN}:${process.env.PATH}` } });
  const out = path.join(OUT, "dist", build);
  mkdirSync(out, { recursive: true });
  const wasmFile = path.join(out, "cfsign_bg.wasm");
  const args = [...setting("wasm_opt"), MINIFY_NAMES, path.join(tmp, "cfsign_bg.wasm"), "-o", wasmFile];
  console.log(`+ wasm-opt ${args.map((a) => path.relative(ROOT, a) || a).join(" ")}`);
  const names = execFileSync(path.join(BIN, "wasm-opt"), args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  writeFileSync(path.join(out, "cfsign.js"), withMinifiedNames(readFileSync(path.join(tmp, "cfsign.js"), "utf8"), names, wasmFile));
  // The module's bytes inline, for the hosts and bundlers that load nothing beside a module.
  const wasm = readFileSync(path.join(out, "cfsign_bg.wasm"));
  const template = readFileSync(path.join(PACKAGE, "templates", "wasm-inline.mjs"), "utf8");
  writeFileSync(path.join(out, "wasm-inline.mjs"), template.replace("WASM_BASE64", wasm.toString("base64")));
  return readFileSync(path.join(tmp, "cfsign.d.ts"), "utf8");
}

/**
 * The last pass of step 2: binaryen names the module's imports, exports and import module `a`,
 * `b`, ... (wasm-bindgen's import names carry a 16-hex-digit hash each; measured on the lite
 * build: 94,955 -> 92,931 bytes gzipped), and printing the mapping, by which the glue is rewritten
 * to the same names: its import object (the module's key and each import's key) and each
 * `wasm.<export>`. These names are the glue's own business: the glue's exports (the package's
 * API) do not change.
 */
const MINIFY_NAMES = "--minify-imports-and-exports-and-modules";

/** `glue` (wasm-bindgen's cfsign.js) with the names of `mapping` (wasm-opt's output, JSON). */
function withMinifiedNames(glue, mapping, wasmFile) {
  const { imports, exports } = JSON.parse(mapping);
  const importNames = new Map(imports.map(([, from, to]) => [from, to]));
  const exportNames = new Map(exports);
  const modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmFile))).map((i) => i.module));
  const start = glue.indexOf("function __wbg_get_imports() {");
  const end = glue.indexOf("\n}\n", start);
  const moduleKey = `"./cfsign_bg.js": import0,`;
  const table = glue.slice(start, end);
  if (start < 0 || end < 0 || modules.size !== 1 || table.split(moduleKey).length !== 2) {
    throw new Error("wasm-bindgen's glue is not of the form the names' rewrite reads: see withMinifiedNames");
  }
  let renamed = 0;
  const newTable = table
    .replace(moduleKey, `${JSON.stringify([...modules][0])}: import0,`)
    .replace(/^( +)([\w$]+)(: function\()/gm, (all, indent, name, rest) => {
      if (!importNames.has(name)) return all;
      renamed += 1;
      return `${indent}${JSON.stringify(importNames.get(name))}${rest}`;
    });
  if (renamed !== importNames.size) throw new Error(`the glue defines ${renamed} of the module's ${importNames.size} imports`);
  return (glue.slice(0, start) + newTable + glue.slice(end)).replace(/\bwasm\.([\w$]+)/g, (all, name) => {
    const to = exportNames.get(name);
    if (!to || !/^[A-Za-z_$][\w$]*$/.test(to)) throw new Error(`the glue uses wasm.${name}, which the module does not export`);
    return `wasm.${to}`;
  });
}

/** The declarations without the init functions (the entries initialise the module). */
function withoutInit(dts) {
  const init = dts.indexOf("export type InitInput");
  return init < 0 ? dts : dts.slice(0, init);
}

/** The functions and classes the glue exports for users (not its init functions or internals), each
 * once (an overloaded function, such as getSignedUrl's key and `sign` forms, is declared twice). */
const publicNames = (dts) =>
  [...new Set([...dts.matchAll(/^export (?:function|class) (\w+)/gm)].map((m) => m[1]))].filter((n) => n !== "initSync" && !n.startsWith("__")).sort();

const cargoVersion = /^version = "(.*)"/m.exec(read("Cargo.toml"))[1];
const pkg = JSON.parse(read("npm/package.json"));
if (pkg.version !== cargoVersion) {
  throw new Error(`npm/package.json's version is ${pkg.version}, Cargo.toml's ${cargoVersion}: make them equal`);
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
cpSync(path.join(PACKAGE, "dist"), path.join(OUT, "dist"), { recursive: true });
for (const file of ["package.json", "README.md"]) cpSync(path.join(PACKAGE, file), path.join(OUT, file));
for (const file of ["LICENSE-MIT", "LICENSE-APACHE"]) cpSync(path.join(ROOT, file), path.join(OUT, file));

const declarations = { lite: buildWasm("lite"), full: buildWasm("full") };
// The types (dist/index.d.ts and index.d.cts re-export them): ESM, and a copy for `require`.
// cfsign/full's are the full build's own (it has the on-call tools and the doctor besides).
for (const build of ["lite", "full"]) {
  writeFileSync(path.join(OUT, "dist", build, "cfsign.d.ts"), withoutInit(declarations[build]));
  writeFileSync(path.join(OUT, "dist", build, "cfsign.d.cts"), withoutInit(declarations[build]));
}

// The CommonJS entry: the Node entry bundled, for `require("cfsign")`.
// (And cfsign/full's, node-full.mjs: the full build, which has the distribution doctor.)
for (const entry of ["node", "node-full"]) {
  run(path.join(BIN, "esbuild"), [path.join(OUT, "dist", `${entry}.mjs`), "--bundle", "--format=cjs", "--platform=node",
    "--log-level=warning", "--log-override:empty-import-meta=silent", `--outfile=${path.join(OUT, "dist", `${entry}.cjs`)}`]);
}

for (const [build, dts] of Object.entries(declarations)) {
  const api = Object.keys(await import(path.join(OUT, "dist", `api-${build}.mjs`))).sort();
  if (api.join() !== publicNames(dts).join()) {
    throw new Error(`npm/dist/api-${build}.mjs exports ${api.join(", ")}; the ${build} build has ${publicNames(dts).join(", ")}`);
  }
  const wasm = readFileSync(path.join(OUT, "dist", build, "cfsign_bg.wasm"));
  console.log(`package: ${build} build: ${wasm.length} bytes, ${gzipSync(wasm, { level: 9 }).length} gzipped`);
}
const lite = gzipSync(readFileSync(path.join(OUT, "dist", "lite", "cfsign_bg.wasm")), { level: 9 }).length;
const limit = setting("max_lite_gzip_bytes");
if (!(lite <= limit)) {
  throw new Error(`the lite .wasm is ${lite} bytes gzipped, over max_lite_gzip_bytes (${limit}) in wasm-pack.toml`);
}

// Every file the exports map names is in the package; the entries built on the lite one
// (cfsign/edge, cfsign/lambda-edge) load through the package's own name and export their functions.
const targets = (value) => (typeof value === "string" ? [value] : Object.values(value).flatMap(targets));
for (const [entry, value] of Object.entries(pkg.exports)) {
  for (const file of targets(value)) {
    if (!existsSync(path.join(OUT, file))) throw new Error(`npm/package.json: exports "${entry}" names ${file}, which the package does not have`);
  }
}
const ENTRY_FUNCTIONS = { "./edge": ["createHandler", "mintCookies", "logout", "signUrls", "guard", "health"], "./lambda-edge": ["createLambdaEdgeHandler"] };
for (const [entry, names] of Object.entries(ENTRY_FUNCTIONS)) {
  const mod = await import(path.join(OUT, pkg.exports[entry].default));
  const missing = names.filter((n) => typeof mod[n] !== "function");
  if (missing.length) throw new Error(`cfsign${entry.slice(1)} does not export ${missing.join(", ")}`);
}

if (!process.argv.includes("--no-pack")) {
  run("npm", ["pack", "--pack-destination", path.dirname(OUT)], { cwd: OUT, stdio: ["ignore", "ignore", "inherit"] });
  console.log(`package: target/npm/cfsign-${pkg.version}.tgz`);
}
