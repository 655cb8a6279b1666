// cfsign browser page: the "Access logs" tab. A dropped CloudFront log (.gz or plain; standard,
// v2 JSON lines, or real-time with its fields) is analysed by logs-worker.js with the package's
// analyzeLogs; the report comes back and is drawn here: counts, verdicts over time, keys and
// rotation, status mismatches, the top denied paths. Nothing leaves the page.

import { $, h } from "./dom.js";
import { page } from "./state.js";

let worker = null;

/** Starts the worker and resolves once it has loaded the package (before the network is locked). */
export function startLogsWorker() {
  return new Promise((resolve) => {
    try {
      worker = new Worker(new URL("./logs-worker.js", import.meta.url), { type: "module" });
    } catch {
      worker = null;
      resolve(false);
      return;
    }
    const first = (e) => {
      worker.removeEventListener("message", first);
      resolve(e.data?.type === "ready");
    };
    worker.addEventListener("message", first);
    worker.addEventListener("message", onMessage);
  });
}

function publicKeys() {
  const keys = {};
  for (const row of page.keyRows) {
    const id = row.id.trim();
    const pem = row.pem.trim();
    if (id && pem && !/PRIVATE KEY/.test(pem)) keys[id] = pem;
  }
  return keys;
}

function setStatus(text, error = false) {
  const s = $("logs-status");
  s.textContent = text;
  s.classList.toggle("field-msg", error);
}

function start(file) {
  if (!file) return;
  if (!worker) {
    setStatus("This browser cannot run the log analysis (no module workers).", true);
    return;
  }
  const keys = publicKeys();
  if (Object.keys(keys).length === 0) {
    setStatus("Add your public keys first (Check tab, “Public keys”): the log's signatures are verified with them.", true);
    return;
  }
  $("logs-result").hidden = true;
  $("logs-progress").value = 0;
  $("logs-progress").hidden = false;
  setStatus(`Reading ${file.name}…`);
  worker.postMessage({ file, publicKeys: keys, fields: $("logs-fields").value.trim() || null });
}

function onMessage(e) {
  const m = e.data;
  if (m.type === "progress") {
    $("logs-progress").value = m.total ? m.read / m.total : 1;
  } else if (m.type === "report") {
    $("logs-progress").value = 1;
    setStatus(`Done: ${m.report.requests} requests.`);
    render(m.report);
  } else if (m.type === "error") {
    $("logs-progress").hidden = true;
    setStatus(`Could not read the log: ${m.message}`, true);
  }
}

const row = (label, value) => h("div", { class: "logs-fact" }, h("dt", {}, label), h("dd", {}, String(value)));

function exampleText(x) {
  return `${x.time} · ${x.status ?? "-"} · ${x.path} · ${x.clientIp ?? "-"} · ${x.edgeLocation || "-"} → ${x.verdict}`;
}

/** Verdicts over time: one stacked bar per hour (allowed, denied, truncated, unsigned), SVG. */
function chart(timeline) {
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(NS, "svg");
  const W = 640;
  const H = 180;
  svg.setAttribute("viewBox", `0 0 ${W} ${H + 24}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("class", "logs-chart");
  const max = Math.max(1, ...timeline.map((b) => b.allowed + b.denied + b.truncated + b.unsigned));
  // Bars at their hour: an hour with no request is a gap.
  const hourOf = (b) => Date.parse(b.hour) / 3600e3;
  const first = timeline.length ? hourOf(timeline[0]) : 0;
  const span = timeline.length ? hourOf(timeline[timeline.length - 1]) - first + 1 : 1;
  const bw = W / Math.max(1, span);
  const el = (tag, attrs) => {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    return n;
  };
  timeline.forEach((b) => {
    const i = hourOf(b) - first;
    let y = H;
    for (const kind of ["allowed", "denied", "truncated", "unsigned"]) {
      const hgt = (b[kind] / max) * H;
      if (hgt <= 0) continue;
      y -= hgt;
      const r = el("rect", { x: i * bw, y, width: Math.max(1, bw * 0.9), height: hgt, class: `bar-${kind}` });
      const t = el("title", {});
      t.textContent = `${b.hour}: ${b[kind]} ${kind}`;
      r.append(t);
      svg.append(r);
    }
  });
  if (timeline.length) {
    const start = el("text", { x: 0, y: H + 16, class: "axis" });
    start.textContent = timeline[0].hour;
    const end = el("text", { x: W, y: H + 16, class: "axis", "text-anchor": "end" });
    end.textContent = timeline[timeline.length - 1].hour;
    svg.append(start, end);
  }
  const total = timeline.reduce((n, b) => n + b.allowed + b.denied, 0);
  svg.setAttribute("aria-label", `Verdicts per hour over ${span} hours: ${total} signed requests`);
  return svg;
}

function render(r) {
  $("logs-counts").replaceChildren(
    row("Requests", r.requests), row("Signed", r.signed), row("Unsigned", r.unsigned), row("Denied", r.denied),
    row("allowed but 403", r.statusMismatch.allowedBut403), row("denied but served", r.statusMismatch.deniedButServed),
    row("Skipped lines", r.badLines),
  );
  $("logs-verdicts").replaceChildren(...Object.entries(r.verdicts).map(([code, n]) =>
    h("li", { "data-code": code }, h("code", {}, code), ` ${n}`)));
  $("logs-chart").replaceChildren(chart(r.timeline),
    h("p", { class: "hint logs-legend" },
      h("span", { class: "key-allowed" }, "allowed"), " ", h("span", { class: "key-denied" }, "denied"), " ",
      h("span", { class: "key-truncated" }, "truncated"), " ", h("span", { class: "key-unsigned" }, "unsigned")));
  $("logs-keys").replaceChildren(...r.keys.map((k, i) => {
    const rot = r.rotation[i];
    const advice = rot.status === "still_in_use" ? `still in use (until ${rot.after})`
      : rot.status === "safe_to_remove_after" ? `safe to remove after ${rot.after}` : "no valid signature seen";
    return h("li", { "data-key-id": k.id, "data-rotation": rot.status },
      h("code", {}, k.id), ` ${k.requests} requests, ${k.firstSeen} to ${k.lastSeen}; `, h("strong", {}, advice));
  }));
  const mismatch = [];
  if (r.statusMismatch.deniedButServedExample) {
    mismatch.push(h("p", { class: "banner banner-error" }, "Denied by the signature, yet served: this path is not restricted (a public hole). e.g. ",
      exampleText(r.statusMismatch.deniedButServedExample)));
  }
  if (r.statusMismatch.allowedBut403Example) {
    mismatch.push(h("p", { class: "banner banner-warn" }, "Allowed by the signature, yet answered 403: look at the cache behavior or the origin (cfsign doctor). e.g. ",
      exampleText(r.statusMismatch.allowedBut403Example)));
  }
  $("logs-mismatch").replaceChildren(...mismatch);
  $("logs-top").replaceChildren(...r.top.paths.map((t) =>
    h("li", {}, h("code", {}, t.key), ` ${t.count} denied; e.g. ${exampleText(t.example)}`)));
  $("logs-result").hidden = false;
}

export function setupLogs() {
  const input = $("logs-file");
  input.addEventListener("change", () => start(input.files[0]));
  const zone = $("logs-drop");
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("dragging");
    start(e.dataTransfer?.files?.[0]);
  });
}
