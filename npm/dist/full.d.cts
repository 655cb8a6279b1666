// Types of cfsign/full for `require`: the same declarations as full.d.ts, in the CommonJS copy
// that `make package` writes beside them (full/cfsign.d.cts).
export * from "./full/cfsign.cjs";
import type { SignPlaylistOptions, SignedPlaylist } from "./index.cjs";
/** `signPlaylist`: see full.d.ts. In cfsign/full only. */
export function signPlaylist(playlist: string | Uint8Array, options: SignPlaylistOptions): SignedPlaylist;
