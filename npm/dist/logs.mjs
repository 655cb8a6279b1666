// analyzeLogs: CloudFront access logs, every signed request decided again (cfsign/logs).
// Glue only: it hands batches of lines to the WebAssembly (bindings/src/logs.rs, the core's
// cfsign::logs) and awaits the signature checks only WebCrypto can make; every rule is in Rust.

/** `analyzeLogs` over the build's `__LogAnalysis`. */
export function makeAnalyzeLogs(LogAnalysis) {
  return async function analyzeLogs(lines, options = {}) {
    const { onProgress, batchLines = 4096, publicKeys, fields, ...rest } = options ?? {};
    // Options reach the WebAssembly as primitives only: the keys as two lists, a field list joined.
    const keys = publicKeys && typeof publicKeys === "object" ? Object.entries(publicKeys) : [];
    const analysis = new LogAnalysis(
      keys.map(([id]) => String(id)),
      keys.map(([, pem]) => String(pem)),
      { ...rest, fields: Array.isArray(fields) ? fields.join(",") : fields },
    );
    try {
      let batch = [];
      const flush = async () => {
        if (analysis.feed(batch) > 0) await analysis.settle();
        analysis.commit();
        batch = [];
        if (typeof onProgress === "function") {
          const [lines, requests] = analysis.progress();
          onProgress({ lines, requests });
        }
      };
      for await (const chunk of lines) {
        const text = String(chunk);
        if (text.includes("\n")) {
          const parts = text.split("\n");
          if (parts[parts.length - 1] === "") parts.pop();
          for (const part of parts) batch.push(part);
        } else {
          batch.push(text);
        }
        if (batch.length >= batchLines) await flush();
      }
      await flush();
      return analysis.report();
    } finally {
      analysis.free();
    }
  };
}
