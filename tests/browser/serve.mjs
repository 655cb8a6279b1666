// A tiny static file server for www/: 127.0.0.1 only, correct MIME types (application/wasm for the
// module), no directory listings, nothing outside the root.
//
//   node tests/browser/serve.mjs [PORT] [ROOT]    (PORT 0 or unset: a free port; ROOT default ../../www)
//
// Used by the browser tests (startServer) and handy for `make demo`.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const WWW = path.resolve(here, "../../www");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
};

/** Starts the server; resolves to { url, port, close() }. */
export function startServer({ root = WWW, port = 0, host = "127.0.0.1", log = false } = {}) {
  const base = path.resolve(root);
  const server = http.createServer((req, res) => {
    const send = (status, body, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return send(405, "method not allowed\n");
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      return send(400, "bad request\n");
    }
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.resolve(base, `.${rel}`);
    if (file !== base && !file.startsWith(base + path.sep)) return send(403, "forbidden\n");
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return send(404, "not found\n");
      if (log) console.log(`${req.method} ${req.url}`);
      res.writeHead(200, {
        "Content-Type": TYPES[path.extname(file).toLowerCase()] || "application/octet-stream",
        "Content-Length": st.size,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
      });
      if (req.method === "HEAD") return res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({
        url: `http://${host}:${p}/`,
        port: p,
        close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] || process.env.PORT || 0);
  const root = process.argv[3] || WWW;
  if (!fs.existsSync(path.join(root, "pkg", "lite", "cfsign_bg.wasm"))) {
    console.error(`${path.join(root, "pkg", "lite", "cfsign_bg.wasm")} is missing: run make wasm first`);
    process.exit(1);
  }
  const srv = await startServer({ root, port, log: true });
  console.log(`cfsign page: ${srv.url}  (serving ${path.resolve(root)}; Ctrl-C to stop)`);
}
