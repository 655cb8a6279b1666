// cfsign browser page: the check tab's decoding: the facts a signed URL or cookies carry, the
// policy JSON and the validity window.

import { $, h, utcText } from "./dom.js";
import { page } from "./state.js";
import { renderTimeline } from "./timeline.js";
import { requestNow } from "./request.js";

export function renderDecoded(d) {
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
