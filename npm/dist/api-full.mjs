// The public API of the full build, what the entries of `cfsign/full` export: the same list as
// api-lite.mjs plus the distribution doctor (diagnose, auditDistribution: the full build only),
// from the full build's glue. `make package` checks that it is exactly the build's.
export {
  auditDistribution,
  buildPolicy,
  checkKeyPairId,
  checkResource,
  clearCookieHeaders,
  cookiePath,
  decodeSignedUrl,
  diagnose,
  getSignedCookies,
  getSignedUrl,
  KeyGroup,
  keyType,
  parseIpRange,
  parsePolicy,
  publicKeyPem,
  resourceMatches,
  Signer,
  signingParameters,
  version,
} from "./full/cfsign.js";
