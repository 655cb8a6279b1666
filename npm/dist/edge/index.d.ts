// Types of cfsign/edge: the edge worker's routes as Fetch-API handlers.

/**
 * The settings: plain strings, as a platform's environment gives them (see the worker's README for
 * every name): CLOUDFRONT_KEY_PAIR_ID, CLOUDFRONT_PRIVATE_KEY, TIERS, JWT_ALGORITHMS, JWT_SECRET or
 * JWT_PUBLIC_KEY or JWT_JWKS_URL or JWT_JWKS, JWT_ISSUER, JWT_AUDIENCE, and optionally COOKIE_*,
 * URL_*, JWT_JWKS_TIMEOUT_MS, JWT_JWKS_CACHE_SECONDS, JWT_JWKS_COOLDOWN_SECONDS, GUARD_PREFIX,
 * ORIGIN_URL, TRUSTED_KEYS, CLIENT_IP_HEADER, DIAGNOSTICS_TOKEN, ...
 */
export type Settings = Record<string, string | undefined>;

/** A Fetch-API handler. */
export type Handler = (request: Request) => Promise<Response>;

export interface HandlerOptions {
  /** Answers what no route takes (GET and HEAD only): a Response, or null for 404. */
  fallback?: (request: Request) => Response | null | Promise<Response | null>;
  /**
   * Signed playlists (issue 27): `true` rewrites every playlist the guard lets through with one
   * prefix policy (STREAM_PLAYLISTS picks the rule, "folder" when unset), `false` never does;
   * by default the STREAM_PLAYLISTS setting alone decides. The rewriter is cfsign/full's,
   * imported on the first answer the guard lets through.
   */
  streamPlaylists?: boolean;
}

/** Every route: /healthz, /auth/cookies, /auth/logout, /api/signed-urls, the guard under GUARD_PREFIX. */
export function createHandler(settings: Settings, options?: HandlerOptions): Handler;
/** The cookie route alone (GET or POST with an identity token), whatever the path. */
export function mintCookies(settings: Settings): Handler;
/**
 * The logout route alone, whatever the path: POST (no token needed) deletes the CloudFront cookies
 * with the Domain and Paths minting sets them with; `?return_to=` answers 303 to it. GET is 405
 * (a GET must change nothing), a browser's cross-site POST 403 `cross_site_request`.
 */
export function logout(settings: Settings): Handler;
/** The signed-URL route alone (POST {"paths": [...]}), whatever the path. */
export function signUrls(settings: Settings): Handler;
/**
 * The guard alone: verified like CloudFront as a request to the public origin (URL_BASE's scheme
 * and host, else the tiers' shared origin), proxied to ORIGIN_URL, else 403 (reason codes only,
 * the detail with DIAGNOSTICS_TOKEN in `x-cfsign-diagnostics`).
 */
export function guard(settings: Settings): Handler;
/** The status route alone: "ok" or "misconfigured"; the detail with DIAGNOSTICS_TOKEN. */
export function health(settings: Settings): Handler;

/** One bad setting: its name and what is wrong, never its value. */
export interface ConfigProblem {
  setting: string;
  problem: string;
}

/**
 * Every bad setting at once, in `problems`; `setting` and `problem` are the first's. The message
 * names them all and never quotes a value.
 */
export class ConfigError extends Error {
  constructor(setting: string, problem: string, problems?: ConfigProblem[]);
  /** One error for every problem given (at least one). */
  static of(problems: ConfigProblem[]): ConfigError;
  setting: string;
  problem: string;
  problems: ConfigProblem[];
}
