// The identity token's settings (JWT_*): the algorithms, one family only; the HMAC secret, or the
// public keys (JWT_PUBLIC_KEY, a JWK Set fetched from JWT_JWKS_URL, or JWT_JWKS); issuer, audience,
// claim, clock tolerance and session cookie. Each problem is added to the collector `c`
// (setting.mjs), never thrown alone, so that every bad setting is reported at once; no message
// holds a value. The keys are imported later, in jwt.mjs.

import { ConfigError, int, json, list, pem, raw, required, str } from "./setting.mjs";

const HMAC_ALGS = ["HS256", "HS384", "HS512"];
const ASYM_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"];

/** The JWT settings' defaults (part of config.mjs's DEFAULTS). */
export const JWT_DEFAULTS = Object.freeze({
  JWT_CLAIM: "tier",
  JWT_CLOCK_TOLERANCE_SECONDS: 30,
  // JWT_JWKS_URL: jose's createRemoteJWKSet options. A token with an unknown kid refetches the
  // set (key rotation) at most once per cooldown.
  JWT_JWKS_TIMEOUT_MS: 5000,
  JWT_JWKS_CACHE_SECONDS: 600,
  JWT_JWKS_COOLDOWN_SECONDS: 30,
});

function readAlgorithms(env) {
  const algorithms = list(env, "JWT_ALGORITHMS");
  if (algorithms.length === 0) {
    throw new ConfigError("JWT_ALGORITHMS", 'is not set (for example "HS256" or "ES256")');
  }
  for (const a of algorithms) {
    if (!HMAC_ALGS.includes(a) && !ASYM_ALGS.includes(a)) {
      throw new ConfigError(
        "JWT_ALGORITHMS",
        `unsupported algorithm (allowed: ${[...HMAC_ALGS, ...ASYM_ALGS].join(", ")})`,
      );
    }
  }
  const hmac = algorithms.filter((a) => HMAC_ALGS.includes(a));
  const asym = algorithms.filter((a) => ASYM_ALGS.includes(a));
  if (hmac.length && asym.length) {
    throw new ConfigError(
      "JWT_ALGORITHMS",
      "mixes HMAC (HS*) and public-key algorithms; pick one family (algorithm confusion)",
    );
  }
  return { algorithms, hmac, asym };
}

/** A loopback host, where a JWKS may be fetched over plain http (a local identity provider). */
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** JWT_JWKS_URL: an https URL (http only on loopback), without credentials or fragment. */
function jwksUrl(env) {
  const v = str(env, "JWT_JWKS_URL");
  if (v === undefined) return undefined;
  let u;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError("JWT_JWKS_URL", "is not an absolute URL");
  }
  const httpOk = u.protocol === "http:" && LOOPBACK.test(u.hostname);
  if ((u.protocol !== "https:" && !httpOk) || u.username || u.password || u.hash) {
    throw new ConfigError("JWT_JWKS_URL", "must be an https URL (http only on localhost) without credentials or fragment");
  }
  return u.href;
}

/** JWT_JWKS: a JWK Set as JSON, `{"keys": [...]}` of public keys only. */
function localJwks(env) {
  const jwks = json(env, "JWT_JWKS");
  if (jwks === undefined) return undefined;
  if (typeof jwks !== "object" || jwks === null || !Array.isArray(jwks.keys) || jwks.keys.length === 0) {
    throw new ConfigError("JWT_JWKS", 'must be a JWK Set: JSON {"keys": [ ... ]} with at least one key');
  }
  for (const k of jwks.keys) {
    if (typeof k !== "object" || k === null || typeof k.kty !== "string") {
      throw new ConfigError("JWT_JWKS", "each key must be a JWK object with a kty");
    }
    // A private JWK carries "d" (and RSA's primes): a secret pasted where a public key goes.
    if ("d" in k || "p" in k || "k" in k) {
      throw new ConfigError("JWT_JWKS", "holds a private or symmetric key: give the public JWK Set your identity provider publishes");
    }
  }
  return jwks;
}

/** Where public-key tokens are verified: exactly one of JWT_PUBLIC_KEY, JWT_JWKS_URL, JWT_JWKS. */
function readVerificationKeys(env, c, asym) {
  const publicKey = c.get(() => pem(env, "JWT_PUBLIC_KEY", "public key"));
  const remote = c.get(() => jwksUrl(env));
  const local = c.get(() => localJwks(env));
  const given = [
    ["JWT_PUBLIC_KEY", publicKey ?? raw(env, "JWT_PUBLIC_KEY")],
    ["JWT_JWKS_URL", remote ?? raw(env, "JWT_JWKS_URL")],
    ["JWT_JWKS", local ?? raw(env, "JWT_JWKS")],
  ].filter(([, v]) => v !== undefined);
  if (given.length === 0) {
    c.add(new ConfigError("JWT_PUBLIC_KEY", `is not set (needed for ${asym.join(", ")}; or set JWT_JWKS_URL, or JWT_JWKS)`));
  } else if (given.length > 1) {
    c.add(new ConfigError(given[1][0], `is set with ${given[0][0]}: set only one of JWT_PUBLIC_KEY, JWT_JWKS_URL, JWT_JWKS`));
  }
  const jwks = remote
    ? {
        url: remote,
        timeoutMs: c.get(() => int(env, "JWT_JWKS_TIMEOUT_MS", JWT_DEFAULTS.JWT_JWKS_TIMEOUT_MS, 100, 30000)),
        cacheSeconds: c.get(() => int(env, "JWT_JWKS_CACHE_SECONDS", JWT_DEFAULTS.JWT_JWKS_CACHE_SECONDS, 0, 86400)),
        cooldownSeconds: c.get(() => int(env, "JWT_JWKS_COOLDOWN_SECONDS", JWT_DEFAULTS.JWT_JWKS_COOLDOWN_SECONDS, 0, 3600)),
      }
    : null;
  return { publicKey, jwks, localJwks: local ?? null };
}

/** The JWT_* settings; problems go to `c`. */
export function readJwt(env, c) {
  const family = c.get(() => readAlgorithms(env));
  let secret;
  let keys = { publicKey: undefined, jwks: null, localJwks: null };
  if (family?.hmac.length) {
    secret = c.get(() => {
      const s = required(env, "JWT_SECRET", `needed for ${family.hmac.join(", ")}`);
      if (new TextEncoder().encode(s).length < 32) {
        throw new ConfigError("JWT_SECRET", "must be at least 32 bytes (RFC 7518)");
      }
      return s;
    });
  } else if (family) {
    keys = readVerificationKeys(env, c, family.asym);
  }
  const issuer = c.get(() => required(env, "JWT_ISSUER", "the login service's iss"));
  const audience = c.get(() => {
    const a = list(env, "JWT_AUDIENCE");
    if (a.length === 0) throw new ConfigError("JWT_AUDIENCE", "is not set (the aud tokens carry for this worker)");
    return a;
  });
  const claim = c.get(() => {
    const v = str(env, "JWT_CLAIM") ?? JWT_DEFAULTS.JWT_CLAIM;
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(v)) throw new ConfigError("JWT_CLAIM", "must be a claim name");
    return v;
  });
  const clockTolerance = c.get(() => int(env, "JWT_CLOCK_TOLERANCE_SECONDS", JWT_DEFAULTS.JWT_CLOCK_TOLERANCE_SECONDS, 0, 300));
  const sessionCookie = c.get(() => {
    const v = str(env, "SESSION_COOKIE");
    if (v !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/.test(v)) {
      throw new ConfigError("SESSION_COOKIE", "must be a cookie name");
    }
    return v;
  });
  return {
    algorithms: family?.algorithms ?? [],
    hmac: (family?.hmac.length ?? 0) > 0,
    secret,
    ...keys,
    issuer,
    audience,
    claim,
    clockTolerance,
    sessionCookie,
  };
}
