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
 * its own. A header-like run inside compressed data cuts a member short: its piece then fails to
 * decompress, so it is merged with the next piece and decompressed again, the output already
 * given skipped (decompression is deterministic). Only the last piece failing means the file
 * is damaged.
 */
async function* gunzip(file, count) {
  const starts = await memberStarts(file);
  for (let m = 0; m < starts.length; ) {
    let end = m + 1;
    let given = 0;
    for (;;) {
      const part = file.slice(starts[m], starts[end] ?? file.size);
      const reader = count(part.stream()).pipeThrough(new DecompressionStream("gzip")).getReader();
      let seen = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          const fresh = value.subarray(Math.min(value.length, Math.max(0, given - seen)));
          seen += value.length;
          if (fresh.length) {
            given += fresh.length;
            yield fresh;
          }
        }
        break;
      } catch (err) {
        if (end >= starts.length) throw err;
        end++;
      }
    }
    m = end;
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

/** The longest line kept, characters: a longer one is handed on once, cut, for the core to count
 * as a bad line (too long, over its MAX_LINE_BYTES), and the rest of it is skipped. */
const MAX_LINE = 1 << 20;

async function* linesOf(chunks) {
  const decoder = new TextDecoder();
  let rest = "";
  let skipping = false;
  for await (const chunk of chunks) {
    const text = decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let nl = text.indexOf("\n"); nl >= 0; nl = text.indexOf("\n", from)) {
      if (!skipping) yield rest + text.slice(from, nl);
      skipping = false;
      rest = "";
      from = nl + 1;
    }
    if (skipping) continue;
    rest += text.slice(from);
    if (rest.length > MAX_LINE) {
      yield rest;
      rest = "";
      skipping = true;
    }
  }
  rest += decoder.decode();
  if (rest && !skipping) yield rest;
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
        postMessage({ type: "progress", read: Math.min(read, file.size), total: file.size });
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
