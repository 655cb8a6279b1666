// cfsign browser page: the signing tab.

import { $, utcText, fromLocalInput, setMsg, errText } from "./dom.js";
import { emit, page } from "./state.js";
import { putKey } from "./keys.js";

/* ------------------------------------------------------------------- sign */

function pemWrap(label, bytes) {
  let bin = "";
  const u8 = new Uint8Array(bytes);
  for (let i = 0; i < u8.length; i += 0x8000) bin += String.fromCharCode(...u8.subarray(i, i + 0x8000));
  const b64 = btoa(bin).replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export async function generateKeyPair() {
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
    page.signState = { generatedFor: priv, publicPem: pub };
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
    page.cf.parseIpRange(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether `id` is a CloudFront key ID, by the package's rule. */
function validKeyPairId(id) {
  try {
    page.cf.checkKeyPairId(id);
    return true;
  } catch {
    return false;
  }
}

/** The form-wide message under the Sign button. */
export function formMsg(text) {
  const el = $("sign-msg");
  el.textContent = text;
  el.hidden = !text;
  el.className = "field-msg error";
}

export async function sign(ev) {
  ev?.preventDefault();
  const f = {
    id: $("kp-id"), priv: $("priv"), url: $("sign-url"), res: $("sign-resource"),
    exp: $("sign-expires"), start: $("sign-starts"), ip: $("sign-ip"),
  };
  for (const el of Object.values(f)) if (!(el === f.priv && page.signState.generatedFor === f.priv.value)) setMsg(el, "");
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
  if (resource) {
    try {
      page.cf.checkResource(resource); // the package's rule, as signing applies it
    } catch (e) {
      bad.push([f.res, `This resource cannot be signed: ${errText(e)}. A resource is a URL or a pattern, e.g. https://d111111abcdef8.cloudfront.net/videos/*`]);
    }
  }
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
    signer = await page.cf.Signer.create({ keyPairId: id, privateKey: privPem, ...(hash ? { algorithm: hash } : {}) });
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
      opts.policy = page.cf.buildPolicy(policy);
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

  let publicPem = page.signState.generatedFor === f.priv.value ? page.signState.publicPem : null;
  let pubNote = "";
  if (!publicPem) {
    try {
      publicPem = page.full.publicKeyPem(privPem);
    } catch (e) {
      pubNote = `Could not work out the public key here (${errText(e)}): run openssl pkey -in private.pem -pubout.`;
    }
  }

  const cookieHeader = cookies.cookie;
  const setCookies = cookies.setCookie.map((line) => `Set-Cookie: ${line}`).join("\n");
  page.lastSigned = { id, url: signedUrl, requestUrl: url, cookieHeader, setCookies, publicPem, clientIp: ip ? ip.split("/")[0] : "" };

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
    const kg = new page.full.KeyGroup();
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

export function checkSigned(what) {
  if (!page.lastSigned || !page.lastSigned.publicPem) return;
  putKey(page.lastSigned.id, page.lastSigned.publicPem);
  $("now-live").checked = true;
  $("client-ip").value = page.lastSigned.clientIp;
  if (what === "url") {
    $("input").value = page.lastSigned.url;
    $("req-url").value = "";
  } else {
    $("input").value = page.lastSigned.setCookies;
    $("req-url").value = page.lastSigned.requestUrl;
  }
  emit("show-check");
}
