// This suite runs on the packed tarball, as a user installs it (scripts/install-package.sh), never
// on the package's sources in npm/: cfsign and cfsign/edge resolve into the scratch install, here,
// for the examples the hosts run, and for the worker that esbuild bundles for workerd.

import { test } from "node:test";
import assert from "node:assert/strict";
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const INSTALLED = path.join(ROOT, "target", "npm", "installed", "node_modules", "cfsign");

test("cfsign and cfsign/edge resolve into the scratch install of the tarball", () => {
  assert.equal(realpathSync(fileURLToPath(import.meta.resolve("cfsign"))), path.join(INSTALLED, "dist", "node.mjs"));
  assert.equal(realpathSync(fileURLToPath(import.meta.resolve("cfsign/edge"))), path.join(INSTALLED, "dist", "edge", "index.mjs"));
});

test("the examples and the worker find the same install", () => {
  for (const dir of ["npm/examples", "worker/src"]) {
    const resolved = createRequire(path.join(ROOT, dir, "x.js")).resolve("cfsign/package.json");
    assert.equal(realpathSync(resolved), path.join(INSTALLED, "package.json"), dir);
  }
});
