// cfsign browser page: the validity window of the decoded policy, and its times.

import { $, h, utcText, localText, duration, relative } from "./dom.js";
import { page } from "./state.js";

/* ---------------------------------------------------------------- timeline */

export function renderTimeline(d, nowMs) {
  const tl = $("timeline");
  const times = $("times");
  const p = d.policy;
  if (!p) {
    tl.replaceChildren(h("p", { class: "hint" }, "No readable policy, so no validity window."));
    times.replaceChildren();
    return;
  }
  const track = h("div", { class: "tl-track" });
  const bands = {
    before: h("div", { class: "tl-band tl-before" }),
    valid: h("div", { class: "tl-band tl-valid" }),
    after: h("div", { class: "tl-band tl-after" }),
  };
  const mark = (cls, label) => h("div", { class: `tl-mark ${cls}` }, h("span", { class: "tl-label" }, label));
  const marks = {
    start: p.dateGreaterThan !== null ? mark("tl-start", "starts") : null,
    end: mark("tl-end", "expires"),
    now: mark("tl-now", "now"),
  };
  track.append(bands.before, bands.valid, bands.after, ...Object.values(marks).filter(Boolean));
  const state = h("p", { class: "tl-state" });
  tl.replaceChildren(state, track);
  tl.setAttribute("role", "group");
  tl.setAttribute("aria-label", "Validity window");

  const row = (k) => {
    const utc = h("span", { class: "t-utc" });
    const loc = h("span", { class: "t-local" });
    const rel = h("span", { class: "t-rel" });
    times.append(h("div", { class: "time-row" }, h("dt", null, k), h("dd", null, utc, loc, rel)));
    return { utc, loc, rel };
  };
  times.replaceChildren();
  const rows = {
    start: p.dateGreaterThan !== null ? row("Starts") : null,
    end: row("Expires"),
    now: row($("now-live").checked ? "Now" : "Tested at"),
  };
  if (!rows.start) times.prepend(h("div", { class: "time-row" }, h("dt", null, "Starts"), h("dd", null, h("span", null, "at once (no start time)"))));
  page.timeNodes = { p, bands, marks, rows, state, track };
  refreshTimes(nowMs);
}

export function refreshTimes(nowMs) {
  if (!page.timeNodes) return;
  const { p, bands, marks, rows, state } = page.timeNodes;
  const nowSec = Math.floor(nowMs / 1000);
  const end = p.dateLessThan;
  const start = p.dateGreaterThan;

  // the visible range: every point of interest, with a margin
  const pts = [nowSec, end, ...(start !== null ? [start] : [])];
  let lo = Math.min(...pts);
  let hi = Math.max(...pts);
  const span = Math.max(hi - lo, 120);
  lo -= span * 0.12;
  hi += span * 0.12;
  if (start === null) lo -= span * 0.15; // room for "valid since signing"
  const pos = (t) => Math.min(100, Math.max(0, ((t - lo) / (hi - lo)) * 100));
  const setX = (el, a, b) => {
    el.style.setProperty("--from", `${a}%`);
    if (b !== undefined) el.style.setProperty("--to", `${b}%`);
  };
  const s = start !== null ? pos(start) : 0;
  const e = pos(end);
  setX(bands.before, 0, s);
  bands.before.hidden = start === null;
  setX(bands.valid, s, e);
  setX(bands.after, e, 100);
  for (const [name, t] of [["start", start], ["end", end], ["now", nowSec]]) {
    const m = marks[name];
    if (!m) continue;
    const x = pos(t);
    setX(m, x);
    m.classList.toggle("edge-left", x < 12);
    m.classList.toggle("edge-right", x > 88);
  }
  if (marks.start) marks.start.classList.toggle("crowded", Math.abs(pos(start) - e) < 14);

  const fill = (r, t) => {
    r.utc.textContent = utcText(t);
    r.loc.textContent = localText(t);
    r.rel.textContent = relative(t, nowSec);
  };
  if (rows.start) fill(rows.start, start);
  fill(rows.end, end);
  rows.now.utc.textContent = utcText(nowSec);
  rows.now.loc.textContent = localText(nowSec);
  if ($("now-live").checked) rows.now.rel.textContent = "";
  else {
    const ahead = nowSec - Math.floor(Date.now() / 1000);
    rows.now.rel.textContent = Math.abs(ahead) < 1 ? "the current time" : `${duration(ahead)} ${ahead > 0 ? "from now" : "ago"}`;
  }

  let text;
  let cls;
  if (start !== null && nowSec < start) {
    text = `Not valid yet: starts ${relative(start, nowSec)}`;
    cls = "tl-state-wait";
  } else if (nowSec >= end) {
    text = `Expired ${duration(nowSec - end)} ago`;
    cls = "tl-state-bad";
  } else {
    text = `Valid now: expires in ${duration(end - nowSec)}`;
    cls = "tl-state-ok";
  }
  state.textContent = text;
  state.className = `tl-state ${cls}`;
}
