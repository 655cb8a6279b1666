// Types of cfsign/full for `require`: the same declarations as full.d.ts, in the CommonJS copy
// that `make package` writes beside them (full/cfsign.d.cts).
export * from "./full/cfsign.cjs";
