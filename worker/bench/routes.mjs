// The requests of the per-host comparison (bench/hosts.mjs), as a host hands them to a Fetch
// handler: built fresh for every call. Plain Web APIs only, so that the workerd bench worker
// (bench/workerd-both.js) builds them the same way inside workerd.

/** The body of POST /api/signed-urls for `n` paths under the tier. */
export const batch = (n) => JSON.stringify({ paths: Array.from({ length: n }, (_, i) => `/videos/ep${i}.mp4`) });

export const ROUTE_LABELS = {
  cookies: "POST /auth/cookies",
  urls1: "POST /api/signed-urls (1 path)",
  urls10: "POST /api/signed-urls (10 paths)",
};

/** Route name -> () => Request, with the identity token `token`. */
export function routes(token) {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const base = "https://edge.example.com";
  const bodies = { 1: batch(1), 10: batch(10) };
  return {
    cookies: () => new Request(`${base}/auth/cookies`, { method: "POST", headers }),
    urls1: () => new Request(`${base}/api/signed-urls`, { method: "POST", headers, body: bodies[1] }),
    urls10: () => new Request(`${base}/api/signed-urls`, { method: "POST", headers, body: bodies[10] }),
  };
}
