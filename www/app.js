// cfsign browser page: decode and verify CloudFront signed URLs and cookies, and sign test ones.
// Plain ES module, no bundler, no dependencies. Everything runs here; nothing is sent anywhere.

import { $, toLocalInput, fromLocalInput, setMsg, errText, copyText } from "./dom.js";
import { on, page } from "./state.js";
import { loadKeys, rebuildKeyGroup, renderKeyRows } from "./keys.js";
import { update } from "./check.js";
import { generateKeyPair, formMsg, sign, checkSigned } from "./sign.js";
import { setupDistribution } from "./distribution.js";
import { setupLogs, startLogsWorker } from "./logs.js";
import { setupPlaylist } from "./playlist.js";

/* ------------------------------------------------------------------- tabs */

function selectTab(name, focus = false) {
  for (const t of ["check", "sign", "dist", "logs", "play"]) {
    const tab = $(`tab-${t}`);
    const on = t === name;
    tab.setAttribute("aria-selected", String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`panel-${t}`).hidden = !on;
    if (on && focus) tab.focus();
  }
  try {
    history.replaceState(null, "", name === "check" ? location.pathname + location.search : `#${name}`);
  } catch {
    /* file:// or sandboxed */
  }
}

function setupTabs() {
  const tabs = [$("tab-check"), $("tab-sign"), $("tab-dist"), $("tab-logs"), $("tab-play")];
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
  if (location.hash === "#dist") selectTab("dist");
  if (location.hash === "#logs") selectTab("logs");
  if (location.hash === "#play") selectTab("play");
}

/* ------------------------------------------------------------------- copy */

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
    page.keyRows.push({ key: ++page.rowSeq, id: "", pem: "" });
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

/** What the other modules ask for (state.js's events). */
function wireEvents() {
  on("keys-changed", () => update());
  on("show-check", () => {
    syncNowControls();
    selectTab("check", true);
    update();
    $("input").focus();
  });
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
    // Both builds before the network is locked: the lite one for the first two tabs, the full one
    // (which has the distribution doctor and signPlaylist) for the Distribution and Playlist tabs.
    [page.cf, page.full] = await Promise.all([import("./pkg/browser.mjs"), import("./pkg/full-browser.mjs")]);
    // The access-log worker loads its module now, before the network is locked.
    await startLogsWorker();
  } catch (e) {
    page.cf = null;
    const el = $("load-error");
    el.hidden = false;
    el.textContent = `The WebAssembly module could not be loaded (${errText(e)}). `
      + "Build it with “make wasm” (it goes to www/pkg/), and serve this folder over HTTP: browsers do not load modules from file://.";
    document.documentElement.dataset.ready = "error";
    return;
  }
  lockNetwork();
  page.SIGNING_PARAMS = new Set(page.cf.signingParameters());
  $("version").textContent = page.cf.version();
  loadKeys();
  renderKeyRows();
  rebuildKeyGroup();
  setupCheck();
  setupSign();
  setupCopy();
  setupDistribution();
  setupLogs();
  setupPlaylist();
  wireEvents();
  update();
  document.documentElement.dataset.ready = "true";
}

main();
