// cfsign browser page: the Playlist tab. A pasted HLS playlist or DASH manifest and its signed URL
// go to the package's signPlaylist (the full build); every rule (which URIs a playlist names, how
// they resolve, what the policy's resource covers) is in the WebAssembly: this only draws the
// entries, each with its status and the reason.

import { $, h, setMsg, errText, utcText } from "./dom.js";
import { page } from "./state.js";

/** How each status is shown: its label and the box's class. */
const SHOWN = {
  signed: ["covered", "served"],
  outside_resource: ["would 403", "denied"],
  not_http: ["not requested from CloudFront", "neutral"],
  already_signed: ["signed on its own", "neutral"],
  variable: ["filled in by the player: not signed, would 403", "denied"],
  unsafe_path: ["unsafe path: not signed, would 403", "denied"],
};

/** Statuses whose entry is requested unsigned from CloudFront. */
const WOULD_403 = new Set(["outside_resource", "variable", "unsafe_path"]);

function entryItem(e) {
  const [label, cls] = SHOWN[e.status] || [e.status, "neutral"];
  return h("li", { class: `finding play-entry play-${cls}`, "data-status": e.status, "data-line": e.line },
    h("p", { class: "finding-head" },
      h("span", { class: "sev" }, label), " ",
      h("span", { class: "hint" }, `line ${e.line} · ${e.kind}`)),
    h("p", {}, h("code", {}, e.url || e.uri)),
    e.status === "signed" ? null : h("p", { class: "hint" }, e.reason));
}

function clear(status, text) {
  $("play-entries").replaceChildren();
  $("play-out").hidden = true;
  $("play-signed").textContent = "";
  status.className = "dist-status";
  status.textContent = text;
}

export function updatePlaylist() {
  const status = $("play-status");
  const url = $("play-url").value.trim();
  const text = $("play-text").value;
  setMsg($("play-url"), "");
  setMsg($("play-text"), "");
  if (!url || !text.trim()) return clear(status, "Paste a playlist and its signed URL.");
  if (!page.full) return clear(status, "The playlist checker is not loaded.");
  let r;
  try {
    // The signed URL is both where the playlist is served (its relative URIs resolve against it)
    // and what carries the one policy's signing parameters.
    r = page.full.signPlaylist(text, { baseUrl: url, signedQuery: url, listSigned: true });
  } catch (e) {
    clear(status, "Not read.");
    const onUrl = e.code !== "invalid_playlist";
    const why = e.reason === "canned_policy"
      ? "This URL is signed with a canned policy (Expires), which covers this one URL: every entry of the playlist would be requested unsigned and get 403. Sign a custom policy for the stream's prefix."
      : `${errText(e)}${e.reason ? ` (${e.reason})` : ""}`;
    setMsg(onUrl ? $("play-url") : $("play-text"), why);
    return;
  }
  const denied = r.entries.filter((e) => WOULD_403.has(e.status)).length;
  const expired = r.dateLessThan * 1000 <= Date.now();
  $("play-entries").replaceChildren(...(r.entries.length ? r.entries.map(entryItem) : [h("li", { class: "finding" }, "The playlist names no URI.")]));
  $("play-signed").textContent = r.text;
  $("play-out").hidden = false;
  status.className = `dist-status ${denied || expired ? "denied" : r.warnings.length ? "warned" : "served"}`;
  const parts = [
    `${r.format === "hls" ? "HLS" : "DASH"}: ${r.rewritten} of ${r.entries.length} entries covered by ${r.resource}`,
    denied ? `${denied} would 403` : "none would 403",
    `${expired ? "expired" : "valid until"} ${utcText(r.dateLessThan)}`,
  ];
  if (r.warnings.length) parts.push(`warnings: ${r.warnings.map((w) => `line ${w.line} ${w.code}`).join(", ")}`);
  status.textContent = `${parts.join("; ")}.`;
}

export function setupPlaylist() {
  let timer = null;
  for (const id of ["play-url", "play-text"]) {
    $(id).addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(updatePlaylist, 150);
    });
  }
  const box = $("play-text");
  box.addEventListener("dragover", (e) => { e.preventDefault(); box.classList.add("dragging"); });
  box.addEventListener("dragleave", () => box.classList.remove("dragging"));
  box.addEventListener("drop", async (e) => {
    e.preventDefault();
    box.classList.remove("dragging");
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (!file) return;
    box.value = await file.text();
    updatePlaylist();
  });
}
