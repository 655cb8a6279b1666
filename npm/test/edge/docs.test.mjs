// Issue 21, item 7: the worker's README names the settings the handler reads, today's names: each
// setting in its settings table and its key-rotation steps is one the packed cfsign/edge reads
// (the old `CF_*` names only where the README says they are deprecated).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const readme = readFileSync(new URL("../../../worker/README.md", import.meta.url), "utf8");
// The packed package's edge sources (the tarball installed in npm/test).
const require = createRequire(import.meta.url);
const edgeDir = join(dirname(require.resolve("cfsign/package.json")), "dist", "edge");
const sources = readdirSync(edgeDir).filter((f) => f.endsWith(".mjs")).map((f) => readFileSync(join(edgeDir, f), "utf8")).join("\n");
const read = (name) => sources.includes(`"${name}"`);

test("every setting of the README's table is one the handler reads", () => {
  const names = [...readme.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]);
  assert.ok(names.length > 20, `${names.length} settings in the table`);
  for (const name of names) assert.ok(read(name), `${name} is in the README's table but not read by cfsign/edge`);
  for (const name of ["JWT_JWKS_URL", "JWT_JWKS", "JWT_JWKS_TIMEOUT_MS"]) assert.ok(names.includes(name), `${name} is not documented`);
});

test("the key-rotation steps name today's settings", () => {
  const steps = readme.slice(readme.indexOf("## Key rotation"), readme.indexOf("\n## ", readme.indexOf("## Key rotation") + 3));
  assert.ok(steps.length > 100);
  assert.doesNotMatch(steps, /\bCF_/, "an old CF_* name in the rotation steps");
  const named = [...steps.matchAll(/`([A-Z][A-Z0-9_]+)(\*?)`/g)];
  assert.ok(named.length >= 4);
  for (const [, name, glob] of named) {
    if (glob) assert.ok(new RegExp(`"${name}[A-Z_]+"`).test(sources), `${name}* names no setting`);
    else assert.ok(read(name), `${name} is not a setting cfsign/edge reads`);
  }
});
