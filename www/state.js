// cfsign browser page: the state the modules share. ES module bindings are read-only for
// importers, so the shared mutable values live on this one object.

export const page = {
  SIGNING_PARAMS: new Set(), // the package's list, once loaded

  cf: null, // the WebAssembly package's exports, once loaded
  full: null, // the full build's exports (the distribution doctor), once loaded
  keyGroup: null, // cf.KeyGroup of the valid rows
  keyRows: [], // [{ id, pem }] as typed
  rowSeq: 0,

  lastVerdictKey: "",
  timeNodes: null, // what refreshTimes() updates every second
  updates: 0, // the latest update(); an older one still verifying draws nothing

  signState: { generatedFor: null, publicPem: null }, // the key pair generated here, if any
  lastSigned: null,
};

/*
 * What one module asks of the modules that import it goes through these events, never through a
 * back-import (which would make an import cycle). app.js, which imports every module, wires them:
 *   "keys-changed"  keys.js: the trusted keys changed (the verdict is out of date)
 *   "show-check"    sign.js: the check tab's fields are filled; show it and verify
 */
const events = new EventTarget();

export function on(name, listener) {
  events.addEventListener(name, () => listener());
}

export function emit(name) {
  events.dispatchEvent(new Event(name));
}
