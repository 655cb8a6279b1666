#!/usr/bin/env bash
# `make bench`: CPU per request inside workerd, cfsign vs @aws-sdk/cloudfront-signer, and
# requests/s on one core (autocannon). BENCH_SECONDS=6 per load run; about 75 s in all.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [ ! -f ../pkg/node/cfsign.js ]; then
  echo "worker bench: the Node build of the package (pkg/node) is missing: run 'make wasm' first" >&2
  exit 1
fi
exec node bench/bench.mjs
