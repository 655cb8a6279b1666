/**
 * A time as `@aws-sdk/cloudfront-signer` takes it: passed to `new Date(...)` (a number is
 * milliseconds). A date under 10^11 ms (before 1973-03-03) is refused (`invalid_date`): it is
 * seconds given as milliseconds; pass `new Date(seconds * 1000)`.
 */
export type DateLike = Date | string | number;

/**
 * A cache-stable expiry, instead of `dateLessThan`: `{in: "1h", roundTo: "5m"}` expires at the
 * first multiple of `roundTo` (from the epoch) after `now + in`, so every call within one bucket
 * signs the same URL (RSA; ECDSA with `deterministic: true`). The link lives more than `in` and
 * at most `in + roundTo`. Durations: `90s`, `15m`, `1h`, `7d`, `1w`, `1d 12h`. Refused
 * (`invalid_date`, the message starting with the core's code): `invalid_duration`,
 * `zero_duration`, `round_to_exceeds_in` (`roundTo` longer than `in`), `expiry_too_late`.
 */
export interface ExpiresIn {
  in: string;
  roundTo?: string;
  /** The time to count from (default: the clock). */
  now?: DateLike;
}

/** Options of `getSignedUrl` and `getSignedCookies`, as in `@aws-sdk/cloudfront-signer`. */
export interface CloudfrontSignInput {
  /**
   * The URL to sign (required unless `policy` is given). Refused (`invalid_url`) where the URL
   * could never work: with a `#` (the SDK encodes it into the path), or already carrying
   * `Expires`, `Policy`, `Signature`, `Key-Pair-Id` or `Hash-Algorithm`.
   */
  url?: string;
  /**
   * Sign an expiry in the past without a warning. Without it such an expiry is still signed (as
   * the SDK signs it), and the first one gives one `console.warn` (`cfsign [past_expiry]: ...`).
   */
  allowPast?: boolean;
  /** The ID of the public key in the trusted key group. */
  keyPairId: string;
  /** The private key, PEM (PKCS#1, PKCS#8 or SEC1; RSA-2048 or ECDSA P-256). */
  privateKey: string | Uint8Array;
  /**
   * Expiry (canned unless `dateGreaterThan` or `ipAddress` is given): required with `url`
   * (`invalid_option`, "dateLessThan is missing", where the SDK says "Invalid policy").
   */
  dateLessThan?: DateLike;
  /** cfsign's own: the expiry as a duration, rounded to a bucket; not with `dateLessThan`. */
  expires?: ExpiresIn;
  /** Start (custom policy). */
  dateGreaterThan?: DateLike;
  /** Client IPv4 address or range, `x.x.x.x` or `x.x.x.x/n` (custom policy). */
  ipAddress?: string;
  /** A custom policy JSON string, signed exactly as given. */
  policy?: string;
  /** `"SHA256"` to sign with SHA-256 and add `Hash-Algorithm=SHA256`; anything else means SHA-1. */
  algorithm?: "SHA1" | "SHA256" | string;
  /** The passphrase of an encrypted key (`BEGIN ENCRYPTED PRIVATE KEY`), as in the SDK. */
  passphrase?: string;
}

/**
 * Signs policy bytes elsewhere (a key in AWS KMS, an HSM): returns the signature, PKCS#1 v1.5
 * bytes for RSA (256 bytes for RSA-2048), DER for ECDSA (what KMS's `RSASSA_PKCS1_V1_5_SHA_256`
 * and `ECDSA_SHA_256` return), or a promise of it. It receives the exact bytes to sign (the
 * policy JSON), hashed by the signer with `algorithm`.
 */
export type SignCallback = (data: Uint8Array) => Uint8Array | ArrayBuffer | Promise<Uint8Array | ArrayBuffer>;

/**
 * What goes with `sign` instead of `privateKey`/`passphrase` (`getSignedUrl`, `getSignedCookies`,
 * `Signer.create`). The result is then a promise. A callback that throws or rejects gives
 * `signer_failed` (with its message), one that never settles `signer_timeout`, one that returns
 * anything but a signature CloudFront reads (not bytes, an RSA signature of another length than
 * 256 bytes, an ECDSA one that is not DER or whose r or s is out of range) `invalid_signature`.
 */
export interface SignCallbackOptions {
  /** The signer: called once per URL or cookie set, with the bytes to sign. */
  sign: SignCallback;
  /** The hash the callback signs with, required with `sign` (`"SHA256"` for AWS KMS). */
  algorithm: "SHA1" | "SHA256";
  /** The key type, to check each signature against it; without it, the signature's form tells. */
  keyType?: "RSA" | "ECDSA";
  /** Milliseconds to wait for the callback before `signer_timeout` (default 10000). */
  signTimeout?: number;
}

/** `getSignedUrl`'s and `getSignedCookies`' options with a `sign` callback instead of a key. */
export type CloudfrontSignCallbackInput = Omit<CloudfrontSignInput, "privateKey" | "passphrase" | "algorithm"> & SignCallbackOptions & { privateKey?: never };

/** Signs a URL as `@aws-sdk/cloudfront-signer`'s `getSignedUrl` does, byte for byte. */
export function getSignedUrl(options: CloudfrontSignInput): string;
/** Signs a URL through a `sign` callback (a key in KMS): a promise. */
export function getSignedUrl(options: CloudfrontSignCallbackInput): Promise<string>;
/** Signs cookies as `@aws-sdk/cloudfront-signer`'s `getSignedCookies` does, byte for byte. */
export function getSignedCookies(options: CloudfrontSignInput): CloudfrontSignedCookiesOutput;
/** Signs cookies through a `sign` callback (a key in KMS): a promise. */
export function getSignedCookies(options: CloudfrontSignCallbackInput): Promise<CloudfrontSignedCookiesOutput>;

/** The signed cookies, as `@aws-sdk/cloudfront-signer` returns them. */
export interface CloudfrontSignedCookiesOutput {
  "CloudFront-Key-Pair-Id": string;
  "CloudFront-Signature": string;
  /** Canned policy: the expiry in epoch seconds, a number as in the SDK. */
  "CloudFront-Expires"?: number;
  /** Custom policy, in CloudFront's base64. */
  "CloudFront-Policy"?: string;
  "CloudFront-Hash-Algorithm"?: "SHA256";
}

/**
 * Options of `Signer.create`: a key, or a `sign` callback (`SignCallbackOptions`; the Signer's
 * synchronous methods then throw `invalid_option`).
 */
export type SignerOptions = SignerKeyOptions | ({ keyPairId: string } & SignCallbackOptions);

/** Options of `Signer.create` with a private key. */
export interface SignerKeyOptions {
  keyPairId: string;
  privateKey: string | Uint8Array;
  /** Default: SHA1 for RSA keys (CloudFront's default), SHA256 for ECDSA keys. */
  algorithm?: "SHA1" | "SHA256";
  /** The passphrase of an encrypted key (`BEGIN ENCRYPTED PRIVATE KEY`). */
  passphrase?: string;
  /** Use the host's WebCrypto when there is one (default true). */
  native?: boolean;
  /**
   * ECDSA signatures by RFC 6979 (Rust's P-256): the same signature for the same policy, where
   * the host's crypto (WebCrypto, node:crypto) draws a random nonce. Full build (`cfsign/full`)
   * only: the lite build throws `unsupported` for an ECDSA key. RSA is deterministic anyway.
   */
  deterministic?: boolean;
}

/** What to sign with a `Signer`: `CloudfrontSignInput` without the key. */
export type SignerSignInput = Omit<CloudfrontSignInput, "keyPairId" | "privateKey" | "algorithm" | "passphrase">;

/** Options of `keyGroup.verify` and `keyGroup.verifyAsync`. */
export interface VerifyOptions {
  /** Request time (default: now). */
  now?: DateLike;
  /** The viewer's IP address, IPv4 or IPv6. */
  clientIp?: string;
  /** The Cookie header value (or Set-Cookie lines) sent with the request. */
  cookies?: string;
  /** Clock skew to tolerate, seconds (default 0). */
  skew?: number;
  /**
   * Decide on the URL with its paste damage undone (`&amp;`, a whole URL percent-encoded, line
   * breaks, quotes or `<…>`), and say so in `repairedUrl`. Default `false`: a guard must decide
   * on the URL as given, as CloudFront does. The damage is listed in `damage` either way.
   */
  repair?: boolean;
  /**
   * Diagnose a bad signature (default `false`): which change most likely broke it
   * (`Reason.likelyCause`). Up to 64 more signature verifications for a bad signature, none for a
   * good one, and the evidence may name the other trusted key IDs: for a tool or a request you
   * trust (a diagnostics token), never for an enforcement point serving anonymous viewers.
   */
  diagnose?: boolean;
  /**
   * A host the URL may have been signed for (`cdn.example.com`, with a `:port` if any): the
   * diagnosis also tries the URL on it (`host_changed`). Throws `invalid_option` for anything else.
   */
  expectHost?: string;
}

/**
 * Which change most likely broke a signature (`bad_signature`), told by the checks that hold:
 * - `signed_by_other_key`: the signature verifies under another trusted key (named in `message`);
 * - `key_type_mismatch`: an ECDSA signature against an RSA key or the reverse (from its form);
 * - `hash_algorithm_removed` / `hash_algorithm_added`: it verifies with the other hash;
 * - `scheme_changed` / `host_changed`: it verifies for the other scheme, or for `expectHost`;
 * - `query_added` (the parameters named in `evidence`), `query_reordered`, `query_reencoded`
 *   (`+` versus `%20`, `%7E` versus `~`, hex case), `path_reencoded`: canned policies only, it
 *   verifies for the URL as it was before the change.
 */
export type LikelyCauseCode = "signed_by_other_key" | "key_type_mismatch" | "hash_algorithm_removed" | "hash_algorithm_added" | "scheme_changed" | "host_changed" | "query_added" | "query_reordered" | "query_reencoded" | "path_reencoded";

export interface LikelyCause {
  code: LikelyCauseCode;
  /** What happened and the fix. */
  message: string;
  /** What showed it: the key, the signature's form, or the URL the signature verifies for. */
  evidence: string;
}

/** What the diagnosis of a bad signature tried besides the likely cause. */
export interface SignatureDiagnosis {
  /** The causes tried that do not hold, in the order tried (all of them when none holds). */
  ruledOut: LikelyCauseCode[];
  /** The signature verifications made (at most 64). */
  checks: number;
  /** What else to know: a custom policy does not sign the URL (and whether the URL matches its resource); what was not tried. */
  note: string | null;
}

/** Options of `decodeSignedUrl`. */
export interface DecodeOptions {
  /** The time the `timeStatus` is told at (default: now). */
  now?: DateLike;
  /**
   * Undo a pasted URL's damage (`&amp;`, a whole URL percent-encoded, line breaks, quotes) before
   * decoding (default: `true`). `false` decodes the URL as given, as CloudFront reads it: for a
   * URL you signed yourself; the damage is still reported, and `repairedUrl` is `null`.
   */
  repair?: boolean;
}

/** One kind of damage found in a pasted URL: undone (all but `truncated`, which cannot be). */
export interface Damage {
  code: "html_escaped" | "percent_encoded" | "wrapped" | "quoted" | "truncated";
  message: string;
}

/** Where the request time is in the policy's window. */
export interface TimeStatus {
  state: "valid" | "expired" | "not_yet_valid";
  /** "expired 5 days ago", "not valid for another 10 min", "valid for another 2 h 5 min". */
  message: string;
  /** Seconds to the end (valid), since the end (expired), or to the start (not yet valid). */
  seconds: number;
}

/** Why a browser does not send a cookie (`cookie_not_sent`). */
export type CookieNotSentWhy = "domain" | "public_suffix" | "path" | "secure" | "max_age" | "expires" | "shadowed" | "too_large";

/**
 * `resource_ambiguous`: the URL matches the policy's resource only when the resource is read as
 * one string (every `*` and `?` a wildcard, as the AWS CLI checks before signing), not section by
 * section as CloudFront's guide describes it; the verdict follows the section reading and denies.
 * `notes` carries both readings.
 */
export type ReasonCode = "missing_signature" | "malformed" | "unknown_key" | "bad_signature" | "expired" | "not_yet_valid" | "ip_denied" | "resource_mismatch" | "resource_ambiguous" | "cookie_not_sent";

/**
 * Every result is camelCase, as the AWS SDK and `jose` name things (`keyPairId`,
 * `cloudfrontError`); the CLI's `--json` gives the same facts in snake_case (`key_pair_id`).
 * Values stay as they are: reason and note codes (`ip_denied`, `"section_reading"`).
 */
export interface Reason {
  code: ReasonCode;
  message: string;
  cloudfrontError: "MissingKey" | "InvalidKey" | "MalformedSignature" | "MalformedPolicy" | "AccessDenied";
  explanation: string;
  fix: string;
  missing?: string[];
  what?: string;
  keyPairId?: string;
  trusted?: string[];
  hashAlgorithm?: "SHA1" | "SHA256";
  /** `bad_signature`, with `diagnose: true`: the likely cause, `null` when none was found. */
  likelyCause?: LikelyCause | null;
  /** `bad_signature`, with `diagnose: true`. */
  diagnosis?: SignatureDiagnosis;
  expires?: number; expiresUtc?: string;
  starts?: number; startsUtc?: string;
  now?: number; nowUtc?: string;
  range?: string; clientIp?: string | null;
  pattern?: string; url?: string;
  /** `cookie_not_sent` (listed first): a `CloudFront-*` cookie of the `Set-Cookie` lines that a browser would not send with this request (or not first), its line (from 1), and why. */
  name?: string; why?: CookieNotSentWhy; line?: number;
}

/**
 * Something a person should know about a verdict that does not decide it by itself.
 * `ambiguous_resource_match`: the two readings of the policy's resource disagree for this URL —
 * section by section (`[protocol]://[domain]/[path]?[query]`, the first `?` after the domain
 * starting the query) or as one string (every `*` and `?` a wildcard, the AWS CLI's check). The
 * verdict follows the section reading (`decidedBy`); CloudFront's own is unconfirmed.
 */
/** A note on a verdict: something worth knowing that does not change the decision. */
export type VerdictNote = AmbiguousResourceMatchNote | UnknownPolicyKeysNote | ExpiryAfter2038Note | CookieNotSentNote | SetCookieIgnoredNote | SignatureNotCheckedNote;

/** A cookie a browser would not send, on a verdict the cookies it does send allow. */
export interface CookieNotSentNote {
  code: "cookie_not_sent";
  message: string;
  name: string;
  why: CookieNotSentWhy;
  line: number;
}

/** What a browser ignores in the `Set-Cookie` lines (malformed lines, unreadable attributes). */
export interface SetCookieIgnoredNote {
  code: "set_cookie_ignored";
  message: string;
  /** Each line or attribute ignored, as a sentence (at most 8; the message counts the rest). */
  ignored: string[];
}

/** `verifyWithoutKey`: the signature was not checked. */
export interface SignatureNotCheckedNote {
  code: "signature_not_checked";
  message: string;
}

/** The resource matches the URL by one reading of the guide and not by the other. */
export interface AmbiguousResourceMatchNote {
  code: "ambiguous_resource_match";
  message: string;
  /** Whether the resource, read section by section, matches the URL. */
  sectionReading: boolean;
  /** Whether the resource, read as one string, matches the URL. */
  wholeStringReading: boolean;
  decidedBy: "section_reading";
  pattern: string;
  url: string;
}

/** The policy has keys CloudFront's guide does not document; CloudFront's handling is undocumented. */
export interface UnknownPolicyKeysNote {
  code: "unknown_policy_keys";
  message: string;
  /** Each key, and where it was (`"the policy"`, `"the statement"`, `"Condition"`, ...). */
  unknownKeys: { within: string; key: string }[];
}

/** The expiry is after 2038-01-19T03:14:07Z, where the guide before 2023 stopped. */
export interface ExpiryAfter2038Note {
  code: "expiry_after_2038";
  message: string;
  /** The expiry, epoch seconds (above 2^53 a rounded number). */
  dateLessThan: number;
}

export interface PolicyInfo {
  resource: string | null;
  dateLessThan: number;
  dateLessThanUtc: string;
  dateGreaterThan: number | null;
  dateGreaterThanUtc: string | null;
  sourceIp: string | null;
  /** Whether the resource holds a wildcard (`*`, or a `?` that does not start the query); never for a canned policy. */
  wildcard: boolean;
}

/** What `parsePolicy` returns. */
export interface ParsedPolicy extends PolicyInfo {
  /** One line per key CloudFront's guide does not document (a top-level `Comment`, a `StringLike` condition): signers sign it as written, CloudFront's handling is undocumented. Always present, usually empty. */
  warnings: string[];
}

export interface Verdict {
  allowed: boolean;
  reasons: Reason[];
  /** Usually empty; see `VerdictNote`. */
  notes: VerdictNote[];
  keyPairId: string | null;
  source: "url" | "cookies" | "none";
  hashAlgorithm: "SHA1" | "SHA256";
  policyType: "canned" | "custom" | null;
  policy: PolicyInfo | null;
  policyJson: string | null;
  url: string | null;
  /** The damage found in the URL as pasted (empty for an undamaged URL). */
  damage: Damage[];
  /** With `repair: true`: the repaired URL the verdict was decided on; `null`: the URL as given. */
  repairedUrl: string | null;
  /** `false` only from `verifyWithoutKey`: `allowed` then means that nothing but the signature denies. */
  signatureChecked: boolean;
}

export interface Decoded {
  source: "url" | "cookies" | "none";
  keyPairId: string | null;
  hashAlgorithm: "SHA1" | "SHA256";
  policyType: "canned" | "custom" | null;
  policy: PolicyInfo | null;
  policyJson: string | null;
  signatureBytes: number | null;
  urlWithoutSigningParams: string | null;
  missing: string[];
  problems: string[];
  /** The damage found in a pasted URL, undone before decoding (but `truncated`). */
  damage: Damage[];
  /** The URL decoded, when it is the paste repaired. */
  repairedUrl: string | null;
  /** Where `options.now` is in the policy's window; `null` without a readable policy. */
  timeStatus: TimeStatus | null;
  /** The key type the signature's form shows (256 bytes: RSA; DER: ECDSA P-256), without a key. */
  signatureKeyType: KeyType | null;
  /** The signature's form, in words. */
  signatureForm: string | null;
}

/**
 * A policy as `buildPolicy`, `Signer.signCookies` and `signPrefix` take it (checked as the AWS CLI
 * checks it).
 */
export interface PolicyInput {
  /** The resource: a URL, or a pattern with `*` and `?` wildcards. */
  resource: string;
  /** Expiry; fractions of a second are dropped. Required unless `expires` is given. */
  dateLessThan?: DateLike;
  /** The expiry as a duration, rounded to a bucket; not with `dateLessThan`. */
  expires?: ExpiresIn;
  /** Start (optional). */
  dateGreaterThan?: DateLike;
  /** Client IPv4 address or range, `x.x.x.x` or `x.x.x.x/n` (optional). */
  ipAddress?: string;
}

/**
 * Options of `signPrefix`: one custom policy for every object under a wildcard `resource` (such
 * as `https://d111111abcdef8.cloudfront.net/videos/123/*`), and the key, as `Signer.createSync`
 * takes it. `expires: {in, roundTo}` gives a bucketed expiry, so every call within one bucket
 * signs the same playlist. (`signPrefix` is in cfsign/full only.)
 */
export interface SignPrefixOptions extends PolicyInput {
  keyPairId: string;
  privateKey: string | Uint8Array;
  /** Default: SHA1 for RSA keys (CloudFront's default), SHA256 for ECDSA keys. */
  algorithm?: "SHA1" | "SHA256";
  /** The passphrase of an encrypted key (`BEGIN ENCRYPTED PRIVATE KEY`). */
  passphrase?: string;
}

/** A prefix's query parameters by name, in the order of its `query`. */
export interface SignedPrefixParams {
  Policy: string;
  Signature: string;
  "Key-Pair-Id": string;
  /** With SHA-256 only. */
  "Hash-Algorithm"?: "SHA256";
}

/**
 * `Set-Cookie` attributes. Default: `Path=/; Secure; HttpOnly; SameSite=Lax`, no Domain, and the
 * policy's `DateLessThan` as the lifetime (`Expires`, and `Max-Age` from the clock). `clearCookies`
 * takes the same options and writes the same attributes (with `Max-Age=0`).
 */
export interface CookieOptions {
  domain?: string | null;
  path?: string | null;
  secure?: boolean;
  httpOnly?: boolean;
  /** `null` leaves the attribute off. */
  sameSite?: "Lax" | "Strict" | "None" | null;
  /** Seconds, instead of the policy's expiry. */
  maxAge?: number | null;
  /** Session cookies: neither `Expires` nor `Max-Age` (unless `maxAge` is given). */
  session?: boolean;
}

/** What `Signer.signCookies` returns. */
export interface SignedCookieHeaders {
  /** One `Set-Cookie` header value per cookie. */
  setCookie: string[];
  /** `Set-Cookie` values deleting (`Max-Age=0`) each CloudFront cookie this set does not carry, at the same Domain and Path: a stale `CloudFront-Expires` or `CloudFront-Hash-Algorithm` would spoil the set. A server replacing earlier cookies sends these too. */
  clearStale: string[];
  /** The `Cookie` request header that carries them (`a=1; b=2`). */
  cookie: string;
  /** The policy JSON that was signed. */
  policy: string;
  /** One line per policy key CloudFront's guide does not document (a top-level `Comment`, a `StringLike` condition): signed as written, as the AWS SDK signs it, though CloudFront's handling is undocumented. Always present; empty for a built policy. */
  warnings: string[];
}

/** Every error cfsign throws is an `Error` with a stable `code`. */
export interface CfsignError extends Error { code: ErrorCode }

/** What `keyType` and `Signer.keyType` return: the two kinds of key CloudFront takes. */
export type KeyType = "RSA" | "ECDSA P-256";

/** What `lambdaEdgeRules(eventType)` returns: Lambda@Edge's rules at one event type (the core's). */
export interface LambdaEdgeRules {
  /** Signed cookies and URLs may be minted: viewer-request only (a response generated at origin-request is cached and replayed to other viewers). */
  minting: boolean;
  /** A request may be verified and let through: viewer-request only (origin-request runs only on a cache miss, so cached answers would skip the guard). */
  guard: boolean;
  /** The largest generated (or, at origin-response, replaced) response, headers and body, in bytes (40 KB at viewer-request, 1 MB at origin-request and origin-response; 0 at viewer-response). */
  maxResponseBytes: number;
  /** Where "include body" exposes the request body, its size before CloudFront cuts it, in bytes. */
  maxBodyBytes: number;
  /** The longest URI plus query string CloudFront lets a function see or set: 8,191 characters (the guide: "less than 8,192"). */
  maxUriAndQueryChars: number;
  /** The origin's playlist may be replaced by its signed rewrite (issue 27): origin-response only, whose answer CloudFront caches like the origin's. */
  playlists: boolean;
}

/** The inputs of `auditDistribution` (and `diagnose`): the AWS CLI's JSON output, as text or parsed. */
export interface DoctorInputs {
  /** `aws cloudfront get-distribution --id ID` (or `get-distribution-config`) output. */
  distribution: string | object;
  /** `get-key-group` or `list-key-groups` output: one, or a list. */
  keyGroups?: string | object | Array<string | object>;
  /** `get-public-key` or `list-public-keys` output: one, or a list. */
  publicKeys?: string | object | Array<string | object>;
}

/** The options of `diagnose`. */
export interface DiagnoseOptions extends DoctorInputs {
  /** The `Cookie` header sent with the request (or `Set-Cookie` lines). */
  cookie?: string;
  /** The request time (default: now). */
  now?: DateLike;
  /** The viewer's IP address. */
  clientIp?: string;
}

/** One finding of the doctor or the audit; `code` is stable. */
export interface Finding {
  code:
    | "shadowed_by_unrestricted" | "unreachable_behavior" | "pattern_not_decided"
    | "key_group_not_found" | "key_group_empty" | "legacy_trusted_signers"
    | "allow_all_protocol_on_restricted" | "limits" | "unsupported_public_key"
    | "origin_not_locked" | "custom_origin_reachable"
    | "bucket_public" | "bucket_policy_missing_distribution" | "bucket_not_checked"
    | "key_not_trusted_by_behavior" | "public_key_not_found" | "signature_not_checked" | "unrestricted";
  severity: "error" | "warning" | "info";
  /** The behaviors concerned: `#2 /videos/*` (1-based, as the console lists them) or `default (*)`. */
  behaviors: string[];
  /** A path that shows the problem (one that goes public), or null. */
  examplePath: string | null;
  message: string;
  fix: string;
}

/** What `auditDistribution` returns. */
export interface Audit {
  /** Errors first, then warnings, then info. */
  findings: Finding[];
  /** The cache behaviors in the order CloudFront tries them, the default last. */
  behaviors: { index: number | null; name: string; pathPattern: string; restricted: boolean; restriction: "key_groups" | "trusted_signers" | "both" | "none"; targetOriginId: string }[];
}

/** The cache behavior a request reaches. */
export interface DiagnosisBehavior {
  /** 0-based among `CacheBehaviors`; null for the default. */
  index: number | null;
  name: string;
  pathPattern: string;
  restricted: boolean;
  restriction: "key_groups" | "trusted_signers" | "both" | "none";
  trustedKeyGroups: { id: string; keyIds: string[]; found: boolean }[];
  trustedSigners: string[];
  targetOriginId: string;
  viewerProtocolPolicy: string;
}

/** What `diagnose` resolves to. */
export interface Diagnosis {
  /** Whether CloudFront would serve the request (the origin may still refuse it). */
  served: boolean;
  path: string;
  behavior: DiagnosisBehavior;
  /** The earlier behaviors whose patterns did not match. */
  notMatched: string[];
  /** The verdict against exactly the behavior's keys; null when it is unrestricted. */
  verdict: Verdict | null;
  findings: Finding[];
}

/** Options of `signPlaylist`. */
export interface SignPlaylistOptions {
  /** The URL the playlist is served at: what its relative URIs are resolved against. */
  baseUrl: string;
  /**
   * The signing parameters of one custom policy (`Policy=…&Signature=…&Key-Pair-Id=…`, with or
   * without `?`; for example `signPrefix`'s), or a URL carrying them (other parameters are
   * dropped). A canned policy (`Expires`) covers one URL and is refused.
   */
  signedQuery: string;
  /** The largest playlist read, in bytes (default 16 MiB); larger is `invalid_playlist` / `too_large`. */
  maxBytes?: number;
  /** List the signed entries too in `entries` (default: only those left alone). */
  listSigned?: boolean;
}

/** One URI a playlist names. */
export interface PlaylistEntry {
  /** Its line, from 1. */
  line: number;
  /** `segment`, `variant`, an HLS tag (`EXT-X-KEY`, `EXT-X-MAP`, …), `BaseURL`, or a DASH element@attribute (`SegmentTemplate@media`, …). */
  kind: string;
  /** The URI as the playlist gives it (XML references decoded). */
  uri: string;
  /** The URL a player requests (absolute, without fragment, template identifiers filled in); `null` when not http(s). */
  url: string | null;
  /** `signed`; or left alone: `outside_resource` (CloudFront would answer 403), `not_http` (`data:`, `skd:`), `already_signed`, `variable` (an HLS `{$name}`, or a DASH `$RepresentationID$` applying to a Representation whose id is missing or not a plain name: the player decides where it goes; `url` is `null`), `unsafe_path` (a dot segment or encoded separator such as `%2F`, `%5C`, `%252e`). */
  status: "signed" | "outside_resource" | "not_http" | "already_signed" | "variable" | "unsafe_path";
  /** One sentence on the status. */
  reason: string;
}

/** What `signPlaylist` returns. */
export interface SignedPlaylist {
  /** The playlist with the signing parameters on each covered entry; every other byte as it was. */
  text: string;
  format: "hls" | "dash";
  /** How many entries were signed. */
  rewritten: number;
  /** The policy's resource, which decided coverage. */
  resource: string;
  /** The policy's expiry, epoch seconds. */
  dateLessThan: number;
  /** The entries left alone (with `listSigned`, all), in playlist order. */
  entries: PlaylistEntry[];
  /** What was read but not understood: `bad_attribute_list` (the tag left alone), `variables` (its entry is `variable`, not signed), `xml_entity`, `split_text`. */
  warnings: { line: number; code: "bad_attribute_list" | "variables" | "xml_entity" | "split_text" }[];
}
