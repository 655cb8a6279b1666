// Configuration, read only from `env` (wrangler [vars] and secrets). `readConfig` checks every
// setting synchronously and throws one ConfigError listing every bad one (`problems`); the error
// message never contains a value (a PEM, a secret or a token could be in it). Keys are imported
// later, once per isolate, in state.js, whose problems join these.

import { checkKeyPairId } from "cfsign";
import { ConfigError, Problems, int, json, list, pem, raw, required, str } from "./setting.mjs";
import { JWT_DEFAULTS, readJwt } from "./jwt-settings.mjs";
import { cookieSets, readTiers } from "./tiers.mjs";
import { readStream } from "./stream.mjs";

export { ConfigError };

export const DEFAULTS = Object.freeze({
  COOKIE_PATH: "/",
  COOKIE_TTL_SECONDS: 3600,
  ...JWT_DEFAULTS,
  // Paths per /api/signed-urls request when MAX_BATCH is unset, by key type: about 6 ms of CPU
  // for RSA-2048 (0.6 ms a signature) and 3 ms for ECDSA P-256, under the 10 ms of a free plan.
  MAX_BATCH_RSA: 10,
  MAX_BATCH_ECDSA: 50,
  CLOUDFRONT_ACTIVE_KEY: "current",
});

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

function readGuard(env, c, originRequired) {
  const clientIp = c.get(() => readClientIpHeader(env), { clientIpHeader: "none", clientIpHeaderSet: false });
  const prefix = c.get(() => {
    const p = str(env, "GUARD_PREFIX");
    if (p !== undefined && (!/^\/[\x21-\x7e]*$/.test(p) || /[?#]/.test(p))) {
      throw new ConfigError("GUARD_PREFIX", 'must be a URL path starting with "/"');
    }
    return p;
  });
  if (prefix === undefined && raw(env, "GUARD_PREFIX") === undefined) return null;
  // Not needed where the host itself carries an allowed request on (Lambda@Edge: CloudFront).
  const origin = c.get(() => {
    const o = httpUrl(env, "ORIGIN_URL");
    if (!o && originRequired) throw new ConfigError("ORIGIN_URL", "is not set (needed with GUARD_PREFIX)");
    return o ?? null;
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
 * by the name it was given under. `deprecated` lists the old names used. `originRequired: false`
 * where the host carries an allowed request on itself (ORIGIN_URL optional).
 */
export function readConfig(env, { originRequired = true, streamPlaylists } = {}) {
  const c = new Problems();
  const config = readConfigCollecting(env, c, { originRequired, streamPlaylists });
  c.check();
  return config;
}

/**
 * readConfig, its problems added to `c` instead of thrown: the config holds `undefined` where a
 * setting is bad (state.mjs goes on to import the keys that read, so that their problems are
 * reported with the others). `streamPlaylists`: createHandler's option (stream.mjs).
 */
export function readConfigCollecting(env, c, { originRequired = true, streamPlaylists } = {}) {
  const view = { ...env };
  const used = new Map(); // new name -> old name
  for (const [old, name] of Object.entries(RENAMED)) {
    if (env[old] !== undefined && env[name] === undefined) {
      view[name] = env[old];
      used.set(name, old);
    }
  }
  const own = new Problems();
  const config = readSettings(view, own, originRequired);
  config.stream = readStream(view, own, streamPlaylists);
  for (const p of own.list) c.add(new ConfigError(used.get(p.setting) ?? p.setting, p.problem));
  config.deprecated = [...used].map(([name, old]) => `${old} is deprecated: rename it ${name} (the old name works until the next release)`);
  return config;
}

function readSettings(env, c, originRequired) {
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
  const guard = readGuard(env, c, originRequired);
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
