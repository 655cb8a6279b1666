// Settings without environment variables (Lambda@Edge has none): a plain object, or a function
// returning one (a JSON file bundled with the function, read at cold start), whose values are
// strings or references to secrets:
//
//   {"secretsManager": "<ARN or name>", "key": "<JSON field>"}   (key optional: the whole string)
//   {"ssm": "/parameter/name"}                                   (GetParameter, WithDecryption)
//
// each with an optional "region" (else the ARN's, else us-east-1: see regionOf),
// resolved through @aws-sdk/client-secrets-manager and @aws-sdk/client-ssm, which the Lambda
// Node.js runtime carries (never bundled: imported only when a reference is there). Each
// resolution is kept for `ttlSeconds`; a refresh that fails keeps serving the last good settings
// and logs the setting's name. The resolved object is reused as long as no value changed, so that
// cfsign/edge checks it (ConfigError) and imports its keys once, not at every refresh. No value
// ever reaches a log line or an error: only setting names, reference kinds and the SDK error's
// name.

import { ConfigError } from "../edge/setting.mjs";
import { log } from "../edge/http.mjs";

export const DEFAULT_TTL_SECONDS = 300;

/**
 * The region a reference is read from: its own `region`, else the region of its ARN, else
 * us-east-1. Never the Lambda's AWS_REGION: a Lambda@Edge function runs in the region of the edge
 * location that invoked it, while its secrets live where it was created (us-east-1), unless
 * replicated.
 */
export function regionOf(ref, name) {
  if (typeof ref.region === "string" && ref.region) return ref.region;
  const arn = /^arn:aws[a-z-]*:(?:secretsmanager|ssm):([a-z0-9-]+):/.exec(name);
  return arn ? arn[1] : "us-east-1";
}

/** The SDK clients, one per service and region, made once per container (their import and credentials are the slow part). */
const clients = new Map();

async function secretsManager(region) {
  const id = `secretsManager ${region}`;
  if (!clients.has(id)) {
    const { SecretsManagerClient, GetSecretValueCommand } = await import("@aws-sdk/client-secrets-manager");
    const client = new SecretsManagerClient({ region });
    clients.set(id, (secretId) => client.send(new GetSecretValueCommand({ SecretId: secretId })));
  }
  return clients.get(id);
}

async function ssm(region) {
  const id = `ssm ${region}`;
  if (!clients.has(id)) {
    const { SSMClient, GetParameterCommand } = await import("@aws-sdk/client-ssm");
    const client = new SSMClient({ region });
    clients.set(id, (name) => client.send(new GetParameterCommand({ Name: name, WithDecryption: true })));
  }
  return clients.get(id);
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** The kind of reference `value` is ("secretsManager", "ssm"), null for a plain value; throws for a malformed one. */
function referenceKind(name, value) {
  if (!isObject(value)) return null;
  const keys = Object.keys(value).filter((k) => k !== "region").sort().join(",");
  const optional = (v) => v === undefined || (typeof v === "string" && v !== "");
  if (optional(value.region)) {
    if ((keys === "secretsManager" || keys === "key,secretsManager") && typeof value.secretsManager === "string" && value.secretsManager && optional(value.key)) {
      return "secretsManager";
    }
    if (keys === "ssm" && typeof value.ssm === "string" && value.ssm) return "ssm";
  }
  // A JSON setting given as an object (TIERS, TRUSTED_KEYS) is kept as it is: cfsign/edge reads it.
  if (!("secretsManager" in value) && !("ssm" in value)) return null;
  throw new ConfigError(name, 'is a secret reference but not {"secretsManager": "<ARN or name>", "key": "<field>"} or {"ssm": "/parameter/name"}');
}

/** One reference's value; throws a ConfigError naming the setting and the SDK error's name. */
async function resolve(name, kind, ref) {
  let value;
  try {
    if (kind === "ssm") {
      const out = await (await ssm(regionOf(ref, ref.ssm)))(ref.ssm);
      value = out?.Parameter?.Value;
    } else {
      const out = await (await secretsManager(regionOf(ref, ref.secretsManager)))(ref.secretsManager);
      value = out?.SecretString;
      if (typeof value === "string" && ref.key !== undefined) {
        let fields;
        try {
          fields = JSON.parse(value);
        } catch {
          throw new ConfigError(name, "names a key, but its secret is not a JSON object");
        }
        value = isObject(fields) ? fields[ref.key] : undefined;
        if (typeof value !== "string") throw new ConfigError(name, "names a key its secret does not have as a string");
      }
    }
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    // The SDK's message can quote the ARN or parameter name; its name (ResourceNotFoundException,
    // ParameterNotFound, AccessDeniedException, CredentialsProviderError) cannot.
    const where = kind === "ssm" ? "SSM Parameter Store" : "Secrets Manager";
    throw new ConfigError(name, `could not be read from ${where} (${typeof e?.name === "string" ? e.name : "error"})`);
  }
  if (typeof value !== "string") {
    throw new ConfigError(name, kind === "ssm" ? "names an SSM parameter with no value" : "names a secret with no SecretString (a binary secret)");
  }
  return value;
}

/** The settings with every reference resolved (a new object). */
async function resolveAll(raw) {
  if (!isObject(raw)) throw new ConfigError("settings", "must be a JSON object of setting names to values");
  const out = {};
  await Promise.all(
    Object.entries(raw).map(async ([name, value]) => {
      const kind = referenceKind(name, value);
      out[name] = kind ? await resolve(name, kind, value) : value;
    }),
  );
  return out;
}

const sameSettings = (a, b) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => k in b && JSON.stringify(v) === JSON.stringify(b[k]));

/**
 * `source`: settings, or `() => settings | Promise<settings>`. Returns `load()`, which gives the
 * current resolved settings object (the same object while nothing changed), refreshing after
 * `ttlSeconds`; it throws (a ConfigError) only while no good settings were ever loaded.
 */
export function settingsLoader(source, { ttlSeconds = DEFAULT_TTL_SECONDS, now = () => Date.now() } = {}) {
  if (!(Number.isFinite(ttlSeconds) && ttlSeconds >= 0)) throw new TypeError("ttlSeconds must be a number of seconds, 0 or more");
  let good = null; // { settings, at }
  let failed = null; // { error, at }: no good settings yet; retried after min(TTL, 60 s)
  let pending = null;
  const refresh = async () => {
    const raw = typeof source === "function" ? await source() : source;
    const next = await resolveAll(raw);
    const settings = good && sameSettings(good.settings, next) ? good.settings : next;
    good = { settings, at: now() };
    return settings;
  };
  return async function load() {
    if (good && now() - good.at < ttlSeconds * 1000) return good.settings;
    if (!good && failed && now() - failed.at < Math.min(ttlSeconds, 60) * 1000) throw failed.error;
    pending ??= refresh().finally(() => {
      pending = null;
    });
    try {
      return await pending;
    } catch (e) {
      const setting = e instanceof ConfigError ? e.setting : null;
      const problem = e instanceof ConfigError ? e.problem : `${typeof e?.name === "string" ? e.name : "error"} while loading the settings`;
      if (!good) {
        failed = { error: e instanceof ConfigError ? e : new ConfigError("settings", problem), at: now() };
        throw failed.error;
      }
      // Keep the last good settings; try again at the next TTL.
      good.at = now();
      log("warn", "settings_refresh_failed", { setting, problem, kept: "last good settings" });
      return good.settings;
    }
  };
}
