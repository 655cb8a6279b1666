// Types of the cfsign package for `require`: the same declarations as index.d.ts, in the CommonJS
// copy that `make package` writes beside them (lite/cfsign.d.cts; there is no lite/cfsign.cjs:
// TypeScript reads a .d.ts in a "type": "module" package as ESM, which a CommonJS file may not
// re-export).
export * from "./lite/cfsign.cjs";
