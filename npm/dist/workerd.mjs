// cfsign on Cloudflare Workers (the `workerd` condition): the lite build, its WebAssembly a
// `.wasm` import that the deploy compiles; node:crypto signs where nodejs_compat gives it, else
// WebCrypto (the asynchronous calls).
import { initSync, __installHostCrypto } from "./lite/cfsign.js";
import wasm from "./lite/cfsign_bg.wasm";
import { nodeHost } from "./host-node.mjs";

initSync({ module: wasm });
// node:crypto where the host gives it (workerd with nodejs_compat), else WebCrypto only.
const crypto = globalThis.process?.getBuiltinModule?.("node:crypto");
if (typeof crypto?.createPrivateKey === "function") __installHostCrypto(nodeHost(crypto));

export * from "./api-lite.mjs";
