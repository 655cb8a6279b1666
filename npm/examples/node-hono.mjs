// cfsign/edge on Node with Hono: the same handler as the Cloudflare worker. Settings come from
// the environment (CLOUDFRONT_KEY_PAIR_ID, CLOUDFRONT_PRIVATE_KEY, TIERS, JWT_*, ...).
//   node node-hono.mjs            (from npm/examples/; PORT, default 8787)
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createHandler } from "cfsign/edge";

const cdn = createHandler(process.env);
const app = new Hono();
app.all("*", (c) => cdn(c.req.raw));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 8787), hostname: process.env.HOST ?? "127.0.0.1" });
