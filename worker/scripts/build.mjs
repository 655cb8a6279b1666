// Bundles a worker entry with esbuild (as `wrangler deploy` does) so that miniflare can run it on
// workerd: npm packages (cfsign, jose, @aws-sdk/cloudfront-signer) are inlined; each .wasm import
// (cfsign's workerd entry imports its module) is copied beside the bundle and stays a separate
// CompiledWasm module, as wrangler attaches it; node:* stays external for nodejs_compat.
//   node scripts/build.mjs [entry=src/index.js] [out=dist/index.js]
import { build } from "esbuild";
import { copyFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

/** .wasm imports: copied next to the bundle, imported from there. */
const wasmModules = (outdir) => ({
  name: "wasm-modules",
  setup(b) {
    b.onResolve({ filter: /\.wasm$/ }, (args) => {
      const source = path.resolve(args.resolveDir, args.path);
      const name = `${path.basename(path.dirname(source))}-${path.basename(source)}`;
      mkdirSync(outdir, { recursive: true });
      copyFileSync(source, path.join(outdir, name));
      return { path: `./${name}`, external: true };
    });
  },
});

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
    external: ["node:*"],
    plugins: [wasmModules(path.dirname(path.join(root, outfile)))],
    logLevel: "warning",
  });
  return path.join(root, outfile);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await bundle(process.argv[2], process.argv[3]);
  console.log(`built ${path.relative(process.cwd(), out)}`);
}
