// cfsign/logs in browsers, workers and bundlers: analyzeLogs over the full build, its
// WebAssembly fetched from beside this file; signatures checked in Rust (synchronously).
import init, { __LogAnalysis } from "./full/cfsign.js";
import { makeAnalyzeLogs } from "./logs.mjs";

await init({ module_or_path: new URL("./full/cfsign_bg.wasm", import.meta.url) });

export const analyzeLogs = makeAnalyzeLogs(__LogAnalysis);
