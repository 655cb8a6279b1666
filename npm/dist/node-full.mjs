// cfsign/full on Node, Bun and Deno: the full build, its WebAssembly inline, signing with
// node:crypto as node.mjs does (the distribution doctor, `diagnose` and `auditDistribution`, is
// in the full build only). `make package` bundles this file into node-full.cjs for `require`.
import { initSync, __installHostCrypto } from "./full/cfsign.js";
import { wasm } from "./full/wasm-inline.mjs";
import * as crypto from "node:crypto";
import { nodeHost } from "./host-node.mjs";

initSync({ module: wasm });
__installHostCrypto(nodeHost(crypto));

export * from "./api-full.mjs";
