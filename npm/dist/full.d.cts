// Types of cfsign/full for `require`: the same API as cfsign.
export * from "./index.cjs";

import type { SignPlaylistOptions, SignedPlaylist } from "./index.cjs";
/** `signPlaylist`: see full.d.ts. In cfsign/full only. */
export function signPlaylist(playlist: string | Uint8Array, options: SignPlaylistOptions): SignedPlaylist;
