// The page's check tab in headless Chromium (see page-harness.mjs), given what is not a good signed
// URL: damaged pastes (repaired, and said so), garbage, unsigned URLs; and public keys that are
// bad PEM or private keys, refused and never stored.

import { test } from "node:test";
import assert from "node:assert/strict";
import { KEYS, HOST, now, key, signUrl } from "./node-signing.mjs";
import { useBrowser, open, settle, paste, verdict, msg, shot } from "./page-harness.mjs";

useBrowser();

test("damaged pastes are repaired and the verdict says so; a URL cut at & gets the hint", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const { page } = s;
  const url = signUrl({ url: `${HOST}/videos/intro.mp4`, expires: now() + 3600 });
  for (const [pasted, code] of [[url.replaceAll("&", "&amp;"), "html_escaped"], [encodeURIComponent(url), "percent_encoded"],
    [`"${url.slice(0, 80)}\n${url.slice(80)}"`, "wrapped"]]) {
    await paste(page, pasted);
    const v = await verdict(page);
    assert.equal(v.state, "allowed", `${code}: ${JSON.stringify(v)}`);
    assert.equal(await page.isVisible("#repaired"), true);
    assert.match(await page.textContent("#repaired"), new RegExp(`Repaired paste: .*${code}`));
    assert.notEqual(await msg(page, "input"), "");
  }
  await shot(page, "repaired-paste");
  await paste(page, url);
  assert.equal(await page.isVisible("#repaired"), false);
  assert.match(await page.textContent("#facts"), /RSA key/);
  assert.match(await page.textContent("#facts"), /valid for another/);
  await paste(page, url.split("&")[0]);
  assert.match(await msg(page, "input"), /Quote the URL in your shell/);
  assert.deepEqual((await verdict(page)).codes, ["missing_signature"]);
  await s.done();
});

test("garbage input, unsigned and damaged URLs: messages next to the field, never an error", async () => {
  const s = await open({ keys: [KEYS.rsa] });
  const { page } = s;
  for (const junk of ["garbage", "%%%\u0000\u{1F600}<script>alert(1)</script>", "https://", "Cookie:", "Set-Cookie: =;;;", "?Signature=&Expires=&Key-Pair-Id=", "x".repeat(20000)]) {
    await paste(page, junk);
    const v = await verdict(page);
    assert.ok(["unreadable", "denied", "pending"].includes(v.state), `${junk.slice(0, 30)}: ${v.state}`);
    assert.notEqual(await msg(page, "input"), "", `a message for ${JSON.stringify(junk.slice(0, 30))}`);
  }
  await paste(page, "garbage");
  assert.match(await msg(page, "input"), /neither a URL nor cookies/);
  assert.equal((await verdict(page)).status, "Can't read this input");
  assert.equal(await page.getAttribute("#input", "aria-invalid"), "true");
  assert.equal(await page.locator("script:not([src])").count(), 0, "no injected markup");
  await shot(page, "garbage");

  await paste(page, `${HOST}/videos/intro.mp4`);
  assert.match(await msg(page, "input"), /This URL is not signed: it has no Expires or Policy, no Signature, no Key-Pair-Id/);
  let v = await verdict(page);
  assert.deepEqual(v.codes, ["missing_signature"]);
  assert.match(v.reasons[0], /Missing: Expires or Policy, Signature, Key-Pair-Id/);
  await shot(page, "unsigned-url");

  await paste(page, `${HOST}/a.mp4?Expires=abc&Signature=x&Key-Pair-Id=K2RSATESTKEY01`);
  assert.match(await msg(page, "input"), /Expires "abc" is not a whole number/);
  v = await verdict(page);
  assert.ok(v.codes.includes("malformed"), v.codes.join());

  await paste(page, "");
  assert.equal((await verdict(page)).state, "idle");
  assert.equal(await msg(page, "input"), "");
  await s.done();
});

test("public keys: bad PEM and private keys are refused next to the field and never stored", async () => {
  const s = await open();
  const { page } = s;
  const rowKey = await page.evaluate(() => document.querySelector("#keys li").dataset.key);
  await page.fill(`#key-id-${rowKey}`, "KBAD");
  await page.fill(`#key-pem-${rowKey}`, "hello");
  await settle(page);
  assert.match(await msg(page, `key-pem-${rowKey}`), /Not a PEM public key/);
  await page.fill(`#key-pem-${rowKey}`, KEYS.rsa.priv);
  await settle(page);
  assert.match(await msg(page, `key-pem-${rowKey}`), /This is a private key: it was not used and not saved/);
  // `openssl rsa|ec -text -pubout` output: a public key block after the private key's fields.
  for (const text of ["bad_rsa_text_pubout.txt", "bad_ec_text_pubout.txt"]) {
    await page.fill(`#key-pem-${rowKey}`, key(text));
    await settle(page);
    assert.match(await msg(page, `key-pem-${rowKey}`), /This is a private key: it was not used and not saved/, text);
  }
  await page.fill(`#key-pem-${rowKey}`, key("bad_rsa1024.pem"));
  await settle(page);
  assert.notEqual(await msg(page, `key-pem-${rowKey}`), "");
  const stored = await page.evaluate(() => localStorage.getItem("cfsign.publicKeys.v1"));
  assert.equal(stored, "[]");
  // A public key pasted with text around it is stored as the bare key, re-encoded.
  await page.fill(`#key-pem-${rowKey}`, `my key, made on Monday:\n${KEYS.ec.pub}\nComment: x`);
  await settle(page);
  const saved = JSON.parse(await page.evaluate(() => localStorage.getItem("cfsign.publicKeys.v1")));
  assert.equal(saved.length, 1);
  assert.equal(saved[0].pem.trim(), KEYS.ec.pub.trim());
  await page.fill(`#key-id-${rowKey}`, "");
  await page.fill(`#key-pem-${rowKey}`, KEYS.ec.pub);
  await settle(page);
  assert.match(await msg(page, `key-id-${rowKey}`), /Enter the key ID/);
  await s.done();
});
