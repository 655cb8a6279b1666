// Issue 29, item 1: anonymous callers learn no more than CloudFront tells them. The guard's 403
// gives the reason codes and CloudFront's error names, never a key ID (trusted, staged or sent) or
// a tier name; /healthz gives "ok" or "misconfigured" and the setting's name. The detail is for
// requests carrying DIAGNOSTICS_TOKEN in `x-cfsign-diagnostics`, or for everyone with
// DIAGNOSTICS=public; the token is never forwarded to the origin nor logged.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { baseEnv, cfsign, cookieHeaders, EC, hsToken, origin, RSA_A, RSA_B, worker } from "./helpers.mjs";

const TOKEN = "diag-0123456789abcdef0123456789abcdef";
const HEADER = "x-cfsign-diagnostics";
const TIER_NAMES = ["tierGoldQ7", "tierTinQ7"];
const KEY_IDS = [RSA_A.id, RSA_B.id, EC.id];

const workers = [];
let o;
before(async () => {
  o = await origin();
});
after(async () => {
  for (const w of workers) await w.stop();
  await o?.close();
});

async function start(extra = {}) {
  const w = await worker((base) => {
    const env = baseEnv(base, {
      TIERS: JSON.stringify({ [TIER_NAMES[0]]: [`${base}/videos/*`], [TIER_NAMES[1]]: [`${base}/videos/tin/*`] }),
      GUARD_PREFIX: "/videos/",
      ORIGIN_URL: o.url,
      // A staged next key (RSA_B) beside the current one: both are secrets of the operator.
      TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub, [RSA_B.id]: RSA_B.pub }),
      DIAGNOSTICS_TOKEN: TOKEN,
      ...extra,
    });
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    return env;
  });
  workers.push(w);
  return w;
}

/** Fails when `text` names a key ID or a tier. */
function assertNothingSecret(text, what) {
  for (const id of KEY_IDS) assert.ok(!text.includes(id), `${what}: names the key ID ${id}: ${text}`);
  for (const t of TIER_NAMES) assert.ok(!text.includes(t), `${what}: names the tier ${t}: ${text}`);
  assert.ok(!text.includes(TOKEN), `${what}: echoes the diagnostics token`);
}

const soon = () => Date.now() + 600_000;
const signWith = (k, url, opts = {}) => cfsign.getSignedUrl({ url, keyPairId: k.id, privateKey: k.priv, dateLessThan: soon(), ...opts });

async function denials(w) {
  const tin = await w.fetch("/auth/cookies", { method: "POST", headers: { authorization: `Bearer ${await hsToken({ tier: TIER_NAMES[1] })}` } });
  const tinCookies = cookieHeaders(tin.headers.getSetCookie()).get("/");
  return [
    ["missing_signature", "/videos/a.mp4", {}],
    ["unknown_key", signWith(EC, `${w.base}/videos/a.mp4`), {}],
    ["bad_signature", signWith(RSA_A, `${w.base}/videos/a.mp4`).replace("/a.mp4", "/b.mp4"), {}],
    ["expired", signWith(RSA_A, `${w.base}/videos/a.mp4`, { dateLessThan: Date.now() - 60_000 }), {}],
    ["resource_mismatch", "/videos/gold.mp4", { cookie: tinCookies }],
    ["ip_denied", signWith(RSA_A, `${w.base}/videos/a.mp4`, { ipAddress: "198.51.100.0/24" }), {}],
  ];
}

test("the guard's 403: reason codes and CloudFront's error names only, unless the diagnostics token is sent", async () => {
  const w = await start();
  for (const [code, url, headers] of await denials(w)) {
    const anon = await w.fetch(url, { headers });
    const text = await anon.text();
    assert.equal(anon.status, 403, text);
    assertNothingSecret(text, `anonymous ${code}`);
    assertNothingSecret(JSON.stringify([...anon.headers]), `anonymous ${code} headers`);
    const body = JSON.parse(text);
    assert.equal(body.error, "access_denied");
    assert.ok(anon.headers.get("x-cfsign-reason").split(",").includes(code));
    // The same codes and CloudFront error names as the detailed answer, and nothing else per reason.
    const full = await w.fetch(url, { headers: { ...headers, [HEADER]: TOKEN } });
    const detail = await full.json();
    assert.equal(full.status, 403);
    assert.deepEqual(
      body.reasons,
      detail.reasons.map((r) => ({ code: r.code, cloudfront_error: r.cloudfront_error })),
      code,
    );
    assert.ok(typeof detail.reasons[0].message === "string" && typeof detail.reasons[0].fix === "string");
    // A wrong token of the same length, or a prefix of it, gives the anonymous answer.
    for (const wrong of [TOKEN.replace(/.$/, (c) => (c === "f" ? "e" : "f")), TOKEN.slice(0, -1), `${TOKEN}x`, ""]) {
      const r = await w.fetch(url, { headers: { ...headers, [HEADER]: wrong } });
      assert.equal(await r.text(), text, `${code}: a wrong token ${JSON.stringify(wrong.slice(-3))} changes the answer`);
    }
  }
  // The detailed unknown_key answer names the trusted keys (that is what it is for).
  const [, unknown] = (await denials(w))[1];
  const detail = await (await w.fetch(unknown, { headers: { [HEADER]: TOKEN } })).text();
  assert.ok(detail.includes(EC.id), detail);
});

test("/healthz: ok and nothing else for anonymous callers; the detail with the token", async () => {
  const w = await start();
  const anon = await w.fetch("/healthz");
  const text = await anon.text();
  assert.equal(anon.status, 200);
  assertNothingSecret(text, "anonymous /healthz");
  assert.equal(JSON.parse(text).status, "ok");
  const full = await (await w.fetch("/healthz", { headers: { [HEADER]: TOKEN } })).json();
  assert.equal(full.status, "ok");
  assert.deepEqual(full.trusted_keys.sort(), [RSA_A.id, RSA_B.id].sort());
  assert.deepEqual(full.tiers.sort(), [...TIER_NAMES].sort());
  assert.equal(full.key_pair_id, RSA_A.id);
  const wrong = await w.fetch("/healthz", { headers: { [HEADER]: TOKEN.toUpperCase() } });
  assert.equal(await wrong.text(), text);
});

test("/healthz when misconfigured: 'misconfigured' and the setting's name, never a key ID; the problem with the token", async () => {
  // A key ID whose PEM does not import: the problem names it, so only the detail may.
  const bad = "KBADKEYQ7";
  const w = await start({
    TRUSTED_KEYS: JSON.stringify({ [RSA_A.id]: RSA_A.pub, [bad]: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" }),
  });
  for (const path of ["/healthz", "/videos/a.mp4", "/api/signed-urls"]) {
    const r = await w.fetch(path);
    const text = await r.text();
    assert.equal(r.status, 500, text);
    assert.ok(!text.includes(bad), `${path}: names the key ID: ${text}`);
    assertNothingSecret(text, path);
    const body = JSON.parse(text);
    assert.equal(body.setting, "TRUSTED_KEYS");
    if (path === "/healthz") {
      assert.equal(body.status, "misconfigured");
      assert.deepEqual(body.settings, ["TRUSTED_KEYS"]);
    }
  }
  const full = await (await w.fetch("/healthz", { headers: { [HEADER]: TOKEN } })).text();
  assert.ok(full.includes(bad), full);
});

test("DIAGNOSTICS=public gives the detail to everyone; a short DIAGNOSTICS_TOKEN is refused", async () => {
  const w = await start({ DIAGNOSTICS_TOKEN: undefined, DIAGNOSTICS: "public" });
  const full = await (await w.fetch("/healthz")).json();
  assert.deepEqual(full.trusted_keys.sort(), [RSA_A.id, RSA_B.id].sort());
  const denied = await (await w.fetch(signWith(EC, `${w.base}/videos/a.mp4`))).text();
  assert.ok(denied.includes(EC.id));
  const w2 = await start({ DIAGNOSTICS_TOKEN: "short" });
  const r = await w2.fetch("/healthz");
  assert.equal(r.status, 500);
  const body = await r.text();
  assert.equal(JSON.parse(body).setting, "DIAGNOSTICS_TOKEN");
  assert.ok(!body.includes("short"));
  const w3 = await start({ DIAGNOSTICS: "yes" });
  assert.equal((await (await w3.fetch("/healthz")).json()).setting, "DIAGNOSTICS");
});

test("the diagnostics token is not forwarded to the origin, nor logged", async () => {
  const w = await start();
  const n = o.seen.length;
  const r = await w.fetch(signWith(RSA_A, `${w.base}/videos/a.mp4`), { headers: { [HEADER]: TOKEN } });
  assert.equal(r.status, 200);
  assert.equal(o.seen.length, n + 1);
  assert.equal(o.seen.at(-1).headers[HEADER], undefined);
  assert.ok(!JSON.stringify(o.seen.at(-1).headers).includes(TOKEN));
  await w.fetch("/nowhere", { headers: { [HEADER]: TOKEN } });
  await new Promise((res) => setTimeout(res, 100));
  assert.ok(!w.logs.join("\n").includes(TOKEN), "the token is in the log");
});

test("a bad signature's likely cause is in the detail only, and the guard tries the host the request came in on", async () => {
  const w = await start();
  const url = signWith(RSA_A, `${w.base}/videos/a.mp4`);
  const cases = [
    ["query_added", `${url}&utm_source=mail`],
    ["signed_by_other_key", signWith(RSA_B, `${w.base}/videos/a.mp4`).replace(RSA_B.id, RSA_A.id)],
  ];
  for (const [cause, broken] of cases) {
    const anon = await (await w.fetch(broken)).text();
    assert.ok(!anon.includes("likely_cause") && !anon.includes(cause), anon);
    const detail = await (await w.fetch(broken, { headers: { [HEADER]: TOKEN } })).json();
    const reason = detail.reasons.find((r) => r.code === "bad_signature");
    assert.equal(reason.likely_cause.code, cause, JSON.stringify(reason));
    assert.ok(Array.isArray(reason.diagnosis.ruled_out) && reason.diagnosis.checks <= 64, JSON.stringify(reason));
  }
  // The public host is URL_BASE's; a URL signed for the host the worker is reached on is checked
  // as one for the public host, and the diagnosis says so.
  const pub = await start({ URL_BASE: "https://cdn.example.com", TIERS: JSON.stringify({ [TIER_NAMES[0]]: ["https://cdn.example.com/videos/*"] }) });
  const local = signWith(RSA_A, `${pub.base}/videos/a.mp4`);
  const detail = await (await pub.fetch(local, { headers: { [HEADER]: TOKEN } })).json();
  const reason = detail.reasons.find((r) => r.code === "bad_signature");
  assert.equal(reason?.likely_cause?.code, "host_changed", JSON.stringify(detail));
});
