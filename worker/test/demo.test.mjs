// `make demo` keeps working: the demo starts on workerd, serves the page, and the flow it prints
// (cookies -> guard 200, no cookies -> 403, its signed URL -> 200) runs; then it stops.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { freePort } from "../../npm/test/edge/helpers.mjs";
import { ROOT } from "../scripts/workerd.mjs";

test("demo --check", async () => {
  const port = await freePort();
  const { stdout } = await promisify(execFile)(process.execPath, ["scripts/demo.mjs", "--check", "--port", String(port)], { cwd: ROOT, timeout: 60_000 });
  const result = JSON.parse(stdout.trim().split("\n").at(-1));
  assert.deepEqual(result, { cookies: 200, guardAllowed: 200, guardDenied: 403, reason: "missing_signature", signedUrl: 200, page: 200 });
});
