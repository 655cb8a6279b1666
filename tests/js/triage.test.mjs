// Issue 21, items 2-4, through the packed tarball: Set-Cookie lines judged as a browser sends them
// (cookie_not_sent), damaged pastes repaired on request and reported always, decodeSignedUrl's
// time status and key type, verifyWithoutKey, and the domain-match rule the edge handler uses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import * as cf from "cfsign/full"; // the on-call tools are in the full build only
const key = (name) => readFileSync(new URL(`../keys/${name}`, import.meta.url), "utf8");
const D = "https://d111111abcdef8.cloudfront.net";
const URL_ = `${D}/videos/intro.mp4`;
const NOW = new Date(1767225600 * 1000);
const ID = "K2JCJMDEHXQW5F";

const signer = cf.Signer.createSync({ keyPairId: ID, privateKey: key("rsa2048_pkcs1.pem") });
const group = new cf.KeyGroup();
group.add(ID, key("rsa2048_pub.pem"));
const policy = { resource: `${D}/videos/*`, dateLessThan: new Date(NOW.getTime() + 3600e3) };
// Session cookies: the lines are judged at NOW, a fixed date long past, where the default lifetime
// (Max-Age counted from the clock that signs) would already be over.
const setCookie = (options) => signer.signCookiesSync(policy, { session: true, ...options }).setCookie.map((l) => `Set-Cookie: ${l}`).join("\n");

test("Set-Cookie lines: what a browser would not send comes first, as cookie_not_sent", () => {
  assert.equal(group.verify(URL_, { now: NOW, cookies: setCookie() }).allowed, true);
  for (const [options, url, why] of [
    [{ domain: "example.com" }, URL_, "domain"],
    [{ path: "/images/" }, URL_, "path"],
    [{ domain: "cloudfront.net" }, URL_, "public_suffix"],
    [{}, URL_.replace("https:", "http:"), "secure"],
  ]) {
    const v = group.verify(url, { now: NOW, cookies: setCookie(options) });
    assert.equal(v.allowed, false, why);
    const [first] = v.reasons;
    assert.equal(first.code, "cookie_not_sent");
    assert.equal(first.why, why);
    assert.match(first.name, /^CloudFront-/);
    assert.equal(typeof first.line, "number");
    assert.ok(first.fix.length > 20 && first.message.includes("is not sent"));
  }
  // A bare Cookie header is taken as sent.
  const header = signer.signCookiesSync(policy).cookie;
  assert.equal(group.verify(URL_, { now: NOW, cookies: header }).allowed, true);
  // Hostile lines: a note, never a throw.
  const junk = "Set-Cookie: junk\n".repeat(100) + "Set-Cookie: CloudFront-Policy=x; Expires=never\n";
  const v = group.verify(URL_, { now: NOW, cookies: junk + setCookie() });
  assert.ok(v.notes.some((n) => n.code === "set_cookie_ignored" && n.ignored.length === 8), JSON.stringify(v.notes));
});

test("damaged pastes: reported always, repaired only with repair: true, and said so", async () => {
  const signed = signer.getSignedUrlSync({ url: URL_, dateLessThan: policy.dateLessThan });
  const html = signed.replaceAll("&", "&amp;");
  const asGiven = group.verify(html, { now: NOW });
  assert.equal(asGiven.allowed, false);
  assert.deepEqual(asGiven.damage.map((d) => d.code), ["html_escaped"]);
  assert.equal(asGiven.repairedUrl, null);
  for (const v of [group.verify(html, { now: NOW, repair: true }), await group.verifyAsync(html, { now: NOW, repair: true })]) {
    assert.equal(v.allowed, true);
    assert.equal(v.repairedUrl, signed);
    assert.equal(v.signatureChecked, true);
  }
  const d = cf.decodeSignedUrl(encodeURIComponent(signed), { now: NOW });
  assert.deepEqual(d.damage.map((x) => x.code), ["percent_encoded"]);
  assert.equal(d.repairedUrl, signed);
  assert.equal(d.keyPairId, ID);
  const cut = cf.decodeSignedUrl(signed.split("&")[0]);
  assert.equal(cut.damage[0].code, "truncated");
  assert.match(cut.damage[0].message, /Quote the URL in your shell/);
  // repair: false decodes the URL as given (as CloudFront reads it), the damage still reported.
  const given = cf.decodeSignedUrl(html, { now: NOW, repair: false });
  assert.deepEqual(given.damage.map((x) => x.code), ["html_escaped"]);
  assert.equal(given.repairedUrl, null);
  assert.equal(given.keyPairId, null);
  assert.ok(given.urlWithoutSigningParams.includes("amp;Key-Pair-Id="), given.urlWithoutSigningParams);
  assert.equal(cf.decodeSignedUrl(html, { now: NOW, repair: true }).keyPairId, ID);
  // A URL percent-encoded on purpose is left alone.
  assert.deepEqual(cf.decodeSignedUrl(`${D}/a%2Fb.mp4?next=https%3A%2F%2Fx`).damage, []);
});

test("decodeSignedUrl tells the time status and the key type; verifyWithoutKey all but the signature", () => {
  const expired = signer.getSignedUrlSync({ url: URL_, dateLessThan: new Date(NOW.getTime() - 5 * 86400e3) });
  const d = cf.decodeSignedUrl(expired, { now: NOW });
  assert.deepEqual(d.timeStatus, { state: "expired", message: "expired 5 days ago", seconds: 5 * 86400 });
  assert.equal(d.signatureKeyType, "RSA");
  assert.match(d.signatureForm, /RSA-2048/);
  const later = signer.getSignedUrlSync({ url: URL_, dateLessThan: policy.dateLessThan, dateGreaterThan: new Date(NOW.getTime() + 599e3) });
  assert.equal(cf.decodeSignedUrl(later, { now: NOW }).timeStatus.message, "not valid for another 10 min");
  assert.throws(() => cf.decodeSignedUrl(later, { now: "never" }), (e) => e.code === "invalid_date");
  const good = signer.getSignedUrlSync({ url: URL_, dateLessThan: policy.dateLessThan });
  const forged = good.replace("Signature=", "Signature=AAAA");
  const v = cf.verifyWithoutKey(forged, { now: NOW });
  assert.equal(v.allowed, true);
  assert.equal(v.signatureChecked, false);
  assert.equal(v.notes[0].code, "signature_not_checked");
  assert.deepEqual(cf.verifyWithoutKey(good, { now: new Date(NOW.getTime() + 7200e3) }).reasons.map((r) => r.code), ["expired"]);
});

test("cookieDomainMatches is RFC 6265's domain-match, public suffixes refused, from the wasm", () => {
  for (const [domain, target, expected] of [
    ["example.com", "https://media.example.com/videos/*", true],
    [".example.com", "media.example.com", true],
    ["example.com", `${D}/videos/*`, false],
    ["media.example.com", "https://example.com/", false],
    ["example.com", "https://badexample.com/", false],
    ["EXAMPLE.com", "https://*.example.com/*", true],
    ["cloudfront.net", `${D}/videos/*`, false],
    [".d111111abcdef8.cloudfront.net", `${D}/videos/*`, true],
  ]) {
    assert.equal(cf.cookieDomainMatches(domain, target), expected, `${domain} ${target}`);
  }
  assert.throws(() => cf.cookieDomainMatches(1, "x"), (e) => e.code === "invalid_option");
});

test("looksLikeCookies is the core's reading of a paste (cookies, not a URL), from the wasm", () => {
  for (const [text, expected] of [
    ["Cookie: CloudFront-Policy=x", true],
    ["  set-cookie: a=b; Path=/", true],
    ["SET-COOKIE: CloudFront-Signature=x\nSet-Cookie: CloudFront-Key-Pair-Id=K", true],
    ["CloudFront-Expires=1; CloudFront-Signature=x", true],
    [`${D}/v.mp4?Expires=1&Signature=x&Key-Pair-Id=K`, false],
    [`${D}/CloudFront-Policy`, false],
    ["hello", false],
    ["", false],
  ]) {
    assert.equal(cf.looksLikeCookies(text), expected, JSON.stringify(text));
  }
  assert.throws(() => cf.looksLikeCookies(1), (e) => e.code === "invalid_option");
});
