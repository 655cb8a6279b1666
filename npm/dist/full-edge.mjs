// cfsign/full on Vercel's edge runtime: as edge.mjs, with the full build (Rust's RSA/ECDSA and
// encrypted keys: the synchronous calls work there).
import { initSync } from "./full/cfsign.js";
import { wasm } from "./full/wasm-inline.mjs";

initSync({ module: wasm });

export * from "./api-full.mjs";
