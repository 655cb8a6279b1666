// cfsign/logs on Node, Bun and Deno: analyzeLogs over the full build (its WebAssembly inline),
// signatures checked with node:crypto. ESM only.
import { initSync, __installHostCrypto, __LogAnalysis } from "./full/cfsign.js";
import { wasm } from "./full/wasm-inline.mjs";
import * as crypto from "node:crypto";
import { nodeHost } from "./host-node.mjs";
import { makeAnalyzeLogs } from "./logs.mjs";

initSync({ module: wasm });
__installHostCrypto(nodeHost(crypto));

export const analyzeLogs = makeAnalyzeLogs(__LogAnalysis);
