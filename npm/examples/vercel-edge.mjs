// cfsign/edge as a Vercel Edge Function (or, with `export const config = { matcher: [...] }`,
// Next.js middleware): no node:crypto there, so cfsign signs with WebCrypto, where
// @aws-sdk/cloudfront-signer cannot run at all. Settings from the project's environment variables.
import { createHandler } from "cfsign/edge";

export const config = { runtime: "edge" };

let handler;
export default function (request) {
  handler ??= createHandler(process.env);
  return handler(request);
}
