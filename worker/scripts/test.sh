#!/usr/bin/env bash
# The worker's tests, against the worker running on workerd (miniflare): `make test-worker`.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ ! -f ../pkg/node/cfsign.js ]; then
  echo "worker tests: the Node build of the package (pkg/node) is missing: run 'make wasm' first" >&2
  exit 1
fi
exec node --test test/*.test.mjs
