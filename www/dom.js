// cfsign browser page: DOM helpers, times, field messages and the clipboard.

export const $ = (id) => document.getElementById(id);

/** Builds an element: h("p", { class: "x" }, "text", child). Text is always set as text, never as HTML. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/* ------------------------------------------------------------------ times */

const localFmt = new Intl.DateTimeFormat(undefined, {
  year: "numeric", month: "short", day: "numeric",
  hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short",
});

export function utcText(sec) {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return String(sec);
  return d.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
}
export function localText(sec) {
  const d = new Date(sec * 1000);
  return Number.isNaN(d.getTime()) ? "" : localFmt.format(d);
}

/** "3 h 12 min", "2 days", "45 s". */
export function duration(sec) {
  sec = Math.abs(Math.round(sec));
  const plural = (n, w) => `${n} ${w}${n === 1 ? "" : "s"}`;
  if (sec < 60) return `${sec} s`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min} min`;
  const hours = Math.floor(min / 60);
  if (hours < 24) return min % 60 ? `${hours} h ${min % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  if (days < 2) return hours % 24 ? `1 day ${hours % 24} h` : "1 day";
  if (days < 730) return plural(days, "day");
  return plural(Math.floor(days / 365.25), "year");
}
/** "in 3 h 12 min" or "2 days ago". */
export function relative(sec, nowSec) {
  const d = sec - nowSec;
  if (d === 0) return "right now";
  return d > 0 ? `in ${duration(d)}` : `${duration(d)} ago`;
}

/** A Date as a datetime-local value, in the viewer's time zone, to the second. */
export function toLocalInput(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
/** A datetime-local value as milliseconds, or NaN. */
export function fromLocalInput(value) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return NaN;
  return new Date(value).getTime();
}

/* ------------------------------------------------------------- field messages */

/** Shows `text` next to the field (the element with id `${field.id}-msg`); empty text hides it. */
export function setMsg(field, text, kind = "error") {
  const msg = $(`${field.id}-msg`);
  if (!msg) return;
  msg.replaceChildren();
  if (Array.isArray(text)) {
    text = text.filter(Boolean);
    if (text.length > 1) msg.append(h("ul", null, text.map((t) => h("li", null, t))));
    else text = text[0] || "";
  }
  if (typeof text === "string") msg.textContent = text;
  const shown = Array.isArray(text) ? text.length > 0 : Boolean(text);
  msg.hidden = !shown;
  msg.className = `field-msg ${kind}`;
  if (shown && kind === "error") field.setAttribute("aria-invalid", "true");
  else field.removeAttribute("aria-invalid");
}

export function errText(e) {
  if (e && typeof e.message === "string" && e.message) return e.message;
  return String(e);
}

/* ------------------------------------------------------------------- copy */

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = h("textarea", { class: "offscreen", readonly: true, "aria-hidden": "true" });
    ta.value = text;
    document.body.append(ta);
    ta.select();
    let ok = false;
    try {
      ok = document.execCommand("copy");
    } catch {
      ok = false;
    }
    ta.remove();
    return ok;
  }
}
