// Per-isolate state: the checked config, the CloudFront signer(s) with their keys imported into
// WebCrypto, the JWT keys and the guard's key group. Built on the first request (workerd allows
// no random numbers at global scope, and WebCrypto key import may use them), then reused by every
// request of the isolate. A failed build is cached too: env cannot change within an isolate.

import { Signer, KeyGroup, cookieDomainMatches } from "cfsign";
import { ConfigError, DEFAULTS, readConfigCollecting } from "./config.mjs";
import { Problems } from "./setting.mjs";
import { importJwtKeys } from "./jwt.mjs";
import { readDiagnostics } from "./diagnostics.mjs";
import { sharedOrigin } from "./paths.mjs";
import { streamProblems } from "./stream.mjs";

/**
 * env object -> (host variant -> Promise<State>). One entry per isolate in practice. The variant
 * is what the host does itself (createHandler's `forward` and `clientIp` options): with them
 * ORIGIN_URL and CLIENT_IP_HEADER are not needed.
 */
const states = new WeakMap();
/** Counters shown by /healthz: proves the key is imported once per isolate, not per request. */
export const stats = { requests: 0, keyImports: 0, configBuilds: 0 };

export function getState(env, host = {}) {
  const variant = `${Boolean(host.forward)}|${Boolean(host.clientIp)}|${host.streamPlaylists}`;
  let byVariant = states.get(env);
  if (!byVariant) {
    byVariant = new Map();
    states.set(env, byVariant);
  }
  let p = byVariant.get(variant);
  if (!p) {
    p = buildState(env, host);
    byVariant.set(variant, p);
  }
  return p;
}

async function createSigner(key, hash) {
  try {
    const signer = await Signer.create({
      keyPairId: key.keyPairId,
      privateKey: key.privateKey,
      ...(hash ? { algorithm: hash } : {}),
    });
    stats.keyImports += 1;
    return signer;
  } catch (e) {
    // Only the error code: the message could quote the input.
    const code = typeof e?.code === "string" ? e.code : "invalid_key";
    const why = {
      encrypted_key: "is an encrypted key; give it unencrypted (as a secret)",
      unsupported_key: "is not an RSA-2048 or ECDSA P-256 key",
    }[code];
    throw new ConfigError(key.keySetting, why ?? `is not a usable private key (${code})`);
  }
}

function buildKeyGroup(guard) {
  const kg = new KeyGroup();
  for (const [id, pem] of guard.keys) {
    try {
      kg.add(id, pem);
    } catch (e) {
      const code = typeof e?.code === "string" ? e.code : "invalid_key";
      throw new ConfigError("TRUSTED_KEYS", `key "${id}" is not a usable public key (${code})`);
    }
  }
  return kg;
}

/**
 * The guard's public origin (issue 29, e01): what viewers' URLs and policies name, the scheme and
 * host of URL_BASE, else the one origin of every tier's patterns. The guard verifies each request
 * as a request to it, whatever scheme and host the request itself names.
 */
function publicOrigin(config) {
  if (config.urlBase) return config.urlBase.origin;
  const origin = sharedOrigin([...config.tiers.values()].flat());
  if (!origin) {
    throw new ConfigError("URL_BASE", "is not set, and the tiers' patterns do not share one origin: the guard needs its public origin (the scheme and host viewers use)");
  }
  return origin;
}

/**
 * COOKIE_DOMAIN against the hosts the cookies must reach: every TIERS pattern's and the guard's
 * public origin. A browser sends a cookie only to hosts its Domain domain-matches (RFC 6265, the
 * package's rule, never copied here), so a Domain that covers none of them means cookies that
 * never come back.
 */
function cookieDomainWarnings(config) {
  const domain = config.cookie.domain;
  if (!domain) return [];
  const warnings = [];
  const patterns = [...new Set([...config.tiers.values()].flat())];
  const uncovered = patterns.filter((p) => !cookieDomainMatches(domain, p));
  if (uncovered.length === patterns.length) {
    warnings.push("COOKIE_DOMAIN does not cover the host of any TIERS pattern: browsers would never send the cookies with those requests; set it to the patterns' host or a parent domain of it (example.com for media.example.com), or leave it unset");
  } else if (uncovered.length) {
    warnings.push(`COOKIE_DOMAIN does not cover the host of ${uncovered.length} TIERS pattern(s) (${uncovered.join(", ")}): browsers would never send the cookies there`);
  }
  const guardOrigin = config.guard?.publicOrigin;
  if (guardOrigin && !cookieDomainMatches(domain, guardOrigin)) {
    warnings.push(`COOKIE_DOMAIN does not cover the guard's public host (${guardOrigin}): browsers would never send the cookies to the guard`);
  }
  return warnings;
}

/**
 * The state, or one ConfigError listing every problem (issue 21): the settings' and, for those
 * that read, the keys' (a key that does not import is reported with a missing setting, not after
 * it is fixed).
 */
async function buildState(env, host) {
  stats.configBuilds += 1;
  const c = new Problems();
  const config = readConfigCollecting(env, c, { originRequired: !host.forward, streamPlaylists: host.streamPlaylists });
  for (const p of streamProblems(config, host)) c.add(p);
  const diagnostics = c.get(() => readDiagnostics(env), { token: null, public: false });
  if (config.guard && (config.urlBase || config.tiers.size)) config.guard.publicOrigin = c.get(() => publicOrigin(config));
  const { keys } = config;
  // Both keys are checked now, so a bad next key shows before the switch to it.
  const importable = (k) => k && k.keyPairId !== undefined && k.privateKey !== undefined;
  const current = importable(keys.current) ? await c.getAsync(() => createSigner(keys.current, keys.hash), null) : null;
  const next = importable(keys.next) ? await c.getAsync(() => createSigner(keys.next, keys.hash), null) : null;
  const { jwt } = config;
  const jwtKeysRead = jwt.hmac ? jwt.secret !== undefined : Boolean(jwt.publicKey || jwt.jwks || jwt.localJwks);
  const jwtKeys = jwt.algorithms.length && jwtKeysRead ? await c.getAsync(() => importJwtKeys(jwt), null) : null;
  const keyGroup = config.guard?.keys.length ? c.get(() => buildKeyGroup(config.guard), null) : null;
  c.check();
  const signer = keys.active === "next" ? next : current;
  config.maxBatch ??= signer.keyType === "RSA" ? DEFAULTS.MAX_BATCH_RSA : DEFAULTS.MAX_BATCH_ECDSA;
  const warnings = [...config.deprecated];
  if (config.guard) {
    const trusted = new Set(config.guard.keys.map(([id]) => id));
    for (const k of [keys.current, keys.next].filter(Boolean)) {
      if (!trusted.has(k.keyPairId)) warnings.push(`${k.idSetting} is not in TRUSTED_KEYS: the guard will refuse what it signs`);
    }
    if (!config.guard.clientIpHeaderSet && !host.clientIp) {
      warnings.push('CLIENT_IP_HEADER is not set: the guard ignores CF-Connecting-IP and IpAddress conditions deny; set it to "cf-connecting-ip" on Cloudflare\'s edge, or to "none" to say so');
    }
  }
  warnings.push(...cookieDomainWarnings(config));
  if (diagnostics.public) warnings.push("DIAGNOSTICS is public: every caller sees the key IDs, tiers and the verifier's messages");
  return { config, signer, signers: { current, next }, jwtKeys, keyGroup, warnings, diagnostics };
}
