// @aws-sdk/cloudfront-signer (the npm workspace's) on the cases given as JSON on stdin:
// [{kind: "url"|"cookies", input: {...getSignedUrl/getSignedCookies options}}] -> outputs, as JSON.
const { getSignedUrl, getSignedCookies } = require("@aws-sdk/cloudfront-signer");
let text = "";
process.stdin.on("data", (d) => (text += d));
process.stdin.on("end", () => {
  const out = JSON.parse(text).map(({ kind, input }) =>
    kind === "url" ? getSignedUrl(input) : getSignedCookies(input),
  );
  process.stdout.write(JSON.stringify(out));
});
