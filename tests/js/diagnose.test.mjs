// The diagnosis of a bad signature in JS (issue 21, item 1): URLs signed by
// @aws-sdk/cloudfront-signer and by cfsign, broken one way each; the verdict's `likelyCause`
// names the change, the same through node:crypto (verify, verifyAsync) and WebCrypto (the
// edge-light entry, which has no synchronous crypto, in a child process).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import * as sdk from "@aws-sdk/cloudfront-signer";
import * as cf from "cfsign/full"; // the on-call tools are in the full build only

const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");
const D = "https://d111111abcdef8.cloudfront.net";
const EXP = new Date(1767290400 * 1000);
const NOW = new Date(1767225600000);
const base = { keyPairId: "K2JCJMDEHXQW5F", privateKey: key("rsa2048_pkcs1.pem"), dateLessThan: EXP };

function group() {
  const g = new cf.KeyGroup();
  g.add("K2JCJMDEHXQW5F", key("rsa2048_pub.pem"));
  g.add("K3ROTATEDKEY2", key("rsa2048_b_pub.pem"));
  g.add("K4ECDSAKEY", key("ec_p256_pub.pem"));
  return g;
}

/** [name, broken URL, options, the likely cause's code (null: none)] */
function cases() {
  const url = sdk.getSignedUrl({ ...base, url: `${D}/videos/intro.mp4?b=2&a=1` });
  const other = sdk.getSignedUrl({ ...base, keyPairId: "K3ROTATEDKEY2", privateKey: key("rsa2048_b_pkcs1.pem"), url: `${D}/v.mp4` });
  const sha256 = sdk.getSignedUrl({ ...base, url: `${D}/v.mp4`, algorithm: "SHA256" });
  const alt = sdk.getSignedUrl({ ...base, url: "https://cdn.example.com/v.mp4" });
  return [
    ["K3's signature under K2's ID", other.replace("K3ROTATEDKEY2", "K2JCJMDEHXQW5F"), {}, "signed_by_other_key"],
    ["Hash-Algorithm stripped", sha256.replace("&Hash-Algorithm=SHA256", ""), {}, "hash_algorithm_removed"],
    ["http", url.replace("https://", "http://"), {}, "scheme_changed"],
    ["host", alt.replace("cdn.example.com", "d111111abcdef8.cloudfront.net"), { expectHost: "cdn.example.com" }, "host_changed"],
    ["utm appended", `${url}&utm_source=x`, {}, "query_added"],
    ["query sorted", url.replace("b=2&a=1", "a=1&b=2"), {}, "query_reordered"],
    ["path changed", url.replace("intro", "outro"), {}, null],
  ];
}

test("verify and verifyAsync name the likely cause of a bad signature", async () => {
  const g = group();
  for (const [name, url, options, want] of cases()) {
    const sync = g.verify(url, { now: NOW, ...options, diagnose: true });
    const reason = sync.reasons.find((r) => r.code === "bad_signature");
    assert.ok(reason, `${name}: ${JSON.stringify(sync.reasons)}`);
    assert.equal(reason.likelyCause?.code ?? null, want, `${name}: ${JSON.stringify(reason)}`);
    assert.ok(Array.isArray(reason.diagnosis.ruledOut) && reason.diagnosis.checks <= 64, name);
    if (want) assert.equal(typeof reason.likelyCause.evidence, "string");
    assert.deepEqual(await g.verifyAsync(url, { now: NOW, ...options, diagnose: true }), sync, name);
    // Not asked (the default), or refused: not diagnosed, in verify and verifyAsync.
    for (const diagnose of [undefined, false]) {
      for (const v of [g.verify(url, { now: NOW, ...options, diagnose }), await g.verifyAsync(url, { now: NOW, ...options, diagnose })]) {
        const plain = v.reasons.find((r) => r.code === "bad_signature");
        assert.equal(plain.likelyCause, undefined, `${name}, diagnose: ${diagnose}`);
        assert.equal(plain.diagnosis, undefined, `${name}, diagnose: ${diagnose}`);
      }
    }
  }
  // A valid signature: nothing to diagnose.
  const ok = g.verify(sdk.getSignedUrl({ ...base, url: `${D}/v.mp4` }), { now: NOW });
  assert.equal(ok.allowed, true);
  assert.throws(() => g.verify(`${D}/v.mp4`, { expectHost: "https://evil.example/x" }), (e) => e.code === "invalid_option" && !e.message.includes("evil"));
});

test("the edge-light entry of cfsign/full (no node:crypto: Rust verifies) gives the same diagnoses", () => {
  const script = `
    import * as cf from "cfsign/full";
    const [pubs, list] = JSON.parse(process.argv[1]);
    const g = new cf.KeyGroup();
    for (const [id, pem] of pubs) g.add(id, pem);
    let sync = "throws";
    try { g.verify(list[0][1], { now: new Date(${NOW.getTime()}) }); sync = "works"; } catch (e) { sync = e.code; }
    const out = [];
    for (const [name, url, options] of list) {
      const v = await g.verifyAsync(url, { now: new Date(${NOW.getTime()}), ...options, diagnose: true });
      out.push(v.reasons.find((r) => r.code === "bad_signature")?.likelyCause?.code ?? null);
    }
    console.log(JSON.stringify({ sync, out }));
  `;
  const pubs = [["K2JCJMDEHXQW5F", key("rsa2048_pub.pem")], ["K3ROTATEDKEY2", key("rsa2048_b_pub.pem")], ["K4ECDSAKEY", key("ec_p256_pub.pem")]];
  const list = cases();
  const r = spawnSync(process.execPath, ["--conditions=edge-light", "--input-type=module", "-e", script, JSON.stringify([pubs, list])], { encoding: "utf8", cwd: new URL(".", import.meta.url) });
  assert.equal(r.status, 0, r.stderr);
  const { sync, out } = JSON.parse(r.stdout);
  assert.equal(sync, "works", "the full build verifies with Rust where the host has no synchronous crypto");
  assert.deepEqual(out, list.map((c) => c[3]));
});

test("the lite build (cfsign) leaves the diagnosis, the repair and Set-Cookie lines to cfsign/full: unsupported, never another verdict", async () => {
  const lite = await import("cfsign");
  const g = new lite.KeyGroup();
  g.add("K2JCJMDEHXQW5F", key("rsa2048_pub.pem"));
  const url = sdk.getSignedUrl({ ...base, url: `${D}/v.mp4` });
  for (const options of [{ diagnose: true }, { repair: true }, { cookies: "Set-Cookie: CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F; Path=/" }]) {
    for (const verify of [(o) => g.verify(url, o), (o) => g.verifyAsync(url, o)]) {
      await assert.rejects(async () => verify({ now: NOW, ...options }), (e) => e.code === "unsupported" && e.message.includes("cfsign/full"), JSON.stringify(options));
    }
  }
  // A Cookie header, diagnose: false and repair: false are the guard's, and decide as the full build.
  const header = "CloudFront-Key-Pair-Id=K2JCJMDEHXQW5F; CloudFront-Expires=1767290400; CloudFront-Signature=AAAA";
  const full = new cf.KeyGroup();
  full.add("K2JCJMDEHXQW5F", key("rsa2048_pub.pem"));
  for (const [u, o] of [[url, { now: NOW, diagnose: false, repair: false }], [`${D}/v.mp4`, { now: NOW, cookies: header }], [`${url}x`, { now: NOW }]]) {
    assert.deepEqual(g.verify(u, o), full.verify(u, o), u);
  }
  for (const name of ["decodeSignedUrl", "verifyWithoutKey", "looksLikeCookies", "parsePolicy", "publicKeyPem", "keyType"]) {
    assert.equal(lite[name], undefined, `${name} is in cfsign/full only`);
    assert.equal(typeof cf[name], "function", name);
  }
});
