// The two HTTP servers of the video test, on 127.0.0.1: the media origin (the folder tests/video/
// media.sh made, with the Content-Types a CDN origin gives), and the site the viewer opens: the
// player's page with hls.js and dash.js from the workspace's node_modules, and every other path
// passed to the guard as it is (one host for the page and the media, as a CDN serves both, so
// that the browser shows the guard's statuses; a 403 without CORS headers would show as a
// network error). Each records what it is asked; the site also the guard's answers.

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT_MODULES = path.resolve(here, "../../node_modules");

const TYPES = {
  ".m3u8": "application/vnd.apple.mpegurl",
  ".mpd": "application/dash+xml",
  ".m4s": "video/iso.segment",
  ".mp4": "video/mp4",
  ".bin": "application/octet-stream",
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
};

function listen(handler) {
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    handler(req, res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) }),
    );
  });
}

function sendFile(res, file, method, extra = {}) {
  let body;
  try {
    body = fs.readFileSync(file);
  } catch {
    res.writeHead(404, { "content-type": "text/plain", ...extra });
    return res.end("not found");
  }
  res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "content-length": body.length, ...extra });
  res.end(method === "HEAD" ? undefined : body);
}

/** The media origin: GET /media/... from `dir`. */
export function mediaOrigin(dir) {
  return listen((req, res) => {
    const { pathname } = new URL(req.url, "http://origin.invalid");
    const rel = decodeURIComponent(pathname).replace(/^\/media\//, "");
    const file = path.resolve(dir, rel);
    if (!pathname.startsWith("/media/") || !file.startsWith(dir + path.sep)) {
      res.writeHead(404);
      return res.end();
    }
    sendFile(res, file, req.method);
  });
}

/** The player's page and the players; anything else from `target()` (the guard's URL), recorded. */
export async function playerSite(target) {
  const files = {
    "/player.html": path.join(here, "player.html"),
    "/vendor/hls.min.js": path.join(ROOT_MODULES, "hls.js", "dist", "hls.min.js"),
    "/vendor/dash.all.min.js": path.join(ROOT_MODULES, "dashjs", "dist", "modern", "umd", "dash.all.min.js"),
  };
  const answers = [];
  const site = await listen(async (req, res) => {
    const file = files[new URL(req.url, "http://site.invalid").pathname];
    if (file) return sendFile(res, file, req.method);
    // The request line as the browser sent it (never re-encoded), and the headers but Host.
    const headers = { ...req.headers };
    delete headers.host;
    let r;
    try {
      r = await fetch(`${target()}${req.url}`, { method: req.method, headers, redirect: "manual" });
    } catch {
      res.writeHead(502);
      return res.end();
    }
    const body = Buffer.from(await r.arrayBuffer());
    if (req.url.startsWith("/media/")) answers.push({ url: req.url, status: r.status, cookie: req.headers.cookie ?? null, playlist: r.headers.get("x-cfsign-playlist") });
    const out = {};
    for (const [k, v] of r.headers) if (!["content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding"].includes(k)) out[k] = v;
    res.writeHead(r.status, { ...out, "content-length": body.length });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return { ...site, answers };
}
