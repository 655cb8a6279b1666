// The two calls into the package that a signed playlist needs: the prefix policy, signed once per
// resource and expiry in an isolate (the signer's signPrefix: one custom wildcard policy), and
// the playlist rewriter (signPlaylist), loaded on first use.

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
    p = signer.signPrefix({ resource, dateLessThan: expires * 1000 }).then((signed) => signed.query);
    // A failure is not kept: the next playlist tries again.
    p.catch(() => prefixes.delete(key));
    prefixes.set(key, p);
  }
  return p;
}

let rewriter;

/** `(text, baseUrl, query) => { text, uncovered }`: the package's playlist rewriter. */
export function loadRewriter() {
  rewriter ??= import("cfsign").then((m) => (text, baseUrl, query) => {
    const r = m.signPlaylist(text, { baseUrl, signedQuery: query });
    return { text: r.text, uncovered: r.uncovered.length };
  });
  return rewriter;
}
