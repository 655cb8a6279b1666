// Bad input: malformed events, wrong types, a huge header array, bad settings. Each gets a
// generated response (status "500" where nothing else fits) and a log line naming the problem,
// never a value; nothing throws out of the handler, and no log line or answer carries a setting.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createLambdaEdgeHandler } from "cfsign/lambda-edge";
import { JWT_SECRET, RSA, addHeader, body, event, recordLogs, settings } from "./helpers.mjs";

const handler = createLambdaEdgeHandler(settings());
const SECRETS = [JWT_SECRET, RSA.priv.split("\n")[1]];

/** Runs the handler on `e`; checks it answered (no throw) with `status`, logged `pattern`, and leaked nothing. */
async function expectRefusal(h, e, status, pattern) {
  const { value, lines } = await recordLogs(() => h(e));
  assert.equal(typeof value, "object");
  assert.equal(value.status, status, JSON.stringify(value).slice(0, 300));
  assert.ok(lines.some((l) => pattern.test(l)), `no log line matching ${pattern}: ${lines.join("\n")}`);
  const all = JSON.stringify(value) + lines.join("\n");
  for (const s of SECRETS) assert.ok(!all.includes(s), "a secret in the answer or a log line");
  for (const l of lines) assert.doesNotMatch(l, /\n\s+at /, "a stack trace in a log line");
  return { value, lines };
}

test("events without Records, with wrong types or shapes: 500 bad_event naming the field", async () => {
  const cases = [
    [undefined, /no Records/],
    [null, /no Records/],
    ["{}", /no Records/],
    [{}, /no Records/],
    [{ Records: {} }, /no Records/],
    [{ Records: [] }, /exactly one record/],
    [{ Records: [{}, {}] }, /exactly one record/],
    [{ Records: [{ cf: null }] }, /no config or request/],
    [{ Records: [{ cf: { config: {}, request: {} } }] }, /eventType is not a string/],
    [event("viewer-request", (r) => { r.uri = 42; }), /request.uri/],
    [event("viewer-request", (r) => { r.uri = "no-slash"; }), /request.uri/],
    [event("viewer-request", (r) => { r.querystring = ["a"]; }), /querystring/],
    [event("viewer-request", (r) => { r.method = "get me"; }), /request.method/],
    [event("viewer-request", (r) => { r.clientIp = 7; }), /clientIp/],
    [event("viewer-request", (r) => { r.headers = []; }), /headers is not an object/],
    [event("viewer-request", (r) => { r.headers.host = { key: "Host", value: "x" }; }), /not an array/],
    [event("viewer-request", (r) => { r.headers.host = [{ key: "Host", value: 5 }]; }), /string values/],
    [event("viewer-request", (r) => { r.headers.host = [{ key: "X-Other", value: "x" }]; }), /does not match/],
    [event("viewer-request", (r) => { r.method = "POST"; r.body = { data: 5 }; }), /request.body/],
    [event("viewer-request", (r) => { r.method = "POST"; r.body = { data: "", encoding: "gzip" }; }), /encoding/],
  ];
  for (const [e, pattern] of cases) {
    const { value, lines } = await expectRefusal(handler, e, "500", pattern);
    assert.equal(body(value).error, "bad_event");
    assert.ok(lines.some((l) => /"event":"bad_event"/.test(l)));
  }
});

test("a huge header array is refused before any work", async () => {
  const e = event("viewer-request", (r) => {
    r.uri = "/private/a.mp4";
    r.headers["x-big"] = Array.from({ length: 100_000 }, (_, i) => ({ key: "X-Big", value: String(i) }));
  });
  await expectRefusal(handler, e, "500", /more than 1000 entries/);
});

test("a header value HTTP does not allow: 400 bad_header", async () => {
  const e = event("viewer-request", (r) => addHeader(r, "X-Evil", "a\r\nSet-Cookie: x=1"));
  const { value } = await expectRefusal(handler, e, "400", /bad_header|does not allow/);
  assert.equal(value.headers["set-cookie"], undefined);
});

test("bad settings: 500 configuration_error naming the setting, never its value", async () => {
  const h = createLambdaEdgeHandler(settings({ JWT_SECRET: "short" }));
  const { value } = await expectRefusal(h, event("viewer-request", (r) => { r.uri = "/healthz"; }), "500", /"setting":"JWT_SECRET"/);
  assert.equal(body(value).setting, "JWT_SECRET");
  assert.ok(!JSON.stringify(value).includes("short"));
  // A bucket longer than URL_TTL_SECONDS: the package's expiry rule refuses it (round_to_exceeds_in).
  const h3 = createLambdaEdgeHandler(settings({ STREAM_PLAYLISTS: "folder", STREAM_BUCKET_SECONDS: "7200", URL_TTL_SECONDS: "3600" }));
  const refused = await expectRefusal(h3, event("viewer-request", (r) => { r.uri = "/healthz"; }), "500", /"setting":"STREAM_BUCKET_SECONDS"/);
  assert.match(JSON.stringify(refused.value) + refused.lines.join("\n"), /round_to_exceeds_in/);
  // Without ORIGIN_URL the guard still works here: CloudFront is the way to the origin.
  const h2 = createLambdaEdgeHandler(settings({ ORIGIN_URL: undefined }));
  assert.equal((await h2(event("viewer-request", (r) => { r.uri = "/healthz"; }))).status, "200");
});

test("a malformed secret reference, a settings function that throws, a settings file that is not an object", async () => {
  const bad = createLambdaEdgeHandler(settings({ JWT_SECRET: { secretsManager: "x", field: "y" } }));
  await expectRefusal(bad, event("viewer-request", (r) => { r.uri = "/healthz"; }), "500", /"setting":"JWT_SECRET".*secret reference/);
  const throws = createLambdaEdgeHandler(async () => {
    throw new SyntaxError(`Unexpected token in JSON: ${JWT_SECRET}`);
  });
  await expectRefusal(throws, event("viewer-request"), "500", /SyntaxError while loading the settings/);
  const array = createLambdaEdgeHandler(() => [1, 2]);
  await expectRefusal(array, event("viewer-request"), "500", /must be a JSON object/);
});

test("createLambdaEdgeHandler refuses no settings at once (a programming error, before any event)", () => {
  assert.throws(() => createLambdaEdgeHandler(), TypeError);
  assert.throws(() => createLambdaEdgeHandler("settings.json"), TypeError);
  assert.throws(() => createLambdaEdgeHandler({}, { ttlSeconds: -1 }), TypeError);
});

test("lambdaEdgeRules (the core's): the four event types; anything else invalid_option, never quoted", async () => {
  const { lambdaEdgeRules } = await import("cfsign");
  assert.deepEqual(lambdaEdgeRules("viewer-request"), { minting: true, guard: true, maxResponseBytes: 40960, maxBodyBytes: 40960, maxUriAndQueryChars: 8191, playlists: false });
  assert.deepEqual(lambdaEdgeRules("origin-request"), { minting: false, guard: false, maxResponseBytes: 1048576, maxBodyBytes: 1048576, maxUriAndQueryChars: 8191, playlists: false });
  for (const t of ["viewer-response", "origin-response"]) assert.equal(lambdaEdgeRules(t).guard, false);
  // origin-response replaces a playlist's body (issue 27), within the origin events' 1 MB.
  assert.deepEqual(lambdaEdgeRules("origin-response"), { minting: false, guard: false, maxResponseBytes: 1048576, maxBodyBytes: 0, maxUriAndQueryChars: 8191, playlists: true });
  for (const bad of ["VIEWER-REQUEST", "secret-value-xyz", 42, null, undefined, {}]) {
    assert.throws(() => lambdaEdgeRules(bad), (e) => e.code === "invalid_option" && !String(e.message).includes("secret-value-xyz"));
  }
});
