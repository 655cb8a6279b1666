// Runs a bundled worker on the real workerd runtime through miniflare's API (npm `miniflare`
// brings the workerd binary), with the compatibility date, module rules and static assets of
// wrangler.toml. Used by the tests, scripts/demo.mjs and the benchmark.

import { Miniflare } from "miniflare";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bundle } from "./build.mjs";

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The few wrangler.toml values miniflare needs (a flat regex read: the file keeps them simple). */
export function wranglerSettings() {
  const toml = readFileSync(path.join(ROOT, "wrangler.toml"), "utf8");
  const get = (key) => new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, "m").exec(toml)?.[1];
  const flags = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1];
  return {
    main: get("main"),
    compatibilityDate: get("compatibility_date"),
    compatibilityFlags: flags ? [...flags.matchAll(/"([^"]+)"/g)].map((m) => m[1]) : [],
    assetsDirectory: get("directory"),
  };
}

let built = null;
/** Bundles src/index.js once per process (esbuild, as wrangler does). */
export function buildWorker() {
  built ??= bundle("src/index.js", "dist/index.js");
  return built;
}

/**
 * Starts a worker on workerd. Options: bindings (env), port (0 = any free one), host, assets
 * (true: wrangler.toml's directory), script (a bundled file; modules root: worker/ for files in
 * it, else the file's folder, unless modulesRoot is given), compatibilityFlags, onLog(line).
 * Returns { mf, url, stop }.
 */
export async function startWorker(options = {}) {
  const settings = wranglerSettings();
  const script = options.script ?? (await buildWorker());
  const logs = options.onLog;
  const mf = new Miniflare({
    name: "cfsign-worker",
    modules: true,
    scriptPath: script,
    modulesRoot: options.modulesRoot ?? (script.startsWith(ROOT + path.sep) ? ROOT : path.dirname(script)),
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
    compatibilityDate: settings.compatibilityDate,
    compatibilityFlags: options.compatibilityFlags ?? settings.compatibilityFlags,
    bindings: options.bindings ?? {},
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    ...(options.assets
      ? {
          assets: {
            directory: path.resolve(ROOT, typeof options.assets === "string" ? options.assets : settings.assetsDirectory),
            binding: "ASSETS",
            routerConfig: { has_user_worker: true, invoke_user_worker_ahead_of_assets: true },
          },
        }
      : {}),
    ...(logs
      ? {
          handleRuntimeStdio(stdout, stderr) {
            for (const stream of [stdout, stderr]) {
              let buf = "";
              stream.on("data", (chunk) => {
                buf += chunk;
                let i;
                while ((i = buf.indexOf("\n")) >= 0) {
                  logs(buf.slice(0, i));
                  buf = buf.slice(i + 1);
                }
              });
            }
          },
        }
      : {}),
  });
  const url = await mf.ready;
  return {
    mf,
    url: url.href.replace(/\/$/, ""),
    stop: () => mf.dispose(),
  };
}
