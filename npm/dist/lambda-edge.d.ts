// Types of cfsign/lambda-edge: cfsign/edge's routes as a Lambda@Edge function.

import type { Settings } from "./edge/index.js";
export { ConfigError } from "./edge/index.js";

/** A secret kept in AWS Secrets Manager: the SecretString, or one field of it (JSON). */
export interface SecretsManagerReference {
  secretsManager: string;
  key?: string;
  /** Where to read it: else the ARN's region, else us-east-1 (never the edge location's AWS_REGION). */
  region?: string;
}
/** A SecureString (or String) parameter of SSM Parameter Store, read WithDecryption. */
export interface SsmReference {
  ssm: string;
  /** Where to read it: else the ARN's region, else us-east-1. */
  region?: string;
}

/** cfsign/edge's settings, where any value may instead be a reference to a secret. */
export type LambdaEdgeSettings = Record<string, string | SecretsManagerReference | SsmReference | Record<string, unknown> | undefined>;

export interface LambdaEdgeHandlerOptions {
  /** How long resolved secrets (and the settings function's answer) are kept, in seconds (300). A failed refresh keeps the last good settings. */
  ttlSeconds?: number;
}

export type CloudFrontHeaders = Record<string, Array<{ key?: string; value: string }>>;

/** A Lambda@Edge request event (the fields read). */
export interface CloudFrontRequestEvent {
  Records: Array<{
    cf: {
      config: { distributionDomainName?: string; distributionId?: string; eventType: string; requestId?: string };
      request: {
        clientIp: string;
        method: string;
        uri: string;
        querystring: string;
        headers: CloudFrontHeaders;
        body?: { data: string; encoding?: "base64" | "text"; inputTruncated?: boolean; action?: string };
        [field: string]: unknown;
      };
    };
  }>;
}

/** A generated response. */
export interface CloudFrontResultResponse {
  status: string;
  statusDescription: string;
  headers: CloudFrontHeaders;
  body?: string;
  bodyEncoding?: "text" | "base64";
}

/** The request as it came (CloudFront goes on), or a generated response. */
export type LambdaEdgeResult = CloudFrontRequestEvent["Records"][number]["cf"]["request"] | CloudFrontResultResponse;

export type LambdaEdgeHandler = (event: CloudFrontRequestEvent, context?: unknown) => Promise<LambdaEdgeResult>;

/**
 * The routes of createHandler (cfsign/edge) as a Lambda@Edge handler: every route at
 * viewer-request, the guard only at origin-request. The guard's allowed requests and what no route
 * takes are returned to CloudFront as they came.
 */
export function createLambdaEdgeHandler(
  settings: LambdaEdgeSettings | Settings | (() => LambdaEdgeSettings | Settings | Promise<LambdaEdgeSettings | Settings>),
  options?: LambdaEdgeHandlerOptions,
): LambdaEdgeHandler;
