// Configuration, read only from `env` (wrangler [vars] and secrets). `readConfig` checks every
// setting synchronously and throws one ConfigError listing every bad one (`problems`); the error
// message never contains a value (a PEM, a secret or a token could be in it). Keys are imported
// later, once per isolate, in state.js, whose problems join these.

import { checkKeyPairId } from "cfsign";
import { ConfigError, Problems, json, raw } from "./setting.mjs";
import { cookieSets, readTiers } from "./tiers.mjs";

export { ConfigError };

const HMAC_ALGS = ["HS256", "HS384", "HS512"];
const ASYM_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"];

export const DEFAULTS = Object.freeze({
  COOKIE_PATH: "/",
  COOKIE_TTL_SECONDS: 3600,
  JWT_CLAIM: "tier",
  JWT_CLOCK_TOLERANCE_SECONDS: 30,
  // Paths per /api/signed-urls request when MAX_BATCH is unset, by key type: about 6 ms of CPU
  // for RSA-2048 (0.6 ms a signature) and 3 ms for ECDSA P-256, under the 10 ms of a free plan.
  MAX_BATCH_RSA: 10,
  MAX_BATCH_ECDSA: 50,
  CLOUDFRONT_ACTIVE_KEY: "current",
  // JWT_JWKS_URL: jose's createRemoteJWKSet options. A token with an unknown kid refetches the
  // set (key rotation) at most once per cooldown.
  JWT_JWKS_TIMEOUT_MS: 5000,
  JWT_JWKS_CACHE_SECONDS: 600,
  JWT_JWKS_COOLDOWN_SECONDS: 30,
});

function str(env, name) {
  const v = raw(env, name);
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new ConfigError(name, "must be a string");
  return v;
}

function required(env, name, why) {
  const v = str(env, name);
  if (v === undefined) throw new ConfigError(name, `is not set${why ? ` (${why})` : ""}`);
  return v;
}

function int(env, name, dflt, min, max) {
  const v = raw(env, name);
  if (v === undefined) return dflt;
  const n = typeof v === "number" ? v : /^[0-9]+$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** A PEM from a secret: `\n` escapes (one-line secrets) become newlines. */
function pem(env, name, kind) {
  const v = str(env, name);
  if (v === undefined) return undefined;
  const text = v.includes("\\n") ? v.replace(/\\n/g, "\n") : v;
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text) || !/-----END [A-Z0-9 ]+-----/.test(text)) {
    throw new ConfigError(name, `is not a PEM ${kind} (no BEGIN/END lines)`);
  }
  return text;
}

/** CloudFront's key ID rule, from the package. */
function isKeyPairId(id) {
  try {
    checkKeyPairId(id);
    return true;
  } catch {
    return false;
  }
}

function keyId(env, name, why) {
  const v = required(env, name, why);
  if (!isKeyPairId(v)) {
    throw new ConfigError(name, "must be a CloudFront public key ID (letters and digits)");
  }
  return v;
}

function list(env, name) {
  const v = str(env, name);
  if (v === undefined) return [];
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

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
        timeoutMs: c.get(() => int(env, "JWT_JWKS_TIMEOUT_MS", DEFAULTS.JWT_JWKS_TIMEOUT_MS, 100, 30000)),
        cacheSeconds: c.get(() => int(env, "JWT_JWKS_CACHE_SECONDS", DEFAULTS.JWT_JWKS_CACHE_SECONDS, 0, 86400)),
        cooldownSeconds: c.get(() => int(env, "JWT_JWKS_COOLDOWN_SECONDS", DEFAULTS.JWT_JWKS_COOLDOWN_SECONDS, 0, 3600)),
      }
    : null;
  return { publicKey, jwks, localJwks: local ?? null };
}

function readJwt(env, c) {
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
    const v = str(env, "JWT_CLAIM") ?? DEFAULTS.JWT_CLAIM;
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(v)) throw new ConfigError("JWT_CLAIM", "must be a claim name");
    return v;
  });
  const clockTolerance = c.get(() => int(env, "JWT_CLOCK_TOLERANCE_SECONDS", DEFAULTS.JWT_CLOCK_TOLERANCE_SECONDS, 0, 300));
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

function readKeys(env, c) {
  const current = {
    idSetting: "CLOUDFRONT_KEY_PAIR_ID",
    keySetting: "CLOUDFRONT_PRIVATE_KEY",
    keyPairId: c.get(() => keyId(env, "CLOUDFRONT_KEY_PAIR_ID", "the CloudFront public key ID")),
    privateKey: c.get(() => {
      const p = pem(env, "CLOUDFRONT_PRIVATE_KEY", "private key");
      if (p === undefined) throw new ConfigError("CLOUDFRONT_PRIVATE_KEY", "is not set (the PEM private key, as a secret)");
      return p;
    }),
  };
  const nextId = c.get(() => str(env, "CLOUDFRONT_NEXT_KEY_PAIR_ID"));
  const nextKey = c.get(() => str(env, "CLOUDFRONT_NEXT_PRIVATE_KEY"));
  let next = null;
  if (nextId !== undefined || nextKey !== undefined) {
    next = {
      idSetting: "CLOUDFRONT_NEXT_KEY_PAIR_ID",
      keySetting: "CLOUDFRONT_NEXT_PRIVATE_KEY",
      keyPairId: c.get(() => keyId(env, "CLOUDFRONT_NEXT_KEY_PAIR_ID", "set with CLOUDFRONT_NEXT_PRIVATE_KEY")),
      privateKey: c.get(() => {
        if (nextKey === undefined) throw new ConfigError("CLOUDFRONT_NEXT_PRIVATE_KEY", "is not set but CLOUDFRONT_NEXT_KEY_PAIR_ID is");
        return pem(env, "CLOUDFRONT_NEXT_PRIVATE_KEY", "private key");
      }),
    };
    if (next.keyPairId !== undefined && next.keyPairId === current.keyPairId) {
      c.add(new ConfigError("CLOUDFRONT_NEXT_KEY_PAIR_ID", "is the same ID as CLOUDFRONT_KEY_PAIR_ID"));
    }
  }
  const active = c.get(() => {
    const a = str(env, "CLOUDFRONT_ACTIVE_KEY") ?? DEFAULTS.CLOUDFRONT_ACTIVE_KEY;
    if (a !== "current" && a !== "next") throw new ConfigError("CLOUDFRONT_ACTIVE_KEY", 'must be "current" or "next"');
    if (a === "next" && !next) {
      throw new ConfigError("CLOUDFRONT_ACTIVE_KEY", 'is "next" but CLOUDFRONT_NEXT_KEY_PAIR_ID / CLOUDFRONT_NEXT_PRIVATE_KEY are not set');
    }
    return a;
  });
  const hash = c.get(() => {
    const h = str(env, "CLOUDFRONT_HASH_ALGORITHM");
    if (h !== undefined && h !== "SHA1" && h !== "SHA256") throw new ConfigError("CLOUDFRONT_HASH_ALGORITHM", 'must be "SHA1" or "SHA256"');
    return h;
  });
  return { current, next, active, hash };
}

function httpUrl(env, name) {
  const v = str(env, name);
  if (v === undefined) return undefined;
  let u;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(name, "is not an absolute URL");
  }
  if ((u.protocol !== "http:" && u.protocol !== "https:") || u.username || u.password || u.search || u.hash) {
    throw new ConfigError(name, "must be an http(s) URL without credentials, query or fragment");
  }
  return u;
}

/**
 * Where the guard reads the viewer's IP: "cf-connecting-ip" (Cloudflare's edge overwrites that
 * header on every request it receives) or "none" (no client IP: an IpAddress condition denies).
 * "none" when unset, since nothing the runtime shows proves the edge: miniflare (the demo,
 * `wrangler dev`, the tests) fills `request.cf` with a placeholder and passes a client's
 * CF-Connecting-IP through, and other hosts never set it. wrangler.toml, which deploys to the
 * edge, sets "cf-connecting-ip".
 */
export const CLIENT_IP_HEADERS = ["cf-connecting-ip", "none"];

function readClientIpHeader(env) {
  const v = str(env, "CLIENT_IP_HEADER");
  if (v === undefined) return { clientIpHeader: "none", clientIpHeaderSet: false };
  const header = v.toLowerCase();
  if (!CLIENT_IP_HEADERS.includes(header)) {
    throw new ConfigError("CLIENT_IP_HEADER", 'must be "cf-connecting-ip" (only on Cloudflare\'s edge, which sets it) or "none"');
  }
  return { clientIpHeader: header, clientIpHeaderSet: true };
}

function readGuard(env, c) {
  const clientIp = c.get(() => readClientIpHeader(env), { clientIpHeader: "none", clientIpHeaderSet: false });
  const prefix = c.get(() => {
    const p = str(env, "GUARD_PREFIX");
    if (p !== undefined && (!/^\/[\x21-\x7e]*$/.test(p) || /[?#]/.test(p))) {
      throw new ConfigError("GUARD_PREFIX", 'must be a URL path starting with "/"');
    }
    return p;
  });
  if (prefix === undefined && raw(env, "GUARD_PREFIX") === undefined) return null;
  const origin = c.get(() => {
    const o = httpUrl(env, "ORIGIN_URL");
    if (!o) throw new ConfigError("ORIGIN_URL", "is not set (needed with GUARD_PREFIX)");
    return o;
  });
  const keys = c.get(() => readTrustedKeys(env), []);
  const skew = c.get(() => int(env, "GUARD_CLOCK_SKEW_SECONDS", 0, 0, 300));
  return { prefix, origin, keys, skew, ...clientIp };
}

function readTrustedKeys(env) {
  const trusted = json(env, "TRUSTED_KEYS");
  if (trusted === undefined) {
    throw new ConfigError("TRUSTED_KEYS", 'is not set (needed with GUARD_PREFIX: JSON {"KEYID": "<SPKI PEM public key>"})');
  }
  if (typeof trusted !== "object" || trusted === null || Array.isArray(trusted) || Object.keys(trusted).length === 0) {
    throw new ConfigError("TRUSTED_KEYS", "must be a non-empty JSON object of key ID to SPKI PEM");
  }
  const keys = [];
  for (const [id, p] of Object.entries(trusted)) {
    if (!isKeyPairId(id)) throw new ConfigError("TRUSTED_KEYS", "key IDs must be letters and digits");
    if (typeof p !== "string" || !p.includes("-----BEGIN PUBLIC KEY-----")) {
      throw new ConfigError("TRUSTED_KEYS", `key "${id}" is not an SPKI PEM (BEGIN PUBLIC KEY)`);
    }
    keys.push([id, p.replace(/\\n/g, "\n")]);
  }
  return keys;
}

/** Settings named before the rename to CLOUDFRONT_*: still read for one release, with a warning. */
const RENAMED = {
  CF_KEY_PAIR_ID: "CLOUDFRONT_KEY_PAIR_ID",
  CF_PRIVATE_KEY: "CLOUDFRONT_PRIVATE_KEY",
  CF_NEXT_KEY_PAIR_ID: "CLOUDFRONT_NEXT_KEY_PAIR_ID",
  CF_NEXT_PRIVATE_KEY: "CLOUDFRONT_NEXT_PRIVATE_KEY",
  CF_ACTIVE_KEY: "CLOUDFRONT_ACTIVE_KEY",
  CF_HASH_ALGORITHM: "CLOUDFRONT_HASH_ALGORITHM",
};

/**
 * Reads and checks every setting; throws one ConfigError listing every bad one (`problems`), each
 * by the name it was given under. `deprecated` lists the old names used.
 */
export function readConfig(env) {
  const c = new Problems();
  const config = readConfigCollecting(env, c);
  c.check();
  return config;
}

/**
 * readConfig, its problems added to `c` instead of thrown: the config holds `undefined` where a
 * setting is bad (state.mjs goes on to import the keys that read, so that their problems are
 * reported with the others).
 */
export function readConfigCollecting(env, c) {
  const view = { ...env };
  const used = new Map(); // new name -> old name
  for (const [old, name] of Object.entries(RENAMED)) {
    if (env[old] !== undefined && env[name] === undefined) {
      view[name] = env[old];
      used.set(name, old);
    }
  }
  const own = new Problems();
  const config = readSettings(view, own);
  for (const p of own.list) c.add(new ConfigError(used.get(p.setting) ?? p.setting, p.problem));
  config.deprecated = [...used].map(([name, old]) => `${old} is deprecated: rename it ${name} (the old name works until the next release)`);
  return config;
}

function readSettings(env, c) {
  const keys = readKeys(env, c);
  const cookiePath = c.get(() => {
    const p = str(env, "COOKIE_PATH") ?? DEFAULTS.COOKIE_PATH;
    if (!/^\/[\x21-\x3a\x3c-\x7e]*$/.test(p)) {
      throw new ConfigError("COOKIE_PATH", 'must be a path starting with "/" (no spaces or ";")');
    }
    return p;
  }, DEFAULTS.COOKIE_PATH);
  const cookieDomain = c.get(() => {
    const d = str(env, "COOKIE_DOMAIN");
    if (d !== undefined && !/^\.?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(d)) {
      throw new ConfigError("COOKIE_DOMAIN", "must be a domain name such as example.com");
    }
    return d;
  });
  const cookieTtl = c.get(() => int(env, "COOKIE_TTL_SECONDS", DEFAULTS.COOKIE_TTL_SECONDS, 60, 7 * 86400), DEFAULTS.COOKIE_TTL_SECONDS);
  const urlTtl = c.get(() => int(env, "URL_TTL_SECONDS", cookieTtl, 1, 7 * 86400));
  const tiers = c.get(() => readTiers(env), new Map());
  const sets = c.get(() => cookieSets(tiers, cookiePath), new Map());
  // Every Path a CloudFront cookie set can have: new cookies clear the others, so that a browser
  // never holds two sets for one URL after a change of tier or config.
  const allPaths = [...new Set([...sets.values()].flat().map((s) => s.path))];
  const jwt = readJwt(env, c);
  const returnHosts = c.get(() => {
    const hosts = list(env, "ALLOWED_RETURN_HOSTS").map((h) => h.toLowerCase());
    for (const h of hosts) {
      if (!/^[a-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9a-f:.]+\](:[0-9]{1,5})?$/.test(h)) {
        throw new ConfigError("ALLOWED_RETURN_HOSTS", "must be a comma-separated list of host[:port]");
      }
    }
    return hosts;
  }, []);
  const maxBatch = c.get(() => int(env, "MAX_BATCH", null, 1, 1000)); // null: by key type (state.js)
  const urlBase = c.get(() => httpUrl(env, "URL_BASE"));
  const guard = readGuard(env, c);
  return {
    keys,
    cookie: { path: cookiePath, domain: cookieDomain, ttl: cookieTtl, allPaths },
    urlTtl,
    tiers,
    sets,
    jwt,
    returnHosts,
    maxBatch,
    urlBase,
    guard,
  };
}
