// What cfsign/lambda-edge hands back to CloudFront (review findings): never the guard at
// origin-request (CloudFront runs it only on a cache miss: a cached answer would reach later
// viewers unguarded); no unrouted path an origin could decode or merge into the guard's prefix;
// the allowed request without the diagnostics header, the CloudFront-* cookies or the signing
// parameters; and the guard checking the raw `uri?querystring` CloudFront gives, not `new URL`'s.

import { createSign } from "node:crypto";
import { test } from "node:test";
import assert from "node:assert/strict";
import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { createLambdaEdgeHandler } from "cfsign/lambda-edge";
import { DOMAIN, RESOURCE, RSA, addHeader, body, event, recordLogs, settings } from "./helpers.mjs";

const TOKEN = "d".repeat(40);
const handler = createLambdaEdgeHandler(settings({ DIAGNOSTICS_TOKEN: TOKEN }));

function signedCookie() {
  const policy = JSON.stringify({ Statement: [{ Resource: RESOURCE, Condition: { DateLessThan: { "AWS:EpochTime": Math.floor(Date.now() / 1000) + 600 } } }] });
  return Object.entries(getSignedCookies({ keyPairId: RSA.id, privateKey: RSA.priv, policy })).map(([k, v]) => `${k}=${v}`).join("; ");
}

test("origin-request: the guard is refused (500 wrong_event_type, a log line naming viewer-request), even with valid cookies", async () => {
  const cookie = signedCookie();
  for (const uri of ["/private/video.mp4", "/", "/public/a.mp4"]) {
    const { value, lines } = await recordLogs(() =>
      handler(event("origin-request", (r) => {
        r.uri = uri;
        addHeader(r, "Cookie", cookie);
      })),
    );
    assert.equal(value.status, "500", `${uri}: ${JSON.stringify(value).slice(0, 200)}`);
    assert.equal(body(value).error, "wrong_event_type");
    assert.match(body(value).message, /viewer-request/);
    assert.ok(lines.some((l) => /"event":"wrong_event_type"/.test(l) && /"event_type":"origin-request"/.test(l) && /viewer-request/.test(l) && /trusted key groups/.test(l)), lines.join("\n"));
  }
});

test("forward: an unrouted path an origin could decode or merge into the guard's prefix is refused (400 bad_path)", async () => {
  for (const uri of [
    "/private%2Fsecret.mp4",
    "/private%2fsecret.mp4",
    "/private%252Fsecret.mp4",
    "/private%5Csecret.mp4",
    "//private/secret.mp4",
    "/public//x.mp4",
    "/PRIVATE/secret.mp4",
    "/Private/secret.mp4",
    "/%70rivate/secret.mp4",
    "/%2e/private/secret.mp4",
    "/public/%2e%2e/private/secret.mp4",
    "/private/../public/x.mp4",
    "/public\\..\\private/secret.mp4",
  ]) {
    const result = await handler(event("viewer-request", (r) => { r.uri = uri; }));
    assert.equal(result.status, "400", `${uri}: ${JSON.stringify(result).slice(0, 200)}`);
    assert.equal(body(result).error, "bad_path", uri);
  }
  // Ordinary unrouted paths still go on unchanged.
  for (const uri of ["/", "/public/a.mp4", "/public/b%20c.mp4", "/privately/x", "/index.html"]) {
    const e = event("viewer-request", (r) => { r.uri = uri; });
    assert.equal(await handler(e), e.Records[0].cf.request, uri);
  }
});

test("forward: the allowed request goes on without the diagnostics header, the CloudFront-* cookies or the signing parameters", async () => {
  const cookie = signedCookie();
  const e = event("viewer-request", (r) => {
    r.uri = "/private/video.mp4";
    r.querystring = "a=1&b=&c=x%20y";
    addHeader(r, "Cookie", `theme=dark; ${cookie}`);
    addHeader(r, "cookie", "lang=en");
    addHeader(r, "X-Cfsign-Diagnostics", TOKEN);
  });
  const out = await handler(e);
  assert.equal(out.uri, "/private/video.mp4", JSON.stringify(out).slice(0, 300));
  assert.equal(out.querystring, "a=1&b=&c=x%20y");
  assert.equal(out.headers["x-cfsign-diagnostics"], undefined);
  assert.deepEqual(out.headers.cookie, [{ key: "Cookie", value: "theme=dark; lang=en" }]);
  assert.ok(!JSON.stringify(out).includes("CloudFront-"));
  assert.ok(!JSON.stringify(out).includes(TOKEN));

  // A signed URL: the query without Expires, Signature and Key-Pair-Id, the rest kept byte for byte.
  const url = getSignedUrl({ url: `https://${DOMAIN}/private/a.mp4?v=2&x=%41`, keyPairId: RSA.id, privateKey: RSA.priv, dateLessThan: new Date(Date.now() + 600_000).toISOString() });
  const u = new URL(url);
  const signed = event("viewer-request", (r) => {
    r.uri = u.pathname;
    r.querystring = u.search.slice(1);
    addHeader(r, "x-cfsign-diagnostics", "anything");
  });
  const passed = await handler(signed);
  assert.equal(passed.uri, "/private/a.mp4", JSON.stringify(passed).slice(0, 300));
  assert.equal(passed.querystring, "v=2&x=%41");
  assert.equal(passed.headers["x-cfsign-diagnostics"], undefined);

  // An unrouted request keeps its cookies and query, but never the diagnostics header.
  const other = event("viewer-request", (r) => {
    r.uri = "/public/a.mp4";
    r.querystring = "q=1";
    addHeader(r, "x-cfsign-diagnostics", TOKEN);
  });
  const went = await handler(other);
  assert.equal(went.querystring, "q=1");
  assert.equal(went.headers["x-cfsign-diagnostics"], undefined);
});

test("the guard checks the raw uri?querystring: a canned URL with ' in its query is allowed as CloudFront allows it; '..' is refused, not resolved", async () => {
  // Signed as CloudFront's guide writes a canned policy (the AWS SDK would write ' as %27 first).
  const resource = `https://${DOMAIN}/private/a.mp4?name='x'`;
  const expires = Math.floor(Date.now() / 1000) + 600;
  const policy = JSON.stringify({ Statement: [{ Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": expires } } }] });
  const signature = createSign("RSA-SHA1").update(policy).sign(RSA.priv, "base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");
  const query = `name='x'&Expires=${expires}&Signature=${signature}&Key-Pair-Id=${RSA.id}`;
  const e = event("viewer-request", (r) => {
    r.uri = "/private/a.mp4";
    r.querystring = query;
  });
  const out = await handler(e);
  assert.equal(out.uri, "/private/a.mp4", JSON.stringify(out).slice(0, 400));
  assert.equal(out.querystring, "name='x'");

  const cookie = signedCookie();
  for (const uri of ["/private/../private/a.mp4", "/private/%2e%2e/private/a.mp4", "/private/./a.mp4"]) {
    const dots = await handler(event("viewer-request", (r) => {
      r.uri = uri;
      addHeader(r, "Cookie", cookie);
    }));
    assert.equal(dots.status, "400", `${uri}: ${JSON.stringify(dots).slice(0, 200)}`);
    assert.equal(body(dots).error, "bad_path");
  }
});
