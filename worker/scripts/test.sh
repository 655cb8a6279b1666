#!/usr/bin/env bash
# The Cloudflare worker's own tests (`make test-worker`, after cfsign/edge's suite, `make
# test-edge`), on workerd through miniflare: `wrangler deploy --dry-run` and its bundle, the demo.
#   worker/scripts/test.sh [target/npm/cfsign-<version>.tgz]
[ $# -gt 0 ] && export CFSIGN_TGZ="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
node --test test/*.test.mjs
