// The two calls into the package that a signed playlist needs: the prefix policy, signed once per
// resource and expiry in an isolate (the signer's signPrefix: one custom wildcard policy), and
// the playlist rewriter (signPlaylist). Both are the core's (wasm); this only caches.

import * as cfsign from "cfsign";

const MAX_CACHED = 64;
/** `${keyPairId} ${expires} ${resource}` -> Promise of the signed query. */
const prefixes = new Map();

/**
 * The query (`Policy=...&Signature=...&Key-Pair-Id=...`) of one custom policy for `resource`
 * (a wildcard) until `expires` (seconds), signed by the handler's active key: once per bucket.
 */
export function signedPrefixQuery(state, resource, expires) {
  const { signer } = state;
  const key = `${signer.keyPairId} ${expires} ${resource}`;
  let p = prefixes.get(key);
  if (!p) {
    if (prefixes.size >= MAX_CACHED) prefixes.delete(prefixes.keys().next().value);
    p = signer.signPrefix({ resource, dateLessThan: expires * 1000 }).then((signed) => {
      const { query } = signed;
      signed.free?.();
      return query;
    });
    // A failure is not kept: the next playlist tries again.
    p.catch(() => prefixes.delete(key));
    prefixes.set(key, p);
  }
  return p;
}

/**
 * `bytes` (the playlist served at `baseUrl`) with `query` on every entry the policy covers:
 * `{ text, uncovered }` (how many entries were left alone), or the package's error (`code`
 * invalid_playlist with its `reason`: not_text, too_large, not_playlist, ...).
 */
export function rewritePlaylist(bytes, baseUrl, query, maxBytes) {
  const r = cfsign.signPlaylist(bytes, { baseUrl, signedQuery: query, maxBytes });
  return { text: r.text, uncovered: r.entries.length };
}
