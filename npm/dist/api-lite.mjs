// The public API of the lite build, what the entries of `cfsign` export: the glue's functions and
// classes, not its init functions. `make package` checks that this list is exactly the build's: a
// function added to bindings/ is added here and in api-full.mjs.
export {
  buildPolicy,
  checkKeyPairId,
  checkResource,
  clearCookies,
  cookieDomainMatches,
  cookiePath,
  expiresIn,
  getSignedCookies,
  getSignedUrl,
  KeyGroup,
  lambdaEdgeRules,
  parseIpRange,
  resourceMatches,
  signedUrlProblems,
  Signer,
  signingParameters,
  urlCharacterProblem,
  version,
} from "./lite/cfsign.js";
