// cfsign/logs' analyzeLogs on the logs tests/logs/generate.py writes (signatures by botocore and
// @aws-sdk/cloudfront-signer): the same counts as `cfsign logs`, in every format, from a
// readline stream and from a gunzip stream (multi-member). Run on the packed tarball.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createReadStream, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { analyzeLogs } from "cfsign/logs";

const dir = mkdtempSync(path.join(tmpdir(), "cfsign-logs-"));
execFileSync("python3", [new URL("../logs/generate.py", import.meta.url).pathname, dir]);
const expected = JSON.parse(readFileSync(path.join(dir, "expected.json"), "utf8"));
const publicKeys = Object.fromEntries(
  Object.entries(expected.keys).map(([id, file]) => [id, readFileSync(new URL(`../keys/${file}`, import.meta.url), "utf8")]),
);
const iso = (t) => new Date(t * 1000).toISOString().replace(".000Z", "Z");

function lines(name) {
  let stream = createReadStream(path.join(dir, name));
  if (name.endsWith(".gz")) stream = stream.pipe(createGunzip());
  return createInterface({ input: stream, crlfDelay: Infinity });
}

function check(report, exp, badLines, what) {
  for (const f of ["requests", "signed", "unsigned", "denied"]) assert.equal(report[f], exp[f], `${what}: ${f}`);
  assert.deepEqual(report.verdicts, exp.verdicts, what);
  assert.equal(report.statusMismatch.allowedBut403, exp.allowed_but_403, what);
  assert.equal(report.statusMismatch.deniedButServed, exp.denied_but_served, what);
  assert.equal(report.keys.length, Object.keys(exp.keys).length, what);
  for (const k of report.keys) {
    assert.equal(k.requests, exp.keys[k.id], `${what}: ${k.id}`);
    const latest = exp.latest_expiry[k.id];
    assert.equal(k.latestExpiry, latest === undefined ? null : iso(latest), `${what}: ${k.id}`);
  }
  for (const r of report.rotation) assert.equal(r.status, exp.rotation[r.id], `${what}: ${r.id}`);
  for (const s of report.clockSkew) {
    assert.deepEqual(
      [s.expiredNearBoundary, s.maxSecondsAfterExpiry, s.notYetValidNearBoundary, s.maxSecondsBeforeStart],
      exp.clock_skew[s.edgeLocation],
      `${what}: ${s.edgeLocation}`,
    );
  }
  assert.equal(report.lastTime, iso(exp.last_time), what);
  assert.equal(report.badLines, badLines, `${what}: bad lines`);
}

test("standard, v2, JSON lines and real-time logs give the CLI's counts", async () => {
  for (const [name, bad] of [["standard.log", "standard"], ["standard_v2.log", "standard_v2"], ["v2.jsonl", "json"], ["multi.log.gz", "multi"]]) {
    check(await analyzeLogs(lines(name), { publicKeys }), expected.standard, expected.bad_lines[bad], name);
  }
  const fields = expected.realtime_fields;
  const report = await analyzeLogs(lines("realtime.log"), { publicKeys, fields, format: "realtime" });
  check(report, expected.realtime, expected.bad_lines.realtime, "realtime");
  assert.equal(report.verdicts.truncated, 1);
});

test("progress, batches, and options errors with a code", async () => {
  const seen = [];
  const report = await analyzeLogs(lines("standard_v2.log"), { publicKeys, batchLines: 10, onProgress: (p) => seen.push(p) });
  assert.equal(report.requests, 37);
  assert.ok(seen.length >= 4);
  assert.equal(seen.at(-1).requests, 37);
  // The result describes the logs only: no count of the memo's hits (they depend on the batches).
  assert.ok(report.verifications > 0);
  assert.equal(report.memoHits, undefined);
  await assert.rejects(analyzeLogs(["x"], {}), (e) => e.code === "invalid_option");
  await assert.rejects(analyzeLogs(lines("realtime.log"), { publicKeys }), (e) => e.code === "invalid_option" && /fields/.test(e.message));
  await assert.rejects(analyzeLogs([], { publicKeys: { K2JCJMDEHXQW5F: "not a key" } }), (e) => e.code === "invalid_key");
});
