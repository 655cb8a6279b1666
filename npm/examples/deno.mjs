// cfsign/edge on Deno: `deno run --allow-env --allow-net deno.mjs` from npm/examples/ (PORT, default 8787).
import { createHandler } from "cfsign/edge";

const settings = Deno.env.toObject();
Deno.serve({ port: Number(settings.PORT ?? 8787), hostname: settings.HOST ?? "127.0.0.1", onListen() {} }, createHandler(settings));
