// The cookie lifecycle on the packed tarball and the command, checked by a real RFC 6265 cookie
// jar (tough-cookie): the cookies live until the policy's DateLessThan; `clearCookies` (JS) and
// `cfsign clear-cookies` (CLI), given the options the cookies were set with, leave the jar with
// no CloudFront-* cookie; given another Domain or Path, they delete nothing (which is why they
// must match, and what shows this test can fail).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Cookie, CookieJar } from "tough-cookie";

import * as cf from "cfsign"; // the packed tarball, installed by make test-js
import { cfsignCli, setCookieValues } from "./cli.mjs";

const keyFile = (name) => new URL(`../keys/${name}`, import.meta.url).pathname;
const PEM = readFileSync(keyFile("rsa2048_pkcs1.pem"), "utf8");
const ID = "K2JCJMDEHXQW5F";
const SITE = "https://media.example.com";
const PAGE = `${SITE}/videos/intro.mp4`;
const RESOURCE = `${SITE}/videos/*`;

/** The live CloudFront cookies the jar holds, at any Domain and Path (a deletion leaves an expired entry: TTL 0). */
const cloudFront = (jar) => jar.serializeSync().cookies.filter((c) => c.key.startsWith("CloudFront-") && Cookie.fromJSON(c).TTL() > 0);
const names = (jar) => cloudFront(jar).map((c) => c.key).sort();

function jarWith(lines, url = PAGE) {
  const jar = new CookieJar();
  for (const line of lines) jar.setCookieSync(line, url);
  return jar;
}

/** The option sets a site may sign with, and the CLI flags that say the same. */
const CASES = [
  { options: { domain: "example.com", path: "/videos/" }, flags: ["--domain", "example.com", "--path", "/videos/"] },
  { options: { path: "/", sameSite: "Strict" }, flags: ["--same-site", "strict"] },
  { options: { domain: "media.example.com", path: "/videos", sameSite: "None", httpOnly: false }, flags: ["--domain", "media.example.com", "--path", "/videos", "--same-site", "none", "--no-http-only"] },
  { options: { path: "/", sameSite: null }, flags: ["--same-site", "omit"] },
];

test("signCookies: the cookies live until the policy's DateLessThan; maxAge and session say otherwise", async () => {
  const signer = cf.Signer.createSync({ keyPairId: ID, privateKey: PEM });
  const now = Math.floor(Date.now() / 1000);
  const dateLessThan = now + 3600;
  const { setCookie } = signer.signCookiesSync({ resource: RESOURCE, dateLessThan: dateLessThan * 1000 });
  const jar = jarWith(setCookie);
  assert.deepEqual(names(jar), ["CloudFront-Key-Pair-Id", "CloudFront-Policy", "CloudFront-Signature"]);
  for (const c of cloudFront(jar)) {
    assert.equal(new Date(c.expires).getTime() / 1000, dateLessThan, c.key);
    assert.ok(Math.abs(c.maxAge - 3600) <= 5, `${c.key} Max-Age ${c.maxAge}`);
  }
  // The jar's own clock sees them expire with the policy.
  assert.equal(jar.getCookiesSync(PAGE, { expire: false, now: new Date((dateLessThan - 1) * 1000) }).length, 3);
  const fixed = signer.signCookiesSync({ resource: RESOURCE, dateLessThan: dateLessThan * 1000 }, { maxAge: 60 }).setCookie;
  assert.ok(fixed.every((l) => l.includes("; Max-Age=60;") && !l.includes("Expires=")), fixed[0]);
  const session = signer.signCookiesSync({ resource: RESOURCE, dateLessThan: dateLessThan * 1000 }, { session: true }).setCookie;
  assert.ok(session.every((l) => !l.includes("Max-Age") && !l.includes("Expires=")), session[0]);
  assert.ok(cloudFront(jarWith(session)).every((c) => Cookie.fromJSON(c).TTL() === Infinity));
});

test("clearCookies with the options the cookies were set with: the jar holds no CloudFront cookie", async () => {
  const signer = cf.Signer.createSync({ keyPairId: ID, privateKey: PEM, algorithm: "SHA256" });
  for (const { options } of CASES) {
    const { setCookie } = signer.signCookiesSync({ resource: RESOURCE, dateLessThan: Date.now() + 3600_000 }, options);
    const jar = jarWith(setCookie);
    assert.equal(cloudFront(jar).length, 4, JSON.stringify(options));
    for (const line of cf.clearCookies(options)) jar.setCookieSync(line, PAGE);
    assert.deepEqual(names(jar), [], JSON.stringify(options));
  }
});

test("clearCookies at another Domain or Path deletes nothing", async () => {
  const signer = cf.Signer.createSync({ keyPairId: ID, privateKey: PEM });
  const set = { domain: "example.com", path: "/videos/" };
  const { setCookie } = signer.signCookiesSync({ resource: RESOURCE, dateLessThan: Date.now() + 3600_000 }, set);
  for (const wrong of [{ domain: "example.com", path: "/" }, { path: "/videos/" }, { domain: "media.example.com", path: "/videos/" }, {}]) {
    const jar = jarWith(setCookie);
    for (const line of cf.clearCookies(wrong)) jar.setCookieSync(line, PAGE);
    assert.equal(cloudFront(jar).length, 3, `cleared with ${JSON.stringify(wrong)}`);
  }
});

test("cfsign clear-cookies, with the flags sign-cookies was given: the jar holds no CloudFront cookie", () => {
  const key = keyFile("rsa2048_pkcs1.pem");
  for (const { flags } of CASES) {
    const set = setCookieValues(cfsignCli(["sign-cookies", "--resource", RESOURCE, "--key-pair-id", ID, "--private-key", key, "--date-less-than", "+1h", ...flags]));
    const jar = jarWith(set);
    assert.equal(cloudFront(jar).length, 3, flags.join(" "));
    // The same lines as the package's clearCookies for the same options: one core rule.
    const cleared = setCookieValues(cfsignCli(["clear-cookies", ...flags]));
    assert.deepEqual(cleared, cf.clearCookies(CASES.find((c) => c.flags === flags).options));
    for (const line of cleared) jar.setCookieSync(line, PAGE);
    assert.deepEqual(names(jar), [], flags.join(" "));
    // The defaults instead of the flags: nothing deleted (except where the flags were defaults' Path and Domain).
    const other = jarWith(set);
    for (const line of setCookieValues(cfsignCli(["clear-cookies", "--path", "/nowhere/"]))) other.setCookieSync(line, PAGE);
    assert.equal(cloudFront(other).length, 3, flags.join(" "));
  }
});

test("clearCookies refuses what a header cannot carry, without quoting it", () => {
  assert.throws(() => cf.clearCookies({ path: "/a;Domain=evil.example" }), (e) => e.code === "invalid_option" && !e.message.includes("evil"));
});
