// The request handed back to CloudFront (createHandler's `forward`): what the guard's fetch to
// ORIGIN_URL would not send is taken out of the event's request, as guard.mjs's originHeaders does
// for the worker. Always the x-cfsign-diagnostics header (it carries DIAGNOSTICS_TOKEN); once the
// guard allowed the request, the signing parameters (the query becomes the guard's forwarded one:
// the verifier's URL without them, the other pieces byte for byte) and the CloudFront-* cookies
// and the session cookie (the Cookie header becomes the guard's remaining cookies).

import { DIAGNOSTICS_HEADER } from "../edge/diagnostics.mjs";

/**
 * `request`: the event's `cf.request` (changed in place and returned); `allowed`: the guard's
 * `{ path, cookie }` (`path` the path and query it forwards, `cookie` the Cookie header left), or
 * `{ path: null }` for a request no route took.
 */
export function forwardedRequest(request, allowed) {
  const headers = request.headers ?? {};
  for (const name of Object.keys(headers)) {
    // Names compared with `_` read as `-`, as the guard does (CGI and WSGI origins read them so).
    if (name.replace(/_/g, "-") === DIAGNOSTICS_HEADER) delete headers[name];
  }
  if (allowed?.path == null) return request;
  const q = allowed.path.indexOf("?");
  request.querystring = q < 0 ? "" : allowed.path.slice(q + 1);
  if (allowed.cookie) headers.cookie = [{ key: "Cookie", value: allowed.cookie }];
  else delete headers.cookie;
  return request;
}
