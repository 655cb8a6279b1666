// A Lambda@Edge request event as a Fetch Request, and a Fetch Response as a Lambda@Edge generated
// response. Shapes from CloudFront's Developer Guide ("Lambda@Edge event structure", "Generating
// HTTP responses in request triggers"): header names are lowercase keys, each an array of
// {key, value}, one per instance, `key` the wire casing; `querystring` has no "?" and is "" when
// there is none; a body (with "include body") is base64 (or text) with `inputTruncated`; a
// generated response has `status` as a string, `statusDescription`, headers in the same form and
// `body` with `bodyEncoding` "text" or "base64". The limits are the core's (lambdaEdgeRules).

/** A malformed event: a 500 for the viewer and a log line naming `problem` (never a value). */
export class EventError extends Error {
  constructor(problem, status = 500, code = "bad_event") {
    super(problem);
    this.name = "EventError";
    this.problem = problem;
    this.status = status;
    this.code = code;
  }
}

/**
 * The most header entries read from an event. CloudFront caps a request's headers at 20 KB, so a
 * real event never comes near; a bigger array is not CloudFront's and is refused before any work.
 */
export const MAX_HEADER_ENTRIES = 1000;

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** `Records[0].cf` of an event, checked for the fields used; throws EventError. */
export function recordOf(event) {
  if (!isObject(event) || !Array.isArray(event.Records)) throw new EventError("the event has no Records array");
  if (event.Records.length !== 1) throw new EventError("the event does not have exactly one record");
  const cf = event.Records[0]?.cf;
  if (!isObject(cf) || !isObject(cf.config) || !isObject(cf.request)) throw new EventError("Records[0].cf has no config or request object");
  if (typeof cf.config.eventType !== "string") throw new EventError("Records[0].cf.config.eventType is not a string");
  return cf;
}

function readHeaders(raw) {
  if (raw === undefined) return new Headers();
  if (!isObject(raw)) throw new EventError("request.headers is not an object");
  const headers = new Headers();
  let count = 0;
  for (const [name, entries] of Object.entries(raw)) {
    if (!Array.isArray(entries)) throw new EventError("a request header is not an array of {key, value}");
    count += entries.length;
    if (count > MAX_HEADER_ENTRIES) throw new EventError(`request.headers has more than ${MAX_HEADER_ENTRIES} entries`);
    for (const entry of entries) {
      if (!isObject(entry) || typeof entry.value !== "string" || (entry.key !== undefined && typeof entry.key !== "string")) {
        throw new EventError("a request header entry is not {key, value} with string values");
      }
      if ((entry.key ?? name).toLowerCase() !== name) throw new EventError("a request header's key does not match its lowercase name");
      try {
        // Cookie instances (HTTP/2 sends each cookie as its own field, and CloudFront passes
        // them so) join with "; " as one Cookie header (RFC 9113 8.2.3), never with Fetch's ", ".
        if (name === "cookie" && headers.has("cookie")) headers.set("cookie", `${headers.get("cookie")}; ${entry.value}`);
        else headers.append(name, entry.value);
      } catch {
        throw new EventError("a request header has a name or value HTTP does not allow", 400, "bad_header");
      }
    }
  }
  return headers;
}

function readBody(body, method, rules) {
  if (body === undefined || body === null || method === "GET" || method === "HEAD") return undefined;
  if (!isObject(body) || typeof body.data !== "string") throw new EventError("request.body is not {data, encoding}");
  if (body.inputTruncated === true) {
    throw new EventError(`the request body is over the ${rules.maxBodyBytes} bytes CloudFront passes to the function (inputTruncated)`, 413, "body_too_large");
  }
  if (body.encoding === "text") return body.data;
  if (body.encoding !== undefined && body.encoding !== "base64") throw new EventError('request.body.encoding is not "base64" or "text"');
  return Buffer.from(body.data, "base64");
}

/**
 * The Fetch Request for `cf.request`. Its URL is the distribution's own domain with the event's
 * `uri` and `querystring` (never the viewer's Host: the routes never trust it); the headers one
 * append per instance; the body only where "include body" gave one.
 */
export function toRequest(cf, rules) {
  const r = cf.request;
  const { uri, method } = r;
  const querystring = r.querystring ?? "";
  if (typeof uri !== "string" || !uri.startsWith("/")) throw new EventError('request.uri is not a path starting with "/"');
  if (typeof querystring !== "string") throw new EventError("request.querystring is not a string");
  if (typeof method !== "string" || !/^[A-Z]{1,16}$/.test(method)) throw new EventError("request.method is not an HTTP method");
  if (r.clientIp !== undefined && typeof r.clientIp !== "string") throw new EventError("request.clientIp is not a string");
  if (uri.length + querystring.length > rules.maxUriAndQueryChars) {
    throw new EventError(`the URI and query string are longer than the ${rules.maxUriAndQueryChars} characters Lambda@Edge allows`, 414, "uri_too_long");
  }
  const domain = typeof cf.config.distributionDomainName === "string" && /^[a-z0-9.-]+$/i.test(cf.config.distributionDomainName)
    ? cf.config.distributionDomainName
    : "distribution.invalid";
  let url;
  try {
    url = new URL(`https://${domain}${uri}${querystring ? `?${querystring}` : ""}`);
  } catch {
    throw new EventError("request.uri and querystring do not form a URL", 400, "bad_request");
  }
  const headers = readHeaders(r.headers);
  const body = readBody(r.body, method, rules);
  try {
    return new Request(url, { method, headers, body });
  } catch {
    throw new EventError("the request cannot be represented (method or body)", 400, "bad_request");
  }
}

/** A header's wire name for `key`: each dash-separated word capitalised (Set-Cookie, Content-Type). */
const wireName = (name) => name.replace(/(^|-)([a-z])/g, (_, dash, c) => dash + c.toUpperCase());

const REASONS = {
  200: "OK", 204: "No Content", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
  307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
  404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large", 414: "URI Too Long", 500: "Internal Server Error",
  502: "Bad Gateway", 503: "Service Unavailable",
};

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript)|[^;]*\+(json|xml))/i;

/**
 * The generated response for `response`: status as a string, statusDescription, every header in
 * [{key, value}] arrays (each Set-Cookie its own entry), the body as text when it is textual
 * UTF-8, else base64.
 */
export async function toResult(response) {
  const headers = {};
  for (const [name, value] of response.headers) {
    if (name === "set-cookie") continue;
    (headers[name] ??= []).push({ key: wireName(name), value });
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies.map((value) => ({ key: "Set-Cookie", value }));
  const result = {
    status: String(response.status),
    statusDescription: response.statusText || REASONS[response.status] || "",
    headers,
  };
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length) {
    const textual = TEXT_TYPES.test(response.headers.get("content-type") ?? "");
    let text = null;
    if (textual) {
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        text = null;
      }
    }
    if (text !== null) {
      result.body = text;
      result.bodyEncoding = "text";
    } else {
      result.body = Buffer.from(bytes).toString("base64");
      result.bodyEncoding = "base64";
    }
  }
  return result;
}

/** A generated response's size as measured against the limit: its JSON's UTF-8 bytes (over-counts the wire form, never under). */
export const resultBytes = (result) => Buffer.byteLength(JSON.stringify(result));

/** A small JSON generated response (errors of this layer). */
export function jsonResult(status, body) {
  return {
    status: String(status),
    statusDescription: REASONS[status] ?? "",
    headers: {
      "content-type": [{ key: "Content-Type", value: "application/json; charset=utf-8" }],
      "cache-control": [{ key: "Cache-Control", value: "no-store" }],
      "x-content-type-options": [{ key: "X-Content-Type-Options", value: "nosniff" }],
    },
    body: `${JSON.stringify(body)}\n`,
    bodyEncoding: "text",
  };
}
