#!/usr/bin/env bash
# `make test-lambda-edge`: cfsign/lambda-edge's suite on the packed tarball (linked in by
# scripts/install-package.sh): the Developer Guide's example events, the cookie flow against
# @aws-sdk/cloudfront-signer, bad input, Secrets Manager and SSM through moto's server on
# 127.0.0.1 (secrets.test.mjs starts it), and the function zip itself, built here by
# scripts/lambda-edge.mjs (what `make lambda-edge` runs) with the suite's test settings; then
# cfn-lint on deploy/lambda-edge/template.yaml.
#   npm/test/lambda-edge/run.sh target/npm/cfsign-<version>.tgz
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$DIR/../../.." && pwd)"
"$ROOT/scripts/install-package.sh" "$1" npm/test deploy/lambda-edge
OUT="$ROOT/target/lambda-edge/test"
mkdir -p "$OUT"
node "$DIR/write-settings.mjs" "$OUT/settings.json"
node "$ROOT/scripts/lambda-edge.mjs" --settings "$OUT/settings.json" --out "$OUT/function.zip"
echo "# cfn-lint deploy/lambda-edge/template.yaml"
cfn-lint "$ROOT/deploy/lambda-edge/template.yaml"
cd "$DIR"
CFSIGN_LAMBDA_ZIP="$OUT/function.zip" node --test ./*.test.mjs
