// cfsign browser page: the trusted public keys, their rows, storage and key group.

import { $, h, setMsg, errText } from "./dom.js";
import { emit, page } from "./state.js";

const KEYS_STORAGE = "cfsign.publicKeys.v1";

/* ------------------------------------------------------------------ keys */

export function loadKeys() {
  let saved = [];
  try {
    saved = JSON.parse(localStorage.getItem(KEYS_STORAGE) || "[]");
  } catch {
    saved = [];
  }
  if (!Array.isArray(saved)) saved = [];
  page.keyRows = saved
    .filter((k) => k && typeof k.id === "string" && typeof k.pem === "string" && !/PRIVATE KEY/.test(k.pem))
    .map((k) => ({ key: ++page.rowSeq, id: k.id, pem: k.pem }));
  if (page.keyRows.length === 0) page.keyRows.push({ key: ++page.rowSeq, id: "", pem: "" });
}

/** Stores the rows that hold a valid public key, and nothing else. */
function saveKeys(valid) {
  try {
    localStorage.setItem(KEYS_STORAGE, JSON.stringify(valid.map(({ id, pem }) => ({ id, pem }))));
  } catch {
    /* storage full or disabled: the keys still work for this visit */
  }
}

/** The key's type as the package reads it ("RSA" or "ECDSA P-256"), shown with RSA's size. */
function keyLabel(pem) {
  const type = page.full.keyType(pem);
  // The package takes RSA keys of 2048 bits only, as CloudFront does.
  return type === "RSA" ? "RSA 2048" : type;
}

/** Rebuilds the key group from the rows, shows each row's state, stores the valid ones. */
export function rebuildKeyGroup() {
  // The previous group may still be verifying: it is left to the garbage collector.
  page.keyGroup = new page.full.KeyGroup();
  const valid = [];
  const seen = new Map();
  for (const row of page.keyRows) {
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
        const publicPem = page.full.publicKeyPem(pem).trim();
        if (/PRIVATE KEY/.test(pem)) throw Object.assign(new Error("this is a private key"), { code: "private_key" });
        page.keyGroup.add(id, publicPem);
        valid.push({ id, pem: publicPem });
        ok = `Trusted · ${keyLabel(publicPem)}`;
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

export function renderKeyRows() {
  const list = $("keys");
  list.replaceChildren(
    ...page.keyRows.map((row, i) => {
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
          page.keyRows = page.keyRows.filter((r) => r !== row);
          if (page.keyRows.length === 0) page.keyRows.push({ key: ++page.rowSeq, id: "", pem: "" });
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
  emit("keys-changed");
}

/** Adds (or fills) a key row with this ID, as the signing tab does. */
export function putKey(id, pem) {
  let row = page.keyRows.find((r) => r.id.trim() === id);
  if (!row) row = page.keyRows.find((r) => !r.id.trim() && !r.pem.trim());
  if (!row) {
    row = { key: ++page.rowSeq, id: "", pem: "" };
    page.keyRows.push(row);
  }
  row.id = id;
  row.pem = pem;
  renderKeyRows();
  rebuildKeyGroup();
}
