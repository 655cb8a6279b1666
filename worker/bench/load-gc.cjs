// Preloaded into the handler's Node process by `make load` (bench/load.mjs, through NODE_OPTIONS
// with --expose-gc): a full garbage collection on SIGUSR2, so that the RSS read from /proc after
// each run is the memory still held, not garbage V8 has not collected yet. Nothing else.
process.on("SIGUSR2", () => {
  globalThis.gc?.();
  globalThis.gc?.();
});
