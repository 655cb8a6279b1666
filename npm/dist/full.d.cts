// Types of cfsign/full for `require`: the same API as cfsign.
export * from "./index.cjs";
