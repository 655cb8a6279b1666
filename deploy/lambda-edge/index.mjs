// The Lambda@Edge function `make lambda-edge` bundles (scripts/lambda-edge.mjs): cfsign/lambda-edge
// with its settings read from settings.json beside it (Lambda@Edge has no environment variables).
// Secrets stay out of that file: give them as references, {"secretsManager": "<ARN or name>",
// "key": "<field>"} or {"ssm": "/parameter/name"}, resolved at cold start (README, "Deploy on
// Lambda@Edge").
import { readFileSync } from "node:fs";
import { createLambdaEdgeHandler } from "cfsign/lambda-edge";

const file = new URL("./settings.json", import.meta.url);

// Read at cold start and after each TTL (the file itself changes only with a new version);
// synchronously: loading node:fs/promises alone costs a cold start about 15 ms.
export const handler = createLambdaEdgeHandler(() => JSON.parse(readFileSync(file, "utf8")));
