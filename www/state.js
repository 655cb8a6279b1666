// cfsign browser page: the state the modules share. ES module bindings are read-only for
// importers, so the shared mutable values live on this one object.

export const page = {
  SIGNING_PARAMS: new Set(), // the package's list, once loaded

  cf: null, // the WebAssembly package's exports, once loaded
  keyGroup: null, // cf.KeyGroup of the valid rows
  keyRows: [], // [{ id, pem }] as typed
  rowSeq: 0,

  lastVerdictKey: "",
  timeNodes: null, // what refreshTimes() updates every second
  updates: 0, // the latest update(); an older one still verifying draws nothing

  signState: { generatedFor: null, publicPem: null }, // the key pair generated here, if any
  lastSigned: null,
};
