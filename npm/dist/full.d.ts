// Types of cfsign/full: the declarations wasm-bindgen writes for the full build (the API of
// cfsign, plus the on-call tools and the distribution doctor), without its init functions.
export * from "./full/cfsign.js";
import type { SignPlaylistOptions, SignedPlaylist } from "./index.js";
/**
 * Rewrites an HLS playlist or DASH manifest (text or bytes) served at `options.baseUrl`,
 * appending `options.signedQuery` (one custom policy's signing parameters) to every entry the
 * policy's resource covers; the entries left alone are listed with the reason. Throws
 * `invalid_playlist` (with `reason`: `too_large`, `not_text`, `unknown_format`, `bad_xml`),
 * `invalid_url` (`bad_base_url`) or `invalid_option` (`bad_signed_query`, `canned_policy`).
 * In cfsign/full only.
 */
export function signPlaylist(playlist: string | Uint8Array, options: SignPlaylistOptions): SignedPlaylist;
