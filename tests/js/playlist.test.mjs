// signPlaylist (cfsign/full): an HLS playlist and a DASH manifest signed with one custom policy
// that @aws-sdk/cloudfront-signer signed, every rewritten entry then verified by cfsign's verifier
// (a KeyGroup with the public key) as CloudFront would; the entries left alone are refused by it.
// Stable error codes with the core's `reason`; the lite build leaves signPlaylist out. Run on the
// packed tarball.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as sdk from "@aws-sdk/cloudfront-signer";

import * as full from "cfsign/full";
import * as lite from "cfsign";

const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");
const fixture = (name) => readFileSync(new URL(`../fixtures/playlists/${name}`, import.meta.url));
const ID = "K2JCJMDEHXQW5F";
const D = "https://d111111abcdef8.cloudfront.net";
const EXPIRES = 1893456000;
const NOW = { now: new Date(1767225600000) };
const policy = JSON.stringify({
  Statement: [{ Resource: `${D}/videos/1/*`, Condition: { DateLessThan: { "AWS:EpochTime": EXPIRES } } }],
});
// The SDK's own signed URL for the playlist: its query is the one signature for every entry.
const signedUrl = sdk.getSignedUrl({ url: `${D}/videos/1/master.m3u8`, keyPairId: ID, privateKey: key("rsa2048_pkcs1.pem"), policy });
const group = new full.KeyGroup();
group.add(ID, key("rsa2048_pub.pem"));

/** The URLs of a rewritten HLS playlist (URI lines and URI="…" attributes), resolved. */
function hlsUrls(text, base) {
  const urls = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("#")) {
      const m = /URI="([^"]*)"/.exec(line);
      if (m) urls.push(new URL(m[1], base).href);
    } else if (line.trim()) urls.push(new URL(line.trim(), base).href);
  }
  return urls;
}

test("HLS: every covered entry verifies with the one signature; the others are listed and refused", () => {
  const base = `${D}/videos/1/media.m3u8`;
  const r = full.signPlaylist(fixture("edge-cases.m3u8"), { baseUrl: base, signedQuery: signedUrl, listSigned: true });
  assert.equal(r.format, "hls");
  assert.equal(r.resource, `${D}/videos/1/*`);
  assert.equal(r.dateLessThan, EXPIRES);
  const signed = r.entries.filter((e) => e.status === "signed");
  assert.equal(signed.length, r.rewritten);
  assert.ok(r.rewritten >= 5);
  const q = new URL(signedUrl).search.slice(1);
  const carrying = hlsUrls(r.text, base).filter((u) => u.includes(q));
  assert.equal(carrying.length, r.rewritten);
  for (const url of carrying) assert.equal(group.verify(url, NOW).allowed, true, url);
  const left = r.entries.filter((e) => e.status !== "signed");
  assert.deepEqual([...new Set(left.map((e) => e.status))].sort(), ["already_signed", "not_http", "outside_resource"]);
  for (const e of left.filter((e) => e.status === "outside_resource")) {
    assert.ok(e.reason.includes("403"));
    // What CloudFront says of it with the same signature appended: refused.
    assert.equal(group.verify(`${e.url}${e.url.includes("?") ? "&" : "?"}${q}`, NOW).allowed, false, e.url);
  }
  // Bytes in, bytes out: the same from a string.
  const again = full.signPlaylist(fixture("edge-cases.m3u8").toString("utf8"), { baseUrl: base, signedQuery: signedUrl, listSigned: true });
  assert.deepEqual(again, r);
});

test("DASH: attributes get &amp; between parameters; the MPD still parses", () => {
  const base = `${D}/videos/1/manifest.mpd`;
  const r = full.signPlaylist(fixture("edge-cases.mpd"), { baseUrl: base, signedQuery: new URL(signedUrl).search });
  assert.equal(r.format, "dash");
  assert.ok(r.rewritten > 0);
  assert.ok(r.text.includes("&amp;Signature="));
  assert.ok(!/&(?!amp;|#)/.test(r.text.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, "")), "every & in the XML is a reference");
  // Only entries left alone are listed without listSigned.
  assert.ok(r.entries.every((e) => e.status !== "signed"));
});

test("errors: stable codes with the core's reason, never a trap", () => {
  const o = { baseUrl: `${D}/videos/1/a.m3u8`, signedQuery: signedUrl };
  const code = (f) => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof Error && !(e instanceof WebAssembly.RuntimeError));
      return [e.code, e.reason];
    }
    assert.fail("no error");
  };
  assert.deepEqual(code(() => full.signPlaylist(new Uint8Array([0x23, 0xff, 0xfe]), o)), ["invalid_playlist", "not_text"]);
  assert.deepEqual(code(() => full.signPlaylist("hello", o)), ["invalid_playlist", "unknown_format"]);
  assert.deepEqual(code(() => full.signPlaylist("<MPD><Period></MPD>", o)), ["invalid_playlist", "bad_xml"]);
  assert.deepEqual(code(() => full.signPlaylist("#EXTM3U\n" + "a.ts\n".repeat(100), { ...o, maxBytes: 64 })), ["invalid_playlist", "too_large"]);
  assert.deepEqual(code(() => full.signPlaylist("#EXTM3U\n", { ...o, baseUrl: "a.m3u8" })), ["invalid_url", "bad_base_url"]);
  assert.deepEqual(code(() => full.signPlaylist("#EXTM3U\n", { ...o, signedQuery: "Expires=1&Signature=AAAA&Key-Pair-Id=K" })), ["invalid_option", "canned_policy"]);
  assert.deepEqual(code(() => full.signPlaylist("#EXTM3U\n", { ...o, signedQuery: "Signature=AAAA" })), ["invalid_option", "bad_signed_query"]);
  assert.deepEqual(code(() => full.signPlaylist(42, o)), ["invalid_option", undefined]);
  assert.deepEqual(code(() => full.signPlaylist("#EXTM3U\n", { baseUrl: o.baseUrl })), ["invalid_option", undefined]);
  // A string longer than the cap is refused before it is copied.
  assert.deepEqual(code(() => full.signPlaylist("#".repeat(1 << 20), { ...o, maxBytes: 1024 })), ["invalid_playlist", "too_large"]);
  // No signature, policy or key in a message.
  try {
    full.signPlaylist("#EXTM3U\n", { ...o, signedQuery: "Expires=1&Signature=SECRETSIG&Key-Pair-Id=K" });
  } catch (e) {
    assert.ok(!e.message.includes("SECRETSIG"));
  }
});

test("the lite build leaves signPlaylist out (its size: see wasm-pack.toml)", () => {
  assert.equal(lite.signPlaylist, undefined);
  assert.equal(typeof full.signPlaylist, "function");
});
