// Deployability: `wrangler deploy --dry-run` bundles the worker exactly as a real deploy would
// (wrangler.toml's main, module rules and assets), and that bundle runs on workerd.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { baseEnv, freePort, hsToken, ON_WORKERD } from "../../npm/test/edge/helpers.mjs";
import { ROOT, startWorker, wranglerSettings } from "../scripts/workerd.mjs";

const run = promisify(execFile);

/** wrangler's bin refuses Node < 22.12 before it starts; its CLI itself runs (with a warning). */
function wranglerCommand() {
  const [major, minor] = process.versions.node.split(".").map(Number);
  const modern = major > 22 || (major === 22 && minor >= 12);
  return path.join(ROOT, "../node_modules/wrangler", modern ? "bin/wrangler.js" : "wrangler-dist/cli.js");
}

test("wrangler.toml: main, compatibility date, assets", () => {
  const s = wranglerSettings();
  assert.equal(s.main, "src/index.js");
  assert.match(s.compatibilityDate, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(s.assetsDirectory, "../www");
});

test("wrangler deploy --dry-run bundles the worker, and the bundle runs on workerd", { skip: !ON_WORKERD && "the Cloudflare worker only" }, async () => {
  const out = await mkdtemp(path.join(tmpdir(), "cfsign-wrangler-"));
  try {
    const { stdout } = await run(process.execPath, [wranglerCommand(), "deploy", "--dry-run", "--outdir", out], {
      cwd: ROOT,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1" },
      timeout: 120_000,
    });
    assert.match(stdout, /env\.ASSETS/);
    assert.match(stdout, /--dry-run: exiting now/);
    const files = await readdir(out);
    assert.ok(files.includes("index.js"), files.join(","));
    assert.ok(files.some((f) => f.endsWith(".wasm")), files.join(","));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const w = await startWorker({ script: path.join(out, "index.js"), port, bindings: baseEnv(base), assets: true });
    try {
      let r = await fetch(`${base}/healthz`);
      assert.equal(r.status, 200);
      r = await fetch(`${base}/auth/cookies`, { method: "POST", headers: { authorization: `Bearer ${await hsToken()}` } });
      assert.equal(r.status, 200);
      assert.ok(r.headers.getSetCookie().some((l) => l.startsWith("CloudFront-Signature=")));
      r = await fetch(`${base}/pkg/browser.mjs`);
      assert.equal(r.status, 200);
    } finally {
      await w.stop();
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
