// TIERS: each tier's resource patterns, checked, and the cookie sets (one per pattern path) a
// tier's users get. The rules (what a pattern is, its cookie Path) are the package's: a pattern is
// refused here exactly when signing would refuse it, so a bad one never becomes a 500 at a mint.

import { checkResource, cookiePath as cookiePathOf } from "cfsign";
import { ConfigError, json } from "./setting.mjs";

function checkPattern(name, tier, pattern) {
  if (typeof pattern !== "string") {
    throw new ConfigError(name, `tier "${tier}": each pattern must be a string`);
  }
  try {
    checkResource(pattern);
  } catch (e) {
    // The package's message names the character and its encoding, never the pattern.
    throw new ConfigError(name, `tier "${tier}": a pattern cannot be signed: ${e.message}`);
  }
  if (cookiePathOf(pattern) === undefined) {
    throw new ConfigError(name, `tier "${tier}": a pattern needs a protocol and a domain (https://example.com/...)`);
  }
}

export function readTiers(env) {
  const name = "TIERS";
  const tiers = json(env, name);
  if (tiers === undefined) {
    throw new ConfigError(name, 'is not set (a JSON map such as {"premium": ["https://media.example.com/videos/*"]})');
  }
  if (typeof tiers !== "object" || Array.isArray(tiers)) {
    throw new ConfigError(name, "must be a JSON object mapping tier names to lists of URL patterns");
  }
  const map = new Map();
  for (const [tier, patterns] of Object.entries(tiers)) {
    if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(tier)) {
      throw new ConfigError(name, "tier names must be 1-64 letters, digits, _ . : or -");
    }
    const arr = typeof patterns === "string" ? [patterns] : patterns;
    if (!Array.isArray(arr) || arr.length === 0 || arr.length > 16) {
      throw new ConfigError(name, `tier "${tier}": must have 1 to 16 URL patterns`);
    }
    for (const p of arr) checkPattern(name, tier, p);
    map.set(tier, arr.slice());
  }
  if (map.size === 0) throw new ConfigError(name, "has no tiers");
  return map;
}

/**
 * The cookie sets a tier gets: one per pattern. A tier with one pattern uses COOKIE_PATH; a tier
 * with several gets one set per pattern under the pattern's own path (CloudFront takes one
 * statement per policy, and a browser must never send two CloudFront-Policy cookies for one URL,
 * so those paths must not nest).
 */
export function cookieSets(tiers, cookiePath) {
  const sets = new Map();
  for (const [tier, patterns] of tiers) {
    if (patterns.length === 1) {
      sets.set(tier, [{ pattern: patterns[0], path: cookiePath }]);
      continue;
    }
    const list = patterns.map((pattern) => ({ pattern, path: cookiePathOf(pattern) }));
    for (let i = 0; i < list.length; i++) {
      for (let j = 0; j < list.length; j++) {
        if (i !== j && list[j].path.startsWith(list[i].path)) {
          throw new ConfigError(
            "TIERS",
            `tier "${tier}": with several patterns each gets its own cookie Path, and paths ` +
              `"${list[i].path}" and "${list[j].path}" overlap (a browser would send two policies); ` +
              "use one pattern for both or patterns under separate folders",
          );
        }
      }
    }
    sets.set(tier, list);
  }
  return sets;
}
