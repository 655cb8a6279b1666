// cfsign browser page: the check tab: the request, decoding and the verdict.

import { $, setMsg, errText } from "./dom.js";
import { page } from "./state.js";
import { refreshTimes } from "./timeline.js";
import { requestNow, withSigningParams } from "./request.js";
import { renderVerdict } from "./verdict.js";
import { renderDecoded } from "./decoded.js";

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
