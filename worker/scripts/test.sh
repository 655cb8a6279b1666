#!/usr/bin/env bash
# The worker's tests, `make test-worker`: the whole suite against the Cloudflare worker on workerd
# (miniflare), then again against the same handler (`cfsign/edge`) run by the examples on Node
# (Hono), Deno, Bun and Vercel's edge runtime. CFSIGN_TEST_HOSTS chooses (default: all five).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
for host in ${CFSIGN_TEST_HOSTS:-workerd node deno bun edge}; do
  echo "# host: $host"
  CFSIGN_TEST_HOST="$host" node --test test/*.test.mjs
done
