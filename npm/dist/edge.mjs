// cfsign on Vercel's edge runtime (the `edge-light` condition): the lite build, its WebAssembly
// inline; no node:crypto there, so WebCrypto signs (the asynchronous calls).
import { initSync } from "./lite/cfsign.js";
import { wasm } from "./lite/wasm-inline.mjs";

initSync({ module: wasm });

export * from "./api-lite.mjs";
