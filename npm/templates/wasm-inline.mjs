// The WebAssembly module's bytes, inline, so that any host and any bundler loads them with nothing
// beside this file. Written by `make package` (scripts/package.mjs) from npm/templates/wasm-inline.mjs,
// the module's base64 in place of the placeholder.
const b64 = "WASM_BASE64";
export const wasm = typeof Buffer === "function"
  ? Buffer.from(b64, "base64")
  : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
