// The identity token: a JWT from the app's login service, in `Authorization: Bearer` or in the
// app's session cookie. Verified with jose: algorithms pinned from config (so `alg: none` and
// algorithm confusion are refused before any key is used), exp required, nbf/iss/aud checked.
// Nothing about the token is ever logged; errors say what failed, not what the token held.

import { errors, importSPKI, jwtVerify } from "jose";
import { getCookie } from "./http.mjs";
import { ConfigError } from "./config.mjs";

const MAX_TOKEN_BYTES = 8192;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export class AuthError extends Error {
  constructor(reason, message) {
    super(message);
    this.name = "AuthError";
    this.reason = reason;
  }
}

/**
 * The verification key of each allowed algorithm, imported once per isolate: an HMAC CryptoKey
 * (jose would import raw secret bytes again on every verify) or the SPKI public key.
 */
export async function importJwtKeys(jwt) {
  const keys = new Map();
  for (const alg of jwt.algorithms) {
    try {
      keys.set(
        alg,
        jwt.hmac
          ? await crypto.subtle.importKey("raw", new TextEncoder().encode(jwt.secret), { name: "HMAC", hash: `SHA-${alg.slice(2)}` }, false, ["verify"])
          : await importSPKI(jwt.publicKey, alg),
      );
    } catch {
      throw jwt.hmac
        ? new ConfigError("JWT_SECRET", `cannot be imported as an ${alg} key`)
        : new ConfigError("JWT_PUBLIC_KEY", `is not an SPKI public key usable with ${alg}`);
    }
  }
  return keys;
}

/** The token from `Authorization: Bearer`, else from the session cookie; null when none. */
export function findToken(request, jwtConfig) {
  const auth = request.headers.get("authorization");
  if (auth) {
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(auth);
    if (!m) throw new AuthError("malformed_authorization", "Authorization must be \"Bearer <token>\"");
    return m[1];
  }
  if (jwtConfig.sessionCookie) {
    const v = getCookie(request.headers.get("cookie"), jwtConfig.sessionCookie);
    if (v) return v;
  }
  return null;
}

/** Verifies the token; returns its payload or throws AuthError. */
export async function verifyToken(token, jwtConfig, keys) {
  if (token.length > MAX_TOKEN_BYTES || !JWT_SHAPE.test(token)) {
    throw new AuthError("malformed_token", "the token is not a compact JWS");
  }
  try {
    const { payload } = await jwtVerify(token, (header) => {
      const key = keys.get(header.alg);
      if (!key) throw new errors.JOSEAlgNotAllowed("algorithm not allowed");
      return key;
    }, {
      algorithms: jwtConfig.algorithms,
      issuer: jwtConfig.issuer,
      audience: jwtConfig.audience,
      clockTolerance: jwtConfig.clockTolerance,
      requiredClaims: ["exp"],
    });
    return payload;
  } catch (e) {
    throw toAuthError(e);
  }
}

function toAuthError(e) {
  switch (e?.code) {
    case "ERR_JWT_EXPIRED":
      return new AuthError("token_expired", "the token has expired");
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
      const claim = typeof e.claim === "string" ? e.claim : "claim";
      const what = { aud: "audience", iss: "issuer", nbf: "not-before time", exp: "expiry" }[claim] ?? claim;
      return new AuthError(`bad_${claim}`, `the token's ${what} (${claim}) is not accepted`);
    }
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return new AuthError("algorithm_not_allowed", "the token's algorithm is not allowed");
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return new AuthError("bad_signature", "the token's signature does not verify");
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
    case "ERR_JOSE_NOT_SUPPORTED":
      return new AuthError("malformed_token", "the token is malformed");
    default:
      return new AuthError("invalid_token", "the token is not valid");
  }
}
