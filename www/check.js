// cfsign browser page: the check tab: the request, decoding and the verdict.

import { $, h, utcText, localText, relative, fromLocalInput, setMsg, errText } from "./dom.js";
import { page } from "./state.js";
import { rebuildKeyGroup, renderKeyRows } from "./keys.js";
import { renderTimeline, refreshTimes } from "./timeline.js";

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
    .filter((part) => page.SIGNING_PARAMS.has(part.split("=")[0]));
}

/** The requested URL with the signed URL's signing parameters, as the viewer would send it. */
function withSigningParams(requested, signedUrl) {
  const params = signingParams(signedUrl);
  const [base, frag] = requested.split(/#(.*)/s);
  const existing = base.indexOf("?") >= 0 ? base.slice(base.indexOf("?") + 1).split("&") : [];
  if (params.length === 0 || existing.some((p) => page.SIGNING_PARAMS.has(p.split("=")[0]))) return requested;
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
  cookie_not_sent: "A cookie the browser would not send",
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
  cookie_not_sent: "cookie not sent",
};

export async function update({ tick = false } = {}) {
  const seq = ++page.updates;
  if (!page.cf) return;
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
  const nowForDecode = requestNow();
  try {
    d = page.full.decodeSignedUrl(text, { now: new Date(nowForDecode ?? Date.now()) });
  } catch (e) {
    setMsg(inputEl, `Could not read this: ${errText(e)}`);
    renderDecoded(null);
    renderVerdict({ state: "unreadable", sub: "Fix the input: see the message under it." });
    return;
  }

  const looksLikeUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  // Set-Cookie lines that a browser would keep none of (deleted, say) carry nothing, but are
  // cookies all the same: judged against the request.
  const cookieLines = page.full.looksLikeCookies(text);
  if (d.source === "none" && !looksLikeUrl && !cookieLines && !d.repairedUrl) {
    setMsg(inputEl, "This is neither a URL nor cookies. Paste a signed URL (https://…?Expires=…&Signature=…&Key-Pair-Id=…), "
      + "a Cookie: header or Set-Cookie lines with the CloudFront-* cookies.");
    renderDecoded(null);
    renderVerdict({ state: "unreadable", sub: "Nothing here looks like a signed URL or signed cookies." });
    return;
  }

  const msgs = [];
  // A damaged paste: repaired (the verdict says so), or cut by a shell (the hint).
  for (const x of d.damage) msgs.push(x.message.charAt(0).toUpperCase() + x.message.slice(1) + ".");
  if (d.source === "none" && cookieLines) msgs.push("These cookies carry no CloudFront-* cookie a browser keeps.");
  else if (d.source === "none") msgs.push(`This URL is not signed: it has no ${d.missing.join(", no ")}.`);
  else if (d.missing.length) msgs.push(`Incomplete ${d.source === "url" ? "signed URL" : "signed cookies"}: missing ${d.missing.join(", ")}.`);
  for (const p of d.problems) msgs.push(p.charAt(0).toUpperCase() + p.slice(1) + ".");
  // A repaired paste alone is news, not an error.
  const onlyRepaired = d.repairedUrl && !d.missing.length && !d.problems.length;
  if (!tick) setMsg(inputEl, msgs, onlyRepaired ? "info" : undefined);

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
  if (d.source === "cookies" || cookieLines) {
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
    target = req ? withSigningParams(req, d.repairedUrl ?? text) : text;
  }

  const ip = ipEl.value.trim();
  if (!ip && !tick && d.policy && d.policy.sourceIp) {
    setMsg(ipEl, `This policy only admits viewers in ${d.policy.sourceIp}: enter the viewer's address to test it.`, "info");
  }
  let v;
  try {
    // The signature is checked by the browser's WebCrypto; the rest by the package.
    // A damaged paste is decided repaired, and the verdict says so.
    v = await page.keyGroup.verifyAsync(target, { now: new Date(nowMs), clientIp: ip || undefined, cookies, repair: true, diagnose: true });
    if (seq !== page.updates) return;
  } catch (e) {
    if (seq !== page.updates) return;
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
  const repaired = d.repairedUrl ? d.damage : null;
  renderVerdict({ state: v.allowed ? "allowed" : "denied", verdict: v, nowMs, target, cookies: Boolean(cookies), repaired }, tick);
  if (tick) refreshTimes(nowMs);
}

function setVerdictClass(state) {
  $("verdict").className = `verdict verdict-${state}`;
}

function renderVerdict(r, tick = false) {
  // on the one-second tick, redraw (and so re-announce) only when the outcome changes
  const core = `${r.state}|${r.verdict ? r.verdict.reasons.map((x) => x.code).join(",") : r.sub || ""}`;
  if (tick && core === page.lastVerdictKey) return;
  page.lastVerdictKey = core;

  const status = $("verdict-status");
  const sub = $("verdict-sub");
  const list = $("reasons");
  const notes = $("notes");
  const repaired = $("repaired");
  setVerdictClass(r.state);
  for (const el of document.querySelectorAll(".idle-help")) el.hidden = r.state !== "idle";
  list.replaceChildren();
  list.hidden = true;
  notes.replaceChildren();
  notes.hidden = true;
  repaired.hidden = true;
  const v0 = r.verdict;
  if (v0 && r.repaired) {
    repaired.hidden = false;
    repaired.replaceChildren(h("strong", null, "Repaired paste: "),
      `the verdict is for the URL with the damage undone (${r.repaired.map((x) => x.code).join(", ")}). `
      + "CloudFront, given the text as pasted, would deny it.");
  }
  const shownNotes = v0 ? v0.notes.filter((n) => n.code === "cookie_not_sent" || n.code === "set_cookie_ignored") : [];
  if (shownNotes.length) {
    notes.hidden = false;
    notes.replaceChildren(...shownNotes.map((n) => h("li", { class: `note note-${n.code}` }, n.message)));
  }

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
    if (v.keyPairId) parts.push(` (signed with key ${v.keyPairId})`);
    if (p) parts.push(`. Valid until ${utcText(p.dateLessThan)}, ${relative(p.dateLessThan, nowSec).replace(/^in /, "that is in ")}.`);
    sub.textContent = parts.join("");
    return;
  }

  const errors = [...new Set(v.reasons.map((x) => x.cloudfrontError))];
  status.textContent = `Denied: ${[...new Set(v.reasons.map((x) => SHORT[x.code] || x.code))].join(", ")}`;
  sub.textContent = `CloudFront answers 403 Forbidden (${errors.join(", ")})${v.reasons.length > 1 ? `, for ${v.reasons.length} reasons` : ""}:`;
  list.hidden = false;
  list.replaceChildren(...v.reasons.map((x) => reasonItem(x, nowSec)));
}

/** A bad signature's diagnosis (the package's): the likely cause and its evidence, or what was ruled out. */
function diagnosisItems(x) {
  if (x.code !== "bad_signature" || !x.diagnosis) return [];
  const items = [];
  if (x.likelyCause) {
    items.push(h("p", { class: "reason-cause", "data-cause": x.likelyCause.code },
      h("strong", null, "Likely cause: "), x.likelyCause.message));
    items.push(h("p", { class: "reason-evidence" }, h("strong", null, "Evidence: "), x.likelyCause.evidence));
  } else {
    items.push(h("p", { class: "reason-cause", "data-cause": "none" }, h("strong", null, "Likely cause: "), "none found."));
  }
  if (x.diagnosis.note) items.push(h("p", { class: "reason-note" }, x.diagnosis.note));
  return items;
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
    details.push(x.clientIp ? `Viewer ${x.clientIp}; allowed range ${x.range}.` : `Allowed range ${x.range}; no viewer IP was given.`);
  }
  if (x.code === "resource_mismatch" && x.pattern !== undefined) {
    details.push(`Requested ${x.url}; the policy covers ${x.pattern || "(an empty resource)"}.`);
  }
  if (x.code === "unknown_key") {
    details.push(x.trusted && x.trusted.length ? `Your keys: ${x.trusted.join(", ")}.` : "You have not added any public key yet.");
  }
  if (x.code === "missing_signature" && x.missing) details.push(`Missing: ${x.missing.join(", ")}.`);
  if (x.code === "cookie_not_sent") details.push(`Cookie ${x.name}, Set-Cookie line ${x.line}: ${x.why.replace("_", "-")}.`);

  const item = h("li", { class: `reason reason-${x.code}` },
    h("h3", { class: "reason-title" }, TITLES[x.code] || x.code, h("span", { class: "cf-code" }, x.cloudfrontError)),
    h("p", { class: "reason-message" }, x.message),
    details.map((t) => h("p", { class: "reason-detail" }, t)),
    diagnosisItems(x),
    h("p", { class: "reason-why" }, h("strong", null, "Why: "), x.explanation),
    h("p", { class: "reason-fix" }, h("strong", null, "Fix: "), x.fix));
  if (x.code === "unknown_key") {
    item.append(h("p", null, h("button", {
      type: "button", class: "small",
      onclick: () => {
        let row = page.keyRows.find((k) => !k.pem.trim());
        if (!row) {
          row = { key: ++page.rowSeq, id: "", pem: "" };
          page.keyRows.push(row);
        }
        if (!row.id.trim() && x.keyPairId) row.id = x.keyPairId;
        renderKeyRows();
        rebuildKeyGroup();
        $(`key-pem-${row.key}`)?.focus();
      },
    }, `Add the public key of ${x.keyPairId || "this key"}`)));
  }
  return item;
}

function renderDecoded(d) {
  const box = $("decoded");
  page.timeNodes = null;
  if (!d || (d.source === "none" && !d.policy)) {
    box.hidden = true;
    return;
  }
  box.hidden = false;

  const trusted = page.keyGroup && d.keyPairId ? page.keyGroup.ids.includes(d.keyPairId) : false;
  const facts = [];
  const fact = (k, ...v) => facts.push(h("div", { class: "fact" }, h("dt", null, k), h("dd", null, ...v)));
  fact("Form", h("span", { class: "chip" }, d.source === "url" ? "Signed URL" : "Signed cookies"),
    d.policyType ? h("span", { class: `chip chip-${d.policyType}` }, d.policyType === "canned" ? "Canned policy" : "Custom policy") : null,
    h("span", { class: "chip" }, d.hashAlgorithm === "SHA256" ? "SHA-256" : "SHA-1"));
  fact("Key ID", d.keyPairId ? h("code", null, d.keyPairId) : h("em", null, "missing"),
    d.keyPairId ? h("span", { class: trusted ? "tag tag-ok" : "tag tag-bad" }, trusted ? "in your keys" : "not in your keys") : null);
  const p = d.policy;
  if (p) {
    if (p.resource !== null) fact("Resource", h("code", { class: "wrap-any" }, p.resource || "(empty)"),
      // The core says (a canned URL's "?" starts its query; so does a custom policy's first one).
      p.wildcard ? h("span", { class: "tag" }, "wildcard") : null);
    else fact("Resource", h("span", null, "not in the cookies: a canned policy covers the URL requested"));
    fact("Viewer IP", p.sourceIp ? h("code", null, p.sourceIp) : h("span", null, "any"));
  }
  if (d.signatureBytes) fact("Signature", `${d.signatureBytes} bytes`, d.signatureKeyType ? h("span", { class: "tag" }, `${d.signatureKeyType} key`) : null);
  if (d.timeStatus) fact("Now", h("span", { class: d.timeStatus.state === "valid" ? "tag tag-ok" : "tag tag-bad" }, d.timeStatus.message));
  if (d.urlWithoutSigningParams && d.source === "url") fact("URL signed", h("code", { class: "wrap-any" }, d.urlWithoutSigningParams));
  $("facts").replaceChildren(...facts);

  // the policy JSON, pretty-printed
  const pre = $("policy-json");
  const pbox = $("policy-box");
  if (d.policyJson) {
    pbox.hidden = false;
    let pretty = d.policyJson;
    try {
      pretty = JSON.stringify(JSON.parse(d.policyJson), null, 2);
    } catch {
      /* shown as is */
    }
    const times = [d.policy?.dateLessThan, d.policy?.dateGreaterThan].filter((t) => typeof t === "number");
    pre.replaceChildren(...highlightJson(pretty, times));
    pre.dataset.copyText = d.policyJson;
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
