// One setting read from `env`, and the error naming a bad one: shared by config.mjs and
// tiers.mjs. A ConfigError's message never contains a value (a PEM, a secret or a token could be
// in it).

export class ConfigError extends Error {
  /** @param {string} setting the env name; @param {string} problem what is wrong, no value */
  constructor(setting, problem) {
    super(`${setting}: ${problem}`);
    this.name = "ConfigError";
    this.setting = setting;
    this.problem = problem;
  }
}

/** A string setting: undefined when unset or blank. Non-strings (wrangler JSON vars) kept. */
export function raw(env, name) {
  const v = env[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v.trim() === "" ? undefined : v.trim();
  return v;
}

/** A JSON setting, parsed (wrangler JSON vars kept as they are); undefined when unset. */
export function json(env, name) {
  const v = raw(env, name);
  if (v === undefined) return undefined;
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    throw new ConfigError(name, "is not valid JSON");
  }
}
