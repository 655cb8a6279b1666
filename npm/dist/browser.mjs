// cfsign in browsers and bundlers (the `browser` and `default` conditions): the lite build, its
// WebAssembly fetched from beside this file (bundlers such as vite copy it, seeing `new URL`);
// WebCrypto signs (the asynchronous calls).
import init from "./lite/cfsign.js";

await init({ module_or_path: new URL("./lite/cfsign_bg.wasm", import.meta.url) });

export * from "./api-lite.mjs";
