// Signs with @aws-sdk/cloudfront-signer for the log generator (generate.py): reads a JSON list
// of {kind: "url"|"cookies", url?, keyPairId, keyFile, dateLessThan?, dateGreaterThan?,
// ipAddress?, policy?} on stdin, writes the list of signed URLs (strings) or cookie objects on
// stdout.
import { readFileSync } from "node:fs";
import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";

const specs = JSON.parse(readFileSync(0, "utf8"));
const out = specs.map((s) => {
  const args = {
    url: s.url,
    keyPairId: s.keyPairId,
    privateKey: readFileSync(s.keyFile, "utf8"),
    dateLessThan: s.dateLessThan,
    dateGreaterThan: s.dateGreaterThan,
    ipAddress: s.ipAddress,
    policy: s.policy,
  };
  return s.kind === "url" ? getSignedUrl(args) : getSignedCookies(args);
});
process.stdout.write(JSON.stringify(out));
