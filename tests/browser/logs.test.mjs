// The page's access-log tab in headless Chromium (see page-harness.mjs): logs made by
// tests/logs/generate.py dropped on the page, analysed in its worker, and the report.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { repo, key } from "./node-signing.mjs";
import { useBrowser, open, shot } from "./page-harness.mjs";

useBrowser();

test("access logs: a dropped multi-member .gz log is analysed in a worker; the report and its chart", async () => {
  // Logs whose signatures are botocore's and @aws-sdk/cloudfront-signer's (tests/logs/generate.py).
  const dir = fs.mkdtempSync(path.join(repo, "target", "page-logs-"));
  execFileSync("python3", [path.join(repo, "tests", "logs", "generate.py"), dir]);
  const expected = JSON.parse(fs.readFileSync(path.join(dir, "expected.json"), "utf8")).standard;
  const keys = Object.entries({ K2JCJMDEHXQW5F: "rsa2048_pub.pem", K3NEWKEYROTATE: "rsa2048_b_pub.pem" })
    .map(([id, f]) => ({ id, pub: key(f) }));
  const s = await open({ keys });
  const { page } = s;
  await page.click("#tab-logs");
  assert.equal(await page.isVisible("#panel-logs"), true);
  await page.setInputFiles("#logs-file", path.join(dir, "multi.log.gz"));
  await page.waitForSelector("#logs-result:not([hidden])", { timeout: 30000 });
  assert.match(await page.textContent("#logs-status"), /Done: 37 requests/);
  assert.equal(await page.evaluate(() => document.querySelector("#logs-progress").value), 1);
  const verdicts = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#logs-verdicts li")]
    .map((li) => [li.dataset.code, Number(li.textContent.split(" ").pop())])));
  assert.deepEqual(verdicts, expected.verdicts);
  const rotation = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#logs-keys li")]
    .map((li) => [li.dataset.keyId, li.dataset.rotation])));
  assert.deepEqual(rotation, expected.rotation);
  // The chart: bars per hour, allowed and denied among them.
  assert.ok(await page.locator("#logs-chart rect.bar-allowed").count() > 0);
  assert.ok(await page.locator("#logs-chart rect.bar-denied").count() > 0);
  assert.match(await page.textContent("#logs-mismatch"), /public hole/);
  assert.match(await page.textContent("#logs-top"), /\/office\/report\.pdf/);
  await shot(page, "logs-report");
  fs.rmSync(dir, { recursive: true, force: true });
  await s.done();
});

test("access logs: a gzip header's bytes inside a member's data do not split it (no false 'damaged')", async () => {
  // Stored (level 0) deflate blocks carry the text as it is: a line holding 1f 8b 08 00 puts a
  // header-like run inside the member, which the worker takes for a member start. The piece cut
  // there fails to decompress; merged with the next one it is whole.
  const dir = fs.mkdtempSync(path.join(repo, "target", "page-logs-"));
  execFileSync("python3", [path.join(repo, "tests", "logs", "generate.py"), dir]);
  const text = zlib.gunzipSync(fs.readFileSync(path.join(dir, "multi.log.gz")));
  const inner = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03]);
  const cut = text.lastIndexOf("\n", text.length >> 1) + 1;
  const [first, second] = [text.subarray(0, cut), text.subarray(cut)];
  const file = path.join(dir, "split.log.gz");
  fs.writeFileSync(file, Buffer.concat([zlib.gzipSync(Buffer.concat([first, Buffer.from("#"), inner, Buffer.from("\n")]), { level: 0 }), zlib.gzipSync(second, { level: 0 })]));
  const keys = Object.entries({ K2JCJMDEHXQW5F: "rsa2048_pub.pem", K3NEWKEYROTATE: "rsa2048_b_pub.pem" })
    .map(([id, f]) => ({ id, pub: key(f) }));
  const s = await open({ keys });
  await s.page.click("#tab-logs");
  await s.page.setInputFiles("#logs-file", file);
  await s.page.waitForSelector("#logs-result:not([hidden])", { timeout: 30000 });
  assert.match(await s.page.textContent("#logs-status"), /Done: 37 requests/);
  fs.rmSync(dir, { recursive: true, force: true });
  await s.done();
});
