// cfsign on Node, Bun and Deno (the `node`, `bun` and `deno` conditions of `cfsign`; cfsign/full's
// are node-full.mjs): the lite build, its WebAssembly inline, signing with node:crypto.
// `make package` bundles this file into node.cjs for `require`.
import { initSync, __installHostCrypto } from "./lite/cfsign.js";
import { wasm } from "./lite/wasm-inline.mjs";
import * as crypto from "node:crypto";
import { nodeHost } from "./host-node.mjs";

// ESM imports are evaluated first (the glue, the bytes), then this body initialises the module.
initSync({ module: wasm });
__installHostCrypto(nodeHost(crypto));

export * from "./api-lite.mjs";
