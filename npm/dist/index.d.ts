// Types of the cfsign package (every entry exports the same API): the declarations wasm-bindgen
// writes for the lite build (from bindings/src/*.rs and bindings/src/cfsign.d.ts), without its
// init functions, which `make package` leaves out (the entries initialise the module).
export * from "./lite/cfsign.js";
