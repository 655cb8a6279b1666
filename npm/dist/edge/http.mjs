// Small HTTP helpers: JSON responses, cookie parsing, logging without secrets.

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

/** A JSON response; `headers` may be a Headers object or a plain object. */
export function json(status, body, headers) {
  const h = new Headers(JSON_HEADERS);
  if (headers) for (const [k, v] of headers instanceof Headers ? headers : Object.entries(headers)) h.append(k, v);
  return new Response(JSON.stringify(body) + "\n", { status, headers: h });
}

export function error(status, code, message, extra, headers) {
  return json(status, { error: code, message, ...extra }, headers);
}

export function methodNotAllowed(allowed) {
  return error(405, "method_not_allowed", `use ${allowed.join(" or ")}`, { allowed }, { allow: allowed.join(", ") });
}

/** The pairs of a Cookie header, in order (names and values as sent). */
export function cookiePairs(header) {
  if (!header) return [];
  const out = [];
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (name) out.push([name, part.slice(i + 1).trim()]);
  }
  return out;
}

export function getCookie(header, name) {
  for (const [k, v] of cookiePairs(header)) if (k === name) return v.replace(/^"(.*)"$/, "$1");
  return null;
}

/**
 * One JSON line per event. Callers pass only safe fields: never a token, key, cookie or secret.
 */
export function log(level, event, fields) {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/**
 * Hop-by-hop headers (RFC 9110 7.6.1, and those older proxies use): they describe one
 * connection, so a proxy never passes them on.
 */
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer", "transfer-encoding", "proxy-authorization", "proxy-authenticate"];

/** Removes the hop-by-hop headers of `headers`, the ones its `Connection` names included. */
export function dropHopByHop(headers) {
  const named = (headers.get("connection") ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  const drop = new Set([...HOP_BY_HOP, ...named].map((n) => n.replace(/_/g, "-")));
  // Names compared with `_` read as `-`, as CGI and WSGI servers read them.
  for (const [name] of [...headers]) if (drop.has(name.toLowerCase().replace(/_/g, "-"))) headers.delete(name);
  return headers;
}
