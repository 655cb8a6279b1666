// Settings read from `env` (a string, a whole number, a PEM, a list, JSON), the error naming a bad
// one, and the collector of every problem: shared by config.mjs, jwt-settings.mjs and tiers.mjs. A
// ConfigError's message never contains a value (a PEM, a secret or a token could be in it).

export class ConfigError extends Error {
  /**
   * @param {string} setting the env name; @param {string} problem what is wrong, no value.
   * `problems`: every bad setting found, `[{ setting, problem }]` (this one alone by default);
   * `setting` and `problem` are the first's.
   */
  constructor(setting, problem, problems = [{ setting, problem }]) {
    const message =
      problems.length > 1
        ? `${problems.length} settings need fixing: ${problems.map((p) => `${p.setting}: ${p.problem}`).join("; ")}`
        : `${setting}: ${problem}`;
    super(message);
    this.name = "ConfigError";
    this.setting = setting;
    this.problem = problem;
    this.problems = problems.map(({ setting: s, problem: p }) => ({ setting: s, problem: p }));
  }

  /** One error for every problem in `problems` (at least one). */
  static of(problems) {
    return new ConfigError(problems[0].setting, problems[0].problem, problems);
  }
}

/**
 * Collects the problems of every setting, so that all are reported at once (issue 21): `get(f)`
 * runs one setting's read and returns its value, or `fallback` when it threw a ConfigError
 * (recorded); `check()` throws them all as one ConfigError.
 */
export class Problems {
  constructor() {
    this.list = [];
  }

  add(e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const p of e.problems) {
      if (!this.list.some((q) => q.setting === p.setting && q.problem === p.problem)) this.list.push(p);
    }
  }

  get(f, fallback = undefined) {
    try {
      return f();
    } catch (e) {
      this.add(e);
      return fallback;
    }
  }

  async getAsync(f, fallback = undefined) {
    try {
      return await f();
    } catch (e) {
      this.add(e);
      return fallback;
    }
  }

  get ok() {
    return this.list.length === 0;
  }

  check() {
    if (this.list.length) throw ConfigError.of(this.list);
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

export function str(env, name) {
  const v = raw(env, name);
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new ConfigError(name, "must be a string");
  return v;
}

export function required(env, name, why) {
  const v = str(env, name);
  if (v === undefined) throw new ConfigError(name, `is not set${why ? ` (${why})` : ""}`);
  return v;
}

export function int(env, name, dflt, min, max) {
  const v = raw(env, name);
  if (v === undefined) return dflt;
  const n = typeof v === "number" ? v : /^[0-9]+$/.test(String(v)) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}`);
  }
  return n;
}

/** A PEM from a secret: `\n` escapes (one-line secrets) become newlines. */
export function pem(env, name, kind) {
  const v = str(env, name);
  if (v === undefined) return undefined;
  const text = v.includes("\\n") ? v.replace(/\\n/g, "\n") : v;
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text) || !/-----END [A-Z0-9 ]+-----/.test(text)) {
    throw new ConfigError(name, `is not a PEM ${kind} (no BEGIN/END lines)`);
  }
  return text;
}

/** A comma-separated setting, trimmed, empty entries dropped. */
export function list(env, name) {
  const v = str(env, name);
  if (v === undefined) return [];
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
