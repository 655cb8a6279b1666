#!/usr/bin/env bash
# `make test-edge`: cfsign/edge's suite, the whole of it on each host: workerd (the Cloudflare
# worker, worker/src/index.js, through miniflare), then the examples in npm/examples/ on Node
# (Hono), Deno, Bun and Vercel's edge runtime. CFSIGN_TEST_HOSTS chooses (default: all five).
# The package is the packed tarball, linked in by scripts/install-package.sh where it is imported:
# these tests, the examples, and the worker.
#   npm/test/edge/run.sh target/npm/cfsign-<version>.tgz
set -euo pipefail
EDGE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$EDGE_DIR/../../.." && pwd)"
"$ROOT/scripts/install-package.sh" "$1" npm/test npm/examples worker
cd "$EDGE_DIR"
for host in ${CFSIGN_TEST_HOSTS:-workerd node deno bun edge}; do
  echo "# host: $host"
  CFSIGN_TEST_HOST="$host" node --test ./*.test.mjs
done
