// cfsign browser page: the Distribution tab. The AWS CLI's output goes to the package's
// auditDistribution and diagnose (the full build: the distribution doctor is not in the lite
// one); every rule is in the WebAssembly, this only draws the results.

import { $, h, setMsg, errText } from "./dom.js";
import { page } from "./state.js";

let seq = 0;

function inputs() {
  const text = (id) => $(id).value.trim();
  const list = (id) => (text(id) ? [text(id)] : []);
  return { distribution: text("dist-json"), keyGroups: list("dist-groups"), publicKeys: list("dist-keys") };
}

function findingItem(f) {
  return h("li", { class: `finding finding-${f.severity}`, "data-code": f.code },
    h("p", { class: "finding-head" },
      h("span", { class: "sev" }, f.severity), " ", h("code", {}, f.code)),
    h("p", {}, f.message),
    f.examplePath ? h("p", { class: "hint" }, "Example path: ", h("code", {}, f.examplePath)) : null,
    h("p", { class: "hint" }, "Fix: ", f.fix));
}

function behaviorItem(b, matched) {
  const how = { none: "unrestricted", key_groups: "signed: key groups", trusted_signers: "signed: legacy signers", both: "signed: key groups and legacy signers" }[b.restriction];
  return h("li", { class: `behavior${matched ? " matched" : ""}${b.restricted ? "" : " open"}`, "aria-current": matched ? "true" : null, "data-name": b.name },
    h("code", { class: "pattern" }, b.pathPattern),
    h("span", { class: "tag" }, how),
    h("span", { class: "origin" }, `→ ${b.targetOriginId}`),
    matched ? h("span", { class: "match-note" }, "matched") : null);
}

export async function updateDistribution() {
  const mine = ++seq;
  const status = $("dist-status");
  const list = $("dist-behaviors");
  const findings = $("dist-findings");
  const input = inputs();
  setMsg($("dist-json"), "");
  if (!input.distribution) {
    list.replaceChildren();
    findings.replaceChildren();
    status.textContent = "Paste a distribution to see its behaviors.";
    status.className = "dist-status";
    return;
  }
  if (!page.full) {
    status.textContent = "The distribution doctor is not loaded.";
    return;
  }
  let audit;
  try {
    audit = page.full.auditDistribution(input);
  } catch (e) {
    list.replaceChildren();
    findings.replaceChildren();
    status.textContent = "Not read.";
    setMsg($("dist-json"), errText(e));
    return;
  }
  const url = $("dist-url").value.trim();
  let diagnosis = null;
  if (url) {
    try {
      diagnosis = await page.full.diagnose(url, input);
    } catch (e) {
      setMsg($("dist-json"), errText(e));
    }
  }
  if (mine !== seq) return;
  const matched = diagnosis ? diagnosis.behavior.name : null;
  list.replaceChildren(...audit.behaviors.map((b) => behaviorItem(b, b.name === matched)));
  const shown = diagnosis ? diagnosis.findings : audit.findings;
  findings.replaceChildren(...(shown.length ? shown.map(findingItem) : [h("li", { class: "finding" }, "No findings.")]));
  if (diagnosis) {
    status.className = `dist-status ${diagnosis.served ? "served" : "denied"}`;
    const why = diagnosis.verdict && !diagnosis.verdict.allowed ? `: ${diagnosis.verdict.reasons.map((r) => r.code).join(", ")}` : "";
    status.textContent = `${diagnosis.served ? "Served" : "403"}: ${diagnosis.path} reaches ${diagnosis.behavior.name} (${diagnosis.behavior.restricted ? "signatures required" : "unrestricted"})${why}`;
  } else {
    const errors = audit.findings.filter((f) => f.severity === "error").length;
    const warnings = audit.findings.filter((f) => f.severity === "warning").length;
    status.className = `dist-status ${errors ? "denied" : warnings ? "warned" : "served"}`;
    status.textContent = `${audit.behaviors.length} behaviors; ${errors} error(s), ${warnings} warning(s) in the audit.`;
  }
}

/** Dropping a file onto a box reads it into the box (locally: FileReader, no network). */
function setupDrop(el) {
  el.addEventListener("dragover", (e) => { e.preventDefault(); el.classList.add("dragging"); });
  el.addEventListener("dragleave", () => el.classList.remove("dragging"));
  el.addEventListener("drop", async (e) => {
    e.preventDefault();
    el.classList.remove("dragging");
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (!file) return;
    el.value = await file.text();
    updateDistribution();
  });
}

export function setupDistribution() {
  let timer = null;
  for (const id of ["dist-json", "dist-groups", "dist-keys", "dist-url"]) {
    $(id).addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(updateDistribution, 150);
    });
  }
  for (const id of ["dist-json", "dist-groups", "dist-keys"]) setupDrop($(id));
}
