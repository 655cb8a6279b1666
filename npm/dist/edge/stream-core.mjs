// The two calls into the package that a signed playlist needs: the prefix policy, signed once per
// resource and expiry in an isolate (the signer's signPrefix: one custom wildcard policy), and
// the playlist rewriter (signPlaylist). Both are the core's (wasm); this only caches. The
// rewriter is in the full build only (cfsign/full: the lite .wasm every edge route loads stays
// small), imported the first time a playlist is rewritten: never when STREAM_PLAYLISTS is off.

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

let fullBuild;

/** cfsign/full's signPlaylist, imported once (a failed import is tried again next time). */
function rewriter() {
  fullBuild ??= import("cfsign/full").then(
    (m) => m.signPlaylist,
    (e) => {
      fullBuild = undefined;
      throw e;
    },
  );
  return fullBuild;
}

/**
 * `bytes` (the playlist served at `baseUrl`) with `query` on every entry the policy covers:
 * `{ text, uncovered }` (how many entries were left alone), or the package's error (`code`
 * invalid_playlist with its `reason`: not_text, too_large, not_playlist, ...).
 */
export async function rewritePlaylist(bytes, baseUrl, query, maxBytes) {
  const signPlaylist = await rewriter();
  const r = signPlaylist(bytes, { baseUrl, signedQuery: query, maxBytes });
  return { text: r.text, uncovered: r.entries.length };
}
