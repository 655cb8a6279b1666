// cfsign browser page: the access-log analysis, off the main thread. Loads cfsign/logs (the
// package's full build, from pkg/) when the page starts, so that nothing is fetched later; then
// for each dropped file: gzip or not (by its magic bytes), DecompressionStream, lines, and the
// package's analyzeLogs. Progress is the share of the file's bytes read.

let analyzeLogs = null;

/** Where each gzip member starts: offsets of a gzip header (1f 8b, deflate, no reserved flag). */
async function memberStarts(file) {
  const starts = [0];
  const reader = file.stream().getReader();
  let offset = 0;
  let tail = new Uint8Array(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // The last 3 bytes of the previous chunk, so that a header across chunks is seen.
    const b = new Uint8Array(tail.length + value.length);
    b.set(tail);
    b.set(value, tail.length);
    const base = offset - tail.length;
    for (let i = 0; i + 3 < b.length; i++) {
      if (b[i] === 0x1f && b[i + 1] === 0x8b && b[i + 2] === 8 && (b[i + 3] & 0xe0) === 0) {
        const at = base + i;
        if (at > starts[starts.length - 1] + 18) starts.push(at);
      }
    }
    offset += value.length;
    tail = b.slice(Math.max(0, b.length - 3));
  }
  return starts;
}

/**
 * The file's bytes, decompressed: DecompressionStream takes one gzip member, and CloudFront's
 * files (and files concatenated with cat) may hold several, so each member is decompressed on
 * its own. A header-like run inside compressed data would cut a member short: its
 * decompression then fails, and the error says the file is damaged.
 */
async function* gunzip(file, count) {
  const starts = await memberStarts(file);
  for (let m = 0; m < starts.length; m++) {
    const part = file.slice(starts[m], starts[m + 1] ?? file.size);
    const reader = count(part.stream()).pipeThrough(new DecompressionStream("gzip")).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield value;
    }
  }
}

async function* plain(file, count) {
  const reader = count(file.stream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    yield value;
  }
}

async function* linesOf(chunks) {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of chunks) {
    const parts = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = parts.pop();
    yield* parts;
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

async function analyze({ file, publicKeys, fields }) {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  let read = 0;
  let last = 0;
  const count = (stream) => stream.pipeThrough(new TransformStream({
    transform(chunk, controller) {
      read += chunk.byteLength;
      if (read - last > 1 << 20) {
        last = read;
        postMessage({ type: "progress", read, total: file.size });
      }
      controller.enqueue(chunk);
    },
  }));
  const options = { publicKeys };
  if (fields) options.fields = fields;
  const report = await analyzeLogs(linesOf(gzip ? gunzip(file, count) : plain(file, count)), options);
  postMessage({ type: "progress", read: file.size, total: file.size });
  return report;
}

onmessage = async (e) => {
  try {
    const report = await analyze(e.data);
    postMessage({ type: "report", report });
  } catch (err) {
    postMessage({ type: "error", message: String(err?.message ?? err), code: err?.code ?? null });
  }
};

import("./pkg/logs-browser.mjs").then(
  (m) => {
    analyzeLogs = m.analyzeLogs;
    postMessage({ type: "ready" });
  },
  (err) => postMessage({ type: "failed", message: String(err?.message ?? err) }),
);
