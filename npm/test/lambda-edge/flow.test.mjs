// cfsign/lambda-edge on the Developer Guide's example events: the whole cookie flow (an identity
// token, the generated response's cookies, checked by cfsign's verifier and against
// @aws-sdk/cloudfront-signer's getSignedCookies, then the guard letting the request through to
// CloudFront), signed URLs, the event types and the viewer's IP.

import { test } from "node:test";
import assert from "node:assert/strict";
import { getSignedCookies } from "@aws-sdk/cloudfront-signer";
import { KeyGroup } from "cfsign";
import { createLambdaEdgeHandler } from "cfsign/lambda-edge";
import { DOMAIN, RESOURCE, RSA, addHeader, body, cookieHeader, event, recordLogs, setCookies, settings, token } from "./helpers.mjs";

const handler = createLambdaEdgeHandler(settings());

/** CloudFront's base64 undone (- + _ = ~ /). */
const cfDecode = (v) => Buffer.from(v.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"), "base64").toString();

async function mint() {
  const jwt = await token();
  const result = await handler(event("viewer-request", (r) => {
    r.uri = "/auth/cookies";
    r.method = "POST";
    addHeader(r, "Authorization", `Bearer ${jwt}`);
  }));
  assert.equal(result.status, "200", JSON.stringify(result));
  return result;
}

test("the guide's viewer-request example: no route takes '/', so CloudFront goes on with the request unchanged", async () => {
  const e = event("viewer-request");
  const result = await handler(e);
  assert.equal(result, e.Records[0].cf.request);
  assert.deepEqual(result, event("viewer-request").Records[0].cf.request);
});

test("the guide's origin-request example: refused (cfsign runs at viewer-request only)", async () => {
  const { value } = await recordLogs(() => handler(event("origin-request")));
  assert.equal(value.status, "500");
  assert.equal(body(value).error, "wrong_event_type");
});

test("cookie flow: token -> generated response with Set-Cookie entries -> verified -> same as the AWS SDK's -> guard lets the request through", async () => {
  const result = await mint();
  assert.equal(result.statusDescription, "OK");
  assert.equal(result.bodyEncoding, "text");
  assert.deepEqual(result.headers["content-type"], [{ key: "Content-Type", value: "application/json; charset=utf-8" }]);
  // Each Set-Cookie its own entry, key in wire casing.
  const lines = setCookies(result);
  assert.ok(result.headers["set-cookie"].every((h) => h.key === "Set-Cookie"));
  const names = lines.map((l) => l.split("=")[0]);
  for (const n of ["CloudFront-Policy", "CloudFront-Signature", "CloudFront-Key-Pair-Id"]) assert.ok(names.includes(n), n);
  assert.ok(lines.every((l) => / Secure/.test(l) && / HttpOnly/.test(l)));
  assert.equal(body(result).tier, "premium");

  // cfsign's verifier allows them for a URL under the resource.
  const cookie = cookieHeader(lines);
  const kg = new KeyGroup();
  kg.add(RSA.id, RSA.pub);
  const verdict = await kg.verifyAsync(`https://${DOMAIN}/private/video.mp4`, { cookies: cookie, now: new Date() });
  assert.equal(verdict.allowed, true, JSON.stringify(verdict.reasons));

  // The AWS SDK signs the same policy into the same three cookies (RSA PKCS#1 v1.5 is deterministic).
  const pairs = Object.fromEntries(lines.map((l) => l.split(";")[0].split(/=(.*)/s).slice(0, 2)).filter(([, v]) => v));
  const policy = cfDecode(pairs["CloudFront-Policy"]);
  assert.match(policy, new RegExp(`"Resource":"${RESOURCE.replace(/[.*/]/g, "\\$&")}"`));
  const sdk = getSignedCookies({ keyPairId: RSA.id, privateKey: RSA.priv, policy });
  assert.equal(sdk["CloudFront-Policy"], pairs["CloudFront-Policy"]);
  assert.equal(sdk["CloudFront-Signature"], pairs["CloudFront-Signature"]);
  assert.equal(sdk["CloudFront-Key-Pair-Id"], pairs["CloudFront-Key-Pair-Id"]);

  // A guard event carrying them: the request itself comes back (CloudFront continues), without
  // the CloudFront-* cookies; at origin-request the guard is refused.
  const e = event("viewer-request", (r) => {
    r.uri = "/private/video.mp4";
    addHeader(r, "Cookie", cookie);
  });
  const out = await handler(e);
  assert.equal(out, e.Records[0].cf.request, JSON.stringify(out).slice(0, 300));
  assert.equal(out.headers.cookie, undefined);
  const { value: atOrigin } = await recordLogs(() => handler(event("origin-request", (r) => {
    r.uri = "/private/video.mp4";
    addHeader(r, "Cookie", cookie);
  })));
  assert.equal(atOrigin.status, "500");
  assert.equal(body(atOrigin).error, "wrong_event_type");

  // Tampered: a signature changed by one character gets status "403".
  const sig = pairs["CloudFront-Signature"];
  const bad = cookie.replace(sig, `${sig.slice(0, 10)}${sig[10] === "A" ? "B" : "A"}${sig.slice(11)}`);
  const denied = await handler(event("viewer-request", (r) => {
    r.uri = "/private/video.mp4";
    addHeader(r, "Cookie", bad);
  }));
  assert.equal(denied.status, "403");
  assert.equal(denied.statusDescription, "Forbidden");
  assert.equal(body(denied).error, "access_denied");
  // Nothing at all: 403 too.
  assert.equal((await handler(event("viewer-request", (r) => { r.uri = "/private/video.mp4"; }))).status, "403");
});

test("cookies split over several Cookie instances (HTTP/2) are joined with '; ' and still verify", async () => {
  const lines = setCookies(await mint());
  const e = event("viewer-request", (r) => {
    r.uri = "/private/a.ts";
    addHeader(r, "Cookie", "theme=dark");
    for (const l of lines) if (!l.split(";")[0].endsWith("=")) addHeader(r, "cookie", l.split(";")[0]);
  });
  assert.equal(await handler(e), e.Records[0].cf.request);
});

test("signed URLs: a JSON body in base64 (include body) and in text; the URLs verify", async () => {
  const jwt = await token();
  for (const encoding of ["base64", "text"]) {
    const json = JSON.stringify({ paths: ["/private/a.mp4", "/private/b%20c.mp4"] });
    const result = await handler(event("viewer-request", (r) => {
      r.uri = "/api/signed-urls";
      r.method = "POST";
      addHeader(r, "Authorization", `Bearer ${jwt}`);
      addHeader(r, "Content-Type", "application/json");
      r.body = { inputTruncated: false, action: "read-only", encoding, data: encoding === "base64" ? Buffer.from(json).toString("base64") : json };
    }));
    assert.equal(result.status, "200", JSON.stringify(result));
    const { urls } = body(result);
    assert.equal(urls.length, 2);
    const kg = new KeyGroup();
    kg.add(RSA.id, RSA.pub);
    for (const u of urls) assert.equal((await kg.verifyAsync(u, { now: new Date() })).allowed, true);
    // A signed URL as a guard event: uri + querystring without "?".
    const u = new URL(urls[0]);
    const e = event("viewer-request", (r) => {
      r.uri = u.pathname;
      r.querystring = u.search.slice(1);
    });
    assert.equal(await handler(e), e.Records[0].cf.request);
  }
});

test("a truncated body (inputTruncated) is refused with 413, not read in part", async () => {
  const result = await handler(event("viewer-request", (r) => {
    r.uri = "/api/signed-urls";
    r.method = "POST";
    r.body = { inputTruncated: true, action: "read-only", encoding: "base64", data: Buffer.from('{"paths":["/private/a"').toString("base64") };
  }));
  assert.equal(result.status, "413");
  assert.equal(body(result).error, "body_too_large");
});

test("query round trip: return_to from the querystring; an empty querystring is no query", async () => {
  const jwt = await token();
  const result = await handler(event("viewer-request", (r) => {
    r.uri = "/auth/cookies";
    r.querystring = "return_to=%2Fprivate%2Fwatch%3Fv%3D1";
    addHeader(r, "Authorization", `Bearer ${jwt}`);
  }));
  assert.equal(result.status, "302");
  assert.equal(result.statusDescription, "Found");
  assert.deepEqual(result.headers.location, [{ key: "Location", value: "/private/watch?v=1" }]);
  assert.ok(setCookies(result).length >= 3);
  assert.equal(result.body, undefined);
  // querystring "" and a route that reads the query: no return_to, a JSON answer.
  const plain = await handler(event("viewer-request", (r) => {
    r.uri = "/auth/cookies";
    addHeader(r, "Authorization", `Bearer ${jwt}`);
  }));
  assert.equal(plain.status, "200");
});

test("origin-request: minting and /healthz refused with 500 and a log line", async () => {
  const jwt = await token();
  for (const uri of ["/auth/cookies", "/api/signed-urls", "/healthz"]) {
    const { value, lines } = await recordLogs(() =>
      handler(event("origin-request", (r) => {
        r.uri = uri;
        r.method = uri === "/healthz" ? "GET" : "POST";
        addHeader(r, "Authorization", `Bearer ${jwt}`);
      })),
    );
    assert.equal(value.status, "500", uri);
    assert.equal(value.headers["set-cookie"], undefined);
    assert.equal(body(value).error, "wrong_event_type");
    assert.match(body(value).message, /origin-request/);
    assert.ok(lines.some((l) => /"event":"wrong_event_type"/.test(l) && /"event_type":"origin-request"/.test(l)), lines.join("\n"));
  }
});

test("response events are refused clearly; unknown event types too", async () => {
  for (const type of ["viewer-response", "origin-response", "viewer_request", ""]) {
    const { value, lines } = await recordLogs(() => handler(event("viewer-request", (_r, c) => { c.eventType = type; })));
    assert.equal(value.status, "500", type);
    assert.ok(lines.some((l) => /wrong_event_type|bad_event/.test(l)), type);
  }
});

test("the viewer's IP is clientIp: an IpAddress policy allows clientIp, never X-Forwarded-For", async () => {
  const policy = JSON.stringify({
    Statement: [{ Resource: RESOURCE, Condition: { DateLessThan: { "AWS:EpochTime": Math.floor(Date.now() / 1000) + 600 }, IpAddress: { "AWS:SourceIp": "192.0.2.0/24" } } }],
  });
  const c = getSignedCookies({ keyPairId: RSA.id, privateKey: RSA.priv, policy });
  const cookie = Object.entries(c).map(([k, v]) => `${k}=${v}`).join("; ");
  const at = (clientIp, xff) =>
    event("viewer-request", (r) => {
      r.uri = "/private/x.mp4";
      r.clientIp = clientIp;
      addHeader(r, "Cookie", cookie);
      if (xff) addHeader(r, "X-Forwarded-For", xff);
    });
  const inside = at("192.0.2.10");
  assert.equal(await handler(inside), inside.Records[0].cf.request);
  assert.equal((await handler(at("203.0.113.178", "192.0.2.10"))).status, "403");
  const spoofed = at("203.0.113.178");
  addHeader(spoofed.Records[0].cf.request, "True-Client-IP", "192.0.2.10");
  assert.equal((await handler(spoofed)).status, "403");
});

test("a generated response over 40 KB at viewer-request becomes a 413 saying how many paths fit", async () => {
  const h = createLambdaEdgeHandler(settings({ MAX_BATCH: "200" }));
  const jwt = await token();
  const paths = Array.from({ length: 200 }, (_, i) => `/private/${"long-segment-name/".repeat(8)}${i}.mp4`);
  const { value, lines } = await recordLogs(() =>
    h(event("viewer-request", (r) => {
      r.uri = "/api/signed-urls";
      r.method = "POST";
      addHeader(r, "Authorization", `Bearer ${jwt}`);
      r.body = { inputTruncated: false, action: "read-only", encoding: "base64", data: Buffer.from(JSON.stringify({ paths })).toString("base64") };
    })),
  );
  assert.equal(value.status, "413");
  const b = body(value);
  assert.equal(b.error, "response_too_large");
  assert.equal(b.max_bytes, 40960);
  assert.ok(b.max_paths > 0 && b.max_paths < 200, JSON.stringify(b));
  assert.ok(lines.some((l) => /response_too_large/.test(l)));
  // That many paths fit.
  const ok = await h(event("viewer-request", (r) => {
    r.uri = "/api/signed-urls";
    r.method = "POST";
    addHeader(r, "Authorization", `Bearer ${jwt}`);
    r.body = { inputTruncated: false, action: "read-only", encoding: "base64", data: Buffer.from(JSON.stringify({ paths: paths.slice(0, b.max_paths) })).toString("base64") };
  }));
  assert.equal(ok.status, "200");
  assert.ok(Buffer.byteLength(JSON.stringify(ok)) <= 40960);
});

test("URI plus query of 8,192 characters or more: 414 (the guide: less than 8,192)", async () => {
  const at = (total) =>
    event("viewer-request", (r) => {
      r.uri = `/public/${"a".repeat(4000)}`;
      r.querystring = `x=${"b".repeat(total - r.uri.length - 2)}`;
    });
  const longest = at(8191);
  assert.equal(await handler(longest), longest.Records[0].cf.request);
  const result = await handler(at(8192));
  assert.equal(result.status, "414");
  assert.equal(body(result).error, "uri_too_long");
});

test("cfsign/lambda-edge is the packed tarball's (scripts/install-package.sh), not the workspace's npm/", async () => {
  const resolved = (await import("node:fs")).realpathSync(new URL(import.meta.resolve("cfsign/lambda-edge")));
  assert.match(resolved, /target\/npm\/installed\/node_modules\/cfsign\/dist\/lambda-edge\.mjs$/);
});
