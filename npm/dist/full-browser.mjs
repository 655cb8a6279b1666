// cfsign/full in browsers and bundlers: as browser.mjs, with the full build (Rust's RSA/ECDSA and
// encrypted keys: the synchronous calls work there).
import init from "./full/cfsign.js";

await init({ module_or_path: new URL("./full/cfsign_bg.wasm", import.meta.url) });

export * from "./api-full.mjs";
