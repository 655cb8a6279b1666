// cfsign/edge's handler on hosts other than workerd, for the tests: Node (Hono), Deno, Bun and
// Vercel's edge runtime, each running the example in npm/examples/ as a user would, with the
// settings in its environment. Returns { url, stop, logs }.

import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const EXAMPLES = fileURLToPath(new URL("../../examples/", import.meta.url));
const BIN = fileURLToPath(new URL("../../../node_modules/.bin/", import.meta.url));

/** The command that runs `host`'s example. */
function command(host) {
  switch (host) {
    case "node":
      return [process.execPath, ["node-hono.mjs"]];
    case "deno":
      return [path.join(BIN, "deno"), ["run", "--allow-env", "--allow-net", "--allow-read", "deno.mjs"]];
    case "bun":
      return [path.join(BIN, "bun"), ["bun.mjs"]];
    case "edge":
      return [process.execPath, [fileURLToPath(new URL("edge-host.mjs", import.meta.url))]];
    default:
      throw new Error(`unknown host ${host}`);
  }
}

export async function startHost(host, { bindings, port, onLog }) {
  const [cmd, args] = command(host);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", PORT: String(port), HOST: "127.0.0.1" };
  for (const [k, v] of Object.entries(bindings)) if (v !== undefined) env[k] = String(v);
  const child = spawn(cmd, args, { cwd: EXAMPLES, env, stdio: ["ignore", "pipe", "pipe"] });
  for (const stream of [child.stdout, child.stderr]) {
    let buf = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        onLog?.(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
  }
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${host}: exited with ${child.exitCode}`);
    try {
      await fetch(`${url}/healthz`);
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`${host}: not listening after 20 s`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill();
      }),
  };
}
