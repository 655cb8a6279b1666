// cfsign browser page: decode and verify CloudFront signed URLs and cookies, and sign test ones.
// Plain ES module, no bundler, no dependencies. Everything runs here; nothing is sent anywhere.

const KEYS_STORAGE = "cfsign.publicKeys.v1";
let SIGNING_PARAMS = new Set(); // the package's list, once loaded

let cf = null; // the WebAssembly package's exports, once loaded
let keyGroup = null; // cf.KeyGroup of the valid rows
let keyRows = []; // [{ id, pem }] as typed
let rowSeq = 0;

const $ = (id) => document.getElementById(id);

/** Builds an element: h("p", { class: "x" }, "text", child). Text is always set as text, never as HTML. */
function h(tag, attrs, ...children) {
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

function utcText(sec) {
  const d = new Date(sec * 1000);
  if (Number.isNaN(d.getTime())) return String(sec);
  return d.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
}
function localText(sec) {
  const d = new Date(sec * 1000);
  return Number.isNaN(d.getTime()) ? "" : localFmt.format(d);
}

/** "3 h 12 min", "2 days", "45 s". */
function duration(sec) {
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
function relative(sec, nowSec) {
  const d = sec - nowSec;
  if (d === 0) return "right now";
  return d > 0 ? `in ${duration(d)}` : `${duration(d)} ago`;
}

/** A Date as a datetime-local value, in the viewer's time zone, to the second. */
function toLocalInput(ms) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
/** A datetime-local value as milliseconds, or NaN. */
function fromLocalInput(value) {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value)) return NaN;
  return new Date(value).getTime();
}

/* ------------------------------------------------------------- field messages */

/** Shows `text` next to the field (the element with id `${field.id}-msg`); empty text hides it. */
function setMsg(field, text, kind = "error") {
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

function errText(e) {
  if (e && typeof e.message === "string" && e.message) return e.message;
  return String(e);
}

/* ------------------------------------------------------------------ keys */

function loadKeys() {
  let saved = [];
  try {
    saved = JSON.parse(localStorage.getItem(KEYS_STORAGE) || "[]");
  } catch {
    saved = [];
  }
  if (!Array.isArray(saved)) saved = [];
  keyRows = saved
    .filter((k) => k && typeof k.id === "string" && typeof k.pem === "string" && !/PRIVATE KEY/.test(k.pem))
    .map((k) => ({ key: ++rowSeq, id: k.id, pem: k.pem }));
  if (keyRows.length === 0) keyRows.push({ key: ++rowSeq, id: "", pem: "" });
}

/** Stores the rows that hold a valid public key, and nothing else. */
function saveKeys(valid) {
  try {
    localStorage.setItem(KEYS_STORAGE, JSON.stringify(valid.map(({ id, pem }) => ({ id, pem }))));
  } catch {
    /* storage full or disabled: the keys still work for this visit */
  }
}

function pemKind(pem) {
  const m = /-----BEGIN PUBLIC KEY-----([\s\S]*?)-----END PUBLIC KEY-----/.exec(pem);
  if (!m) return /BEGIN RSA PUBLIC KEY/.test(pem) ? "RSA 2048" : "";
  try {
    const n = atob(m[1].replace(/\s+/g, "")).length;
    return n < 120 ? "ECDSA P-256" : "RSA 2048";
  } catch {
    return "";
  }
}

/** Rebuilds the key group from the rows, shows each row's state, stores the valid ones. */
function rebuildKeyGroup() {
  // The previous group may still be verifying: it is left to the garbage collector.
  keyGroup = new cf.KeyGroup();
  const valid = [];
  const seen = new Map();
  for (const row of keyRows) {
    const li = document.querySelector(`li[data-key="${row.key}"]`);
    const idField = li?.querySelector("input");
    const pemField = li?.querySelector("textarea");
    const status = li?.querySelector(".key-status");
    const id = row.id.trim();
    const pem = row.pem.trim();
    let idErr = "";
    let pemErr = "";
    let ok = "";
    if (!id && !pem) {
      /* an empty row */
    } else if (!pem) {
      pemErr = "Paste the public key PEM for this ID.";
    } else if (!id) {
      idErr = "Enter the key ID CloudFront shows for this public key (for example K2JCJMDEHXQW5F).";
    } else {
      try {
        // Only the public key, re-encoded from the parsed key, is used and stored: nothing else
        // the pasted text holds. Text with private-key fields is refused by the package.
        const publicPem = cf.publicKeyPem(pem).trim();
        if (/PRIVATE KEY/.test(pem)) throw Object.assign(new Error("this is a private key"), { code: "private_key" });
        keyGroup.add(id, publicPem);
        valid.push({ id, pem: publicPem });
        const kind = pemKind(publicPem);
        ok = `Trusted${kind ? ` · ${kind}` : ""}`;
        if (seen.has(id)) ok += " · same ID as an earlier key: this one replaces it";
        seen.set(id, true);
      } catch (e) {
        pemErr = errText(e).replace(/^public key [^:]*: /, "");
        if (/^this is a private key/.test(pemErr)) {
          pemErr = "This is a private key: it was not used and not saved. Paste the public key (BEGIN PUBLIC KEY) instead; "
            + "openssl pkey -in private.pem -pubout prints it. Keep the private key on your server.";
        } else if (!/PEM|BEGIN/.test(pem)) pemErr = `Not a PEM public key: ${pemErr}`;
      }
    }
    if (idField) setMsg(idField, idErr);
    if (pemField) setMsg(pemField, pemErr);
    if (status) {
      status.textContent = ok;
      status.hidden = !ok;
    }
  }
  saveKeys(valid);
}

function renderKeyRows() {
  const list = $("keys");
  list.replaceChildren(
    ...keyRows.map((row, i) => {
      const n = i + 1;
      const idId = `key-id-${row.key}`;
      const pemId = `key-pem-${row.key}`;
      const idInput = h("input", {
        id: idId, type: "text", value: row.id, spellcheck: "false", autocomplete: "off", autocapitalize: "characters",
        placeholder: "K2JCJMDEHXQW5F", "aria-describedby": `${idId}-msg`,
      });
      const pemInput = h("textarea", {
        id: pemId, rows: "4", wrap: "off", spellcheck: "false", autocomplete: "off", autocapitalize: "off",
        placeholder: "-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----", "aria-describedby": `${pemId}-msg`,
      });
      pemInput.value = row.pem;
      idInput.addEventListener("input", () => { row.id = idInput.value; keysChanged(); });
      pemInput.addEventListener("input", () => { row.pem = pemInput.value; keysChanged(); });
      const remove = h("button", {
        type: "button", class: "small ghost", "aria-label": `Remove key ${n}`,
        onclick: () => {
          keyRows = keyRows.filter((r) => r !== row);
          if (keyRows.length === 0) keyRows.push({ key: ++rowSeq, id: "", pem: "" });
          renderKeyRows();
          keysChanged();
          const rows = $("keys").querySelectorAll("li");
          (rows[Math.min(i, rows.length - 1)]?.querySelector("input") || $("add-key")).focus();
        },
      }, "Remove");
      return h("li", { class: "key-row", "data-key": row.key },
        h("div", { class: "key-row-head" },
          h("span", { class: "key-n" }, `Key ${n}`),
          h("span", { class: "key-status", hidden: true }),
          remove),
        h("div", { class: "field" },
          h("label", { for: idId }, "Key ID"), idInput, h("p", { id: `${idId}-msg`, class: "field-msg", hidden: true })),
        h("div", { class: "field" },
          h("label", { for: pemId }, "Public key, PEM"), pemInput, h("p", { id: `${pemId}-msg`, class: "field-msg", hidden: true })));
    }),
  );
}

function keysChanged() {
  rebuildKeyGroup();
  update();
}

/** Adds (or fills) a key row with this ID, as the signing tab does. */
function putKey(id, pem) {
  let row = keyRows.find((r) => r.id.trim() === id);
  if (!row) row = keyRows.find((r) => !r.id.trim() && !r.pem.trim());
  if (!row) {
    row = { key: ++rowSeq, id: "", pem: "" };
    keyRows.push(row);
  }
  row.id = id;
  row.pem = pem;
  renderKeyRows();
  rebuildKeyGroup();
}

/* ------------------------------------------------------------ the request */

/** The moment to verify at, in ms, or null when the field is invalid. */
function requestNow() {
  if ($("now-live").checked) return Date.now();
  const ms = fromLocalInput($("now-at").value);
  return Number.isNaN(ms) ? null : ms;
}

/** The signing parameters of a signed URL, as they appear in it (not re-encoded). */
function signingParams(signedUrl) {
  const q = signedUrl.indexOf("?");
  if (q < 0) return [];
  return signedUrl.slice(q + 1).split("#")[0].split("&")
    .filter((part) => SIGNING_PARAMS.has(part.split("=")[0]));
}

/** The requested URL with the signed URL's signing parameters, as the viewer would send it. */
function withSigningParams(requested, signedUrl) {
  const params = signingParams(signedUrl);
  const [base, frag] = requested.split(/#(.*)/s);
  const existing = base.indexOf("?") >= 0 ? base.slice(base.indexOf("?") + 1).split("&") : [];
  if (params.length === 0 || existing.some((p) => SIGNING_PARAMS.has(p.split("=")[0]))) return requested;
  const sep = base.includes("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
  return `${base}${sep}${params.join("&")}${frag !== undefined ? `#${frag}` : ""}`;
}

/* ------------------------------------------------------------------ check */

const TITLES = {
  missing_signature: "Not signed",
  malformed: "Damaged signature or policy",
  unknown_key: "Unknown key ID",
  bad_signature: "Signature does not match",
  expired: "Expired",
  not_yet_valid: "Not valid yet",
  ip_denied: "Viewer IP address not allowed",
  resource_mismatch: "URL not covered by the policy",
  resource_ambiguous: "Covered only by one reading of CloudFront's guide",
};

/** The same, as a phrase in the headline "Denied: expired, IP address not allowed". */
const SHORT = {
  missing_signature: "not signed",
  malformed: "damaged signature or policy",
  unknown_key: "unknown key ID",
  bad_signature: "signature does not match",
  expired: "expired",
  not_yet_valid: "not valid yet",
  ip_denied: "IP address not allowed",
  resource_mismatch: "URL not covered by the policy",
  resource_ambiguous: "URL covered only by the whole-string reading of the policy",
};

let lastVerdictKey = "";
let timeNodes = null; // what refreshTimes() updates every second
let updates = 0; // the latest update(); an older one still verifying draws nothing

async function update({ tick = false } = {}) {
  const seq = ++updates;
  if (!cf) return;
  const inputEl = $("input");
  const reqEl = $("req-url");
  const ipEl = $("client-ip");
  const nowEl = $("now-at");
  const text = inputEl.value.trim();

  if (!tick) {
    setMsg(inputEl, "");
    setMsg(reqEl, "");
    setMsg(ipEl, "");
    setMsg(nowEl, "");
  }
  $("req-url-opt").textContent = "(if not the signed one)";

  if (!text) {
    renderDecoded(null);
    renderVerdict({ state: "idle" });
    return;
  }

  let d;
  try {
    d = cf.decodeSignedUrl(text);
  } catch (e) {
    setMsg(inputEl, `Could not read this: ${errText(e)}`);
    renderDecoded(null);
    renderVerdict({ state: "unreadable", sub: "Fix the input: see the message under it." });
    return;
  }

  const looksLikeUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (d.source === "none" && !looksLikeUrl) {
    setMsg(inputEl, "This is neither a URL nor cookies. Paste a signed URL (https://…?Expires=…&Signature=…&Key-Pair-Id=…), "
      + "a Cookie: header or Set-Cookie lines with the CloudFront-* cookies.");
    renderDecoded(null);
    renderVerdict({ state: "unreadable", sub: "Nothing here looks like a signed URL or signed cookies." });
    return;
  }

  const msgs = [];
  if (d.source === "none") msgs.push(`This URL is not signed: it has no ${d.missing.join(", no ")}.`);
  else if (d.missing.length) msgs.push(`Incomplete ${d.source === "url" ? "signed URL" : "signed cookies"}: missing ${d.missing.join(", ")}.`);
  for (const p of d.problems) msgs.push(p.charAt(0).toUpperCase() + p.slice(1) + ".");
  if (!tick) setMsg(inputEl, msgs);

  if (!tick) renderDecoded(d);

  const nowMs = requestNow();
  if (nowMs === null) {
    if (!tick) setMsg(nowEl, "Enter a complete date and time, or tick “The current time”.");
    renderVerdict({ state: "pending", sub: "Set the time of the request." });
    return;
  }

  const req = reqEl.value.trim();
  if (req) {
    try {
      const u = new URL(req);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("not http");
    } catch {
      if (!tick) setMsg(reqEl, "Not a URL: it must start with https:// (or http://) and name a host.");
      renderVerdict({ state: "pending", sub: "Fix the requested URL." });
      return;
    }
  }

  let target;
  let cookies;
  if (d.source === "cookies") {
    $("req-url-opt").textContent = "(needed for cookies)";
    cookies = text;
    if (req) target = req;
    else if (d.policy && d.policy.resource && !/[*?]/.test(d.policy.resource)) {
      target = d.policy.resource;
      if (!tick) setMsg(reqEl, "Checked against the policy's resource. Enter another URL to test it.", "info");
    } else {
      if (!tick) {
        setMsg(reqEl, d.policy && d.policy.resource
          ? `Cookies don't say which URL they come with: enter the URL requested (the policy covers ${d.policy.resource}).`
          : "Cookies don't say which URL they come with: enter the URL requested with them.", "info");
      }
      renderVerdict({ state: "pending", sub: "Enter the URL requested with these cookies, under “The request”." });
      return;
    }
  } else {
    target = req ? withSigningParams(req, text) : text;
  }

  const ip = ipEl.value.trim();
  if (!ip && !tick && d.policy && d.policy.source_ip) {
    setMsg(ipEl, `This policy only admits viewers in ${d.policy.source_ip}: enter the viewer's address to test it.`, "info");
  }
  let v;
  try {
    // The signature is checked by the browser's WebCrypto; the rest by the package.
    v = await keyGroup.verifyAsync(target, { now: new Date(nowMs), clientIp: ip || undefined, cookies });
    if (seq !== updates) return;
  } catch (e) {
    if (seq !== updates) return;
    const code = e && e.code;
    if (code === "invalid_ip") {
      if (!tick) setMsg(ipEl, `Not an IP address: use IPv4 like 192.0.2.10 (or IPv6). ${errText(e)}`);
      renderVerdict({ state: "pending", sub: "Fix the viewer IP address." });
    } else if (code === "invalid_date") {
      if (!tick) setMsg(nowEl, errText(e));
      renderVerdict({ state: "pending", sub: "Fix the time of the request." });
    } else {
      if (!tick) setMsg(req ? reqEl : inputEl, `Could not check this: ${errText(e)}`);
      renderVerdict({ state: "unreadable", sub: "See the message next to the input." });
    }
    return;
  }
  renderVerdict({ state: v.allowed ? "allowed" : "denied", verdict: v, nowMs, target, cookies: Boolean(cookies) }, tick);
  if (tick) refreshTimes(nowMs);
}

function setVerdictClass(state) {
  $("verdict").className = `verdict verdict-${state}`;
}

function renderVerdict(r, tick = false) {
  // on the one-second tick, redraw (and so re-announce) only when the outcome changes
  const core = `${r.state}|${r.verdict ? r.verdict.reasons.map((x) => x.code).join(",") : r.sub || ""}`;
  if (tick && core === lastVerdictKey) return;
  lastVerdictKey = core;

  const status = $("verdict-status");
  const sub = $("verdict-sub");
  const list = $("reasons");
  setVerdictClass(r.state);
  for (const el of document.querySelectorAll(".idle-help")) el.hidden = r.state !== "idle";
  list.replaceChildren();
  list.hidden = true;

  if (r.state === "idle") {
    status.textContent = "Waiting for a signed URL or cookies";
    sub.textContent = "Paste one to see what CloudFront will do with it, and why.";
    return;
  }
  if (r.state === "unreadable") {
    status.textContent = "Can't read this input";
    sub.textContent = r.sub;
    return;
  }
  if (r.state === "pending") {
    status.textContent = "Almost there";
    sub.textContent = r.sub;
    return;
  }

  const v = r.verdict;
  const nowSec = Math.floor(r.nowMs / 1000);
  if (v.allowed) {
    status.textContent = "Allowed";
    const p = v.policy;
    const parts = [`CloudFront serves this request${v.source === "cookies" ? " with these cookies" : ""}`];
    if (v.key_pair_id) parts.push(` (signed with key ${v.key_pair_id})`);
    if (p) parts.push(`. Valid until ${utcText(p.date_less_than)}, ${relative(p.date_less_than, nowSec).replace(/^in /, "that is in ")}.`);
    sub.textContent = parts.join("");
    return;
  }

  const errors = [...new Set(v.reasons.map((x) => x.cloudfront_error))];
  status.textContent = `Denied: ${[...new Set(v.reasons.map((x) => SHORT[x.code] || x.code))].join(", ")}`;
  sub.textContent = `CloudFront answers 403 Forbidden (${errors.join(", ")})${v.reasons.length > 1 ? `, for ${v.reasons.length} reasons` : ""}:`;
  list.hidden = false;
  list.replaceChildren(...v.reasons.map((x) => reasonItem(x, nowSec)));
}

function reasonItem(x, nowSec) {
  const details = [];
  if (x.code === "expired" && x.expires !== undefined) {
    details.push(`Expired ${utcText(x.expires)} (${localText(x.expires)}), ${relative(x.expires, nowSec)}.`);
  }
  if (x.code === "not_yet_valid" && x.starts !== undefined) {
    details.push(`Starts ${utcText(x.starts)} (${localText(x.starts)}), ${relative(x.starts, nowSec)}.`);
  }
  if (x.code === "ip_denied") {
    details.push(x.client_ip ? `Viewer ${x.client_ip}; allowed range ${x.range}.` : `Allowed range ${x.range}; no viewer IP was given.`);
  }
  if (x.code === "resource_mismatch" && x.pattern !== undefined) {
    details.push(`Requested ${x.url}; the policy covers ${x.pattern || "(an empty resource)"}.`);
  }
  if (x.code === "unknown_key") {
    details.push(x.trusted && x.trusted.length ? `Your keys: ${x.trusted.join(", ")}.` : "You have not added any public key yet.");
  }
  if (x.code === "missing_signature" && x.missing) details.push(`Missing: ${x.missing.join(", ")}.`);

  const item = h("li", { class: `reason reason-${x.code}` },
    h("h3", { class: "reason-title" }, TITLES[x.code] || x.code, h("span", { class: "cf-code" }, x.cloudfront_error)),
    h("p", { class: "reason-message" }, x.message),
    details.map((t) => h("p", { class: "reason-detail" }, t)),
    h("p", { class: "reason-why" }, h("strong", null, "Why: "), x.explanation),
    h("p", { class: "reason-fix" }, h("strong", null, "Fix: "), x.fix));
  if (x.code === "unknown_key") {
    item.append(h("p", null, h("button", {
      type: "button", class: "small",
      onclick: () => {
        let row = keyRows.find((k) => !k.pem.trim());
        if (!row) {
          row = { key: ++rowSeq, id: "", pem: "" };
          keyRows.push(row);
        }
        if (!row.id.trim() && x.key_pair_id) row.id = x.key_pair_id;
        renderKeyRows();
        rebuildKeyGroup();
        $(`key-pem-${row.key}`)?.focus();
      },
    }, `Add the public key of ${x.key_pair_id || "this key"}`)));
  }
  return item;
}

function renderDecoded(d) {
  const box = $("decoded");
  timeNodes = null;
  if (!d || (d.source === "none" && !d.policy)) {
    box.hidden = true;
    return;
  }
  box.hidden = false;

  const trusted = keyGroup && d.key_pair_id ? keyGroup.ids.includes(d.key_pair_id) : false;
  const facts = [];
  const fact = (k, ...v) => facts.push(h("div", { class: "fact" }, h("dt", null, k), h("dd", null, ...v)));
  fact("Form", h("span", { class: "chip" }, d.source === "url" ? "Signed URL" : "Signed cookies"),
    d.policy_type ? h("span", { class: `chip chip-${d.policy_type}` }, d.policy_type === "canned" ? "Canned policy" : "Custom policy") : null,
    h("span", { class: "chip" }, d.hash_algorithm === "SHA256" ? "SHA-256" : "SHA-1"));
  fact("Key ID", d.key_pair_id ? h("code", null, d.key_pair_id) : h("em", null, "missing"),
    d.key_pair_id ? h("span", { class: trusted ? "tag tag-ok" : "tag tag-bad" }, trusted ? "in your keys" : "not in your keys") : null);
  const p = d.policy;
  if (p) {
    if (p.resource !== null) fact("Resource", h("code", { class: "wrap-any" }, p.resource || "(empty)"),
      /[*?]/.test(p.resource || "") ? h("span", { class: "tag" }, "wildcard") : null);
    else fact("Resource", h("span", null, "not in the cookies: a canned policy covers the URL requested"));
    fact("Viewer IP", p.source_ip ? h("code", null, p.source_ip) : h("span", null, "any"));
  }
  if (d.signature_bytes) fact("Signature", `${d.signature_bytes} bytes`);
  if (d.url_without_signing_params && d.source === "url") fact("URL signed", h("code", { class: "wrap-any" }, d.url_without_signing_params));
  $("facts").replaceChildren(...facts);

  // the policy JSON, pretty-printed
  const pre = $("policy-json");
  const pbox = $("policy-box");
  if (d.policy_json) {
    pbox.hidden = false;
    let pretty = d.policy_json;
    try {
      pretty = JSON.stringify(JSON.parse(d.policy_json), null, 2);
    } catch {
      /* shown as is */
    }
    const times = [d.policy?.date_less_than, d.policy?.date_greater_than].filter((t) => typeof t === "number");
    pre.replaceChildren(...highlightJson(pretty, times));
    pre.dataset.copyText = d.policy_json;
  } else {
    pbox.hidden = true;
    pre.replaceChildren();
  }

  const nowMs = requestNow() ?? Date.now();
  renderTimeline(d, nowMs);
}

/** JSON text as spans, with the policy's times (as the package read them) explained in a comment. */
function highlightJson(text, times) {
  const out = [];
  for (const line of text.split("\n")) {
    const re = /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
    let last = 0;
    let m;
    while ((m = re.exec(line))) {
      if (m.index > last) out.push(line.slice(last, m.index));
      if (m[1]) {
        out.push(h("span", { class: m[2] ? "j-key" : "j-str" }, m[1]));
        if (m[2]) out.push(m[2]);
      } else if (m[3]) out.push(h("span", { class: "j-lit" }, m[3]));
      else out.push(h("span", { class: "j-num" }, m[4]));
      last = re.lastIndex;
    }
    if (last < line.length) out.push(line.slice(last));
    const time = times.find((t) => new RegExp(`:\\s*${t}\\s*,?$`).test(line));
    if (time !== undefined) out.push(h("span", { class: "j-comment" }, `  ← ${utcText(time)}`));
    out.push("\n");
  }
  out.pop();
  return out;
}

function renderTimeline(d, nowMs) {
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
    start: p.date_greater_than !== null ? mark("tl-start", "starts") : null,
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
    start: p.date_greater_than !== null ? row("Starts") : null,
    end: row("Expires"),
    now: row($("now-live").checked ? "Now" : "Tested at"),
  };
  if (!rows.start) times.prepend(h("div", { class: "time-row" }, h("dt", null, "Starts"), h("dd", null, h("span", null, "at once (no start time)"))));
  timeNodes = { p, bands, marks, rows, state, track };
  refreshTimes(nowMs);
}

function refreshTimes(nowMs) {
  if (!timeNodes) return;
  const { p, bands, marks, rows, state } = timeNodes;
  const nowSec = Math.floor(nowMs / 1000);
  const end = p.date_less_than;
  const start = p.date_greater_than;

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

/* ------------------------------------------------------------------- sign */

let signState = { generatedFor: null, publicPem: null }; // the key pair generated here, if any

function pemWrap(label, bytes) {
  let bin = "";
  const u8 = new Uint8Array(bytes);
  for (let i = 0; i < u8.length; i += 0x8000) bin += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  const b64 = btoa(bin).replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

async function generateKeyPair() {
  const type = $("gen-type").value;
  const btn = $("gen-key");
  btn.disabled = true;
  try {
    const alg = type === "rsa"
      ? { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-1" }
      : { name: "ECDSA", namedCurve: "P-256" };
    const pair = await crypto.subtle.generateKey(alg, true, ["sign", "verify"]);
    const priv = pemWrap("PRIVATE KEY", await crypto.subtle.exportKey("pkcs8", pair.privateKey));
    const pub = pemWrap("PUBLIC KEY", await crypto.subtle.exportKey("spki", pair.publicKey));
    $("priv").value = priv;
    signState = { generatedFor: priv, publicPem: pub };
    setMsg($("priv"), `New ${type === "rsa" ? "RSA 2048" : "ECDSA P-256"} key pair, made in this tab. Its public key appears with the signed URL.`, "info");
    if (!$("kp-id").value.trim()) $("kp-id").value = "K2TESTKEY0001";
  } catch (e) {
    setMsg($("priv"), `This browser could not generate the key: ${errText(e)}`);
  } finally {
    btn.disabled = false;
  }
}

/** Whether the package reads `text` as an IPv4 address or range. */
function validIpv4Range(text) {
  try {
    cf.parseIpRange(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether `id` is a CloudFront key ID, by the package's rule. */
function validKeyPairId(id) {
  try {
    cf.checkKeyPairId(id);
    return true;
  } catch {
    return false;
  }
}

let lastSigned = null;

/** The form-wide message under the Sign button. */
function formMsg(text) {
  const el = $("sign-msg");
  el.textContent = text;
  el.hidden = !text;
  el.className = "field-msg error";
}

async function sign(ev) {
  ev?.preventDefault();
  const f = {
    id: $("kp-id"), priv: $("priv"), url: $("sign-url"), res: $("sign-resource"),
    exp: $("sign-expires"), start: $("sign-starts"), ip: $("sign-ip"),
  };
  for (const el of Object.values(f)) if (!(el === f.priv && signState.generatedFor === f.priv.value)) setMsg(el, "");
  formMsg("");

  const id = f.id.value.trim();
  const privPem = f.priv.value.trim();
  const url = f.url.value.trim();
  const resource = f.res.value.trim();
  const expMs = fromLocalInput(f.exp.value);
  const startMs = f.start.value ? fromLocalInput(f.start.value) : null;
  const ip = f.ip.value.trim();
  const bad = [];

  if (!id) bad.push([f.id, "Enter the key ID (CloudFront shows it next to the public key)."]);
  else if (!validKeyPairId(id)) bad.push([f.id, "A key ID has letters and digits only, like K2JCJMDEHXQW5F."]);
  if (!privPem) bad.push([f.priv, "Generate a key pair above, or paste a test private key (PEM)."]);
  else if (/BEGIN PUBLIC KEY|BEGIN RSA PUBLIC KEY/.test(privPem) && !/PRIVATE KEY/.test(privPem)) bad.push([f.priv, "This is a public key: signing needs the private key."]);
  let parsedUrl = null;
  try {
    parsedUrl = new URL(url);
    if (parsedUrl.protocol !== "https:" && parsedUrl.protocol !== "http:") throw new Error();
  } catch {
    bad.push([f.url, "Enter a full URL, starting with https://"]);
  }
  if (resource && !/^(https?:\/\/|\*)/.test(resource)) bad.push([f.res, "A resource pattern is a URL, e.g. https://d111111abcdef8.cloudfront.net/videos/*"]);
  if (Number.isNaN(expMs)) bad.push([f.exp, "Choose the expiry date and time."]);
  if (startMs !== null && Number.isNaN(startMs)) bad.push([f.start, "Enter a complete date and time, or clear it."]);
  if (startMs !== null && !Number.isNaN(expMs) && startMs >= expMs) bad.push([f.start, "The start must be before the expiry."]);
  if (ip && !validIpv4Range(ip)) bad.push([f.ip, "Use an IPv4 address or range: 192.0.2.10 or 192.0.2.0/24 (CloudFront policies take IPv4 only)."]);
  if (bad.length) {
    for (const [el, msg] of bad) setMsg(el, msg);
    bad[0][0].focus();
    $("sign-status").textContent = "Not signed: see the highlighted fields.";
    return;
  }

  const opts = {};
  const hash = $("hash").value;
  let signer;
  try {
    signer = await cf.Signer.create({ keyPairId: id, privateKey: privPem, ...(hash ? { algorithm: hash } : {}) });
  } catch (e) {
    const field = e && e.code === "invalid_option" && /keyPairId/.test(errText(e)) ? f.id : f.priv;
    setMsg(field, errText(e).replace(/^privateKey: /, ""));
    field.focus();
    $("sign-status").textContent = "Not signed: the key could not be read.";
    return;
  }

  const expSec = Math.floor(expMs / 1000);
  const custom = resource || startMs !== null || ip;
  const policy = {
    resource: resource || url,
    dateLessThan: expSec * 1000,
    ...(startMs !== null ? { dateGreaterThan: startMs } : {}),
    ...(ip ? { ipAddress: ip } : {}),
  };
  let signedUrl;
  let cookies;
  try {
    if (custom) {
      opts.policy = cf.buildPolicy(policy);
      opts.url = url;
    } else {
      opts.url = url;
      opts.dateLessThan = new Date(expSec * 1000);
    }
    signedUrl = await signer.getSignedUrl(opts);
    // The cookies for the same policy, with their Set-Cookie lines, from the package.
    cookies = await signer.signCookies(custom ? opts.policy : policy, { domain: parsedUrl.hostname, path: "/", sameSite: null });
  } catch (e) {
    const code = e && e.code;
    const field = { invalid_url: f.url, invalid_date: f.exp, invalid_ip: f.ip, invalid_policy: f.res, resource_mismatch: f.res }[code] || null;
    if (field) setMsg(field, errText(e));
    else formMsg(`Could not sign: ${errText(e)}`);
    $("sign-status").textContent = "Not signed: see the message.";
    signer.free();
    return;
  }
  const keyType = signer.keyType;
  const algorithm = signer.algorithm;
  signer.free();

  let publicPem = signState.generatedFor === f.priv.value ? signState.publicPem : null;
  let pubNote = "";
  if (!publicPem) {
    try {
      publicPem = cf.publicKeyPem(privPem);
    } catch (e) {
      pubNote = `Could not work out the public key here (${errText(e)}): run openssl pkey -in private.pem -pubout.`;
    }
  }

  const cookieHeader = cookies.cookie;
  const setCookies = cookies.setCookie.map((line) => `Set-Cookie: ${line}`).join("\n");
  lastSigned = { id, url: signedUrl, requestUrl: url, cookieHeader, setCookies, publicPem, clientIp: ip ? ip.split("/")[0] : "" };

  $("out-url").textContent = signedUrl;
  $("out-cookie").textContent = cookieHeader;
  $("out-setcookie").textContent = setCookies;
  $("out-pub").textContent = publicPem || pubNote;
  $("out-pub-id").textContent = `(ID ${id})`;
  $("sign-results").hidden = false;
  $("check-url").disabled = !publicPem;
  $("check-cookies").disabled = !publicPem;

  // check the result as CloudFront would, now, with the public key
  const selfUrl = $("out-url-check");
  const selfCookie = $("out-cookie-check");
  selfUrl.textContent = "";
  selfCookie.textContent = "";
  if (publicPem) {
    const kg = new cf.KeyGroup();
    try {
      kg.add(id, publicPem);
      const now = new Date();
      const clientIp = ip ? ip.split("/")[0] : undefined;
      const from = clientIp ? ` from ${clientIp}` : "";
      const say = (v, what) => (v.allowed
        ? `✓ Checked here: CloudFront would serve ${what}${from} now.`
        : `✕ Checked here: CloudFront would refuse ${what}${from} now: ${v.reasons.map((r) => r.message).join("; ")}.`);
      const vu = await kg.verifyAsync(signedUrl, { now, clientIp });
      selfUrl.textContent = say(vu, "this URL");
      selfUrl.className = `selfcheck ${vu.allowed ? "ok" : "bad"}`;
      const vc = await kg.verifyAsync(url, { now, clientIp, cookies: cookieHeader });
      selfCookie.textContent = say(vc, `${url} with these cookies`);
      selfCookie.className = `selfcheck ${vc.allowed ? "ok" : "bad"}`;
    } catch (e) {
      selfUrl.textContent = `Could not check the result: ${errText(e)}`;
    } finally {
      kg.free();
    }
  }
  const policyKind = custom ? "custom policy" : "canned policy";
  $("sign-status").textContent = `Signed with ${keyType} (${algorithm === "SHA256" ? "SHA-256" : "SHA-1"}), ${policyKind}, expires ${utcText(expSec)}.`;
}

function checkSigned(what) {
  if (!lastSigned || !lastSigned.publicPem) return;
  putKey(lastSigned.id, lastSigned.publicPem);
  $("now-live").checked = true;
  syncNowControls();
  $("client-ip").value = lastSigned.clientIp;
  if (what === "url") {
    $("input").value = lastSigned.url;
    $("req-url").value = "";
  } else {
    $("input").value = lastSigned.setCookies;
    $("req-url").value = lastSigned.requestUrl;
  }
  selectTab("check", true);
  update();
  $("input").focus();
}

/* ------------------------------------------------------------------- tabs */

function selectTab(name, focus = false) {
  for (const t of ["check", "sign"]) {
    const tab = $(`tab-${t}`);
    const on = t === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${t}`).hidden = !on;
    if (on && focus) tab.focus();
  }
  try {
    history.replaceState(null, "", name === "sign" ? "#sign" : location.pathname + location.search);
  } catch {
    /* file:// or sandboxed */
  }
}

function setupTabs() {
  const tabs = [$("tab-check"), $("tab-sign")];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => selectTab(tab.id.slice(4)));
    tab.addEventListener("keydown", (e) => {
      let j = null;
      if (e.key === "ArrowRight") j = (i + 1) % tabs.length;
      else if (e.key === "ArrowLeft") j = (i - 1 + tabs.length) % tabs.length;
      else if (e.key === "Home") j = 0;
      else if (e.key === "End") j = tabs.length - 1;
      if (j === null) return;
      e.preventDefault();
      selectTab(tabs[j].id.slice(4), true);
    });
  });
  if (location.hash === "#sign") selectTab("sign");
}

/* ------------------------------------------------------------------- copy */

async function copyText(text) {
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

function setupCopy() {
  document.addEventListener("click", async (e) => {
    const btn = e.target.closest("button.copy");
    if (!btn) return;
    const src = $(btn.dataset.copy);
    const text = src.dataset.copyText || src.textContent;
    const ok = await copyText(text);
    const label = btn.dataset.label || btn.textContent;
    btn.dataset.label = label;
    btn.textContent = ok ? "Copied" : "Select and copy";
    btn.classList.toggle("copied", ok);
    $("copy-status").textContent = ok ? "Copied to the clipboard" : "Could not copy: select the text and copy it";
    if (!ok) {
      const r = document.createRange();
      r.selectNodeContents(src);
      getSelection().removeAllRanges();
      getSelection().addRange(r);
    }
    clearTimeout(btn._t);
    btn._t = setTimeout(() => {
      btn.textContent = label;
      btn.classList.remove("copied");
    }, 1600);
  });
}

/* ------------------------------------------------------------------ setup */

function syncNowControls() {
  const live = $("now-live").checked;
  for (const id of ["now-at", "now-plus-hour", "now-plus-day"]) $(id).disabled = live;
  if (live) setMsg($("now-at"), "");
}

function setupCheck() {
  let pending = 0;
  const schedule = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(() => update());
  };
  for (const id of ["input", "req-url", "client-ip", "now-at"]) $(id).addEventListener("input", schedule);
  $("now-live").addEventListener("change", () => {
    if (!$("now-live").checked) $("now-at").value = toLocalInput(Date.now());
    syncNowControls();
    update();
  });
  const shift = (sec) => {
    const base = fromLocalInput($("now-at").value);
    $("now-at").value = toLocalInput((Number.isNaN(base) ? Date.now() : base) + sec * 1000);
    update();
  };
  $("now-plus-hour").addEventListener("click", () => shift(3600));
  $("now-plus-day").addEventListener("click", () => shift(86400));
  $("add-key").addEventListener("click", () => {
    keyRows.push({ key: ++rowSeq, id: "", pem: "" });
    renderKeyRows();
    rebuildKeyGroup();
    const inputs = $("keys").querySelectorAll("li:last-child input");
    inputs[0]?.focus();
  });
  $("goto-sign").addEventListener("click", () => selectTab("sign", true));
  syncNowControls();

  // keep "now" live: the timeline every second, the verdict when it changes (e.g. at expiry)
  setInterval(() => {
    if (document.hidden || !$("now-live").checked || !$("input").value.trim()) return;
    update({ tick: true });
  }, 1000);
}

function setupSign() {
  const setExpiry = (sec) => {
    $("sign-expires").value = toLocalInput(Math.floor(Date.now() / 1000 + sec) * 1000);
  };
  setExpiry(3600);
  document.querySelectorAll("[data-expires]").forEach((b) => b.addEventListener("click", () => {
    setExpiry(Number(b.dataset.expires));
    setMsg($("sign-expires"), "");
  }));
  $("gen-key").addEventListener("click", generateKeyPair);
  $("priv").addEventListener("input", () => setMsg($("priv"), ""));
  $("sign-form").addEventListener("submit", (e) => {
    sign(e).catch((err) => formMsg(`Could not sign: ${errText(err)}`));
  });
  $("check-url").addEventListener("click", () => checkSigned("url"));
  $("check-cookies").addEventListener("click", () => checkSigned("cookies"));
}

/** After the WebAssembly module has loaded, forbid every further fetch, even from this site. */
function lockNetwork() {
  const meta = document.createElement("meta");
  meta.httpEquiv = "Content-Security-Policy";
  meta.content = "connect-src 'none'; img-src data:";
  document.head.append(meta);
}

async function main() {
  setupTabs();
  try {
    // The package's browser entry: it fetches and instantiates its WebAssembly itself.
    cf = await import("./pkg/browser.mjs");
  } catch (e) {
    cf = null;
    const el = $("load-error");
    el.hidden = false;
    el.textContent = `The WebAssembly module could not be loaded (${errText(e)}). `
      + "Build it with “make wasm” (it goes to www/pkg/), and serve this folder over HTTP: browsers do not load modules from file://.";
    document.documentElement.dataset.ready = "error";
    return;
  }
  lockNetwork();
  SIGNING_PARAMS = new Set(cf.signingParameters());
  $("version").textContent = cf.version();
  loadKeys();
  renderKeyRows();
  rebuildKeyGroup();
  setupCheck();
  setupSign();
  setupCopy();
  update();
  document.documentElement.dataset.ready = "true";
}

main();
