// cfsign/edge on Bun: `bun bun.mjs` from npm/examples/ (PORT, default 8787).
import { createHandler } from "cfsign/edge";

Bun.serve({ port: Number(process.env.PORT ?? 8787), hostname: process.env.HOST ?? "127.0.0.1", fetch: createHandler(process.env) });
