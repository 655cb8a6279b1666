// Issue 21, item 6: the edge handler's first run. Every missing or bad setting is reported at
// once (ConfigError.problems, the 500's `problems`), never with a value; a path the client wrote
// with a raw space (or #, *, \) is refused naming the character and its encoding, in the
// package's (the core's) words.

import { test } from "node:test";
import assert from "node:assert/strict";
import { baseEnv, DIAG, hsToken, RSA_A, worker } from "./helpers.mjs";
import { ConfigError } from "cfsign/edge";

test("every missing or bad setting at once: the 500 names them all, the problems only with diagnostics", async () => {
  const w = await worker((base) => {
    const env = baseEnv(base, { COOKIE_TTL_SECONDS: "1h", JWT_SECRET: "short", MAX_BATCH: "0" });
    for (const k of ["CLOUDFRONT_PRIVATE_KEY", "TIERS", "JWT_ISSUER", "JWT_AUDIENCE"]) delete env[k];
    return env;
  });
  const expected = ["CLOUDFRONT_PRIVATE_KEY", "COOKIE_TTL_SECONDS", "TIERS", "JWT_SECRET", "JWT_ISSUER", "JWT_AUDIENCE", "MAX_BATCH"];
  try {
    const anonymous = await w.fetch("/healthz");
    const text = await anonymous.text();
    assert.equal(anonymous.status, 500, text);
    const body = JSON.parse(text);
    assert.deepEqual(body.settings, expected);
    assert.deepEqual(body.problems, expected.map((setting) => ({ setting })), "anonymous: names only");
    for (const s of expected) assert.ok(body.message.includes(s), body.message);
    assert.ok(!text.includes("short") && !text.includes(RSA_A.priv.split("\n")[2]), "no value");
    const detailed = await (await w.fetch("/healthz", { headers: DIAG })).json();
    assert.deepEqual(detailed.problems.map((p) => p.setting), expected);
    for (const p of detailed.problems) {
      assert.equal(typeof p.problem, "string");
      assert.ok(detailed.message.includes(`${p.setting} ${p.problem}`), detailed.message);
    }
    assert.match(detailed.problems.find((p) => p.setting === "JWT_SECRET").problem, /32 bytes/);
  } finally {
    await w.stop();
  }
});

test("ConfigError carries problems and a message naming each", () => {
  const e = ConfigError.of([{ setting: "A", problem: "is not set" }, { setting: "B", problem: "must be a number" }]);
  assert.ok(e instanceof ConfigError);
  assert.deepEqual(e.problems, [{ setting: "A", problem: "is not set" }, { setting: "B", problem: "must be a number" }]);
  assert.equal(e.setting, "A");
  assert.match(e.message, /A: is not set.*B: must be a number/);
  const one = new ConfigError("C", "is bad");
  assert.deepEqual(one.problems, [{ setting: "C", problem: "is bad" }]);
  assert.equal(one.message, "C: is bad");
});

test("a path with a raw space, '#', '*' or '\\': refused naming the character and how to encode it", async () => {
  const w = await worker((base) => baseEnv(base, { URL_BASE: base }));
  try {
    const token = await hsToken();
    const cases = [
      ["/videos/b c.mp4", 10, "%20"],
      ["/videos/a#b.mp4", 10, "%23"],
      ["/videos/*.mp4", 9, "%2A"],
      ["/videos/a\\b.mp4", 10, "%5C"],
    ];
    for (const [path, position, encoding] of cases) {
      const r = await w.fetch("/api/signed-urls", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ paths: [path] }),
      });
      const body = await r.json();
      assert.equal(r.status, 400, JSON.stringify(body));
      const problem = body.paths[0].problem;
      assert.match(problem, new RegExp(`^character ${position} \\(U\\+[0-9A-F]{4}\\): `), problem);
      assert.ok(problem.endsWith(`percent-encode it as ${encoding}`), problem);
    }
  } finally {
    await w.stop();
  }
});
