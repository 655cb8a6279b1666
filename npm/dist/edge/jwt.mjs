// The identity token: a JWT from the app's login service, in `Authorization: Bearer` or in the
// app's session cookie. Verified with jose: algorithms pinned from config (so `alg: none` and
// algorithm confusion are refused before any key is used), exp required, nbf/iss/aud checked.
// Keys: an HMAC secret, one SPKI public key, or a JWK Set, local (JWT_JWKS) or fetched
// (JWT_JWKS_URL, jose's createRemoteJWKSet: the key chosen by the token's kid and alg, the set
// cached, refetched on an unknown kid at most once per cooldown, each fetch timed out).
// Nothing about the token is ever logged; errors say what failed, not what the token held.

import { createLocalJWKSet, createRemoteJWKSet, errors, importSPKI, jwtVerify } from "jose";
import { getCookie } from "./http.mjs";
import { ConfigError } from "./config.mjs";

const MAX_TOKEN_BYTES = 8192;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export class AuthError extends Error {
  /** `status`: 401 (the token), or 503 when the identity provider's keys cannot be had. */
  constructor(reason, message, status = 401) {
    super(message);
    this.name = "AuthError";
    this.reason = reason;
    this.status = status;
  }
}

/**
 * The verification key of each allowed algorithm, imported once per isolate: an HMAC CryptoKey
 * (jose would import raw secret bytes again on every verify) or the SPKI public key.
 */
export async function importJwtKeys(jwt) {
  // A JWK Set: jose picks the key per token (kid, alg). Built here, on the first request: no
  // fetch happens before a token needs one.
  if (jwt.jwks) {
    return createRemoteJWKSet(new URL(jwt.jwks.url), {
      timeoutDuration: jwt.jwks.timeoutMs,
      cacheMaxAge: jwt.jwks.cacheSeconds * 1000,
      cooldownDuration: jwt.jwks.cooldownSeconds * 1000,
    });
  }
  if (jwt.localJwks) {
    try {
      return createLocalJWKSet(jwt.localJwks);
    } catch {
      throw new ConfigError("JWT_JWKS", "is not a JWK Set jose can read");
    }
  }
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
    const pick =
      typeof keys === "function"
        ? keys
        : (header) => {
            const key = keys.get(header.alg);
            if (!key) throw new errors.JOSEAlgNotAllowed("algorithm not allowed");
            return key;
          };
    const { payload } = await jwtVerify(token, pick, {
      algorithms: jwtConfig.algorithms,
      issuer: jwtConfig.issuer,
      audience: jwtConfig.audience,
      clockTolerance: jwtConfig.clockTolerance,
      requiredClaims: ["exp"],
    });
    return payload;
  } catch (e) {
    // A fetch of the JWK Set that failed below jose (refused, DNS, TLS): no JOSE code.
    if (typeof keys === "function" && typeof e?.code !== "string") {
      throw new AuthError("jwks_unavailable", "the identity provider's JWK Set could not be fetched", 503);
    }
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
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return new AuthError("unknown_key", "no key of the identity provider's JWK Set matches the token's kid and alg");
    case "ERR_JWKS_TIMEOUT":
      return new AuthError("jwks_unavailable", "the identity provider's JWK Set could not be fetched in time", 503);
    case "ERR_JWKS_INVALID":
    case "ERR_JOSE_GENERIC":
      return new AuthError("jwks_unavailable", "the identity provider's JWK Set could not be fetched or read", 503);
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
    case "ERR_JOSE_NOT_SUPPORTED":
      return new AuthError("malformed_token", "the token is malformed");
    default:
      return new AuthError("invalid_token", "the token is not valid");
  }
}
