// npm/examples/vercel-edge.mjs on Vercel's edge runtime (npm `edge-runtime`: the same VM and Web APIs,
// no node:crypto), served on PORT for the tests. The settings are the process environment, given
// to the function as `process.env`, as Vercel does.
import { build } from "esbuild";
import { EdgeRuntime, runServer } from "edge-runtime";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../examples/", import.meta.url));
const { outputFiles } = await build({
  absWorkingDir: root,
  stdin: {
    contents: 'import handler from "./vercel-edge.mjs";\naddEventListener("fetch", (event) => event.respondWith(handler(event.request)));\n',
    resolveDir: root,
    loader: "js",
  },
  bundle: true,
  write: false,
  format: "iife",
  platform: "neutral",
  conditions: ["edge-light", "worker", "browser"],
  mainFields: ["module", "main"],
  logLevel: "warning",
});
const env = { ...process.env };
const runtime = new EdgeRuntime({
  initialCode: outputFiles[0].text,
  extend: (context) => Object.assign(context, { process: { env } }),
});
await runServer({ runtime, port: Number(process.env.PORT ?? 8787), host: process.env.HOST ?? "127.0.0.1" });
