// cfsign browser page: the check tab's verdict: allowed or denied, each reason with its title,
// details, diagnosis, why and fix.

import { $, h, utcText, localText, relative } from "./dom.js";
import { page } from "./state.js";
import { rebuildKeyGroup, renderKeyRows } from "./keys.js";

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

function setVerdictClass(state) {
  $("verdict").className = `verdict verdict-${state}`;
}

export function renderVerdict(r, tick = false) {
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
