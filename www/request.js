// cfsign browser page: the check tab's request: its time and the signed URL's parameters on the URL
// requested.

import { $, fromLocalInput } from "./dom.js";
import { page } from "./state.js";

/** The moment to verify at, in ms, or null when the field is invalid. */
export function requestNow() {
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
export function withSigningParams(requested, signedUrl) {
  const params = signingParams(signedUrl);
  const [base, frag] = requested.split(/#(.*)/s);
  const existing = base.indexOf("?") >= 0 ? base.slice(base.indexOf("?") + 1).split("&") : [];
  if (params.length === 0 || existing.some((p) => page.SIGNING_PARAMS.has(p.split("=")[0]))) return requested;
  const sep = base.includes("?") ? (base.endsWith("?") || base.endsWith("&") ? "" : "&") : "?";
  return `${base}${sep}${params.join("&")}${frag !== undefined ? `#${frag}` : ""}`;
}
