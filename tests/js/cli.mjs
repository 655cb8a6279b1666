// The `cfsign` command for the JS tests that compare with it: target/debug/cfsign, which `make
// test-js` builds first (CFSIGN_BIN names another). A missing binary fails the test, never skips it.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const CFSIGN_BIN = process.env.CFSIGN_BIN ?? fileURLToPath(new URL("../../target/debug/cfsign", import.meta.url));

/** Runs `cfsign args...`; its standard output (throws on a non-zero exit, with its stderr). */
export function cfsignCli(args) {
  if (!existsSync(CFSIGN_BIN)) throw new Error(`${CFSIGN_BIN} is missing: run cargo build -p cfsign-cli (make test-js does)`);
  return execFileSync(CFSIGN_BIN, args, { encoding: "utf8" });
}

/** The `Set-Cookie:` values of the command's output. */
export const setCookieValues = (out) => out.split("\n").filter(Boolean).map((l) => l.replace(/^Set-Cookie: /, ""));
