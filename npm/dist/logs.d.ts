// Types of cfsign/logs.

/** One request shown as an example. */
export interface LogExample {
  /** RFC 3339 UTC. */
  time: string;
  path: string;
  clientIp: string | null;
  edgeLocation: string;
  status: number | null;
  /** `allowed`, or the reason codes, comma-separated. */
  verdict: string;
}

export interface LogTopEntry {
  key: string;
  count: number;
  example: LogExample;
}

/** The report of `analyzeLogs`: the CLI's `cfsign logs --json`, camelCase. */
export interface LogReport {
  requests: number;
  signed: number;
  unsigned: number;
  denied: number;
  /** `allowed`, `truncated`, and `verify`'s reason codes (as `verify` writes them). */
  verdicts: Record<string, number>;
  statusMismatch: {
    allowedBut403: number;
    deniedButServed: number;
    allowedBut403Example: LogExample | null;
    deniedButServedExample: LogExample | null;
  };
  keys: { id: string; requests: number; firstSeen: string; lastSeen: string; latestExpiry: string | null }[];
  rotation: { id: string; status: "safe_to_remove_after" | "still_in_use" | "no_valid_signature"; after: string | null }[];
  skewSeconds: number;
  clockSkew: {
    edgeLocation: string;
    expiredNearBoundary: number;
    maxSecondsAfterExpiry: number;
    notYetValidNearBoundary: number;
    maxSecondsBeforeStart: number;
    estimateSeconds: number;
  }[];
  top: { paths: LogTopEntry[]; edgeLocations: LogTopEntry[]; networks: LogTopEntry[]; approximate: boolean };
  /** Verdicts per hour. */
  timeline: { hour: string; allowed: number; denied: number; truncated: number; unsigned: number }[];
  firstTime: string | null;
  lastTime: string | null;
  outsideWindow: number;
  badLines: number;
  badLinesListed: { file: string | null; line: number; code: string }[];
  /** Requests that needed a signature check (the memo's hits, a fact about the run, are not here). */
  verifications: number;
}

export interface AnalyzeLogsOptions {
  /** The trusted public keys: `{ [keyPairId]: publicKeyPem }`. */
  publicKeys: Record<string, string>;
  /** Default `auto`: the first line tells (`#`: standard, `{`: JSON lines, else real-time). */
  format?: "auto" | "standard" | "json" | "realtime";
  /** A real-time log's fields, in order (a list, or one comma-separated string). */
  fields?: string[] | string;
  /** Leave out requests before / at or after: epoch seconds or a date as `cfsign` reads it. */
  since?: number | string;
  until?: number | string;
  /** Skew allowance of the rotation advice, seconds (default 300). */
  skew?: number;
  /** Entries per top list (default 10). */
  top?: number;
  /** Lines per batch (default 4096). */
  batchLines?: number;
  /** Called after each batch. */
  onProgress?: (progress: { lines: number; requests: number }) => void;
}

/** Reads CloudFront access log lines and decides every signed request again. */
export function analyzeLogs(
  lines: AsyncIterable<string> | Iterable<string>,
  options: AnalyzeLogsOptions,
): Promise<LogReport>;
