// The `sign` callback through AWS KMS (moto's server on 127.0.0.1, through the real
// @aws-sdk/client-kms), on the packed tarball: RSA_2048 and ECC_NIST_P256 keys, URLs and cookies
// signed by KMS and verified by cfsign's verifier against the key GetPublicKey gives, and KMS's
// own errors (throttling from tests/js/kms/run.sh's proxy) carried to the
// caller as signer_failed with KMS's message. Run by `make test-kms-js` (tests/js/kms/run.sh).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import { KMSClient, CreateKeyCommand, GetPublicKeyCommand, SignCommand, DisableKeyCommand } from "@aws-sdk/client-kms";
import * as cf from "cfsign";

const endpoint = process.env.CFSIGN_TEST_MOTO;
assert.ok(endpoint, "CFSIGN_TEST_MOTO is not set: run through `make test-kms-js`");
const credentials = { accessKeyId: "testing", secretAccessKey: "kms-js-secret-never-shown" };
const client = (at = endpoint) => new KMSClient({ endpoint: at, region: "us-east-1", credentials, maxAttempts: 3 });
const kms = client();
const D = "https://d111111abcdef8.cloudfront.net";
const EXP = new Date(4102444800000);
const ALGORITHM = { RSA_2048: "RSASSA_PKCS1_V1_5_SHA_256", ECC_NIST_P256: "ECDSA_SHA_256" };

async function key(spec, usage = "SIGN_VERIFY") {
  const { KeyMetadata } = await kms.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: usage }));
  return KeyMetadata.KeyId;
}
const signWith = (KeyId, spec, via = kms) => async (data) =>
  (await via.send(new SignCommand({ KeyId, Message: data, MessageType: "RAW", SigningAlgorithm: ALGORITHM[spec] }))).Signature;

for (const spec of ["RSA_2048", "ECC_NIST_P256"]) {
  test(`${spec}: URLs and cookies signed by KMS verify with GetPublicKey's key`, async () => {
    const KeyId = await key(spec);
    const { PublicKey } = await kms.send(new GetPublicKeyCommand({ KeyId }));
    const pem = createPublicKey({ key: Buffer.from(PublicKey), format: "der", type: "spki" }).export({ type: "spki", format: "pem" });
    const group = new cf.KeyGroup();
    group.add("KKMSJS", pem);
    const sign = signWith(KeyId, spec);
    const keyType = spec === "RSA_2048" ? "RSA" : "ECDSA";
    const url = await cf.getSignedUrl({ url: `${D}/kms/a.mp4`, keyPairId: "KKMSJS", dateLessThan: EXP, sign, algorithm: "SHA256", keyType });
    assert.ok(url.includes("Hash-Algorithm=SHA256"));
    assert.equal(group.verify(url).allowed, true);
    const custom = await cf.getSignedUrl({ url: `${D}/kms/b.mp4`, keyPairId: "KKMSJS", dateLessThan: EXP, ipAddress: "192.0.2.0/24", sign, algorithm: "SHA256" });
    assert.equal(group.verify(custom, { clientIp: "192.0.2.7" }).allowed, true);
    // A start time makes the SDK's cookies custom (a canned cookie is for one exact URL).
    const cookies = await cf.getSignedCookies({ url: `${D}/kms/*`, keyPairId: "KKMSJS", dateLessThan: EXP, dateGreaterThan: new Date(1e12), sign, algorithm: "SHA256" });
    const header = Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join("; ");
    assert.equal(group.verify(`${D}/kms/c.mp4`, { cookies: header }).allowed, true);
    const signer = await cf.Signer.create({ keyPairId: "KKMSJS", sign, algorithm: "SHA256", keyType });
    const { setCookie } = await signer.signCookies({ resource: `${D}/kms/*`, dateLessThan: EXP });
    // The Cookie header a browser sends for those Set-Cookie lines (lite reads no Set-Cookie syntax).
    assert.equal(group.verify(`${D}/kms/d.mp4`, { cookies: setCookie.map((c) => c.split(";")[0]).join("; ") }).allowed, true);
  });
}

const failsWith = async (promise, code, ...includes) =>
  assert.rejects(promise, (e) => {
    assert.equal(e.code, code, e.message);
    for (const s of includes) assert.ok(e.message.includes(s), `${s} not in ${e.message}`);
    assert.ok(!e.message.includes(credentials.secretAccessKey), e.message);
    return true;
  });

test("KMS errors reach the caller as signer_failed with KMS's message", async () => {
  const base = { url: `${D}/kms/e.mp4`, keyPairId: "KKMSJS", dateLessThan: EXP, algorithm: "SHA256" };
  const encrypt = await key("RSA_2048", "ENCRYPT_DECRYPT");
  await failsWith(cf.getSignedUrl({ ...base, sign: signWith(encrypt, "RSA_2048") }), "signer_failed", "SIGN_VERIFY");
  // No credentials: the SDK's own error, before any request.
  const none = new KMSClient({ endpoint, region: "us-east-1", credentials: async () => { throw new Error("no credentials configured"); } });
  const rsa = await key("RSA_2048");
  await failsWith(cf.getSignedUrl({ ...base, sign: signWith(rsa, "RSA_2048", none) }), "signer_failed", "no credentials");
  // Throttling, from the proxy in front of moto, after the SDK's three attempts.
  const throttle = process.env.CFSIGN_TEST_KMS_THROTTLE;
  assert.ok(throttle);
  await failsWith(cf.getSignedUrl({ ...base, sign: signWith(rsa, "RSA_2048", client(throttle)) }), "signer_failed", "Rate exceeded");
});
