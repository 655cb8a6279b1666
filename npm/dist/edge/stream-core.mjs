// The calls into the package that a signed playlist needs: the prefix policy, signed once per
// resource and expiry in an isolate (signPrefix: one custom wildcard policy), the playlist
// rewriter (signPlaylist), and the rule of which answers are playlists (playlistServedAs). All
// are the core's (wasm); this only caches. All three are in the full build only (cfsign/full: the
// lite .wasm every edge route loads stays small), imported the first time the guard lets an
// answer through with STREAM_PLAYLISTS: never when it is off. The prefix is signed by a full
// build Signer of the handler's active key, created once per state.

const MAX_CACHED = 64;
/** `${keyPairId} ${expires} ${resource}` -> Promise of the signed query. */
const prefixes = new Map();

/**
 * The query (`Policy=...&Signature=...&Key-Pair-Id=...`) of one custom policy for `resource`
 * (a wildcard) until `expires` (seconds), signed by the handler's active key: once per bucket.
 */
export function signedPrefixQuery(state, resource, expires) {
  const { keyPairId } = state.signer;
  const key = `${keyPairId} ${expires} ${resource}`;
  let p = prefixes.get(key);
  if (!p) {
    if (prefixes.size >= MAX_CACHED) prefixes.delete(prefixes.keys().next().value);
    p = prefixSigner(state)
      .then((signer) => signer.signPrefix({ resource, dateLessThan: expires * 1000 }))
      .then((signed) => {
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

/** state -> Promise of cfsign/full's Signer of the state's active key (the lite one has no signPrefix). */
const prefixSigners = new WeakMap();

function prefixSigner(state) {
  let p = prefixSigners.get(state);
  if (!p) {
    const { keys } = state.config;
    const key = keys.active === "next" ? keys.next : keys.current;
    p = full().then(({ Signer }) =>
      Signer.create({ keyPairId: key.keyPairId, privateKey: key.privateKey, ...(keys.hash ? { algorithm: keys.hash } : {}) }),
    );
    p.catch(() => prefixSigners.delete(state));
    prefixSigners.set(state, p);
  }
  return p;
}

let fullBuild;

/** cfsign/full, imported once (a failed import is tried again next time). */
function full() {
  fullBuild ??= import("cfsign/full").then(
    (m) => m,
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
  const { signPlaylist } = await full();
  const r = signPlaylist(bytes, { baseUrl, signedQuery: query, maxBytes });
  return { text: r.text, uncovered: r.entries.length };
}

/**
 * Whether the answer to `path` with `contentType` is a playlist to rewrite: the package's rule
 * (RFC 8216's and DASH's media types, else the .m3u8/.m3u/.mpd extension), from the full build
 * like the rewriter (imported on the first answer the guard lets through with STREAM_PLAYLISTS).
 */
export async function isPlaylist(path, contentType) {
  const { playlistServedAs } = await full();
  return playlistServedAs(path, contentType ?? undefined) !== undefined;
}
