// cfsign/full on Cloudflare Workers: as workerd.mjs, with the full build (Rust's RSA/ECDSA and
// encrypted keys: the synchronous calls work without nodejs_compat).
import { initSync, __installHostCrypto } from "./full/cfsign.js";
import wasm from "./full/cfsign_bg.wasm";
import { nodeHost } from "./host-node.mjs";

initSync({ module: wasm });
// node:crypto where the host gives it (workerd with nodejs_compat), else Rust's crypto.
const crypto = globalThis.process?.getBuiltinModule?.("node:crypto");
if (typeof crypto?.createPrivateKey === "function") __installHostCrypto(nodeHost(crypto));

export * from "./api-full.mjs";
