// Configuration, read only from `env` (wrangler [vars] and secrets). `readConfig` checks every
// setting synchronously and throws a ConfigError naming the first bad one; the error message
// never contains a value (a PEM, a secret or a token could be in it). Keys are imported later,
// once per isolate, in state.js.

import { checkKeyPairId } from "cfsign";
import { ConfigError, json, raw } from "./setting.mjs";
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

function readJwt(env) {
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
  let secret;
  let publicKey;
  if (hmac.length) {
    const s = required(env, "JWT_SECRET", `needed for ${hmac.join(", ")}`);
    if (new TextEncoder().encode(s).length < 32) {
      throw new ConfigError("JWT_SECRET", "must be at least 32 bytes (RFC 7518)");
    }
    secret = s;
  } else {
    publicKey = pem(env, "JWT_PUBLIC_KEY", "public key");
    if (publicKey === undefined) {
      throw new ConfigError("JWT_PUBLIC_KEY", `is not set (needed for ${asym.join(", ")})`);
    }
  }
  const issuer = required(env, "JWT_ISSUER", "the login service's iss");
  const audience = list(env, "JWT_AUDIENCE");
  if (audience.length === 0) throw new ConfigError("JWT_AUDIENCE", "is not set (the aud tokens carry for this worker)");
  const claim = str(env, "JWT_CLAIM") ?? DEFAULTS.JWT_CLAIM;
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(claim)) throw new ConfigError("JWT_CLAIM", "must be a claim name");
  const clockTolerance = int(env, "JWT_CLOCK_TOLERANCE_SECONDS", DEFAULTS.JWT_CLOCK_TOLERANCE_SECONDS, 0, 300);
  const sessionCookie = str(env, "SESSION_COOKIE");
  if (sessionCookie !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/.test(sessionCookie)) {
    throw new ConfigError("SESSION_COOKIE", "must be a cookie name");
  }
  return { algorithms, hmac: hmac.length > 0, secret, publicKey, issuer, audience, claim, clockTolerance, sessionCookie };
}

function readKeys(env) {
  const current = {
    idSetting: "CLOUDFRONT_KEY_PAIR_ID",
    keySetting: "CLOUDFRONT_PRIVATE_KEY",
    keyPairId: keyId(env, "CLOUDFRONT_KEY_PAIR_ID", "the CloudFront public key ID"),
    privateKey: pem(env, "CLOUDFRONT_PRIVATE_KEY", "private key"),
  };
  if (current.privateKey === undefined) {
    throw new ConfigError("CLOUDFRONT_PRIVATE_KEY", "is not set (the PEM private key, as a secret)");
  }
  const nextId = str(env, "CLOUDFRONT_NEXT_KEY_PAIR_ID");
  const nextKey = str(env, "CLOUDFRONT_NEXT_PRIVATE_KEY");
  let next = null;
  if (nextId !== undefined || nextKey !== undefined) {
    if (nextKey === undefined) throw new ConfigError("CLOUDFRONT_NEXT_PRIVATE_KEY", "is not set but CLOUDFRONT_NEXT_KEY_PAIR_ID is");
    next = {
      idSetting: "CLOUDFRONT_NEXT_KEY_PAIR_ID",
      keySetting: "CLOUDFRONT_NEXT_PRIVATE_KEY",
      keyPairId: keyId(env, "CLOUDFRONT_NEXT_KEY_PAIR_ID", "set with CLOUDFRONT_NEXT_PRIVATE_KEY"),
      privateKey: pem(env, "CLOUDFRONT_NEXT_PRIVATE_KEY", "private key"),
    };
    if (next.keyPairId === current.keyPairId) {
      throw new ConfigError("CLOUDFRONT_NEXT_KEY_PAIR_ID", "is the same ID as CLOUDFRONT_KEY_PAIR_ID");
    }
  }
  const active = str(env, "CLOUDFRONT_ACTIVE_KEY") ?? DEFAULTS.CLOUDFRONT_ACTIVE_KEY;
  if (active !== "current" && active !== "next") {
    throw new ConfigError("CLOUDFRONT_ACTIVE_KEY", 'must be "current" or "next"');
  }
  if (active === "next" && !next) {
    throw new ConfigError("CLOUDFRONT_ACTIVE_KEY", 'is "next" but CLOUDFRONT_NEXT_KEY_PAIR_ID / CLOUDFRONT_NEXT_PRIVATE_KEY are not set');
  }
  const hash = str(env, "CLOUDFRONT_HASH_ALGORITHM");
  if (hash !== undefined && hash !== "SHA1" && hash !== "SHA256") {
    throw new ConfigError("CLOUDFRONT_HASH_ALGORITHM", 'must be "SHA1" or "SHA256"');
  }
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

function readGuard(env, originRequired) {
  const clientIp = readClientIpHeader(env);
  const prefix = str(env, "GUARD_PREFIX");
  if (prefix === undefined) return null;
  if (!/^\/[\x21-\x7e]*$/.test(prefix) || /[?#]/.test(prefix)) {
    throw new ConfigError("GUARD_PREFIX", 'must be a URL path starting with "/"');
  }
  // Not needed where the host itself carries an allowed request on (Lambda@Edge: CloudFront).
  const origin = httpUrl(env, "ORIGIN_URL") ?? null;
  if (!origin && originRequired) throw new ConfigError("ORIGIN_URL", "is not set (needed with GUARD_PREFIX)");
  const trusted = json(env, "TRUSTED_KEYS");
  if (trusted === undefined) {
    throw new ConfigError("TRUSTED_KEYS", 'is not set (needed with GUARD_PREFIX: JSON {"KEYID": "<SPKI PEM public key>"})');
  }
  if (typeof trusted !== "object" || Array.isArray(trusted) || Object.keys(trusted).length === 0) {
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
  const skew = int(env, "GUARD_CLOCK_SKEW_SECONDS", 0, 0, 300);
  return { prefix, origin, keys, skew, ...clientIp };
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
 * Reads and checks every setting; throws ConfigError naming the first bad one, by the name it was
 * given under. `deprecated` lists the old names used. `originRequired: false` where the host
 * carries an allowed request on itself (ORIGIN_URL optional).
 */
export function readConfig(env, { originRequired = true } = {}) {
  const view = { ...env };
  const used = new Map(); // new name -> old name
  for (const [old, name] of Object.entries(RENAMED)) {
    if (env[old] !== undefined && env[name] === undefined) {
      view[name] = env[old];
      used.set(name, old);
    }
  }
  try {
    const config = readSettings(view, originRequired);
    config.deprecated = [...used].map(([name, old]) => `${old} is deprecated: rename it ${name} (the old name works until the next release)`);
    return config;
  } catch (e) {
    if (e instanceof ConfigError && used.has(e.setting)) throw new ConfigError(used.get(e.setting), e.problem);
    throw e;
  }
}

function readSettings(env, originRequired) {
  const keys = readKeys(env);
  const cookiePath = str(env, "COOKIE_PATH") ?? DEFAULTS.COOKIE_PATH;
  if (!/^\/[\x21-\x3a\x3c-\x7e]*$/.test(cookiePath)) {
    throw new ConfigError("COOKIE_PATH", 'must be a path starting with "/" (no spaces or ";")');
  }
  const cookieDomain = str(env, "COOKIE_DOMAIN");
  if (cookieDomain !== undefined && !/^\.?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(cookieDomain)) {
    throw new ConfigError("COOKIE_DOMAIN", "must be a domain name such as example.com");
  }
  const cookieTtl = int(env, "COOKIE_TTL_SECONDS", DEFAULTS.COOKIE_TTL_SECONDS, 60, 7 * 86400);
  const urlTtl = int(env, "URL_TTL_SECONDS", cookieTtl, 1, 7 * 86400);
  const tiers = readTiers(env);
  const sets = cookieSets(tiers, cookiePath);
  // Every Path a CloudFront cookie set can have: new cookies clear the others, so that a browser
  // never holds two sets for one URL after a change of tier or config.
  const allPaths = [...new Set([...sets.values()].flat().map((s) => s.path))];
  const jwt = readJwt(env);
  const returnHosts = list(env, "ALLOWED_RETURN_HOSTS").map((h) => h.toLowerCase());
  for (const h of returnHosts) {
    if (!/^[a-z0-9.-]+(:[0-9]{1,5})?$|^\[[0-9a-f:.]+\](:[0-9]{1,5})?$/.test(h)) {
      throw new ConfigError("ALLOWED_RETURN_HOSTS", "must be a comma-separated list of host[:port]");
    }
  }
  const maxBatch = int(env, "MAX_BATCH", null, 1, 1000); // null: by key type (state.js)
  const urlBase = httpUrl(env, "URL_BASE");
  const guard = readGuard(env, originRequired);
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

