#!/usr/bin/env bash
# `make test-package`: the packed tarball in scratch projects, one per runtime (run.mjs says how).
# The runtimes and tools come from the workspace (the root package-lock.json, `make setup-js`).
#   tests/package/run.sh target/npm/cfsign-<version>.tgz
set -euo pipefail
TGZ="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
cd "$(dirname "$0")"
if [ ! -x ../../node_modules/.bin/bun ] || [ ! -x ../../node_modules/.bin/deno ] || [ ../../package-lock.json -nt ../../node_modules/.package-lock.json ]; then
  (cd ../.. && npm ci --no-audit --no-fund --loglevel=error)
fi
exec node run.mjs "$TGZ"
