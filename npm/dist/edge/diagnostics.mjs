// Who sees the detail (issue 29, item 1). Anonymous callers learn no more than CloudFront tells
// them: the guard's 403 gives the reason codes and CloudFront's error names, /healthz "ok" or
// "misconfigured" and the setting's name. The detail (the verifier's messages, which name the
// trusted key IDs; the key IDs, tiers and warnings of /healthz; a bad setting's problem, which may
// name a key ID or a tier) goes only to requests whose `x-cfsign-diagnostics` header carries
// DIAGNOSTICS_TOKEN, or to everyone with DIAGNOSTICS=public (a demo, a local test).

import { ConfigError } from "./config.mjs";

export const DIAGNOSTICS_HEADER = "x-cfsign-diagnostics";
const MIN_TOKEN_BYTES = 32;
const NONE = Object.freeze({ token: null, public: false });

/** DIAGNOSTICS and DIAGNOSTICS_TOKEN, checked: { token, public }; throws ConfigError. */
export function readDiagnostics(env) {
  const mode = typeof env.DIAGNOSTICS === "string" ? env.DIAGNOSTICS.trim() : env.DIAGNOSTICS;
  if (mode !== undefined && mode !== null && mode !== "" && mode !== "token" && mode !== "public") {
    throw new ConfigError("DIAGNOSTICS", 'must be "token" (the default: detail only with DIAGNOSTICS_TOKEN) or "public"');
  }
  const raw = env.DIAGNOSTICS_TOKEN;
  let token = null;
  if (raw !== undefined && raw !== null && !(typeof raw === "string" && raw.trim() === "")) {
    if (typeof raw !== "string" || new TextEncoder().encode(raw.trim()).length < MIN_TOKEN_BYTES || !/^[\x21-\x7e]+$/.test(raw.trim())) {
      throw new ConfigError("DIAGNOSTICS_TOKEN", `must be at least ${MIN_TOKEN_BYTES} printable ASCII characters without spaces (a random secret)`);
    }
    token = raw.trim();
  }
  return { token, public: mode === "public" };
}

/** readDiagnostics, or none when they are bad (for the answer to a failed configuration). */
export function diagnosticsOrNone(env) {
  try {
    return readDiagnostics(env);
  } catch {
    return NONE;
  }
}

const sha256 = async (text) => new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));

/**
 * Whether `request` gets the detail. The header is compared with the token in constant time (their
 * SHA-256 digests, byte by byte without an early exit), so the time taken tells nothing of it.
 */
export async function wantsDetail(request, diagnostics) {
  if (diagnostics.public) return true;
  if (!diagnostics.token) return false;
  const sent = request.headers.get(DIAGNOSTICS_HEADER);
  if (sent === null) return false;
  const [a, b] = await Promise.all([sha256(sent.trim()), sha256(diagnostics.token)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
