// The load client of `make load` (bench/load.mjs): N requests from a pool of C concurrent workers
// over keep-alive connections (node:http, one agent of C sockets), the raw ones each on its own
// connection. Counts statuses per kind, 5xx, connection errors and unexpected statuses, and keeps
// every latency (ms, from the first byte written to the last byte read).

import http from "node:http";
import net from "node:net";

const REQUEST_TIMEOUT_MS = 30_000;

/** When each keep-alive socket last finished a response (for the idle time of a failed reuse). */
const lastUse = new WeakMap();

/**
 * One request of the pool: resolves to { status } or { error, idleMs } (how long its socket had
 * been idle, null for a new one).
 */
function send(agent, port, spec) {
  return new Promise((resolve) => {
    let idleMs = null;
    let socket = null;
    let req;
    try {
      req = http.request({ agent, host: "127.0.0.1", port, method: spec.method, path: spec.path, headers: spec.headers }, (res) => {
      res.on("data", () => {});
      res.on("end", () => {
        if (socket) lastUse.set(socket, Date.now());
        resolve({ status: res.statusCode });
      });
      res.on("error", (e) => resolve({ error: e.code ?? e.message, idleMs }));
      });
    } catch (e) {
      resolve({ error: `client refused: ${e.code ?? e.message}` });
      return;
    }
    req.on("socket", (s) => {
      socket = s;
      idleMs = lastUse.has(s) ? Date.now() - lastUse.get(s) : null;
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error("timeout")));
    req.on("error", (e) => resolve({ error: e.code ?? e.message, idleMs }));
    req.end(spec.body);
  });
}

/**
 * Raw bytes on a new connection: the status of the answer, or null for none. Half-closed after
 * the bytes when `halfClose` (a body that ends early); else closed once the status line is in
 * (Node's server drops the answer to a request whose client has half-closed).
 */
function sendRaw(port, raw, halfClose) {
  return new Promise((resolve) => {
    const chunks = [];
    const s = net.connect(port, "127.0.0.1", () => (halfClose ? s.end(raw) : s.write(raw)));
    s.on("data", (c) => {
      chunks.push(c);
      if (!halfClose && /^HTTP\/1\.[01] \d{3}/.test(Buffer.concat(chunks).toString("latin1"))) s.destroy();
    });
    s.on("error", () => {}); // a reset after the server closed on us: judged by what was read
    s.on("close", () => {
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(Buffer.concat(chunks).toString("latin1"));
      resolve({ status: m ? Number(m[1]) : null });
    });
    s.setTimeout(REQUEST_TIMEOUT_MS, () => s.destroy());
  });
}

/**
 * Sends `total` requests, `make(i)` building the i-th, `concurrency` at a time, stopping at
 * `deadline` (ms since the epoch). Returns the counts and the sorted latencies.
 */
export async function runLoad({ port, total, concurrency, make, deadline }) {
  // FIFO: every socket is reused in turn. With Node's default (LIFO) the few sockets beyond the
  // busy ones sit idle, reach the server's 5 s keep-alive timeout, and a reuse racing the
  // server's close is reset: a client-side race, not the handler's.
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency, scheduling: "fifo" });
  const latencies = [];
  const byKind = {};
  const failures = []; // the first few, for the report
  const counts = { sent: 0, done: 0, status5xx: 0, connErrors: 0, unexpected: 0, noAnswer: 0, timedOut: false };
  let next = 0;
  const start = process.hrtime.bigint();

  const note = (what, i, spec, got) => {
    if (failures.length < 20) failures.push({ what, i, kind: spec.kind, method: spec.method, path: spec.path?.slice(0, 120), got });
  };

  async function worker() {
    for (;;) {
      if (Date.now() > deadline) {
        counts.timedOut = true;
        return;
      }
      const i = next++;
      if (i >= total) return;
      const spec = make(i);
      counts.sent++;
      const t0 = process.hrtime.bigint();
      const r = spec.raw ? await sendRaw(port, spec.raw, spec.halfClose ?? true) : await send(agent, port, spec);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      counts.done++;
      const k = (byKind[spec.kind] ??= { n: 0, statuses: {} });
      k.n++;
      const key = r.error ? `error:${r.error}` : String(r.status);
      k.statuses[key] = (k.statuses[key] ?? 0) + 1;
      if (r.error) {
        counts.connErrors++;
        note("connection error", i, spec, r.idleMs == null ? r.error : `${r.error} (socket idle ${r.idleMs} ms)`);
        continue;
      }
      if (r.status === null) counts.noAnswer++;
      if (r.status >= 500) {
        counts.status5xx++;
        note("5xx", i, spec, r.status);
      }
      if (!spec.expect.includes(r.status)) {
        counts.unexpected++;
        note("unexpected status", i, spec, r.status);
      }
    }
  }

  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return {
    ...counts,
    seconds,
    rps: counts.done / seconds,
    latency_ms: { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: sorted[sorted.length - 1] },
    byKind,
    failures,
  };
}
