// Bundles a worker entry with esbuild (as `wrangler deploy` does) so that miniflare can run it on
// workerd: npm packages (jose, @aws-sdk/cloudfront-signer) are inlined, the .wasm import stays a
// separate CompiledWasm module, node:* stays external for nodejs_compat.
//   node scripts/build.mjs [entry=src/index.js] [out=dist/index.js]
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export async function bundle(entry = "src/index.js", outfile = "dist/index.js") {
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    external: ["*.wasm", "node:*"],
    logLevel: "warning",
  });
  return path.join(root, outfile);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await bundle(process.argv[2], process.argv[3]);
  console.log(`built ${path.relative(process.cwd(), out)}`);
}
