// Logout: POST /auth/logout deletes the CloudFront cookies minting set (every cookie Path the
// configuration can give a set, with the Domain and attributes minting uses: mint.mjs's
// cookieAttributes; the package writes the deletions, so they carry exactly what the sets carried).
//
// No identity token is needed: deleting one's own cookies harms no one, and a user whose token
// has expired must still be able to log out. Two rules keep other sites from logging users out
// (logout CSRF):
// - POST only. GET answers 405: a GET must change nothing, or a prefetcher, a link preview or an
//   <img src> on any page would log the user out. A logout link is a <form method="post">.
// - A browser's cross-site POST is refused (403 cross_site_request): Sec-Fetch-Site "cross-site",
//   or an Origin that is neither this host nor one of ALLOWED_RETURN_HOSTS (with Sec-Fetch-Site
//   "same-site" too: a sibling subdomain is same-site). Both headers are the
//   browser's own (a page cannot set them); a client without them is not a browser another site
//   drives, and can only log itself out.
//
// `?return_to=` (a path here, or a URL on an ALLOWED_RETURN_HOSTS host) answers 303 to it, for a
// form post; without it, 200 JSON {"status": "logged_out", "paths": [...]}.

import { clearCookies } from "cfsign";
import { error, json } from "./http.mjs";
import { checkReturnTo, cookieAttributes } from "./mint.mjs";

/** Why this POST comes from another site's page, or null. */
function crossSite(request, config) {
  const site = request.headers.get("sec-fetch-site");
  // "same-site" is not enough: a sibling subdomain (another team's app, user content) is same-site,
  // so its Origin is checked below as any other's.
  if (site === "same-origin" || site === "none") return null;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    let host = null;
    try {
      // "null" (a sandboxed frame, a redirect across sites) is no URL: refused below.
      host = new URL(origin).host.toLowerCase();
    } catch {}
    if (host && (host === new URL(request.url).host.toLowerCase() || config.returnHosts.includes(host))) return null;
    return "the request comes from a page on another site (its Origin is neither this host nor one of ALLOWED_RETURN_HOSTS)";
  }
  return site === "cross-site" ? "the request comes from a page on another site (Sec-Fetch-Site: cross-site)" : null;
}

export async function handleLogout(request, state) {
  const { config } = state;
  const problem = crossSite(request, config);
  if (problem) return error(403, "cross_site_request", problem);
  let returnTo = null;
  const rt = new URL(request.url).searchParams.get("return_to");
  if (rt !== null) {
    returnTo = checkReturnTo(rt, config.returnHosts);
    if (!returnTo) return error(400, "bad_return_to", "return_to must be a path on this site or a URL on a host in ALLOWED_RETURN_HOSTS");
  }
  const paths = config.cookie.allPaths;
  const headers = new Headers();
  for (const path of paths) {
    for (const line of clearCookies(cookieAttributes(config, path))) headers.append("set-cookie", line);
  }
  if (returnTo) {
    headers.set("location", returnTo);
    headers.set("cache-control", "no-store");
    return new Response(null, { status: 303, headers });
  }
  return json(200, { status: "logged_out", paths }, headers);
}
