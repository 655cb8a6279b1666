// Settings from Secrets Manager and SSM Parameter Store through moto's server on 127.0.0.1 (the
// real @aws-sdk clients, AWS_ENDPOINT_URL pointing at it): resolution at cold start, the TTL
// cache, a rotated secret picked up after the TTL, a failed refresh keeping the last good value,
// a secret missing at cold start. No secret in any answer or log line.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { JWT_SECRET, RSA, addHeader, body, event, recordLogs, settings, token } from "./helpers.mjs";

let moto;
let sm;
let ssmClient;
let SDK;

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  const port = await freePort();
  moto = spawn(process.env.MOTO_SERVER ?? "moto_server", ["-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
  });
  for (let i = 0; ; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/moto-api/`).then(() => true, () => false);
    if (up) break;
    if (i > 100) throw new Error("moto_server did not start");
    await sleep(100);
  }
  const smSdk = await import("@aws-sdk/client-secrets-manager");
  const ssmSdk = await import("@aws-sdk/client-ssm");
  SDK = { ...smSdk, ...ssmSdk };
  sm = new smSdk.SecretsManagerClient({});
  ssmClient = new ssmSdk.SSMClient({});
  await sm.send(new SDK.CreateSecretCommand({ Name: "cfsign/edge", SecretString: JSON.stringify({ jwt: JWT_SECRET, key: RSA.priv }) }));
  await ssmClient.send(new SDK.PutParameterCommand({ Name: "/cfsign/jwt-secret", Type: "SecureString", Value: JWT_SECRET }));
});

after(() => moto?.kill());

const healthz = (h) => h(event("viewer-request", (r) => { r.uri = "/healthz"; }));

async function mintWith(h, secret) {
  const jwt = await token({ tier: "premium" }, secret);
  return h(event("viewer-request", (r) => {
    r.uri = "/auth/cookies";
    r.method = "POST";
    addHeader(r, "Authorization", `Bearer ${jwt}`);
  }));
}

const noSecretIn = (text) => {
  assert.ok(!text.includes(JWT_SECRET), "the JWT secret leaked");
  assert.ok(!text.includes(RSA.priv.split("\n")[1]), "the private key leaked");
};

test("Secrets Manager (a JSON field) and SSM (SecureString) references resolve at cold start", async () => {
  const h = (await import("cfsign/lambda-edge")).createLambdaEdgeHandler(settings({
    CLOUDFRONT_PRIVATE_KEY: { secretsManager: "cfsign/edge", key: "key" },
    JWT_SECRET: { ssm: "/cfsign/jwt-secret" },
  }));
  const { value, lines } = await recordLogs(() => mintWith(h, JWT_SECRET));
  assert.equal(value.status, "200", JSON.stringify(value).slice(0, 400));
  noSecretIn(JSON.stringify(value) + lines.join("\n"));
});

test("the region: a reference's own, else its ARN's, else us-east-1, never the edge's AWS_REGION", async () => {
  const { createLambdaEdgeHandler } = await import("cfsign/lambda-edge");
  const eu = new SDK.SecretsManagerClient({ region: "eu-west-1" });
  const created = await eu.send(new SDK.CreateSecretCommand({ Name: "cfsign/eu", SecretString: JWT_SECRET }));
  assert.match(created.ARN, /:eu-west-1:/);
  const saved = process.env.AWS_REGION;
  // A Lambda@Edge function runs in the edge location's region (AWS_REGION there), not us-east-1.
  process.env.AWS_REGION = "ap-southeast-2";
  try {
    for (const ref of [{ secretsManager: "cfsign/edge", key: "jwt" }, { secretsManager: created.ARN }, { secretsManager: "cfsign/eu", region: "eu-west-1" }]) {
      const h = createLambdaEdgeHandler(settings({ JWT_SECRET: ref }));
      assert.equal((await mintWith(h, JWT_SECRET)).status, "200", JSON.stringify(ref));
    }
    // The name alone, in eu-west-1 only: us-east-1 has no such secret.
    const h = createLambdaEdgeHandler(settings({ JWT_SECRET: { secretsManager: "cfsign/eu" } }));
    assert.equal((await recordLogs(() => mintWith(h, JWT_SECRET))).value.status, "500");
  } finally {
    process.env.AWS_REGION = saved;
  }
});

test("a rotated secret is read after the TTL; a failed refresh keeps the last good value", async () => {
  const { createLambdaEdgeHandler } = await import("cfsign/lambda-edge");
  await sm.send(new SDK.CreateSecretCommand({ Name: "cfsign/rotating", SecretString: JWT_SECRET }));
  const h = createLambdaEdgeHandler(settings({ JWT_SECRET: { secretsManager: "cfsign/rotating" } }), { ttlSeconds: 1 });
  assert.equal((await mintWith(h, JWT_SECRET)).status, "200");

  const rotated = "the-rotated-jwt-secret-also-32-bytes-long!!";
  await sm.send(new SDK.PutSecretValueCommand({ SecretId: "cfsign/rotating", SecretString: rotated }));
  // Within the TTL: still the cached value.
  assert.equal((await mintWith(h, JWT_SECRET)).status, "200");
  await sleep(1100);
  assert.equal((await mintWith(h, rotated)).status, "200");
  assert.equal((await mintWith(h, JWT_SECRET)).status, "401");

  // The secret goes away: the refresh fails, the last good value keeps serving, a log line says so.
  await sm.send(new SDK.DeleteSecretCommand({ SecretId: "cfsign/rotating", ForceDeleteWithoutRecovery: true }));
  await sleep(1100);
  const { value, lines } = await recordLogs(() => mintWith(h, rotated));
  assert.equal(value.status, "200");
  const line = lines.find((l) => /settings_refresh_failed/.test(l));
  assert.ok(line, lines.join("\n"));
  assert.match(line, /"setting":"JWT_SECRET"/);
  assert.match(line, /Secrets Manager \(ResourceNotFoundException\)/);
  assert.ok(!line.includes(rotated) && !line.includes("cfsign/rotating"));
});

test("a secret or parameter missing at cold start: 500 naming the setting and the SDK error, no value", async () => {
  const { createLambdaEdgeHandler } = await import("cfsign/lambda-edge");
  for (const [ref, pattern] of [
    [{ secretsManager: "cfsign/none" }, /Secrets Manager \(ResourceNotFoundException\)/],
    [{ ssm: "/cfsign/none" }, /SSM Parameter Store \(ParameterNotFound\)/],
    [{ secretsManager: "cfsign/edge", key: "absent" }, /names a key its secret does not have/],
  ]) {
    const h = createLambdaEdgeHandler(settings({ JWT_SECRET: ref }));
    const { value, lines } = await recordLogs(() => healthz(h));
    assert.equal(value.status, "500");
    assert.equal(body(value).setting, "JWT_SECRET");
    const line = lines.find((l) => /config_error/.test(l));
    assert.match(line, pattern);
    assert.match(line, /"setting":"JWT_SECRET"/);
    assert.ok(!line.includes("cfsign/none"));
    noSecretIn(JSON.stringify(value) + lines.join("\n"));
  }
});
