// Types of cfsign/full: the declarations wasm-bindgen writes for the full build (the API of
// cfsign, plus the on-call tools and the distribution doctor), without its init functions.
export * from "./full/cfsign.js";
