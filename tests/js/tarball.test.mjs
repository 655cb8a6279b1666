// These tests load the packed tarball, as a user installs it (scripts/install-package.sh), never
// the package's sources in npm/: `import "cfsign"` resolves into the scratch install, whose files
// are the tarball's, byte for byte; and the workspace's own link to npm/ cannot load at all.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const entry = realpathSync(fileURLToPath(import.meta.resolve("cfsign")));
const installed = path.dirname(path.dirname(entry));
const { version } = JSON.parse(readFileSync(path.join(installed, "package.json"), "utf8"));
const tgz = path.join(ROOT, "target", "npm", `cfsign-${version}.tgz`);

test("cfsign resolves into the scratch install of the tarball, not npm/", () => {
  assert.equal(installed, path.join(ROOT, "target", "npm", "installed", "node_modules", "cfsign"));
  assert.equal(entry, path.join(installed, "dist", "node.mjs"));
});

test("the installed files are the tarball's", () => {
  for (const file of ["package.json", "dist/node.mjs", "dist/api-lite.mjs", "dist/lite/cfsign.js", "dist/lite/cfsign_bg.wasm", "dist/lite/wasm-inline.mjs"]) {
    const packed = execFileSync("tar", ["-xOzf", tgz, `package/${file}`], { maxBuffer: 16 << 20 });
    assert.ok(packed.equals(readFileSync(path.join(installed, file))), file);
  }
});

test("the package's sources in npm/ have no WebAssembly: nothing can load them instead", async () => {
  await assert.rejects(import(pathToFileURL(path.join(ROOT, "npm", "dist", "node.mjs")).href), { code: "ERR_MODULE_NOT_FOUND" });
});
