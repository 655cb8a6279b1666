// Types of cfsign/full: the same API as cfsign.
export * from "./index.js";
